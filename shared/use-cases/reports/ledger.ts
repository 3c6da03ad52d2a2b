/**
 * 台账导出: the ledger as an xlsx workbook or a CSV, with GET /cases's filters and period.
 *
 * Primary course:
 *  1. Read the cases through `listCases` — the very Query and filters GET /cases uses — page by
 *     page, up to MAX_EXPORT_ROWS; one more is a 422 `export_too_large` (narrow the period). Then
 *     the whole records of those rows, by key (the index holds only the ledger's columns).
 *  2. Read the work orders of the centres those cases belong to: one key range of the work-order
 *     ledger per centre, from the period's start (an order is transferred after its case is
 *     accepted); join them to their cases.
 *  3. Sheet "台账": one row per case with the Form A.1 / A.2 columns, a case's work orders one
 *     line each inside the work-order cells; sheet "工单": one row per work order. The CSV is the
 *     first sheet (work orders joined with "；"). Supervisors see phone numbers masked.
 */
import { listCases, wholeCases } from '../../adapters/case-store.ts';
import { maskPhones } from '../../adapters/logger.ts';
import { ledgerRange } from '../../adapters/report-store.ts';
import { formatDateTime } from '../../documents/format.ts';
import {
  CATEGORY_LABELS,
  CHANNEL_LABELS,
  SATISFACTION_LABELS,
  SCOPE_KIND_LABELS,
} from '../../documents/labels.ts';
import { CASE_STATUS_NAMES } from '../../domain/case.ts';
import { latestFollowUpOf } from '../../domain/case-lists.ts';
import { type Principal, scopeOf } from '../../domain/identity.ts';
import { addDays, shanghaiInstant } from '../../domain/time.ts';
import { latestFeedback, WORK_ORDER_STATUS_NAMES } from '../../domain/work-order.ts';
import { UnprocessableError } from '../../errors.ts';
import type { Case, CaseSummary } from '../../schemas/case.ts';
import type { LedgerExportQuery } from '../../schemas/report.ts';
import type { WorkOrder } from '../../schemas/work-order.ts';
import { mapLimited, seesFullPhones } from './access.ts';
import { at, type Cell, csvText, type Sheet, text, xlsxBuffer } from './workbook.ts';

export const MAX_EXPORT_ROWS = 10_000;
const PAGE = 1_000;

const OUTCOME_LABELS: Record<NonNullable<Case['closure']>['outcome'], string> = {
  resolved: '已解决',
  answered_with_reasons: '依法依规说明理由',
  withdrawn: '反映人撤回',
};

const FEEDBACK_LABELS = { progress: '办理进度', result: '办理结果' } as const;

interface LedgerData {
  cases: Case[];
  workOrders: Map<string, WorkOrder[]>;
}

/** The cases and their work orders an export holds. */
export async function readLedger(principal: Principal, query: LedgerExportQuery): Promise<LedgerData> {
  const { from, to, ...filters } = query;
  const fromInstant = from ? shanghaiInstant(from).toISOString() : undefined;
  const toInstant = to ? shanghaiInstant(addDays(to, 1)).toISOString() : undefined;
  const scope = scopeOf(principal);
  const rows: CaseSummary[] = [];
  let cursor: string | undefined;
  do {
    const page = await listCases(scope, {
      ...filters,
      ...(fromInstant ? { fromInstant } : {}),
      ...(toInstant ? { toInstant } : {}),
      limit: PAGE,
      ...(cursor ? { cursor } : {}),
    });
    rows.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && rows.length <= MAX_EXPORT_ROWS);
  if (rows.length > MAX_EXPORT_ROWS) {
    throw new UnprocessableError(
      `符合条件的案件超过 ${MAX_EXPORT_ROWS} 条，请缩小时间范围或增加筛选条件后分批导出`,
      'export_too_large',
    );
  }

  // The ledger's rows hold its columns only; the export's come from the whole records, by key.
  const cases = await wholeCases(rows.map((c) => c.id));
  const wanted = new Set(cases.map((c) => c.id));
  const centres = [...new Set(cases.map((c) => c.tenantId))];
  const orders = await mapLimited(centres, 8, (tenantId) =>
    ledgerRange<WorkOrder>('workOrders', tenantId, fromInstant ?? '', undefined),
  );
  const workOrders = new Map<string, WorkOrder[]>();
  for (const wo of orders.flat()) {
    if (!wanted.has(wo.caseId)) continue;
    workOrders.set(wo.caseId, [...(workOrders.get(wo.caseId) ?? []), wo]);
  }
  for (const list of workOrders.values()) list.sort((a, b) => (a.id < b.id ? -1 : 1));
  // Oldest first, as a ledger book is kept.
  cases.sort((a, b) =>
    a.tenantId === b.tenantId ? a.number.localeCompare(b.number) : a.tenantId < b.tenantId ? -1 : 1,
  );
  return { cases, workOrders };
}

const when = at;
const yesNo = (b: boolean | undefined) => (b === undefined ? '' : b ? '是' : '否');
const everOverdue = (wo: WorkOrder) => wo.overdue || wo.overdueAt !== undefined;

function feedbackText(wo: WorkOrder): string {
  const last = latestFeedback(wo);
  if (last) return `${FEEDBACK_LABELS[last.kind]}：${last.content}`;
  if (wo.status === 'returned') return `已退回：${wo.returnReason ?? ''}`;
  return WORK_ORDER_STATUS_NAMES[wo.status];
}

type Column = { header: string; width: number; value: (c: Case, wos: WorkOrder[], join: string) => Cell };

const perOrder =
  (pick: (wo: WorkOrder) => string) =>
  (_c: Case, wos: WorkOrder[], join: string): Cell =>
    wos.map(pick).join(join);

const LEDGER_COLUMNS = (showPhone: (phone: string) => string): Column[] => [
  { header: '编号', width: 22, value: (c) => c.number },
  { header: '反映人姓名', width: 10, value: (c) => c.reporter.name },
  { header: '联系电话', width: 15, value: (c) => text(showPhone(c.reporter.phone)) },
  { header: '受理人员', width: 10, value: (c) => c.acceptedBy.name },
  { header: '受理时间', width: 18, value: (c) => when(c.acceptedAt) },
  { header: '受理渠道', width: 10, value: (c) => CHANNEL_LABELS[c.channel] },
  { header: '服务范围', width: 28, value: (c) => SCOPE_KIND_LABELS[c.scope.kind] },
  { header: '是否受理', width: 9, value: (c) => (c.scope.accepted ? '受理' : '不予受理') },
  { header: '不予受理理由', width: 20, value: (c) => c.scope.reason ?? '' },
  { header: '反映事项', width: 24, value: (c) => c.matter },
  { header: '情况记录', width: 40, value: (c) => c.description },
  {
    header: '办理对象确认',
    width: 18,
    value: (c) => (c.confirmation ? `${c.confirmation.signedBy} ${c.confirmation.signedAt}` : ''),
  },
  {
    header: '处理意见',
    width: 12,
    value: (c) => (c.opinion ? (c.opinion.kind === 'on_the_spot' ? '当场答复' : '专班会议研究') : ''),
  },
  { header: '当场答复情况', width: 30, value: (c) => c.opinion?.answer ?? '' },
  { header: '经办人员', width: 10, value: (c) => c.opinion?.handledBy.name ?? '' },
  { header: '帮办代办', width: 9, value: (c) => yesNo(c.assisted) },
  { header: '代登记服务站', width: 14, value: (c) => c.station ?? '' },
  { header: '状态', width: 12, value: (c) => CASE_STATUS_NAMES[c.status] },
  { header: '承办单位', width: 20, value: perOrder((wo) => wo.departmentName) },
  { header: '工单编号', width: 26, value: perOrder((wo) => wo.number) },
  { header: '问题类别', width: 10, value: perOrder((wo) => CATEGORY_LABELS[wo.category]) },
  { header: '办理时限', width: 18, value: perOrder((wo) => formatDateTime(wo.dueAt)) },
  { header: '是否超期', width: 9, value: perOrder((wo) => yesNo(everOverdue(wo))) },
  { header: '反馈结果', width: 30, value: perOrder(feedbackText) },
  { header: '办结结果', width: 16, value: (c) => (c.closure ? OUTCOME_LABELS[c.closure.outcome] : '') },
  { header: '办结情况', width: 30, value: (c) => c.closure?.resolution ?? '' },
  { header: '办结时间', width: 18, value: (c) => when(c.closure?.closedAt) },
  {
    header: '回访满意度',
    width: 12,
    value: (c) => {
      const last = latestFollowUpOf(c);
      return last ? `${last.satisfaction} ${SATISFACTION_LABELS[last.satisfaction]}` : '';
    },
  },
  { header: '是否解决', width: 9, value: (c) => yesNo(latestFollowUpOf(c)?.solved) },
  { header: '回访时间', width: 18, value: (c) => when(latestFollowUpOf(c)?.at) },
  { header: '中心编码', width: 11, value: (c) => c.tenantId },
];

export const LEDGER_HEADERS = LEDGER_COLUMNS((p) => p).map((c) => c.header);

const WORK_ORDER_COLUMNS: { header: string; width: number; value: (wo: WorkOrder) => Cell }[] = [
  { header: '工单编号', width: 26, value: (wo) => wo.number },
  { header: '案件编号', width: 22, value: (wo) => wo.caseNumber },
  { header: '中心编码', width: 11, value: (wo) => wo.tenantId },
  { header: '承办单位', width: 20, value: (wo) => wo.departmentName },
  { header: '问题类别', width: 10, value: (wo) => CATEGORY_LABELS[wo.category] },
  { header: '办理要求', width: 30, value: (wo) => wo.requirements },
  { header: '其他办理要求', width: 30, value: (wo) => wo.otherRequirements ?? '' },
  { header: '备注', width: 20, value: (wo) => wo.note ?? '' },
  { header: '转办时间', width: 18, value: (wo) => when(wo.transferredAt) },
  { header: '办理时限', width: 18, value: (wo) => when(wo.dueAt) },
  { header: '状态', width: 10, value: (wo) => WORK_ORDER_STATUS_NAMES[wo.status] },
  { header: '是否超期', width: 9, value: (wo) => yesNo(everOverdue(wo)) },
  { header: '督办级别', width: 9, value: (wo) => wo.escalationLevel },
  { header: '签收时间', width: 18, value: (wo) => when(wo.acknowledgedAt) },
  { header: '反馈结果', width: 30, value: feedbackText },
  { header: '反馈时间', width: 18, value: (wo) => when(latestFeedback(wo)?.at) },
];

function sheets(principal: Principal, data: LedgerData, join: string): Sheet[] {
  const columns = LEDGER_COLUMNS(seesFullPhones(principal) ? (p) => p : maskPhones);
  const orders = data.cases.flatMap((c) => data.workOrders.get(c.id) ?? []);
  return [
    {
      name: '台账',
      columns,
      rows: data.cases.map((c) => columns.map((col) => col.value(c, data.workOrders.get(c.id) ?? [], join))),
    },
    {
      name: '工单',
      columns: WORK_ORDER_COLUMNS,
      rows: orders.map((wo) => WORK_ORDER_COLUMNS.map((col) => col.value(wo))),
    },
  ];
}

export async function ledgerXlsx(principal: Principal, query: LedgerExportQuery): Promise<Buffer> {
  return xlsxBuffer(sheets(principal, await readLedger(principal, query), '\n'));
}

export async function ledgerCsv(principal: Principal, query: LedgerExportQuery): Promise<string> {
  const [ledger] = sheets(principal, await readLedger(principal, query), '；');
  return csvText(ledger!);
}
