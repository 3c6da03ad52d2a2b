/**
 * 好差评 export: every follow-up rating (回访评价) recorded in a month, in a form the 好差评
 * system takes — centre code, matter, channel, the five-level rating, its time, and whether a
 * bad rating was called back and rectified.
 *
 * Primary course:
 *  1. The centres in the caller's scope: the caller's own, or a region's from the registry.
 *  2. Per centre, one key range of the case ledger: cases accepted from RATING_LOOKBACK_DAYS
 *     before the month's start to its end (a rating follows acceptance by days, or weeks).
 *  3. Each follow-up record made in the month is a row (a case item carries its latest record; a
 *     case reopened by a bad rating has its records read from its `FU#` items, one Query). A bad rating (1–2, or "not solved",
 *     which reopened the case) is `calledBack` when a later follow-up was made, and `rectified`
 *     when a later one was satisfactory — as far as is known when the export is made.
 *  4. The reporter's own rating from the status page (once per case), made in the month, is a
 *     row of its own (`source: reporter`, round 0), beside the centre's follow-ups.
 */
import { withAllFollowUps } from '../../adapters/case-records.ts';
import { ledgerRange, listCentres } from '../../adapters/report-store.ts';
import { CHANNEL_LABELS, SATISFACTION_LABELS } from '../../documents/labels.ts';
import type { Principal } from '../../domain/identity.ts';
import { shanghaiMonthRange } from '../../domain/time.ts';
import { UnprocessableError } from '../../errors.ts';
import type { Case } from '../../schemas/case.ts';
import type { RatingRow } from '../../schemas/report.ts';
import type { WorkOrder } from '../../schemas/work-order.ts';
import { mapLimited, reportRegionFor } from './access.ts';
import { placeName } from './names.ts';
import { at, type Cell, csvText } from './workbook.ts';

export const RATING_LOOKBACK_DAYS = 92;
export const MAX_RATING_ROWS = 10_000;

const DAY_MS = 24 * 60 * 60 * 1000;
const METHOD_LABELS = {
  phone: '电话',
  visit: '上门',
  sms: '短信',
  status_page: '反映人自评（查询页）',
} as const;

/** The rows of one case's follow-ups made within [start, end). */
export function ratingsOf(c: Case, start: number, end: number, departments = ''): RatingRow[] {
  const records = c.followUps ?? [];
  return records.flatMap((r, i) => {
    const at = new Date(r.at).getTime();
    if (at < start || at >= end) return [];
    const later = records.slice(i + 1);
    const fix = r.reopened ? later.find((l) => !l.reopened) : undefined;
    return [
      {
        tenantId: c.tenantId,
        caseId: c.id,
        caseNumber: c.number,
        matter: c.matter,
        departments,
        channel: c.channel,
        round: r.round,
        satisfaction: r.satisfaction,
        satisfactionLabel: SATISFACTION_LABELS[r.satisfaction] ?? '',
        solved: r.solved ?? null,
        method: r.method,
        source: 'follow_up' as const,
        ratedAt: r.at,
        bad: r.reopened,
        calledBack: r.reopened && later.length > 0,
        rectified: fix !== undefined,
        rectifiedAt: fix?.at ?? null,
      },
    ];
  });
}

/** The reporter's own rating, when made within [start, end). */
export function reporterRatingOf(c: Case, start: number, end: number, departments = ''): RatingRow[] {
  const r = c.citizenRating;
  if (!r) return [];
  const at = new Date(r.at).getTime();
  if (at < start || at >= end) return [];
  const bad = r.satisfaction <= 2;
  return [
    {
      tenantId: c.tenantId,
      caseId: c.id,
      caseNumber: c.number,
      matter: c.matter,
      channel: c.channel,
      departments,
      round: 0,
      satisfaction: r.satisfaction,
      satisfactionLabel: SATISFACTION_LABELS[r.satisfaction] ?? '',
      solved: null,
      method: 'status_page',
      source: 'reporter',
      ratedAt: r.at,
      bad,
      calledBack: false,
      rectified: false,
      rectifiedAt: null,
    },
  ];
}

export async function ratingsExport(
  principal: Principal,
  month: string,
  requestedRegion?: string,
): Promise<{ month: string; region: string; name: string; items: RatingRow[] }> {
  const region = reportRegionFor(principal, requestedRegion);
  const { start, end } = shanghaiMonthRange(month);
  const tenantIds = region.length === 9 ? [region] : (await listCentres(region)).map((c) => c.tenantId);
  const from = new Date(start.getTime() - RATING_LOOKBACK_DAYS * DAY_MS).toISOString();
  const reading = mapLimited(tenantIds, 8, async (tenantId) => {
    const [cases, orders] = await Promise.all([
      ledgerRange<Case>('cases', tenantId, from, end.toISOString()).then(withAllFollowUps),
      ledgerRange<WorkOrder>('workOrders', tenantId, from, end.toISOString()),
    ]);
    // 承办单位: the units the case was transferred to, in transfer order.
    const units = new Map<string, string[]>();
    for (const wo of orders) {
      const names = units.get(wo.caseId) ?? [];
      if (!names.includes(wo.departmentName)) names.push(wo.departmentName);
      units.set(wo.caseId, names);
    }
    return cases.flatMap((c) => {
      const departments = (units.get(c.id) ?? []).join('、');
      return [
        ...ratingsOf(c, start.getTime(), end.getTime(), departments),
        ...reporterRatingOf(c, start.getTime(), end.getTime(), departments),
      ];
    });
  });
  // The centre's registered name (a region's is the table's) is read alongside the ledgers.
  const [perCentre, name] = await Promise.all([reading, placeName(region)]);
  const items = perCentre
    .flat()
    .sort((a, b) =>
      a.tenantId !== b.tenantId
        ? a.tenantId.localeCompare(b.tenantId)
        : new Date(a.ratedAt).getTime() - new Date(b.ratedAt).getTime() ||
          a.caseNumber.localeCompare(b.caseNumber),
    );
  if (items.length > MAX_RATING_ROWS) {
    throw new UnprocessableError(
      `该月评价超过 ${MAX_RATING_ROWS} 条，请按县区或中心分批导出（?region=）`,
      'export_too_large',
    );
  }
  return { month, region, name, items };
}

const RATING_COLUMNS: { header: string; width: number; value: (r: RatingRow) => Cell }[] = [
  { header: '中心编码', width: 11, value: (r) => r.tenantId },
  { header: '案件编号', width: 22, value: (r) => r.caseNumber },
  { header: '反映事项', width: 24, value: (r) => r.matter },
  { header: '承办单位', width: 24, value: (r) => r.departments },
  { header: '受理渠道', width: 10, value: (r) => CHANNEL_LABELS[r.channel] },
  { header: '回访轮次', width: 8, value: (r) => r.round },
  { header: '评价等级', width: 8, value: (r) => r.satisfaction },
  { header: '评价', width: 10, value: (r) => r.satisfactionLabel },
  { header: '是否解决', width: 8, value: (r) => (r.solved === null ? '' : r.solved ? '是' : '否') },
  { header: '回访方式', width: 8, value: (r) => METHOD_LABELS[r.method] },
  { header: '评价时间', width: 18, value: (r) => at(r.ratedAt) },
  { header: '是否差评', width: 8, value: (r) => (r.bad ? '是' : '否') },
  { header: '差评是否回访', width: 12, value: (r) => (r.bad ? (r.calledBack ? '是' : '否') : '') },
  { header: '是否整改', width: 8, value: (r) => (r.bad ? (r.rectified ? '是' : '否') : '') },
  { header: '整改时间', width: 18, value: (r) => at(r.rectifiedAt) },
  { header: '评价来源', width: 10, value: (r) => (r.source === 'reporter' ? '反映人自评' : '中心回访') },
];

export function ratingsCsv(rows: readonly RatingRow[]): string {
  return csvText({
    name: '好差评',
    columns: RATING_COLUMNS,
    rows: rows.map((r) => RATING_COLUMNS.map((c) => c.value(r))),
  });
}
