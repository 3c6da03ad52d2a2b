/**
 * Work orders (工单) and their outbox in DynamoDB. A work order lives in its case's item
 * collection (`CASE#{caseId}` / `WO#{n}`), so a case and its orders change in one
 * transaction and GET /cases/{id} reads them in one Query. Every read is scope-checked.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { NativeAttributeValue } from '@aws-sdk/util-dynamodb';
import { type Principal, scopeCovers, scopeOf } from '../domain/identity.ts';
import { WORK_ORDER_ROW } from '../domain/list-rows.ts';
import { isOpen, parseWorkOrderId } from '../domain/work-order.ts';
import { NotFoundError } from '../errors.ts';
import type { Department, Tenant } from '../schemas/tenant.ts';
import type { DeliveryAttempt, Feedback, ListedWorkOrder, WorkOrder } from '../schemas/work-order.ts';
import { keys, projectionOf, table as tableDef, withoutKeys } from '../table.ts';
import { latest, listPrefix, type PageRequest, RECENT_REPORTS_ON_ORDER, reportPage } from './case-records.ts';
import type { StoredCase, TransactItem } from './case-store.ts';
import { documentClient, table } from './dynamo.ts';
import { decodeCursor, getMany, queryAll, queryPage } from './paging.ts';

type Item = Record<string, NativeAttributeValue>;

function strip<T>(item: Item): T {
  return withoutKeys<T>(item, ['webhookSecrets']);
}

/** Department secrets stay server-side; everything else is the department resource. */
export interface StoredDepartment extends Department {
  webhookSecrets?: string[];
}

/** A work order sits in the `byDue` index at its next due check, while it has one. */
export function workOrderItem(wo: WorkOrder): Item {
  const dueCheckAt = wo.nextCheckAt;
  const n = parseWorkOrderId(wo.id)?.n ?? 0;
  const ledgerAt = new Date(wo.transferredAt).toISOString();
  return {
    ...keys.workOrder(wo.caseId, n),
    ...keys.workOrderLedger(wo.tenantId, ledgerAt, wo.number),
    ...keys.departmentQueue(wo.tenantId, wo.departmentId, ledgerAt, wo.number),
    ...(dueCheckAt ? keys.due('check', new Date(dueCheckAt).toISOString(), wo.id) : {}),
    ...(isOpen(wo.status) ? keys.owed(wo.tenantId, new Date(wo.dueAt).toISOString(), wo.id) : {}),
    type: 'workOrder',
    ...wo,
  };
}

/** Put a work order only if it is still at the version that was read (or new, for version 1). */
export function putWorkOrder(wo: WorkOrder, previousVersion: number | undefined): TransactItem {
  return {
    Put: {
      TableName: table(),
      Item: workOrderItem(wo),
      ...(previousVersion === undefined
        ? { ConditionExpression: 'attribute_not_exists(pk)' }
        : { ConditionExpression: 'version = :wov', ExpressionAttributeValues: { ':wov': previousVersion } }),
    },
  };
}

/**
 * A progress / result report (反馈) as its own item beside the order, keyed by the audit event
 * that records it: the order item keeps only a bounded summary (count, latest, answer times).
 */
export function putFeedback(wo: WorkOrder, eventSeq: number, feedback: Feedback): TransactItem {
  const n = parseWorkOrderId(wo.id)?.n ?? 0;
  return {
    Put: {
      TableName: table(),
      Item: { ...keys.feedback(wo.caseId, n, eventSeq), type: 'feedback', workOrderId: wo.id, ...feedback },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/**
 * A delivery attempt (派发尝试) as its own item: recording one never rewrites the order, so a
 * department's change racing the dispatcher does not lose its version guard to it. The key
 * (outbox event + attempt number) makes a second recording of the same attempt fail its condition.
 */
export function putDeliveryAttempt(wo: WorkOrder, attempt: DeliveryAttempt, attemptNo: number): TransactItem {
  const n = parseWorkOrderId(wo.id)?.n ?? 0;
  const instant = new Date(attempt.at).toISOString();
  // `type` marks the item's kind in the collection; the attempt's own type (the event it
  // carried) is kept as `eventType` and given back by assembleWorkOrders.
  const { type: eventType, ...rest } = attempt;
  return {
    Put: {
      TableName: table(),
      Item: {
        ...keys.deliveryAttempt(wo.caseId, n, instant, attempt.eventId, attemptNo),
        type: 'deliveryAttempt',
        workOrderId: wo.id,
        eventType,
        ...rest,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/**
 * The order as the API shows it: its reports and attempts gathered from their own items (after
 * any still embedded in an order written before they moved out), in the order they happened.
 */
export function assembleWorkOrders(items: readonly Item[]): Item[] {
  const orders = items.filter((i) => i.type === 'workOrder');
  const byId = new Map(
    orders.map((o) => [
      String(o.id),
      { ...o, feedback: [...(o.feedback ?? [])], attempts: [...(o.attempts ?? [])] },
    ]),
  );
  for (const i of items) {
    const wo =
      i.type === 'feedback' || i.type === 'deliveryAttempt' ? byId.get(String(i.workOrderId)) : undefined;
    if (!wo) continue;
    const entry = withoutKeys<Record<string, unknown>>(i, ['workOrderId', 'eventType']);
    if (i.type === 'feedback') wo.feedback.push(entry);
    else wo.attempts.push({ ...entry, type: i.eventType });
  }
  return [...byId.values()];
}

/** Items that belong to a work order rather than being one (its reports and attempts). */
export const WORK_ORDER_CHILD_TYPES: ReadonlySet<unknown> = new Set(['feedback', 'deliveryAttempt']);

/**
 * One order with its newest reports (RECENT_REPORTS_ON_ORDER; every report is paged at
 * `GET /work-orders/{id}/reports`) and its delivery attempts (small, one per message sent):
 * the order, its newest reports and its attempts in one parallel round.
 */
async function queryWorkOrder(caseId: string, n: number): Promise<WorkOrder | undefined> {
  const sk = keys.workOrder(caseId, n).sk;
  const pk = keys.case(caseId).pk;
  const [order, reports, attempts] = await Promise.all([
    documentClient().send(new GetCommand({ TableName: table(), Key: { pk, sk }, ConsistentRead: true })),
    latest(pk, listPrefix.reports(n), RECENT_REPORTS_ON_ORDER),
    queryAll({
      TableName: table(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': pk, ':prefix': listPrefix.attempts(n) },
      ConsistentRead: true,
    }),
  ]);
  if (!order.Item) return undefined;
  const [wo] = assembleWorkOrders([order.Item, ...reports, ...attempts]);
  if (!wo) return undefined;
  const embedded = (order.Item.feedback ?? []) as Feedback[];
  const stored = strip<WorkOrder>(wo);
  return {
    ...stored,
    feedback: stored.feedback.slice(-RECENT_REPORTS_ON_ORDER),
    feedbackCount: stored.feedbackCount ?? embedded.length,
  };
}

/** A work order's reports, one page, for a caller who may see the order. */
export async function workOrderReports(principal: Principal, workOrderId: string, request: PageRequest) {
  const parsed = parseWorkOrderId(workOrderId);
  if (!parsed) throw new NotFoundError('工单不存在');
  const out = await documentClient().send(
    new GetCommand({
      TableName: table(),
      Key: keys.workOrder(parsed.caseId, parsed.n),
      ConsistentRead: true,
    }),
  );
  const wo = out.Item ? strip<WorkOrder>(out.Item) : undefined;
  assertMaySee(principal, wo);
  return reportPage(wo, parsed.n, request);
}

/** A work order with its full history, for a response after a change (no scope check: the caller made it). */
export async function workOrderWithHistory(wo: WorkOrder): Promise<WorkOrder> {
  const parsed = parseWorkOrderId(wo.id);
  return (parsed && (await queryWorkOrder(parsed.caseId, parsed.n))) ?? wo;
}

/** A work order's case, the order itself, its centre and its department, in one round trip. */
export async function loadForWorkOrder(
  caseId: string,
  n: number | undefined,
  tenantId: string,
  departmentId: string | undefined,
): Promise<{ stored?: StoredCase; workOrder?: WorkOrder; tenant?: Tenant; department?: StoredDepartment }> {
  const wanted: Item[] = [keys.case(caseId), keys.tenant(tenantId)];
  if (n !== undefined) wanted.push(keys.workOrder(caseId, n));
  if (departmentId) wanted.push(keys.department(tenantId, departmentId));
  const found = await getMany(wanted, { consistent: true });
  const bySk = (pk: string, sk: string) => found.find((i) => i.pk === pk && i.sk === sk);
  const caseRow = bySk(keys.case(caseId).pk, 'CASE');
  const woRow = n !== undefined ? bySk(keys.case(caseId).pk, keys.workOrder(caseId, n).sk) : undefined;
  const tenantRow = bySk(keys.tenant(tenantId).pk, 'PROFILE');
  const deptRow = departmentId
    ? bySk(keys.tenant(tenantId).pk, keys.department(tenantId, departmentId).sk)
    : undefined;
  return {
    ...(caseRow ? { stored: strip<StoredCase>(caseRow) } : {}),
    ...(woRow ? { workOrder: strip<WorkOrder>(woRow) } : {}),
    ...(tenantRow ? { tenant: strip<Tenant>(tenantRow) } : {}),
    ...(deptRow
      ? { department: { ...strip<Department>(deptRow), webhookSecrets: deptRow.webhookSecrets } }
      : {}),
  };
}

/**
 * May this principal see this work order? Centre roles and supervisors by scope; a
 * department officer only its own unit's orders. Anything else looks like nothing (404).
 */
export function assertMaySee(principal: Principal, wo: WorkOrder | undefined): asserts wo is WorkOrder {
  const visible =
    wo !== undefined &&
    (principal.role === 'department'
      ? wo.tenantId === principal.tenantId && wo.departmentId === principal.departmentId
      : scopeCovers(scopeOf(principal), wo.tenantId));
  if (!visible) throw new NotFoundError('工单不存在');
}

export async function getWorkOrder(principal: Principal, workOrderId: string): Promise<WorkOrder> {
  const parsed = parseWorkOrderId(workOrderId);
  if (!parsed) throw new NotFoundError('工单不存在');
  const wo = await queryWorkOrder(parsed.caseId, parsed.n);
  assertMaySee(principal, wo);
  return wo;
}

export async function getDepartment(
  tenantId: string,
  departmentId: string,
): Promise<StoredDepartment | undefined> {
  const out = await documentClient().send(
    new GetCommand({ TableName: table(), Key: keys.department(tenantId, departmentId) }),
  );
  return out.Item ? { ...strip<Department>(out.Item), webhookSecrets: out.Item.webhookSecrets } : undefined;
}

/**
 * Work orders newest first: a department's own (index byDepartment), or a centre's /
 * region's (index byRegion under WOS#). Status and overdue filter the page. With
 * `extension: 'pending'` (the director's 延期申请 to decide) only open orders can qualify — a
 * decision needs an open order — so the sparse index byOpen of what is still owed is read
 * instead, soonest due first, and the unit's own orders of it for a department — whole orders,
 * read by key (the open-work index holds no status). The region index holds an order's summary
 * (`WorkOrderSummary`, shared/table.ts `regionReads`); a department's own index holds whole
 * orders, which its workbench shows.
 */
export async function listWorkOrders(
  principal: Principal,
  filter: { status?: string; overdue?: boolean; extension?: 'pending'; limit: number; cursor?: string },
): Promise<{ items: ListedWorkOrder[]; nextCursor: string | null }> {
  let index: 'gsi1' | 'gsi3' | 'gsi4';
  let pk: string;
  let prefix: string;
  const filters: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, NativeAttributeValue> = {};
  const scope = scopeOf(principal);
  const region =
    scope.kind === 'tenant' ? `${scope.tenantId}#` : scope.kind === 'region' ? scope.regionCode : '51';
  if (filter.extension === 'pending') {
    index = 'gsi4';
    pk = `OPEN#${region.slice(0, 2)}`;
    prefix = region;
    filters.push('#extension.#extensionStatus = :pending');
    names['#extension'] = 'extension';
    names['#extensionStatus'] = 'status';
    values[':pending'] = 'pending';
    if (principal.role === 'department') {
      filters.push('#departmentId = :departmentId');
      names['#departmentId'] = 'departmentId';
      values[':departmentId'] = principal.departmentId ?? '__none__';
    }
  } else if (principal.role === 'department') {
    index = 'gsi3';
    pk = `DEPT#${principal.tenantId}#${principal.departmentId}`;
    prefix = '';
  } else {
    index = 'gsi1';
    pk = `WOS#${region.slice(0, 2)}`;
    prefix = region;
  }
  names['#pk'] = `${index}pk`;
  values[':pk'] = pk;
  if (prefix) {
    names['#sk'] = `${index}sk`;
    values[':lo'] = prefix;
    values[':hi'] = `${prefix}~`;
  }
  // The open-work index holds no status (everything on it is open): tested on the whole orders.
  if (filter.status && index !== 'gsi4') {
    filters.push('#status = :status');
    names['#status'] = 'status';
    values[':status'] = filter.status;
  }
  if (filter.overdue !== undefined) {
    filters.push('#overdue = :overdue');
    names['#overdue'] = 'overdue';
    values[':overdue'] = filter.overdue;
  }
  const row = index === 'gsi1' ? projectionOf(WORK_ORDER_ROW) : undefined;
  const page = await queryPage(
    {
      TableName: table(),
      IndexName: {
        gsi1: tableDef.indexes.byRegion.name,
        gsi3: tableDef.indexes.byDepartment.name,
        gsi4: tableDef.indexes.byOpen.name,
      }[index],
      KeyConditionExpression: prefix ? '#pk = :pk AND #sk BETWEEN :lo AND :hi' : '#pk = :pk',
      FilterExpression: filters.length ? filters.join(' AND ') : undefined,
      // A centre's or region's list answers the summary (and the keys a cursor carries).
      ...(row ? { ProjectionExpression: `pk, sk, #pk, #sk, ${row.ProjectionExpression}` } : {}),
      ExpressionAttributeNames: { ...names, ...row?.ExpressionAttributeNames },
      ExpressionAttributeValues: values,
      ScanIndexForward: index === 'gsi4',
    },
    {
      limit: filter.limit,
      keyNames: ['pk', 'sk', `${index}pk`, `${index}sk`],
      ...(filter.cursor
        ? {
            cursor: decodeCursor(
              filter.cursor,
              (k) => k[`${index}pk`] === pk && String(k[`${index}sk`]).startsWith(prefix),
            ),
          }
        : {}),
    },
  );
  if (index !== 'gsi4')
    return { items: page.items.map((i) => strip<ListedWorkOrder>(i)), nextCursor: page.nextCursor };
  // A director's pending extensions: few, and decided on the whole order — read by key.
  const whole = (await getMany(page.items)).map((i) => strip<WorkOrder>(i));
  return {
    items: filter.status ? whole.filter((o) => o.status === filter.status) : whole,
    nextCursor: page.nextCursor,
  };
}
