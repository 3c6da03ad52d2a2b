/**
 * Cases in DynamoDB (secondary adapter). Every read takes the caller's Scope and answers
 * NotFound for anything outside it, so tenancy is enforced here and not in each handler.
 */
import { GetCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { NativeAttributeValue } from '@aws-sdk/util-dynamodb';
import { latestFollowUpOf } from '../domain/case-lists.ts';
import { type Scope, scopeCovers } from '../domain/identity.ts';
import { CASE_ROW } from '../domain/list-rows.ts';
import { ConflictError, NotFoundError, UnprocessableError } from '../errors.ts';
import type { Case, CaseEvent, CaseSummary, FollowUpRecord, Meeting } from '../schemas/case.ts';
import { keys, projectionOf, table as tableDef, withoutKeys } from '../table.ts';
import { documentClient, table } from './dynamo.ts';
import { decodeCursor, getMany, queryAll, queryPage } from './paging.ts';
import { assembleWorkOrders, WORK_ORDER_CHILD_TYPES } from './work-order-store.ts';

/** The keys a ledger cursor carries. */
const LEDGER_KEYS = ['pk', 'sk', 'gsi1pk', 'gsi1sk'] as const;

import { busyError, cancellationReasons, isBusy, reasonItem } from './dynamo-errors.ts';

type Item = Record<string, NativeAttributeValue>;

/** A case as stored: the resource plus the head of its audit chain. */
export interface StoredCase extends Case {
  lastEventSeq: number;
  lastEventHash: string;
  /** Work orders made so far; the next is numbered one more. */
  workOrderCount?: number;
  /** Calendar changes its follow-up due time was recomputed for (the recompute is idempotent). */
  calendarChanges?: string[];
}

const CASE_FIELDS_TO_DROP = [
  'pk',
  'sk',
  'gsi1pk',
  'gsi1sk',
  'gsi4pk',
  'gsi4sk',
  'gsi5pk',
  'gsi5sk',
  'type',
  'expiresAtEpoch',
  'ledgerAt',
] as const;

function strip<T>(item: Item): T {
  const copy = { ...item };
  for (const k of CASE_FIELDS_TO_DROP) delete copy[k];
  return copy as T;
}

export function publicCase(stored: StoredCase): Case {
  const { lastEventSeq: _s, lastEventHash: _h, workOrderCount: _w, calendarChanges: _c, ...rest } = stored;
  return rest;
}

function caseItem(c: StoredCase): Item {
  const ledgerAt = ledgerInstant(c.acceptedAt);
  return {
    ...keys.case(c.id),
    ...keys.caseLedger(c.tenantId, ledgerAt, c.number),
    // A follow-up (回访) still owed shows on the supervision list until it is made.
    ...(c.followUp ? keys.owed(c.tenantId, new Date(c.followUp.dueAt).toISOString(), c.id) : {}),
    type: 'case',
    ledgerAt,
    ...c,
  };
}

/** An audit event, also on its centre's activity index (what happened when, whatever the case's age). */
function eventItem(e: CaseEvent, tenantId: string): Item {
  return {
    ...keys.caseEvent(e.caseId, e.seq),
    ...keys.activity(tenantId, e.at, e.caseId, e.seq),
    type: 'event',
    ...e,
  };
}

/** The ledger sorts by acceptance instant in UTC ISO form, which sorts as text. */
export function ledgerInstant(acceptedAt: string): string {
  return new Date(acceptedAt).toISOString();
}

/** Last number handed out per centre-year, kept between invocations of a warm function. */
const sequenceCache = new Map<string, number>();

/**
 * Intakes for the same centre-year queue up within one process (the local stack serves many
 * requests at once; a Lambda serves one), so they do not fight each other for the counter.
 * Across processes the counter's condition still decides.
 */
const sequenceQueues = new Map<string, Promise<unknown>>();

function queued<T>(key: string, work: () => Promise<T>): Promise<T> {
  const previous = sequenceQueues.get(key) ?? Promise.resolve();
  const run = previous.then(work, work);
  const tail = run.catch(() => undefined);
  sequenceQueues.set(key, tail);
  void tail.then(() => {
    if (sequenceQueues.get(key) === tail) sequenceQueues.delete(key);
  });
  return run;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const MAX_ATTEMPTS = 80;

export type InsertOutcome =
  | { kind: 'created'; stored: StoredCase }
  | { kind: 'replayed'; bodyHash: string; response: unknown; status: number };

/**
 * Intake in ONE transaction: the centre exists, the year's counter moves from n to n+1,
 * the case numbered n+1 and its first audit event are written, and (when given) the
 * idempotency record. The counter's condition makes numbers gapless under concurrency:
 * a loser learns the current value from the cancellation and tries n+2.
 *
 * A container that has not yet numbered a case for this centre-year — in production the common
 * case: ~3,100 centres over many containers — first reads the counter (one strongly consistent
 * GetItem of a tiny item, 1 read unit) instead of guessing 0 and paying for a cancelled
 * transaction (billed as writes) to learn it. A warm container goes straight to the transaction.
 */
export async function insertCase(input: {
  tenantId: string;
  year: string;
  build: (seq: number) => { stored: StoredCase; event: CaseEvent };
  idempotency?: { scope: string; key: string; bodyHash: string; nowEpoch: number; ttlSeconds: number };
  response: (stored: StoredCase) => unknown;
  /** More items for the same transaction, after all the above (e.g. the status link, a text message). */
  extra?: (stored: StoredCase) => TransactItem[];
}): Promise<InsertOutcome> {
  const seqKey = `${input.tenantId}#${input.year}`;
  return queued(seqKey, () => insertWithNextNumber(seqKey, input));
}

/** The last number handed out for the centre-year, 0 before the first. */
async function currentNumber(tenantId: string, year: string): Promise<number> {
  try {
    const out = await documentClient().send(
      new GetCommand({
        TableName: table(),
        Key: keys.caseSequence(tenantId, year),
        ConsistentRead: true,
        ProjectionExpression: '#n',
        ExpressionAttributeNames: { '#n': 'n' },
      }),
    );
    return Number(out.Item?.n ?? 0);
  } catch (error) {
    // The transaction below still decides; a failed read only means it may need one retry.
    if (isBusy(error)) return 0;
    throw error;
  }
}

async function insertWithNextNumber(
  seqKey: string,
  input: Parameters<typeof insertCase>[0],
): Promise<InsertOutcome> {
  const tableName = table();
  if (!sequenceCache.has(seqKey)) sequenceCache.set(seqKey, await currentNumber(input.tenantId, input.year));
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const expected = sequenceCache.get(seqKey) ?? 0;
    const next = expected + 1;
    const { stored, event } = input.build(next);
    const items: NonNullable<TransactWriteCommandInput['TransactItems']> = [
      {
        ConditionCheck: {
          TableName: tableName,
          Key: keys.tenant(input.tenantId),
          ConditionExpression: 'attribute_exists(pk)',
        },
      },
      {
        Update: {
          TableName: tableName,
          Key: keys.caseSequence(input.tenantId, input.year),
          UpdateExpression: 'SET #n = :next',
          ConditionExpression: expected === 0 ? 'attribute_not_exists(#n)' : '#n = :expected',
          ExpressionAttributeNames: { '#n': 'n' },
          ExpressionAttributeValues:
            expected === 0 ? { ':next': next } : { ':next': next, ':expected': expected },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      },
      {
        Put: {
          TableName: tableName,
          Item: caseItem(stored),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        Put: {
          TableName: tableName,
          Item: eventItem(event, stored.tenantId),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ];
    if (input.idempotency)
      items.push(putIdempotency({ ...input.idempotency, response: input.response(stored) }));
    if (input.extra) items.push(...input.extra(stored));
    try {
      await documentClient().send(new TransactWriteCommand({ TransactItems: items }));
      sequenceCache.set(seqKey, next);
      return { kind: 'created', stored };
    } catch (error) {
      const reasons = cancellationReasons(error);
      if (!reasons) {
        if (isBusy(error) && attempt < 3) {
          await sleep(50 * 2 ** attempt);
          continue;
        }
        if (isBusy(error)) throw busyError(error);
        throw error;
      }
      const idem = reasonItem(reasons[4]);
      if (reasons[4]?.Code === 'ConditionalCheckFailed' && idem) {
        return {
          kind: 'replayed',
          bodyHash: String(idem.bodyHash),
          response: idem.response,
          status: Number(idem.status ?? 201),
        };
      }
      if (reasons[0]?.Code === 'ConditionalCheckFailed') {
        throw new UnprocessableError('该便民服务中心尚未开通，请联系管理员', 'tenant_not_configured');
      }
      if (reasons[1]?.Code === 'ConditionalCheckFailed') {
        const current = Number(reasonItem(reasons[1])?.n ?? 0);
        sequenceCache.set(seqKey, current);
        // Another intake took the number: retry at once with the fresh value, with a little
        // jitter once contention is heavy so concurrent callers spread out.
        if (attempt > 2) await sleep(Math.random() * Math.min(100, 5 * attempt));
        continue;
      }
      // TransactionConflict: another transaction holds one of the items; back off briefly.
      await sleep(Math.random() * Math.min(200, 10 * 2 ** Math.min(attempt, 5)));
    }
  }
  throw busyError(new Error('case number contention did not settle'));
}

/** The case, or 404 when it does not exist or lies outside the caller's scope. */
export async function getCase(scope: Scope, caseId: string): Promise<StoredCase> {
  const out = await documentClient().send(
    new GetCommand({ TableName: table(), Key: keys.case(caseId), ConsistentRead: true }),
  );
  const item = out.Item;
  if (!item || !scopeCovers(scope, String(item.tenantId))) throw new NotFoundError('案件不存在');
  return strip<StoredCase>(item);
}

/** The case and everything filed under it (audit events, later work orders), in one Query. */
export async function getCaseCollection(
  scope: Scope,
  caseId: string,
): Promise<{ stored: StoredCase; events: CaseEvent[]; others: Item[] }> {
  const items = await queryAll({
    TableName: table(),
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': keys.case(caseId).pk },
    ConsistentRead: true,
  });
  const caseRow = items.find((i) => i.sk === 'CASE');
  if (!caseRow || !scopeCovers(scope, String(caseRow.tenantId))) throw new NotFoundError('案件不存在');
  const events = items.filter((i) => i.type === 'event').map((i) => strip<CaseEvent>(i));
  const workOrders = assembleWorkOrders(items);
  const others = [
    ...items.filter(
      (i) =>
        i.type !== 'event' &&
        i.type !== 'workOrder' &&
        i.type !== 'meeting' &&
        i.type !== 'followUp' &&
        !WORK_ORDER_CHILD_TYPES.has(i.type) &&
        i.sk !== 'CASE',
    ),
    ...workOrders,
  ];
  const stored = strip<StoredCase>(caseRow);
  const meetings = [
    ...(stored.meetings ?? []),
    ...items.filter((i) => i.type === 'meeting').map((i) => withoutKeys<Meeting>(i, ['caseId'])),
  ];
  const followUps = [
    ...(stored.followUps ?? []),
    ...items.filter((i) => i.type === 'followUp').map((i) => withoutKeys<FollowUpRecord>(i, ['caseId'])),
  ];
  return {
    stored: {
      ...stored,
      ...(meetings.length ? { meetings } : {}),
      ...(followUps.length ? { followUps } : {}),
    },
    events,
    others,
  };
}

/**
 * A follow-up (回访) record as its own item, keyed by the audit event that records it; the case
 * item keeps only `followUpCount` and `latestFollowUp` (what the ledger and the reports read).
 */
export function putFollowUp(caseId: string, eventSeq: number, record: FollowUpRecord): TransactItem {
  return {
    Put: {
      TableName: table(),
      Item: { ...keys.followUp(caseId, eventSeq), type: 'followUp', caseId, ...record },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/**
 * A task-force meeting's minutes as their own item, keyed by the audit event that records them;
 * the case item never grows with meetings (GET /cases/{id} gathers them in its one Query).
 */
export function putMeeting(caseId: string, eventSeq: number, meeting: Meeting): TransactItem {
  return {
    Put: {
      TableName: table(),
      Item: { ...keys.meeting(caseId, eventSeq), type: 'meeting', caseId, ...meeting },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/**
 * The record that makes a create idempotent (`Idempotency-Key`), written in the creating
 * transaction: it fails its condition while an unexpired record for the key exists, and then
 * hands back that record (first response and body hash) in the cancellation.
 */
export function putIdempotency(r: {
  scope: string;
  key: string;
  bodyHash: string;
  response: unknown;
  nowEpoch: number;
  ttlSeconds: number;
}): TransactItem {
  return {
    Put: {
      TableName: table(),
      Item: {
        ...keys.idempotency(r.scope, r.key),
        type: 'idempotency',
        bodyHash: r.bodyHash,
        status: 201,
        response: r.response,
        expiresAtEpoch: r.nowEpoch + r.ttlSeconds,
      },
      ConditionExpression: 'attribute_not_exists(pk) OR expiresAtEpoch < :now',
      ExpressionAttributeValues: { ':now': r.nowEpoch },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    },
  };
}

/**
 * One of the extra items written with a case change failed its condition (e.g. an
 * idempotency record that exists, a work order changed meanwhile). `index` counts the extra
 * items from 0; `item` is the stored item when its write asked for it.
 */
export class ExtraItemConflict extends Error {
  constructor(
    readonly index: number,
    readonly item: Record<string, unknown> | undefined,
  ) {
    super(`extra transaction item ${index} failed its condition`);
    this.name = 'ExtraItemConflict';
  }
}

/**
 * Write a changed case and its audit event together, only if nobody changed the case since
 * it was read (its version), so two clerks cannot overwrite each other. `extra` items (a work
 * order, an outbox record, an idempotency record) join the same transaction: all or nothing.
 */
export async function saveCaseChange(
  previousVersion: number,
  next: StoredCase,
  event: CaseEvent,
  extra: readonly TransactItem[] = [],
  /** The first `guarded` extra items are version guards too (a work order): their failing is a conflict. */
  guarded = 0,
): Promise<void> {
  const tableName = table();
  try {
    await documentClient().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: tableName,
              Item: caseItem(next),
              ConditionExpression: 'version = :v',
              ExpressionAttributeValues: { ':v': previousVersion },
            },
          },
          {
            Put: {
              TableName: tableName,
              Item: eventItem(event, next.tenantId),
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          ...extra,
        ],
      }),
    );
  } catch (error) {
    throw mapCancellation(error, 2 + guarded, '案件已被他人修改，请刷新后重试');
  }
}

/**
 * What a cancelled transaction means, written once for every change: when one of the first
 * `guards` items (the versioned items: case, its next audit event, a work order) failed its
 * condition, or the transaction lost to a concurrent one, someone changed the data since it was
 * read — a version conflict the caller may retry on fresh data. When only a later (extra) item
 * failed, that item's own condition decided (an idempotency record, an outbox record another
 * worker already finished): ExtraItemConflict, numbered from the first extra item.
 */
export function mapCancellation(error: unknown, guards: number, conflictMessage: string): unknown {
  const reasons = cancellationReasons(error);
  if (!reasons) return isBusy(error) ? busyError(error) : error;
  const failed = (i: number) => reasons[i]?.Code === 'ConditionalCheckFailed';
  const guardFailed = reasons.some((_, i) => i < guards && failed(i));
  const extra = reasons.findIndex((_, i) => i >= guards && failed(i));
  if (!guardFailed && extra >= 0) return new ExtraItemConflict(extra - guards, reasonItem(reasons[extra]));
  return new ConflictError(conflictMessage, 'version_conflict');
}

export interface LedgerFilter {
  status?: string;
  scopeKind?: string;
  channel?: string;
  /** UTC ISO instants, inclusive start, exclusive end. */
  fromInstant?: string;
  toInstant?: string;
  q?: string;
  tenantId?: string;
  /** 承办单位: only cases with a work order to this handling unit. */
  department?: string;
  /** Only cases with a work order that is or was overdue (true), or with none (false). */
  overdue?: boolean;
  /** Only cases whose latest follow-up (回访) rated this 好差评 level, 1–5. */
  satisfaction?: number;
  limit: number;
  cursor?: string;
}

/**
 * Case ids with a work order matching the `department` / `overdue` filters, from the work-order
 * ledger (`WOS#{province}` on the same index) over the same centre or region key range. A work
 * order is transferred after its case is accepted, so for a centre the range starts at the
 * period's start; a region's keys sort by centre first, so it reads the region's orders.
 */
async function caseIdsByWorkOrders(
  province: string,
  prefix: string,
  fromInstant: string | undefined,
  filter: Pick<LedgerFilter, 'department' | 'overdue'>,
): Promise<{ toDepartment: Set<string>; overdue: Set<string> }> {
  const names: Record<string, string> = { '#pk': 'gsi1pk', '#sk': 'gsi1sk', '#caseId': 'caseId' };
  const values: Record<string, NativeAttributeValue> = {
    ':pk': `WOS#${province}`,
    ':lo': prefix.endsWith('#') ? `${prefix}${fromInstant ?? ''}` : prefix,
    ':hi': `${prefix}~`,
  };
  const wanted: string[] = [];
  const projection = ['#caseId'];
  if (filter.department) {
    Object.assign(names, { '#dept': 'departmentId' });
    values[':dept'] = filter.department;
    wanted.push('#dept = :dept');
    projection.push('#dept');
  }
  if (filter.overdue !== undefined) {
    Object.assign(names, { '#overdue': 'overdue', '#overdueAt': 'overdueAt' });
    values[':true'] = true;
    wanted.push('#overdue = :true', 'attribute_exists(#overdueAt)');
    projection.push('#overdue', '#overdueAt');
  }
  const toDepartment = new Set<string>();
  const overdue = new Set<string>();
  const found = await queryAll({
    TableName: table(),
    IndexName: tableDef.indexes.byRegion.name,
    KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :lo AND :hi',
    FilterExpression: wanted.join(' OR '),
    ProjectionExpression: projection.join(', '),
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  });
  for (const wo of found) {
    if (filter.department && wo.departmentId === filter.department) toDepartment.add(String(wo.caseId));
    if (wo.overdue === true || wo.overdueAt) overdue.add(String(wo.caseId));
  }
  return { toDepartment, overdue };
}

/**
 * The ledger (台账): newest first, one Query on the `byRegion` index. A centre reads its own
 * slice by `{tenantId}#` (a period narrows it by key); a supervisor reads by region prefix.
 *
 * Filters, none of them a Scan: `status`, `channel`, `scopeKind`, `q` and the period are key
 * conditions or FilterExpressions of that Query. `department` and `overdue` concern a case's
 * work orders: one more Query of the work-order ledger over the same key range yields the
 * matching case ids (see caseIdsByWorkOrders), and the case pages are checked against them.
 * `satisfaction` is the latest follow-up's rating, the last element of a list that a
 * FilterExpression cannot address, so it is checked on each page read. The rows are what the
 * index holds (`CaseSummary`, `regionReads.case` in shared/table.ts); `q` matches the number, the
 * reporter's name and the matter.
 */
export async function listCases(
  scope: Scope,
  filter: LedgerFilter,
): Promise<{ items: CaseSummary[]; nextCursor: string | null }> {
  let prefix: string;
  let province: string;
  if (scope.kind === 'tenant') {
    prefix = `${scope.tenantId}#`;
    province = scope.tenantId.slice(0, 2);
  } else {
    const region = scope.kind === 'region' ? scope.regionCode : '51';
    if (filter.tenantId) {
      if (!filter.tenantId.startsWith(region)) return { items: [], nextCursor: null };
      prefix = `${filter.tenantId}#`;
    } else {
      prefix = region;
    }
    province = region.slice(0, 2);
  }

  const names: Record<string, string> = { '#sk': 'gsi1sk', '#pk': 'gsi1pk' };
  const values: Record<string, NativeAttributeValue> = { ':pk': `CASES#${province}` };
  const filters: string[] = [];
  const keyCondition = '#pk = :pk AND #sk BETWEEN :lo AND :hi';
  if (prefix.endsWith('#')) {
    // One centre: its keys sort by acceptance instant, so a period is a key range.
    values[':lo'] = `${prefix}${filter.fromInstant ?? ''}`;
    values[':hi'] = `${prefix}${filter.toInstant ?? '~'}`;
  } else {
    // A region: keys sort by centre first, so a period filters on the acceptance instant.
    values[':lo'] = prefix;
    values[':hi'] = `${prefix}~`;
    if (filter.fromInstant || filter.toInstant) names['#at'] = 'ledgerAt';
    if (filter.fromInstant) {
      filters.push('#at >= :from');
      values[':from'] = filter.fromInstant;
    }
    if (filter.toInstant) {
      filters.push('#at < :to');
      values[':to'] = filter.toInstant;
    }
  }
  const equals = (attr: string, value: string | undefined, path = `#${attr}`) => {
    if (!value) return;
    filters.push(`${path} = :${attr}`);
    values[`:${attr}`] = value;
  };
  if (filter.status) names['#status'] = 'status';
  equals('status', filter.status);
  if (filter.channel) names['#channel'] = 'channel';
  equals('channel', filter.channel);
  if (filter.scopeKind) Object.assign(names, { '#scope': 'scope', '#kind': 'kind' });
  equals('scopeKind', filter.scopeKind, '#scope.#kind');
  if (filter.q) {
    // What the ledger shows (the index holds no description: it would be rewritten at its size).
    filters.push('(contains(#number, :q) OR contains(#reporter.#name, :q) OR contains(#matter, :q))');
    Object.assign(names, {
      '#number': 'number',
      '#reporter': 'reporter',
      '#name': 'name',
      '#matter': 'matter',
    });
    values[':q'] = filter.q;
  }

  const checks: ((item: Item) => boolean)[] = [];
  if (filter.department || filter.overdue !== undefined) {
    const ids = await caseIdsByWorkOrders(province, prefix, filter.fromInstant, filter);
    if (filter.department) checks.push((i) => ids.toDepartment.has(String(i.id)));
    if (filter.overdue !== undefined) checks.push((i) => ids.overdue.has(String(i.id)) === filter.overdue);
  }
  if (filter.satisfaction !== undefined) {
    checks.push((i) => latestFollowUpOf(i as CaseSummary)?.satisfaction === filter.satisfaction);
  }

  const row = projectionOf(CASE_ROW);
  const page = await queryPage(
    {
      TableName: table(),
      IndexName: tableDef.indexes.byRegion.name,
      KeyConditionExpression: keyCondition,
      FilterExpression: filters.length ? filters.join(' AND ') : undefined,
      // The row, and the keys a cursor carries.
      ProjectionExpression: `${LEDGER_KEYS.join(', ')}, ${row.ProjectionExpression}`,
      ExpressionAttributeNames: { ...names, ...row.ExpressionAttributeNames },
      ExpressionAttributeValues: values,
      ScanIndexForward: false,
    },
    {
      limit: filter.limit,
      keyNames: LEDGER_KEYS,
      ...(filter.cursor
        ? {
            cursor: decodeCursor(
              filter.cursor,
              (k) => typeof k.pk === 'string' && String(k.gsi1sk).startsWith(prefix),
            ),
          }
        : {}),
      ...(checks.length ? { keep: (i: Item) => checks.every((check) => check(i)) } : {}),
    },
  );
  return { items: page.items.map((i) => strip<CaseSummary>(i)), nextCursor: page.nextCursor };
}

/** The whole records of cases listed by `listCases` (an export): by key, in the order given. */
export async function wholeCases(ids: readonly string[]): Promise<Case[]> {
  return (await getMany(ids.map((id) => keys.case(id)))).map((i) => publicCase(strip<StoredCase>(i)));
}
