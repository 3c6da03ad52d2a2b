/**
 * Structured JSON logs, one line per entry, with the request id and tenant of the request
 * being served. Phone numbers are masked in every line, wherever they appear, because the
 * masking runs over the serialized line rather than trusting each call site.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { clock } from './clock.ts';

type Level = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface LogContext {
  requestId?: string;
  tenantId?: string;
  route?: string;
  [key: string]: unknown;
}

const context = new AsyncLocalStorage<LogContext>();

/** Run `fn` with these keys on every log line it writes (also across awaits). */
export function withLogContext<T>(ctx: LogContext, fn: () => T): T {
  return context.run({ ...context.getStore(), ...ctx }, fn);
}

/** Add keys to the current request's log context (e.g. the tenant once the token is read). */
export function appendLogContext(ctx: LogContext): void {
  const store = context.getStore();
  if (store) Object.assign(store, ctx);
}

const MOBILE = /(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)/g;
const LANDLINE = /(?<!\d)(0\d{2,3}-?)\d{3,4}(\d{4})(?!\d)/g;

/** `13812345678` → `138****5678`; `028-12345678` → `028-****5678`. */
export function maskPhones(text: string): string {
  return text.replace(MOBILE, '$1****$2').replace(LANDLINE, '$1****$2');
}

function serializeError(e: unknown): unknown {
  if (!(e instanceof Error)) return e;
  return { name: e.name, message: e.message, stack: e.stack, cause: serializeError(e.cause) };
}

export interface Logger {
  debug(message: string, data?: Record<string, unknown>): void;
  info(message: string, data?: Record<string, unknown>): void;
  warn(message: string, data?: Record<string, unknown>): void;
  error(message: string, data?: Record<string, unknown>): void;
}

export type LogSink = (line: string) => void;
let sink: LogSink = (line) => process.stdout.write(`${line}\n`);

/** Redirect log output (tests capture lines to assert masking). Returns the previous sink. */
export function setLogSink(next: LogSink): LogSink {
  const previous = sink;
  sink = next;
  return previous;
}

function threshold(): number {
  const level = (process.env.LOG_LEVEL ?? 'info').toLowerCase() as Level;
  return ORDER[level] ?? ORDER.info;
}

function write(level: Level, message: string, data?: Record<string, unknown>): void {
  if (ORDER[level] < threshold()) return;
  const entry: Record<string, unknown> = {
    level,
    time: clock.now().toISOString(),
    service: 'bancheng',
    message,
    ...context.getStore(),
  };
  if (data) {
    for (const [k, v] of Object.entries(data)) entry[k] = k === 'error' ? serializeError(v) : v;
  }
  sink(maskPhones(JSON.stringify(entry)));
}

export const logger: Logger = {
  debug: (m, d) => write('debug', m, d),
  info: (m, d) => write('info', m, d),
  warn: (m, d) => write('warn', m, d),
  error: (m, d) => write('error', m, d),
};
