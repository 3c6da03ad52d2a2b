/**
 * Property-based fuzzing of every operation the running stack serves in `/openapi.json`:
 * wrong types, missing and extra fields, huge and odd strings (lone surrogates, NUL, RTL),
 * bad dates and numbers, bad path ids, bad cursors and limits, garbled JWTs, broken JSON —
 * with a valid token of an allowed role where the defect is elsewhere, so validation (not only
 * the authorizer) is exercised. Every generated request that could write carries at least one
 * definite defect. Asserted: no 5xx, every 4xx body in the error contract, nothing written
 * (the whole table — cases, events, counters — is the same before and after).
 *
 * Seeded and time-bounded; prints how many requests it sent. A failure prints the shrunk request.
 */
import { createHash } from 'node:crypto';
import { Agent, request as httpRequest } from 'node:http';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '../../shared/adapters/dynamo.ts';
import type { Role } from '../../shared/domain/identity.ts';
import { ROLES } from '../../shared/domain/identity.ts';
import { type Route, routes } from '../../shared/http/routes.ts';
import { intakeBody, setUpCentre, startTestStack, type TestStack } from '../support/stack.ts';

/** Fixed, so every run of `npm test` sends the same requests; FUZZ_SEED / FUZZ_RUNS explore further. */
const SEED = Number(process.env.FUZZ_SEED ?? 20261009);
const MAX_RUNS = Number(process.env.FUZZ_RUNS ?? 2000);
/** Well below the 90 s bound on 2 cores, also when other test files run beside this one. */
const TIME_LIMIT_MS = Number(process.env.FUZZ_TIME_LIMIT_MS ?? 25_000);
const TENANT = '510104001';

// ---------------------------------------------------------------------------------------------
// The served document, as the fuzzer reads it

interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  format?: string;
  pattern?: string;
  example?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
}
interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema?: JsonSchema;
}
interface Operation {
  id: string;
  method: string;
  path: string;
  params: Parameter[];
  body?: JsonSchema;
  route: Route | undefined;
  /** A page for a person (its success is text/html): its errors are Chinese pages, never JSON. */
  page: boolean;
}

interface FuzzRequest {
  op: string;
  defects: string[];
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

let stack: TestStack;
let components: Record<string, JsonSchema> = {};
let operations: Operation[] = [];
const tokens = new Map<Role, string>();
let expiredToken = '';
const realIds: Record<string, string[]> = {};

function resolve(schema: JsonSchema | undefined, depth = 0): JsonSchema | undefined {
  if (!schema?.$ref || depth > 10) return schema;
  return resolve(components[schema.$ref.split('/').pop() ?? ''], depth + 1);
}

function typeOf(schema: JsonSchema | undefined): string | undefined {
  const s = resolve(schema);
  if (!s || s.anyOf || s.oneOf || s.enum) return undefined;
  return Array.isArray(s.type) ? undefined : s.type;
}

// ---------------------------------------------------------------------------------------------
// Value arbitraries

const NASTY = [
  '\uD800',
  '\uDFFF',
  'a\uDC00b',
  'a\u0000b',
  '\u0000',
  '\u202Eevil\u202C',
  '\u200F\u0627\u0644\u0639\u0631\u0628\u064A\u0629',
  '\uFEFF',
  '💩'.repeat(50),
  '　',
  '',
  ' ',
  '\r\n',
  '../../etc/passwd',
  '%',
  '%C0%AF',
  '<script>alert(1)</script>',
  "' OR '1'='1",
  '$' + '{jndi:ldap://x}',
  '__proto__',
  '张'.repeat(5000),
];
const BAD_DATES = [
  '2026-02-30',
  '+275760-09-13',
  '-271821-04-20',
  '+275760-09-13T00:00:00Z',
  '2026-13-01',
  '0000-00-00',
  '2026-10-09T25:00:00Z',
  '2026-10-09T10:00:00',
  '9999-12-31',
  '9999-12-31T23:59:59+08:00',
  '1999-12-31',
  '2026-10-09 10:00:00 08:00',
  '20261009',
];
const BAD_NUMBERS = [
  '0',
  '-1',
  '201',
  '1e3',
  'abc',
  '1.5',
  '',
  'NaN',
  'Infinity',
  '9007199254740993',
  ' 5',
  '0x10',
  '-0',
];

const oddString = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.constantFrom(...BAD_DATES) },
);
const oddJson: fc.Arbitrary<unknown> = fc.oneof(
  oddString,
  fc.double(),
  fc.integer(),
  fc.constantFrom(null, true, false, 1e308, -1, 0, 2 ** 53 + 1, [], {}, [null], { '': '' }),
  fc.constant('x'.repeat(70_000)),
);

/** A cursor: garbage, or base64url JSON forged to look like ours (some inside our own prefix). */
const cursorArb = fc.oneof(
  fc.constantFrom('', '!!!', 'e30', 'W10', 'bnVsbA', 'x'.repeat(2001), '%ZZ'),
  fc
    .record(
      {
        pk: fc.oneof(fc.constantFrom('CASE#x', `TENANT#${TENANT}`, 'WO#x'), oddJson),
        sk: fc.oneof(fc.constantFrom('CASE', 'META'), oddJson),
        gsi1pk: fc.oneof(fc.constantFrom('CASES#51', 'CASES#44', 'WO#51'), oddJson),
        gsi1sk: fc.oneof(
          fc.constantFrom(`${TENANT}#`, `${TENANT}#2030-01-01T00:00:00.000Z#case_x`, `${TENANT}#zz`),
          oddJson,
        ),
        extra: oddJson,
      },
      { requiredKeys: [] },
    )
    .map((o) => Buffer.from(JSON.stringify(o)).toString('base64url')),
  oddString.map((s) => Buffer.from(s).toString('base64url')),
);

/** A plausible value for a schema (often valid), or an odd one. */
function valueArb(schema: JsonSchema | undefined, depth = 0): fc.Arbitrary<unknown> {
  const s = resolve(schema);
  if (!s || depth > 5) return oddJson;
  const alternatives = [...(s.anyOf ?? []), ...(s.oneOf ?? [])];
  if (alternatives.length) return fc.oneof(...alternatives.map((a) => valueArb(a, depth + 1)), oddJson);
  if (s.enum?.length) return fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...s.enum) }, oddJson);
  switch (typeOf(s)) {
    case 'object': {
      const props = Object.fromEntries(
        Object.entries(s.properties ?? {}).map(([k, v]) => [k, valueArb(v, depth + 1)]),
      );
      return fc.oneof(
        { weight: 5, arbitrary: fc.record(props, { requiredKeys: s.required ?? [] }) },
        { weight: 1, arbitrary: oddJson },
      );
    }
    case 'array':
      return fc.oneof(fc.array(valueArb(s.items, depth + 1), { maxLength: 3 }), oddJson);
    case 'string':
      if (s.format === 'date')
        return fc.oneof(fc.constant('2026-10-09'), fc.constantFrom(...BAD_DATES), oddString);
      if (s.format === 'date-time')
        return fc.oneof(fc.constant('2026-10-09T10:00:00+08:00'), fc.constantFrom(...BAD_DATES), oddString);
      return fc.oneof(
        { weight: 2, arbitrary: s.example !== undefined ? fc.constant(s.example) : fc.constant('测试') },
        { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
        { weight: 2, arbitrary: oddString },
      );
    case 'integer':
    case 'number':
      return fc.oneof(fc.integer({ min: -5, max: 300 }), fc.double(), oddJson);
    case 'boolean':
      return fc.oneof(fc.boolean(), oddJson);
    default:
      return oddJson;
  }
}

/** A value of another JSON type than the field's: always refused. */
function wrongTypeValue(schema: JsonSchema | undefined): unknown[] {
  switch (typeOf(schema)) {
    case 'string':
      return [12345, true, null, ['a'], { a: 1 }];
    case 'integer':
    case 'number':
      return ['12', true, null, [1], { n: 1 }];
    case 'boolean':
      return ['true', 1, null, [true]];
    case 'array':
      return ['a', 1, { 0: 'a' }, null];
    case 'object':
      return ['a', 1, [], null];
    default:
      return [];
  }
}

const GOOD_DATES = ['2026-10-01', '2026-10-09', '2026-10-12', '2027-01-01', '2025-12-31'];

/** A query value for a parameter: mostly plausible (so a request gets past validation and into
 * the use case), sometimes bad in the way its kind can be bad. */
function queryValueArb(p: Parameter): fc.Arbitrary<string> {
  const s = resolve(p.schema);
  const asText = (v: unknown) => (typeof v === 'string' ? v : (JSON.stringify(v) ?? ''));
  const plausible = s?.enum?.length
    ? fc.constantFrom(...s.enum.map(asText))
    : realIds[p.name]
      ? fc.constantFrom(...(realIds[p.name] ?? []))
      : s?.example !== undefined
        ? fc.constant(asText(s.example))
        : fc.string({ unit: 'grapheme', minLength: 1, maxLength: 8 });
  let bad: fc.Arbitrary<string> = oddString;
  let good: fc.Arbitrary<string> = plausible;
  if (p.name === 'cursor')
    bad = cursorArb; // good: the real cursor of a first page
  else if (typeOf(s) === 'integer' || typeOf(s) === 'number') {
    bad = fc.constantFrom(...BAD_NUMBERS);
    good = fc.integer({ min: s?.minimum ?? 1, max: s?.maximum ?? 50 }).map(String);
  } else if (s?.format === 'date' || s?.format === 'date-time' || ['from', 'to', 'start'].includes(p.name)) {
    bad = fc.constantFrom(...BAD_DATES);
    good =
      s?.format === 'date-time' || p.name === 'start'
        ? fc.constantFrom('2026-09-30T10:00:00+08:00', '2026-10-09T17:30:00Z', '2027-12-31T23:00:00+08:00')
        : fc.constantFrom(...GOOD_DATES);
  }
  return fc.oneof({ weight: 3, arbitrary: good }, { weight: 1, arbitrary: bad });
}

/** Percent-encoded as a client would; a lone surrogate has no UTF-8, so its CESU-8 bytes go instead. */
function safeEncode(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return '%ED%B0%80';
  }
}

/** A path segment no id pattern accepts (decoded, it holds a character outside [A-Za-z0-9_-]). */
const badSegmentArb = fc.oneof(
  fc.constantFrom(
    '%',
    '%C0%AF',
    '%E0%A4%A',
    '%ZZ',
    '%ED%A0%80',
    '%00',
    '%2E%2E',
    '..%2F..',
    '%E2%80%AE',
    '%F0%9F%92%A9',
    `${'a'.repeat(3000)}!`,
    '!',
    '~',
    "'",
    '%20',
    'case_%00',
  ),
  oddString.filter((s) => /[^A-Za-z0-9_-]/.test(s)).map(safeEncode),
);

/** A header value Node will send (visible ASCII), odd for what it carries. */
const headerArb = fc.oneof(
  fc.constantFrom('', ' ', 'a'.repeat(200), '"3"', 'W/"x"', '-1', '99999999999', '"', '*', 'W/"1"', '0'),
  fc.string({ unit: fc.constantFrom(...'ab"*/ -=,;:9'.split('')), maxLength: 40 }),
);

function garbledTokens(): fc.Arbitrary<string | undefined> {
  const valid = tokens.get('staff') ?? '';
  const [h = '', p = '', sig = ''] = valid.split('.');
  const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
  const adminClaims = Buffer.from(JSON.stringify({ sub: 'x', role: 'admin' })).toString('base64url');
  return fc.oneof(
    fc.constant(undefined),
    fc.constantFrom(
      '',
      'a.b.c',
      `${none}.${adminClaims}.`,
      `${h}.${adminClaims}.${sig}`,
      `${h}.${p}.${sig.slice(0, -3)}AAA`,
      `${h}.${p}`,
      valid.toUpperCase(),
      expiredToken,
      'Basic dXNlcjpwYXNz',
      `${valid} ${valid}`,
    ),
    fc.string({ unit: fc.constantFrom(...'abcXYZ019-_.'.split('')), maxLength: 300 }),
  );
}

// ---------------------------------------------------------------------------------------------
// Requests

const DEFECTS = ['auth', 'badPath', 'missing', 'extra', 'wrongType', 'badJson', 'contentType'] as const;
type Defect = (typeof DEFECTS)[number];

/** Present in about one request in six: a defect that would otherwise hide every other one. */
function rarely<T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | null> {
  return fc.oneof({ weight: 5, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: arb });
}

function writes(op: Operation): boolean {
  return op.route === undefined || op.route.table === 'readWrite';
}

function applicableDefects(op: Operation): Defect[] {
  const body = resolve(op.body);
  const required = body?.required ?? [];
  return DEFECTS.filter((d) => {
    switch (d) {
      case 'auth':
        return op.route?.roles !== 'public';
      case 'badPath':
        return op.params.some((p) => p.in === 'path');
      case 'missing':
        return required.length > 0;
      case 'extra':
        return body?.additionalProperties === false;
      case 'wrongType':
        return required.some((k) => wrongTypeValue(body?.properties?.[k]).length > 0);
      case 'badJson':
      case 'contentType':
        return body !== undefined;
      default:
        return false;
    }
  });
}

function allowedRoles(op: Operation): Role[] {
  const roles = op.route?.roles;
  return roles === undefined || roles === 'public' ? [] : [...roles];
}

function requestArb(op: Operation): fc.Arbitrary<FuzzRequest> {
  const defects = applicableDefects(op);
  const body = resolve(op.body);
  const pathParams = op.params.filter((p) => p.in === 'path');
  const queryParams = op.params.filter((p) => p.in === 'query');
  const headerParams = op.params.filter((p) => p.in === 'header');
  const roles = allowedRoles(op);
  const required = body?.required ?? [];
  const wrongTypeFields = required.filter((k) => wrongTypeValue(body?.properties?.[k]).length > 0);
  const plausiblePath = (p: Parameter) =>
    fc.oneof(
      {
        weight: 4,
        arbitrary: fc.constantFrom(...(realIds[p.name] ?? [String(resolve(p.schema)?.example ?? 'x')])),
      },
      { weight: 1, arbitrary: valueArb(p.schema).map((v) => safeEncode(String(v))) },
    );
  const needsDefect = writes(op) && defects.length > 0;

  return fc
    .record({
      // An operation that cannot write is also sent without any defect, to reach its use case.
      defects: fc.oneof(
        { weight: needsDefect ? 0 : 2, arbitrary: fc.constant([] as Defect[]) },
        {
          weight: 3,
          arbitrary: fc.subarray(defects, {
            minLength: needsDefect ? 1 : 0,
            maxLength: Math.min(3, defects.length),
          }),
        },
      ),
      path: fc.tuple(...pathParams.map(plausiblePath)),
      badSegment: badSegmentArb,
      badIndex: fc.nat(),
      // a few of the parameters at a time, so that one bad value is not always hidden by another
      query: fc.subarray(
        queryParams.map((_, j) => j),
        { maxLength: Math.min(4, queryParams.length) },
      ),
      queryValues: fc.tuple(...queryParams.map(queryValueArb)),
      // a period (from, to) in either order, where the operation takes one
      period: fc.option(fc.tuple(fc.constantFrom(...GOOD_DATES), fc.constantFrom(...GOOD_DATES)), {
        freq: 2,
      }),
      extraQuery: rarely(fc.tuple(fc.constantFrom('zz', '__proto__', 'limit', 'cursor', 'from'), oddString)),
      rawQuery: rarely(fc.constantFrom('%', '%ZZ', 'a=%E0%A4%A', '=&=&', 'limit=1&limit=2')),
      body: body ? valueArb(body) : fc.constant(undefined),
      dropIndex: fc.nat(),
      wrongIndex: fc.nat(),
      wrongPick: fc.nat(),
      extraKey: fc.constantFrom('zzUnknown', '__proto__', 'constructor', 'version', 'id', 'tenantId'),
      extraValue: oddJson,
      badJson: fc.constantFrom('{', '{"a":', '[1,', 'nul', '\u0000', '{"a":1}}', "{'a':1}", '"\uD800"x'),
      contentType: fc.constantFrom(
        'text/plain',
        'application/x-www-form-urlencoded',
        'application/jsonx',
        '',
      ),
      role: roles.length ? fc.constantFrom(...roles) : fc.constant(undefined),
      wrongRole: ROLES.some((r) => !roles.includes(r))
        ? fc.constantFrom(...ROLES.filter((r) => !roles.includes(r)))
        : fc.constant(undefined),
      garbled: fc.oneof(garbledTokens(), fc.constant('wrong-role')),
      headers: fc.tuple(...headerParams.map(() => fc.option(headerArb))),
    })
    .map((g): FuzzRequest => {
      const has = (d: Defect) => g.defects.includes(d);
      // path
      const segments = pathParams.map((_, i) => String(g.path[i] ?? 'x'));
      if (has('badPath') && segments.length) segments[g.badIndex % segments.length] = g.badSegment;
      let i = 0;
      let path = op.path.replace(/\{(\w+)\}/g, () => segments[i++] ?? 'x');
      // query
      const search = new URLSearchParams();
      for (const j of g.query) search.append(queryParams[j]?.name ?? '', g.queryValues[j] ?? '');
      const takesPeriod = ['from', 'to'].every((n) => queryParams.some((p) => p.name === n));
      if (g.period && takesPeriod) {
        search.set('from', g.period[0]);
        search.set('to', g.period[1]);
      }
      if (g.extraQuery) search.append(g.extraQuery[0], g.extraQuery[1]);
      const qs = [search.toString(), g.rawQuery ?? ''].filter(Boolean).join('&');
      if (qs) path += `?${qs}`;
      // headers
      const headers: Record<string, string> = {};
      headerParams.forEach((p, j) => {
        const v = g.headers[j];
        if (v !== null && v !== undefined) headers[p.name] = v;
      });
      if (roles.length) {
        if (has('auth')) {
          const token =
            g.garbled === 'wrong-role' ? (g.wrongRole ? tokens.get(g.wrongRole) : 'a.b.c') : g.garbled;
          if (token !== undefined) headers.authorization = `Bearer ${token}`;
        } else headers.authorization = `Bearer ${tokens.get(g.role ?? 'staff')}`;
      }
      // body
      let text: string | undefined;
      if (body) {
        let value = g.body;
        if (has('missing') || has('extra') || has('wrongType')) {
          value = value && typeof value === 'object' && !Array.isArray(value) ? { ...value } : {};
          const obj = value as Record<string, unknown>;
          if (has('missing')) delete obj[required[g.dropIndex % required.length] ?? ''];
          if (has('wrongType') && wrongTypeFields.length) {
            const field = wrongTypeFields[g.wrongIndex % wrongTypeFields.length] ?? '';
            const wrong = wrongTypeValue(body.properties?.[field]);
            obj[field] = wrong[g.wrongPick % wrong.length];
          }
          if (has('extra')) {
            const key = body.properties?.[g.extraKey] ? `zz${g.extraKey}` : g.extraKey;
            Object.defineProperty(obj, key, { value: g.extraValue, enumerable: true });
          }
        }
        text = has('badJson') ? g.badJson : JSON.stringify(value);
        headers['content-type'] = has('contentType') ? g.contentType : 'application/json';
        if (has('contentType') && !text) text = '{}';
      }
      return {
        op: op.id,
        defects: g.defects,
        method: op.method,
        path,
        headers,
        ...(text !== undefined ? { body: text } : {}),
      };
    });
}

/** Addresses and methods no route has, and malformed escapes anywhere in the path. */
const unmatchedArb: fc.Arbitrary<FuzzRequest> = fc
  .record({
    method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'),
    segments: fc.array(
      fc.oneof(
        fc.constantFrom('cases', 'work-orders', 'tenants', 'docs', 'actions', 'reports', 'x'),
        badSegmentArb,
      ),
      { minLength: 1, maxLength: 4 },
    ),
  })
  .map((g) => ({
    op: '(unmatched)',
    defects: [],
    method: g.method,
    path: `/${g.segments.join('/')}`,
    headers: {},
  }));

// ---------------------------------------------------------------------------------------------
// Sending and checking

const agent = new Agent({ keepAlive: true, maxSockets: 2 });
let sent = 0;
const statuses = new Map<number, number>();
const visited = new Set<string>();

function send(req: FuzzRequest): Promise<{ status: number; contentType: string; text: string }> {
  const url = new URL(stack.url);
  const body = req.body === undefined ? undefined : Buffer.from(req.body, 'utf8');
  return new Promise((resolveAnswer, reject) => {
    const r = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        method: req.method,
        path: req.path,
        agent,
        headers: { ...req.headers, ...(body ? { 'content-length': body.length } : {}) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolveAnswer({
            status: res.statusCode ?? 0,
            contentType: String(res.headers['content-type'] ?? ''),
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    r.on('error', reject);
    r.end(body);
  });
}

/** The whole table, order-independent: any write of any kind changes it. */
async function tableFingerprint(): Promise<{ count: number; hash: string }> {
  const items: string[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await documentClient().send(
      new ScanCommand({ TableName: stack.tableName, ConsistentRead: true, ExclusiveStartKey: start }),
    );
    for (const item of out.Items ?? []) {
      // The guessing guard counts failed status look-ups (RATE#…): refusing them is its job.
      if (String(item.pk).startsWith('RATE#')) continue;
      items.push(JSON.stringify(item, Object.keys(item).sort()));
    }
    start = out.LastEvaluatedKey;
  } while (start);
  items.sort();
  return { count: items.length, hash: createHash('sha256').update(items.join('\n')).digest('hex') };
}

function isErrorContract(text: string): boolean {
  try {
    const body = JSON.parse(text) as { error?: Record<string, unknown> };
    const e = body.error;
    if (!e || typeof e.code !== 'string' || !/^[a-z_]+$/.test(e.code)) return false;
    if (typeof e.message !== 'string' || e.message.length === 0) return false;
    if (e.details === undefined) return true;
    return (
      Array.isArray(e.details) &&
      e.details.every(
        (d: { field?: unknown; message?: unknown }) =>
          typeof d.field === 'string' && typeof d.message === 'string',
      )
    );
  } catch {
    return false;
  }
}

let baseline: { count: number; hash: string };

async function check(req: FuzzRequest, writesPossible: boolean): Promise<void> {
  const res = await send(req);
  sent++;
  visited.add(req.op);
  statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
  if (res.status >= 500) throw new Error(`answered ${res.status}: ${res.text.slice(0, 500)}`);
  // A page, or a plain HTML form posted to one (the department's action page), answers with a page.
  const page =
    (operations.find((o) => o.id === req.op)?.page ?? false) ||
    (req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
  const chinesePage = page && res.contentType.startsWith('text/html') && res.text.includes('lang="zh-CN"');
  if (res.status >= 400 && !isErrorContract(res.text) && !chinesePage)
    throw new Error(`answered ${res.status} outside the error contract: ${res.text.slice(0, 500)}`);
  if (writesPossible) {
    const now = await tableFingerprint();
    if (now.hash !== baseline.hash)
      throw new Error(
        `answered ${res.status} and wrote to the table (${baseline.count} → ${now.count} items)`,
      );
  }
}

// ---------------------------------------------------------------------------------------------

beforeAll(async () => {
  stack = await startTestStack();
  await setUpCentre(stack, TENANT);
  const people: Record<Role, Record<string, string>> = {
    staff: { tenantId: TENANT },
    duty_chief: { tenantId: TENANT },
    director: { tenantId: TENANT },
    department: { tenantId: TENANT, departmentId: 'minzheng' },
    supervisor: { regionCode: '51' },
    admin: {},
  };
  for (const role of ROLES) tokens.set(role, await stack.token({ role, ...people[role] }));
  expiredToken = await stack.issuer.issue(
    { sub: 'staff-old', name: '过期', role: 'staff', tenantId: TENANT, ttlSeconds: 60 },
    new Date('2026-01-01T00:00:00+08:00'),
  );
  const admin = tokens.get('admin');
  const dept = await stack.call('PUT', `/tenants/${TENANT}/departments/minzheng`, {
    token: admin,
    body: { name: '街道民政办', level: 'township', delivery: { email: { address: 'mz@example.gov.cn' } } },
  });
  expect(dept.status).toBe(201);
  const staff = tokens.get('staff');
  const created = await stack.call('POST', '/cases', { token: staff, body: intakeBody() });
  const transferred = await stack.call('POST', '/cases', { token: staff, body: intakeBody() });
  const wo = await stack.call('POST', `/cases/${transferred.body.id}/transfers`, {
    token: staff,
    body: { departmentId: 'minzheng', category: 'general' },
  });
  expect(wo.status).toBe(201);
  Object.assign(realIds, {
    caseId: [created.body.id, transferred.body.id],
    workOrderId: [wo.body.id],
    tenantId: [TENANT],
    departmentId: ['minzheng'],
    date: ['2026-10-12'],
    countyCode: ['510104'],
    month: ['2026-09'],
    year: ['2026'],
    department: ['minzheng'],
    actor: ['staff-1'],
  });
  const firstPage = await stack.call('GET', '/cases?limit=1', { token: staff });
  realIds.cursor = [firstPage.body.nextCursor];

  const doc = (await stack.call('GET', '/openapi.json')).body as {
    paths: Record<
      string,
      Record<
        string,
        {
          operationId: string;
          parameters?: Parameter[];
          requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
          responses?: Record<string, { content?: Record<string, unknown> }>;
        }
      >
    >;
    components?: { schemas?: Record<string, JsonSchema> };
  };
  components = doc.components?.schemas ?? {};
  operations = Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => {
      const body = op.requestBody?.content?.['application/json']?.schema;
      return {
        id: op.operationId,
        method: method.toUpperCase(),
        path,
        params: op.parameters ?? [],
        ...(body ? { body } : {}),
        route: routes.find((r) => r.id === op.operationId),
        // Pages (HTML, or a form post answered by a redirect to a page) answer errors as pages too.
        page: Object.entries(op.responses ?? {}).some(
          ([status, r]) => status === '303' || r.content?.['text/html'] !== undefined,
        ),
      };
    }),
  );
  baseline = await tableFingerprint();
}, 120_000);

afterAll(async () => {
  agent.destroy();
  await stack.close();
});

describe('fuzzing every operation of /openapi.json', () => {
  it('no 5xx, every error in the contract, nothing written', { timeout: 90_000 }, async () => {
    expect(operations.length).toBeGreaterThan(40);
    const arbitraries = operations.map((op) =>
      requestArb(op).map((req) => ({ req, writesPossible: writes(op) })),
    );
    const anyRequest = fc.oneof(
      ...arbitraries,
      unmatchedArb.map((req) => ({ req, writesPossible: false })),
    );
    const started = Date.now();
    try {
      // Every operation first, a few requests each (so a loaded machine still walks them all),
      for (const [i, arb] of arbitraries.entries()) {
        await fc.assert(
          fc.asyncProperty(arb, async ({ req, writesPossible }) => check(req, writesPossible)),
          { seed: SEED + i, numRuns: 3 },
        );
      }
      // then any of them at random until the runs or the time are used up.
      await fc.assert(
        fc.asyncProperty(anyRequest, async ({ req, writesPossible }) => check(req, writesPossible)),
        {
          seed: SEED,
          numRuns: MAX_RUNS,
          plugins: [fc.interruptAfterTimeLimit(TIME_LIMIT_MS)],
        },
      );
    } finally {
      const byStatus = [...statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`);
      console.log(
        `fuzz: ${sent} requests over ${visited.size} operations in ${((Date.now() - started) / 1000).toFixed(1)} s (seed ${SEED}): ${byStatus.join(' ')}`,
      );
    }

    // Prepare/Act above; Assert: the walk covered the document and got past the authorizer.
    const final = await tableFingerprint();
    expect(final).toEqual(baseline);
    expect(sent).toBeGreaterThan(operations.length * 3);
    const missed = operations.map((o) => o.id).filter((id) => !visited.has(id));
    expect(missed).toEqual([]);
    expect(statuses.get(400) ?? 0).toBeGreaterThan(sent / 5);
  });
});
