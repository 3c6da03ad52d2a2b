/**
 * Just enough MIME reading for tests of what departments receive by e-mail (the project has no
 * mail parser in production; postal-mime cross-checks the composer in test/adapters/mailer.test.ts):
 * the .eml files the file mailer writes, their decoded subject and parts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Part {
  headers: Record<string, string>;
  body: string;
}

function splitHeaders(raw: string): Part {
  const end = raw.indexOf('\r\n\r\n');
  const headers: Record<string, string> = {};
  for (const line of raw
    .slice(0, end)
    .replace(/\r\n[ \t]/g, ' ')
    .split('\r\n')) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { headers, body: raw.slice(end + 4) };
}

function decodeBody(part: Part): string {
  const encoding = part.headers['content-transfer-encoding'];
  if (encoding === 'base64') return Buffer.from(part.body.replace(/\s/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') {
    const bytes = part.body
      .replace(/=\r\n/g, '')
      .split(/(=[0-9A-F]{2})/)
      .map((piece) =>
        /^=[0-9A-F]{2}$/.test(piece)
          ? Buffer.from([Number.parseInt(piece.slice(1), 16)])
          : Buffer.from(piece, 'binary'),
      );
    return Buffer.concat(bytes).toString('utf8');
  }
  return part.body;
}

function decodeEncodedWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?UTF-8\?B\?([^?]*)\?=/gi, (_, b64: string) => Buffer.from(b64, 'base64').toString('utf8'));
}

export interface ParsedMail {
  headers: Record<string, string>;
  /** The MIME parts as written (headers and the still-encoded body). */
  parts: Part[];
  subject: string;
  text: string;
  html: string;
}

export function parseEml(raw: string): ParsedMail {
  const root = splitHeaders(raw);
  const boundary = /boundary="([^"]+)"/.exec(root.headers['content-type'] ?? '')?.[1];
  const parts = (root.body.split(`--${boundary}--`)[0] ?? '')
    .split(`--${boundary}\r\n`)
    .slice(1)
    .map((chunk) => splitHeaders(chunk.replace(/\r\n$/, '')));
  const find = (type: string) => {
    const part = parts.find((p) => p.headers['content-type']?.startsWith(type));
    return part ? decodeBody(part).replace(/\r\n/g, '\n') : '';
  };
  return {
    headers: root.headers,
    parts,
    subject: decodeEncodedWords(root.headers.subject ?? ''),
    text: find('text/plain'),
    html: find('text/html'),
  };
}

/** Every .eml in `dir` about one work order (the `X-Bancheng-Work-Order` header names it). */
export function mailsFor(dir: string, workOrderId: string): ParsedMail[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.eml'))
    .sort()
    .map((f) => parseEml(readFileSync(join(dir, f), 'utf8')))
    .filter((m) => m.headers['x-bancheng-work-order'] === workOrderId);
}

/**
 * The HTML as a mail client shows it with every style stripped (no `<style>`, no `style=""`, no
 * classes): the visible text, one line per block, first line first.
 */
export function unstyledLines(html: string): string[] {
  const bare = html
    .replace(/<head\b[\s\S]*?<\/head\s*>/gi, '')
    .replace(/<style\b[\s\S]*?<\/style\s*>/gi, '')
    .replace(/\s(?:style|class)\s*=\s*(["'])[\s\S]*?\1/gi, '');
  return bare
    .replace(/<\/(p|div|h[1-6]|li|tr|table|section|header|dt|dd)\s*>|<br\s*\/?>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .split('\n')
    .map((l) => l.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
}
