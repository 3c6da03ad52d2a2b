/**
 * Reports in DynamoDB (secondary adapter): the centre registry, the bulk ledger reads the
 * monthly statistics need, and the stored monthly reports with their roll-up fan-in.
 * Every read is a Query on a key range or a GetItem/BatchGetItem; nothing scans.
 *
 * A report is immutable: `REPORT#{region}` / `MONTH#{yyyy-mm}`, written once with
 * `attribute_not_exists` together with its notification, its content as gzip JSON (a
 * province roll-up lists ~3,100 centres; compressed it stays far below the 400 KB item limit).
 * Pass a `CapacityMeter` to have every call report its consumed capacity (the benchmark does).
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import type { ConsumedCapacity } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  PutCommand,
  type QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { NativeAttributeValue } from '@aws-sdk/util-dynamodb';
import type { ActivityEvent, StatisticsCase, StatisticsWorkOrder } from '../domain/statistics.ts';
import { statisticsReads } from '../domain/statistics-reads.ts';
import type { Case } from '../schemas/case.ts';
import type { MonthlyReport } from '../schemas/report.ts';
import type { WorkOrder } from '../schemas/work-order.ts';
import { keys, projectionOf, table as tableDef, withoutKeys } from '../table.ts';
import type { TransactItem } from './case-store.ts';
import { documentClient, table } from './dynamo.ts';
import { cancellationReasons } from './dynamo-errors.ts';
import { getMany, queryAll as queryEvery } from './paging.ts';

type Item = Record<string, NativeAttributeValue>;

/** Capacity consumed by the calls it was passed to (ReturnConsumedCapacity: TOTAL). */
export interface CapacityMeter {
  readUnits: number;
  writeUnits: number;
  requests: number;
}

export function newMeter(): CapacityMeter {
  return { readUnits: 0, writeUnits: 0, requests: 0 };
}

function measure(
  meter: CapacityMeter | undefined,
  consumed: ConsumedCapacity | ConsumedCapacity[] | undefined,
  kind: 'read' | 'write' = 'read',
) {
  if (!meter) return;
  meter.requests++;
  for (const c of Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) {
    if (kind === 'read') meter.readUnits += c.CapacityUnits ?? 0;
    else meter.writeUnits += c.CapacityUnits ?? 0;
  }
}

const capacity = (meter: CapacityMeter | undefined) =>
  meter ? { ReturnConsumedCapacity: 'TOTAL' as const } : {};

function strip<T>(item: Item): T {
  return withoutKeys<T>(item, [
    'expiresAtEpoch',
    'ledgerAt',
    'lastEventSeq',
    'lastEventHash',
    'workOrderCount',
  ]);
}

function queryAll(input: ConstructorParameters<typeof QueryCommand>[0], meter?: CapacityMeter) {
  return queryEvery({ ...input, ...capacity(meter) }, (out) => measure(meter, out.ConsumedCapacity));
}

function batchGet(
  wanted: Item[],
  meter?: CapacityMeter,
  projection?: { expression: string; names: Record<string, string> },
  consistent = false,
): Promise<Item[]> {
  return getMany(wanted, {
    ...(projection ? { projection } : {}),
    consistent,
    returnConsumedCapacity: meter !== undefined,
    onPage: (out) => measure(meter, out.ConsumedCapacity),
  });
}

/** A centre in the registry (the tenant profile's entry on the byRegion index). */
export interface CentreEntry {
  tenantId: string;
  name: string;
}

/** The centres under a region prefix (2, 4, 6 or 9 digits), in code order: one Query. */
export async function listCentres(region: string, meter?: CapacityMeter): Promise<CentreEntry[]> {
  const items = await queryAll(
    {
      TableName: table(),
      IndexName: tableDef.indexes.byRegion.name,
      KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :region)',
      ProjectionExpression: '#tenantId, #name',
      ExpressionAttributeNames: {
        '#pk': 'gsi1pk',
        '#sk': 'gsi1sk',
        '#tenantId': 'tenantId',
        '#name': 'name',
      },
      ExpressionAttributeValues: {
        ':pk': keys.tenantRegistry(region).gsi1pk,
        ':region': region,
      },
    },
    meter,
  );
  return items.map((i) => ({ tenantId: String(i.tenantId), name: String(i.name ?? i.tenantId) }));
}

/** The index entries of one centre's slice of a ledger, with `projection` (by default the keys alone). */
function ledgerEntries(
  ledger: 'cases' | 'workOrders',
  tenantId: string,
  fromInstant: string,
  toInstant: string | undefined,
  meter: CapacityMeter | undefined,
  projection: readonly string[] = [],
): Promise<Item[]> {
  const sample =
    ledger === 'cases' ? keys.caseLedger(tenantId, '', '') : keys.workOrderLedger(tenantId, '', '');
  const fields = projection.length ? projectionOf(projection) : undefined;
  return queryAll(
    {
      TableName: table(),
      IndexName: tableDef.indexes.byRegion.name,
      KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :lo AND :hi',
      ProjectionExpression: fields ? `pk, sk, ${fields.ProjectionExpression}` : 'pk, sk',
      ExpressionAttributeNames: { '#pk': 'gsi1pk', '#sk': 'gsi1sk', ...fields?.ExpressionAttributeNames },
      ExpressionAttributeValues: {
        ':pk': sample.gsi1pk,
        // `{tenantId}#{instant}#{number}`: the bare instant sorts before every key at that instant.
        ':lo': `${tenantId}#${fromInstant}`,
        ':hi': `${tenantId}#${toInstant ?? '~'}`,
      },
    },
    meter,
  );
}

/**
 * One centre's slice of a ledger (`CASES#` by acceptance, `WOS#` by transfer) over
 * [fromInstant, toInstant), whole records: a key range of the byRegion index, then the records
 * behind it by key (the index holds the lists' and the figures' fields only). Instants are UTC
 * ISO strings. The 好差评 export and the ledger export read this.
 */
export async function ledgerRange<T extends Case | WorkOrder>(
  ledger: T extends Case ? 'cases' : 'workOrders',
  tenantId: string,
  fromInstant: string,
  toInstant: string | undefined,
  meter?: CapacityMeter,
): Promise<T[]> {
  const entries = await ledgerEntries(ledger, tenantId, fromInstant, toInstant, meter);
  return (await batchGet(entries, meter)).map((i) => strip<T>(i));
}

/**
 * The same slice as the monthly figures read it: from the index alone, which projects what they
 * read (`statisticsReads`) — no read of the records behind it.
 */
export async function ledgerFigures<T extends StatisticsCase | StatisticsWorkOrder>(
  ledger: T extends StatisticsCase ? 'cases' : 'workOrders',
  tenantId: string,
  fromInstant: string,
  toInstant: string | undefined,
  meter?: CapacityMeter,
): Promise<T[]> {
  const fields = ledger === 'cases' ? statisticsReads.case : statisticsReads.workOrder;
  const items = await ledgerEntries(ledger, tenantId, fromInstant, toInstant, meter, fields);
  return items.map((i) => strip<T>(i));
}

/**
 * A centre's audit events over [fromInstant, toInstant) by their own time: one key range of the
 * byActivity index (UTC ISO instants), oldest first.
 */
export async function activityRange(
  tenantId: string,
  fromInstant: string,
  toInstant: string,
  meter?: CapacityMeter,
): Promise<ActivityEvent[]> {
  const items = await queryAll(
    {
      TableName: table(),
      IndexName: 'byActivity',
      KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :lo AND :hi',
      ProjectionExpression: '#caseId, #seq, #at, #action, #actor, #changes',
      ExpressionAttributeNames: {
        '#pk': 'gsi5pk',
        '#sk': 'gsi5sk',
        '#caseId': 'caseId',
        '#seq': 'seq',
        '#at': 'at',
        '#action': 'action',
        '#actor': 'actor',
        '#changes': 'changes',
      },
      ExpressionAttributeValues: {
        ':pk': keys.activity(tenantId, fromInstant, '', 0).gsi5pk,
        // `{instant}#…`: the bare instant sorts before every key at it; the upper bound is exclusive
        // in effect because no key equals the bare instant.
        ':lo': fromInstant,
        ':hi': toInstant,
      },
    },
    meter,
  );
  return items.map((i) => ({
    caseId: String(i.caseId),
    seq: Number(i.seq),
    at: String(i.at),
    action: String(i.action),
    actor: i.actor as ActivityEvent['actor'],
    changes: (i.changes ?? {}) as Record<string, unknown>,
  }));
}

/**
 * The centre's accepted cases still open at an instant (the carry-over line's start when last
 * month's report is not stored): the case ledger before it, only what the verdict needs.
 */
export async function casesBefore(
  tenantId: string,
  toInstant: string,
  meter?: CapacityMeter,
): Promise<Pick<Case, 'id' | 'scope' | 'closure' | 'followUps' | 'latestFollowUp'>[]> {
  // The ledger index holds what the figures read (`statisticsReads`): no read by key.
  const items = await ledgerEntries('cases', tenantId, '', toInstant, meter, [
    'id',
    'scope',
    'closure',
    'followUps',
    'latestFollowUp',
  ]);
  return items.map(({ pk: _pk, sk: _sk, ...rest }) => rest) as Pick<
    Case,
    'id' | 'scope' | 'closure' | 'followUps' | 'latestFollowUp'
  >[];
}

/** The matter of cases named by id (work orders of earlier months point at them). */
export async function caseMatters(
  caseIds: readonly string[],
  meter?: CapacityMeter,
): Promise<Pick<Case, 'id' | 'matter'>[]> {
  const items = await batchGet(
    caseIds.map((id) => keys.case(id)),
    meter,
    { expression: '#id, #matter', names: { '#id': 'id', '#matter': 'matter' } },
  );
  return items.map((i) => ({ id: String(i.id), matter: String(i.matter ?? '') }));
}

function reportItem(report: MonthlyReport): Item {
  return {
    ...keys.report(report.region, report.month),
    type: 'report',
    region: report.region,
    level: report.level,
    month: report.month,
    contentHash: report.contentHash,
    generatedAt: report.generatedAt,
    encoding: 'gzip+json',
    body: gzipSync(Buffer.from(JSON.stringify(report), 'utf8')),
  };
}

function decodeReport(item: Item): MonthlyReport {
  return JSON.parse(gunzipSync(Buffer.from(item.body as Uint8Array)).toString('utf8')) as MonthlyReport;
}

/**
 * Store a report once, with its notification, in one transaction. A report already stored
 * for that region and month stays as it is: `exists`, with the stored one.
 */
export async function putReport(
  report: MonthlyReport,
  notification: TransactItem,
  meter?: CapacityMeter,
): Promise<{ outcome: 'stored' } | { outcome: 'exists'; stored: MonthlyReport }> {
  try {
    const out = await documentClient().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: table(),
              Item: reportItem(report),
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          notification,
        ],
        ...capacity(meter),
      }),
    );
    measure(meter, out.ConsumedCapacity, 'write');
    return { outcome: 'stored' };
  } catch (error) {
    const reasons = cancellationReasons(error);
    if (reasons?.[0]?.Code !== 'ConditionalCheckFailed') throw error;
    const stored = await getReport(report.region, report.month, meter);
    if (!stored) throw error;
    return { outcome: 'exists', stored };
  }
}

/** Who regenerated a published month, why, and what it held before and after. */
export interface ReportRegeneration {
  id: string;
  region: string;
  month: string;
  at: string;
  by: { id: string; name: string };
  reason: string;
  previousHash: string;
  contentHash: string;
}

/**
 * Replace a published report (an admin's explicit regeneration) together with its audit record,
 * in one transaction, only if the stored one is still the one that was read (its content hash).
 */
export async function replaceReport(report: MonthlyReport, audit: ReportRegeneration): Promise<void> {
  await documentClient().send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Put: {
            TableName: table(),
            Item: reportItem(report),
            ConditionExpression: 'contentHash = :previous',
            ExpressionAttributeValues: { ':previous': audit.previousHash },
          },
        },
        {
          Put: {
            TableName: table(),
            Item: {
              ...keys.reportRegeneration(audit.region, audit.month, audit.at, audit.id),
              type: 'reportRegeneration',
              ...audit,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      ],
    }),
  );
}

export async function getReport(
  region: string,
  month: string,
  meter?: CapacityMeter,
): Promise<MonthlyReport | undefined> {
  const out = await documentClient().send(
    new GetCommand({ TableName: table(), Key: keys.report(region, month), ...capacity(meter) }),
  );
  measure(meter, out.ConsumedCapacity);
  return out.Item ? decodeReport(out.Item) : undefined;
}

/**
 * Reports of several regions for one month (missing ones are left out), in region order.
 * Strongly consistent: a roll-up is queued the moment its last part is written.
 */
export async function getReports(
  regions: readonly string[],
  month: string,
  meter?: CapacityMeter,
): Promise<MonthlyReport[]> {
  const items = await batchGet(
    regions.map((r) => keys.report(r, month)),
    meter,
    undefined,
    true,
  );
  return items.map(decodeReport).sort((a, b) => (a.region < b.region ? -1 : 1));
}

/** A region's stored reports of a year, month by month: one Query. */
export async function listYearReports(
  region: string,
  year: string,
  meter?: CapacityMeter,
): Promise<MonthlyReport[]> {
  const items = await queryAll(
    {
      TableName: table(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :year)',
      ExpressionAttributeValues: {
        ':pk': keys.report(region, '').pk,
        ':year': `${keys.report(region, year).sk}-`,
      },
    },
    meter,
  );
  return items.map(decodeReport);
}

/** A region's stored reports of the months `from` to `to` (inclusive), month by month: one Query. */
export async function listReportsBetween(
  region: string,
  from: string,
  to: string,
  meter?: CapacityMeter,
): Promise<MonthlyReport[]> {
  const items = await queryAll(
    {
      TableName: table(),
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: {
        ':pk': keys.report(region, '').pk,
        ':from': keys.report(region, from).sk,
        ':to': keys.report(region, to).sk,
      },
    },
    meter,
  );
  return items.map(decodeReport);
}

/** A roll-up's fan-in: how many parts it waits for, and which are done. */
export interface FanIn {
  expected?: number;
  done: string[];
}

function fanIn(item: Item | undefined): FanIn {
  const done = item?.done instanceof Set ? [...(item.done as Set<string>)] : [];
  return { ...(typeof item?.expected === 'number' ? { expected: item.expected } : {}), done: done.sort() };
}

/** Set how many parts a region's roll-up of a month waits for (the monthly run does, before any part). */
export async function expectParts(region: string, month: string, expected: number): Promise<FanIn> {
  const out = await documentClient().send(
    new UpdateCommand({
      TableName: table(),
      Key: keys.reportFanIn(region, month),
      UpdateExpression: 'SET #type = :type, #expected = :n',
      ExpressionAttributeNames: { '#type': 'type', '#expected': 'expected' },
      ExpressionAttributeValues: { ':type': 'reportFanIn', ':n': expected },
      ReturnValues: 'ALL_NEW',
    }),
  );
  return fanIn(out.Attributes);
}

/**
 * Record a part as done: ADD to a string set, so a retried or regenerated part counts once.
 * Returns the fan-in after the write: whoever sees it complete queues the roll-up.
 */
export async function partDone(
  region: string,
  month: string,
  part: string,
  meter?: CapacityMeter,
): Promise<FanIn> {
  const out = await documentClient().send(
    new UpdateCommand({
      TableName: table(),
      Key: keys.reportFanIn(region, month),
      UpdateExpression: 'SET #type = :type ADD #done :part',
      ExpressionAttributeNames: { '#type': 'type', '#done': 'done' },
      ExpressionAttributeValues: { ':type': 'reportFanIn', ':part': new Set([part]) },
      ReturnValues: 'ALL_NEW',
      ...capacity(meter),
    }),
  );
  measure(meter, out.ConsumedCapacity, 'write');
  return fanIn(out.Attributes);
}

export async function getFanIn(region: string, month: string, meter?: CapacityMeter): Promise<FanIn> {
  const out = await documentClient().send(
    new GetCommand({
      TableName: table(),
      Key: keys.reportFanIn(region, month),
      ConsistentRead: true,
      ...capacity(meter),
    }),
  );
  measure(meter, out.ConsumedCapacity);
  return fanIn(out.Item);
}

/** The monthly run of a province starts once per month: false when it already did. */
export async function claimMonthlyRun(province: string, month: string, at: string): Promise<boolean> {
  try {
    await documentClient().send(
      new PutCommand({
        TableName: table(),
        Item: { ...keys.reportRun(province, month), type: 'reportRun', month, startedAt: at },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return true;
  } catch (error) {
    if ((error as Error).name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}

/** A notice to a region's supervisors (督导人员), kept under the region's report collection. */
export interface RegionNotification {
  id: string;
  regionCode: string;
  at: string;
  topic: string;
  message: string;
  month: string;
}

export function putRegionNotification(n: RegionNotification): TransactItem {
  return {
    Put: {
      TableName: table(),
      Item: {
        ...keys.regionNotification(n.regionCode, new Date(n.at).toISOString(), n.id),
        type: 'notification',
        recipient: { role: 'supervisor', regionCode: n.regionCode },
        ...n,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}
