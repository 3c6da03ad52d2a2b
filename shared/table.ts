/**
 * The one DynamoDB table's shape, declared once: the CDK stateful stack and the local
 * bootstrap both create the table from this, and the data layer builds keys with it.
 *
 * Item collections (pk → sk):
 *   TENANT#{tenantId}            → PROFILE | DEPT#{departmentId} | DUTY#{yyyy-mm-dd} | SEQ#CASE#{yyyy}
 *                                  | NOTE#{at}#{id} (notifications to the centre's duty chief / director)
 *                                  | READ#{personId} (how far that person has read the notifications)
 *                                  | DLVTEST#{testId} (a test message to a handling unit, 发送测试, and how
 *                                  it went; TTL 30 days)
 *   CASE#{caseId}                → CASE | EV#{seq:6} (audit events) | WO#{n:3} (work orders, 工单)
 *                                  | ATT#{attachmentId} (attachments, 附件: record of an S3 object, pending → stored)
 *                                  | MTG#{seq:6} (task-force meeting minutes, 专班会议纪要)
 *                                  | FU#{seq:6} (follow-up records, 回访记录; one per follow-up, one per reopening)
 *                                  | WO#{n:3}#FB#{seq:6} (a work order's progress / result reports, 反馈)
 *                                  | WO#{n:3}#DLV#{instant}#{eventId}#{attempt:2} (its delivery attempts)
 *                                  | SMS#{eventId} (a text message to the reporter, 短信告知记录, from owed to
 *                                  outcome: its own outbox while `pending`, in `byDue` as `DUE#sms`; beside
 *                                  the audit chain — it never rewrites the case)
 *                                  Lists that grow with use are items of their own, never attributes of
 *                                  the case or the order, so neither item nears DynamoDB's 400 KB limit.
 *                                  `{seq}` is the audit event that recorded the entry (one per append),
 *                                  so entries sort in the order they happened; an order's own entries
 *                                  sort right after it (`WO#001` … `WO#001#~`), read with one Query.
 *   OUTBOX#{eventId}             → OUTBOX (a message owed to a department until delivered or given up)
 *   IDEM#{scope}#{key}           → IDEM (idempotency record, TTL 24 h)
 *   STATUS#{token}               → STATUS (the reporter's status link: token → case; revoked links stay, marked)
 *   CASENO#{caseNumber}          → CASENO (case number → case, for the reporter's second way in)
 *   RATE#{key}                   → {window start} (failed status look-ups counted per source, TTL)
 *   CATALOGUE#{county:6}         → MATTER#{matterId} (县乡两级联合办理事项库)
 *   CALENDAR                     → OVR#{yyyy-mm-dd}#{region|*} (admin calendar overrides; a few dozen a year)
 *                                  | YEAR#{yyyy}#{region|*} (a published holiday notice entered by an admin)
 *   CALCHANGES                   → {changeId} (a calendar change whose open deadlines are being recomputed;
 *                                  TTL 90 days)
 *   REPORT#{region}              → MONTH#{yyyy-mm} (monthly bulletin 每月总结通报 of a centre (9 digits) or a
 *                                  county/city/province roll-up (6/4/2); immutable, gzip JSON)
 *                                  | FANIN#{yyyy-mm} (roll-up fan-in: children expected, set of children done)
 *                                  | RUN#{yyyy-mm} (province only: the monthly run was started) | NOTE#{at}#{id}
 *                                  (notifications to the region's supervisors: its escalations, its reports)
 *                                  | READ#{personId} (how far that supervisor has read them)
 *   REGION#{regionCode}          → CONTACTS (who is told of the region's escalations: name, mobile, e-mail)
 *                                  | REGEN#{yyyy-mm}#{at}#{id} (audit of an admin's regeneration of a
 *                                  published month: who, why, the content hash before and after)
 *
 * GSI `byRegion` (the ledger): gsi1pk = `CASES#{province:2}`, gsi1sk = `{tenantId}#{acceptedAt}#{caseNumber}`.
 * A centre queries `begins_with(tenantId#)` (or BETWEEN for a period); a supervisor queries
 * `begins_with(regionCode)` — the same index serves centre, county, city and province scope.
 * Work orders use the same index under `WOS#{province:2}` with `{tenantId}#{transferredAt}#{number}`.
 * The centre registry uses it under `TENANTS#{province:2}` with `{tenantId}` (the tenant PROFILE item
 * carries it), so the monthly run and region reports list a region's centres with one Query.
 *
 * GSI `byDue` (time-driven work, sparse; deployed as `byDue2`, the ALL-projected `byDue` it replaced
 * deleted one release later): gsi2pk = `DUE#{kind}`, gsi2sk =
 * `{instant}#{id}`. An item carries it only while something is owed at that instant: an outbox
 * delivery attempt (`DUE#outbox`), a work order's due check (`DUE#check`), a text to the reporter
 * still pending (`DUE#sms`, gsi2sk `{instant}#{caseId}#{eventId}`: its sweeper reads both ids from
 * the key). Sweepers Query `gsi2sk <= now`. It projects only what the sweepers read (INCLUDE,
 * below), so a claim, a send marker or a 2 KB message body never writes the index — only moving
 * the due instant does.
 *
 * GSI `byDepartment`: gsi3pk = `DEPT#{tenantId}#{departmentId}`, gsi3sk = `{transferredAt}#{number}`:
 * a handling unit's own work orders.
 *
 * GSI `byOpen` (sparse): gsi4pk = `OPEN#{province:2}`, gsi4sk = `{tenantId}#{dueAt}#{id}`, only while
 * something is owed — an open work order, or a closed case's follow-up (回访): the supervision
 * list (督办) for a centre or a region.
 *
 * GSI `byActivity`: gsi5pk = `ACT#{tenantId}`, gsi5sk = `{at, UTC ISO}#{caseId}#{seq:6}`, on every audit
 * event (EV#) of a centre's cases: what happened in a period, by the event's own time — the
 * monthly figures (closures, follow-ups, ratings of the month whatever the acceptance month) and
 * 责任倒查 (trace by person or unit) read it with one key-range Query.
 */
import { CASE_ROW, WORK_ORDER_ROW } from './domain/list-rows.ts';
import { statisticsReads } from './domain/statistics-reads.ts';

/**
 * What an index copies of each item besides the keys (DynamoDB's `Projection`). Every write that
 * changes a projected attribute writes the index again, so an index projects only what its
 * readers read: the read lists (`dueReads`), which the readers use as their ProjectionExpression and a test
 * checks against the projection. `ALL` where a reader returns whole records (the ledger, the
 * work-order and supervision lists, the trace) — see docs/data-model.md, "Index projections".
 */
export type IndexProjection = { type: 'ALL' } | { type: 'INCLUDE'; attributes: readonly string[] };

/**
 * What the lists on `byRegion` read, each from its own items: the ledger's summary rows
 * (GET /cases, a case's list fields and what its filters test), the work-order ledger's (GET
 * /work-orders for a centre or a region, and the unit / overdue filters of the case ledger), and
 * the centre registry. A case's confirmation, its chain head, a department's work on an order —
 * none of these changes a projected attribute, so none writes the index (issue 16, write units).
 * The monthly figures' fields are projected as well (`statisticsReads`, shared/domain): the
 * 02:00 run reads a centre's month from the index alone. Exports and the registry read whole
 * records by key (`getMany`).
 */
export const regionReads = {
  // `type` tells a case from an order on the open-work index; `ledgerAt` is the period filter.
  case: ['type', ...CASE_ROW, 'ledgerAt'],
  workOrder: ['type', ...WORK_ORDER_ROW],
  tenant: ['tenantId', 'name'],
} as const;

/**
 * What the lists on `byOpen` read: the supervision board (督办) — an open order's time limit,
 * breach and unit, a follow-up owed — and the calendar recompute, which re-reads each item it
 * moves by key. Everything on this index is open, so its entries hold no status: an order's
 * delivery and 签收 do not write it (the director's pending extensions read whole orders by key).
 */
export const openReads = {
  case: ['type', 'id', 'number', 'tenantId', 'followUp'],
  workOrder: regionReads.workOrder.filter((a) => a !== 'status' && a !== 'acknowledgedAt'),
} as const;

/** INCLUDE every attribute some reader of the index reads. */
const included = (...reads: Record<string, readonly string[]>[]): IndexProjection => ({
  type: 'INCLUDE',
  attributes: [...new Set(reads.flatMap((r) => Object.values(r).flat()))],
});

/** What the `byDue` sweepers read: the outbox sweeper and the daily safety net of due checks. */
export const dueReads = {
  outbox: ['eventId', 'nextAttemptAt'],
  check: ['id', 'tenantId', 'escalationLevel', 'dueAt'],
} as const;

export interface IndexDefinition {
  /** The deployed index name; a change of projection deploys under a new name (docs/operations.md). */
  name: string;
  partitionKey: string;
  sortKey: string;
  projection: IndexProjection;
}

const ALL = { type: 'ALL' } as const satisfies IndexProjection;

export const table = {
  /** Logical name; the deployed physical name comes from the TABLE_NAME env var. */
  name: 'bancheng',
  partitionKey: 'pk',
  sortKey: 'sk',
  ttlAttribute: 'expiresAtEpoch',
  /**
   * The change stream, for the outbox relay (shared/workers.ts, `outboxRelay`): new images, since
   * the relay tells a record owed now from one due later (a follow-up invitation for the next
   * working morning) by its `createdAt` and `nextAttemptAt`.
   */
  streamView: 'NEW_IMAGE',
  indexes: {
    byRegion: {
      name: 'byRegion2',
      partitionKey: 'gsi1pk',
      sortKey: 'gsi1sk',
      projection: included(regionReads, statisticsReads),
    },
    byDue: {
      name: 'byDue2',
      partitionKey: 'gsi2pk',
      sortKey: 'gsi2sk',
      projection: { type: 'INCLUDE', attributes: [...new Set(Object.values(dueReads).flat())] },
    },
    byDepartment: { name: 'byDepartment', partitionKey: 'gsi3pk', sortKey: 'gsi3sk', projection: ALL },
    byOpen: { name: 'byOpen2', partitionKey: 'gsi4pk', sortKey: 'gsi4sk', projection: included(openReads) },
    byActivity: { name: 'byActivity', partitionKey: 'gsi5pk', sortKey: 'gsi5sk', projection: ALL },
  },
} as const satisfies {
  name: string;
  partitionKey: string;
  sortKey: string;
  ttlAttribute: string;
  streamView: 'NEW_IMAGE';
  indexes: Record<string, IndexDefinition>;
};

/**
 * Indexes a stage deployed before this release has and this release replaces (a projection
 * cannot change in place: the new one deploys under a new name on the same keys). CloudFormation
 * creates or deletes one GSI per stack update, so such a stage steps there, one deployment of the
 * stateful stack per step (context `indexStep`, docs/operations.md "Replacing an index"): first
 * every successor is created — and backfilled from the items, which already hold every projected
 * attribute — then the functions that read them deploy, then each replaced index is deleted.
 * A new stage deploys `table.indexes` at once. Empty when nothing is being replaced.
 */
export const replacedIndexes: readonly IndexDefinition[] = [
  { name: 'byRegion', partitionKey: 'gsi1pk', sortKey: 'gsi1sk', projection: ALL },
  { name: 'byOpen', partitionKey: 'gsi4pk', sortKey: 'gsi4sk', projection: ALL },
];

/** The index a replaced one makes way for: the current index on the same keys. */
export function successorOf(replaced: IndexDefinition): IndexDefinition {
  const next = Object.values(table.indexes as Record<string, IndexDefinition>).find(
    (i) => i.partitionKey === replaced.partitionKey && i.sortKey === replaced.sortKey,
  );
  if (!next || next.name === replaced.name) throw new Error(`no successor for index ${replaced.name}`);
  return next;
}

/** How many stateful deployments a stage with the replaced indexes takes to reach `table.indexes`. */
export const indexSteps = replacedIndexes.length * 2;

/**
 * The indexes the table has after `step` of the replacement's steps (0: what an older stage has;
 * `indexSteps`, or no step: `table.indexes`). Steps 1…n create the successors in order, steps
 * n+1…2n delete the replaced indexes in order: each step one GSI created or deleted.
 */
export function deployedIndexes(step: number = indexSteps): IndexDefinition[] {
  if (!Number.isInteger(step) || step < 0 || step > indexSteps)
    throw new Error(`indexStep must be a whole number from 0 to ${indexSteps}, got ${step}`);
  const n = replacedIndexes.length;
  const successors = replacedIndexes.map(successorOf);
  const created = new Set(successors.slice(0, Math.min(step, n)).map((i) => i.name));
  const kept = replacedIndexes.slice(Math.max(0, step - n));
  const waiting = new Set(successors.map((i) => i.name));
  return [
    ...Object.values(table.indexes as Record<string, IndexDefinition>).filter(
      (i) => !waiting.has(i.name) || created.has(i.name),
    ),
    ...kept,
  ];
}

export type IndexName = keyof typeof table.indexes;

/** Every key attribute the table and its indexes use: all strings. */
export const keyAttributes = [
  table.partitionKey,
  table.sortKey,
  ...Object.values(table.indexes).flatMap((i) => [i.partitionKey, i.sortKey]),
] as const;

/** An item as a resource: without the table's and indexes' key attributes, the type marker and `extra`. */
export function withoutKeys<T>(item: Record<string, unknown>, extra: readonly string[] = []): T {
  const copy = { ...item };
  for (const k of [...keyAttributes, 'type', ...extra]) delete copy[k];
  return copy as T;
}

export const keys = {
  tenant: (tenantId: string) => ({ pk: `TENANT#${tenantId}`, sk: 'PROFILE' }),
  department: (tenantId: string, departmentId: string) => ({
    pk: `TENANT#${tenantId}`,
    sk: `DEPT#${departmentId}`,
  }),
  dutyDay: (tenantId: string, date: string) => ({ pk: `TENANT#${tenantId}`, sk: `DUTY#${date}` }),
  testDelivery: (tenantId: string, testId: string) => ({ pk: `TENANT#${tenantId}`, sk: `DLVTEST#${testId}` }),
  caseSequence: (tenantId: string, year: string) => ({ pk: `TENANT#${tenantId}`, sk: `SEQ#CASE#${year}` }),
  case: (caseId: string) => ({ pk: `CASE#${caseId}`, sk: 'CASE' }),
  caseEvent: (caseId: string, seq: number) => ({
    pk: `CASE#${caseId}`,
    sk: `EV#${String(seq).padStart(6, '0')}`,
  }),
  attachment: (caseId: string, attachmentId: string) => ({
    pk: `CASE#${caseId}`,
    sk: `ATT#${attachmentId}`,
  }),
  /** A text message to the reporter, owed (`pending`, its own outbox) then its outcome: `SMS#{eventId}`. */
  smsRecord: (caseId: string, eventId: string) => ({ pk: `CASE#${caseId}`, sk: `SMS#${eventId}` }),
  meeting: (caseId: string, eventSeq: number) => ({
    pk: `CASE#${caseId}`,
    sk: `MTG#${String(eventSeq).padStart(6, '0')}`,
  }),
  followUp: (caseId: string, eventSeq: number) => ({
    pk: `CASE#${caseId}`,
    sk: `FU#${String(eventSeq).padStart(6, '0')}`,
  }),
  feedback: (caseId: string, n: number, eventSeq: number) => ({
    pk: `CASE#${caseId}`,
    sk: `WO#${String(n).padStart(3, '0')}#FB#${String(eventSeq).padStart(6, '0')}`,
  }),
  deliveryAttempt: (caseId: string, n: number, instant: string, eventId: string, attempt: number) => ({
    pk: `CASE#${caseId}`,
    sk: `WO#${String(n).padStart(3, '0')}#DLV#${instant}#${eventId}#${String(attempt).padStart(2, '0')}`,
  }),
  idempotency: (scope: string, key: string) => ({ pk: `IDEM#${scope}#${key}`, sk: 'IDEM' }),
  workOrder: (caseId: string, n: number) => ({
    pk: `CASE#${caseId}`,
    sk: `WO#${String(n).padStart(3, '0')}`,
  }),
  workOrderLedger: (tenantId: string, transferredAt: string, number: string) => ({
    gsi1pk: `WOS#${tenantId.slice(0, 2)}`,
    gsi1sk: `${tenantId}#${transferredAt}#${number}`,
  }),
  departmentQueue: (tenantId: string, departmentId: string, transferredAt: string, number: string) => ({
    gsi3pk: `DEPT#${tenantId}#${departmentId}`,
    gsi3sk: `${transferredAt}#${number}`,
  }),
  owed: (tenantId: string, dueAt: string, id: string) => ({
    gsi4pk: `OPEN#${tenantId.slice(0, 2)}`,
    gsi4sk: `${tenantId}#${dueAt}#${id}`,
  }),
  activity: (tenantId: string, at: string, caseId: string, seq: number) => ({
    gsi5pk: `ACT#${tenantId}`,
    gsi5sk: `${new Date(at).toISOString()}#${caseId}#${String(seq).padStart(6, '0')}`,
  }),
  outbox: (eventId: string) => ({ pk: `OUTBOX#${eventId}`, sk: 'OUTBOX' }),
  statusLink: (token: string) => ({ pk: `STATUS#${token}`, sk: 'STATUS' }),
  caseNumber: (caseNumber: string) => ({ pk: `CASENO#${caseNumber}`, sk: 'CASENO' }),
  rateCounter: (key: string, windowStart: string) => ({ pk: `RATE#${key}`, sk: windowStart }),
  /** `id`: the outbox record's event id, the order's id, or a text's `{caseId}#{eventId}` (`sms`). */
  due: (kind: 'outbox' | 'check' | 'sms', instant: string, id: string) => ({
    gsi2pk: `DUE#${kind}`,
    gsi2sk: `${instant}#${id}`,
  }),
  notification: (tenantId: string, at: string, id: string) => ({
    pk: `TENANT#${tenantId}`,
    sk: `NOTE#${at}#${id}`,
  }),
  notificationReads: (tenantId: string, personId: string) => ({
    pk: `TENANT#${tenantId}`,
    sk: `READ#${personId}`,
  }),
  catalogueMatter: (county: string, matterId: string) => ({
    pk: `CATALOGUE#${county}`,
    sk: `MATTER#${matterId}`,
  }),
  calendarOverride: (date: string, region?: string) => ({
    pk: 'CALENDAR',
    sk: `OVR#${date}#${region ?? '*'}`,
  }),
  calendarNotice: (year: number, region?: string) => ({
    pk: 'CALENDAR',
    sk: `YEAR#${year}#${region ?? '*'}`,
  }),
  calendarChange: (changeId: string) => ({ pk: 'CALCHANGES', sk: changeId }),
  caseLedger: (tenantId: string, acceptedAt: string, caseNumber: string) => ({
    gsi1pk: `CASES#${tenantId.slice(0, 2)}`,
    gsi1sk: `${tenantId}#${acceptedAt}#${caseNumber}`,
  }),
  tenantRegistry: (tenantId: string) => ({ gsi1pk: `TENANTS#${tenantId.slice(0, 2)}`, gsi1sk: tenantId }),
  report: (region: string, month: string) => ({ pk: `REPORT#${region}`, sk: `MONTH#${month}` }),
  reportFanIn: (region: string, month: string) => ({ pk: `REPORT#${region}`, sk: `FANIN#${month}` }),
  reportRegeneration: (region: string, month: string, at: string, id: string) => ({
    pk: `REPORT#${region}`,
    sk: `REGEN#${month}#${at}#${id}`,
  }),
  reportRun: (province: string, month: string) => ({ pk: `REPORT#${province}`, sk: `RUN#${month}` }),
  regionNotification: (region: string, at: string, id: string) => ({
    pk: `REPORT#${region}`,
    sk: `NOTE#${at}#${id}`,
  }),
  regionNotificationReads: (region: string, personId: string) => ({
    pk: `REPORT#${region}`,
    sk: `READ#${personId}`,
  }),
  regionContacts: (region: string) => ({ pk: `REGION#${region}`, sk: 'CONTACTS' }),
} as const;

/** An index's projection as the DynamoDB API (and CloudFormation) spell it. */
export function dynamoProjection(p: IndexProjection): {
  ProjectionType: 'ALL' | 'INCLUDE';
  NonKeyAttributes?: string[];
} {
  return p.type === 'ALL'
    ? { ProjectionType: 'ALL' }
    : { ProjectionType: 'INCLUDE', NonKeyAttributes: [...p.attributes] };
}

/** A ProjectionExpression of exactly `attributes` (names aliased: some are reserved words). */
export function projectionOf(attributes: readonly string[]): {
  ProjectionExpression: string;
  ExpressionAttributeNames: Record<string, string>;
} {
  return {
    ProjectionExpression: attributes.map((_, i) => `#p${i}`).join(', '),
    ExpressionAttributeNames: Object.fromEntries(attributes.map((a, i) => [`#p${i}`, a])),
  };
}
