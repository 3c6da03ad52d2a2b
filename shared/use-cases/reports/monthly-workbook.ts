/** The monthly bulletin as a workbook: the same figures as the printable page, one sheet per table. */
import { formatDateTime } from '../../documents/format.ts';
import {
  CATEGORY_LABELS,
  CHANNEL_LABELS,
  SATISFACTION_LABELS,
  SCOPE_KIND_LABELS,
} from '../../documents/labels.ts';
import type { BlockingRow, MonthlyReport, RankedRow } from '../../schemas/report.ts';
import { at, type Cell, type Sheet, rate as share, xlsxBuffer } from './workbook.ts';

const col = (header: string, width = 12) => ({ header, width });

function blockingSheet(name: string, first: string, rows: readonly BlockingRow[]): Sheet {
  return {
    name,
    columns: [
      col('序号', 6),
      col(first, 30),
      col('件数'),
      col('超期'),
      col('不满意'),
      col('件数较上月'),
      col('超期较上月'),
      col('不满意较上月'),
    ],
    rows: rows.map((r, i) => [
      i + 1,
      r.name,
      r.cases,
      r.breaches,
      r.dissatisfied,
      r.change?.cases ?? null,
      r.change?.breaches ?? null,
      r.change?.dissatisfied ?? null,
    ]),
  };
}

function rankingSheet(name: string, rows: readonly RankedRow[]): Sheet {
  const rate = (n: number, d: number) => share(d > 0 ? n / d : null);
  return {
    name,
    columns: [
      col('名次', 6),
      col('编码', 12),
      col('名称', 30),
      col('受理'),
      col('按时反馈率'),
      col('超期'),
      col('办结率'),
      col('回访及时率'),
      col('满意度得分'),
      col('综合得分'),
    ],
    rows: rows.map((r) => [
      r.rank,
      r.region,
      r.name,
      r.inputs.accepted,
      rate(r.inputs.feedbackOnTime, r.inputs.feedbackEvaluated),
      r.inputs.breaches,
      rate(r.inputs.closed, (r.inputs.openAtStart ?? 0) + r.inputs.accepted + (r.inputs.reopened ?? 0)),
      rate(r.inputs.followUpOnTime, r.inputs.followUpOwed),
      r.score.components.satisfaction,
      r.score.score,
    ]),
  };
}

export function monthlyWorkbook(report: MonthlyReport): Buffer {
  const s = report.statistics;
  const figures: [string, Cell][] = [
    ['名称', report.name],
    ['月份', report.month],
    ['统计期间', `${formatDateTime(report.period.from)} 至 ${formatDateTime(report.period.to)}（不含）`],
    ['中心数', report.centreCount],
    ['登记', s.received],
    ['受理', s.accepted],
    ['不予受理', s.refused],
    ['帮办代办', s.assisted],
    ...Object.entries(s.byChannel).map(([k, v]): [string, number] => [
      `渠道：${CHANNEL_LABELS[k as keyof typeof CHANNEL_LABELS]}`,
      v,
    ]),
    ...Object.entries(s.byScopeKind).map(([k, v]): [string, number] => [
      `服务范围：${SCOPE_KIND_LABELS[k as keyof typeof SCOPE_KIND_LABELS]}`,
      v,
    ]),
    ['转办工单', s.transfers.total],
    ...Object.entries(s.transfers.byCategory).map(([k, v]): [string, number] => [
      `转办：${CATEGORY_LABELS[k as keyof typeof CATEGORY_LABELS]}`,
      v,
    ]),
    ['按时反馈', s.onTimeFeedback.onTime],
    ['超期（逾期反馈）', s.onTimeFeedback.late],
    ['超期（未反馈）', s.onTimeFeedback.unanswered],
    ['按时反馈率', share(s.onTimeFeedback.rate)],
    ['办结', s.closure.closed],
    ['办结率', share(s.closure.rate)],
    ['月初未办结', s.carryOver?.openAtStart ?? null],
    ['重新办理', s.carryOver?.reopened ?? null],
    ['月末未办结', s.carryOver?.openAtEnd ?? null],
    ['应回访', s.followUp.owed],
    ['已回访', s.followUp.done],
    ['按时回访', s.followUp.onTime],
    ['回访率', share(s.followUp.rate)],
    ['回访及时率', share(s.followUp.onTimeRate)],
    ...(['5', '4', '3', '2', '1'] as const).map((k): [string, number] => [
      `满意度：${SATISFACTION_LABELS[Number(k)]}`,
      s.satisfaction.counts[k],
    ]),
    ['平均满意度', s.satisfaction.average],
    ['好评率', share(s.satisfaction.goodRate)],
    ['综合得分', report.score.score],
  ];
  const sheets: Sheet[] = [
    { name: '概况', columns: [col('指标', 36), col('数值', 40)], rows: figures },
    {
      name: '承办单位',
      columns: [
        col('承办单位', 30),
        col('转办'),
        col('按时反馈'),
        col('超期'),
        col('按时反馈率'),
        col('回访不满意'),
      ],
      rows: s.departments.map((d) => [
        d.departmentName,
        d.transferred,
        d.onTime,
        d.breaches,
        share(d.onTimeRate),
        d.dissatisfied,
      ]),
    },
    {
      name: '超期清单',
      columns: [
        col('工单编号', 26),
        col('案件编号', 22),
        col('承办单位', 24),
        col('反映事项', 24),
        col('问题类别'),
        col('所超时限', 18),
        col('判定超期', 18),
        col('此后时限', 18),
        col('反馈情况', 24),
      ],
      rows: s.overdue.items.map((o) => [
        o.number,
        o.caseNumber,
        o.departmentName,
        o.matter,
        CATEGORY_LABELS[o.category],
        at(o.breachedDueAt ?? o.dueAt),
        at(o.breachAt),
        at(o.laterDueAt),
        o.answeredAt ? `逾期反馈 ${formatDateTime(o.answeredAt)}` : '未反馈',
      ]),
    },
    blockingSheet('堵点事项', '反映事项', s.blockingPoints.matters),
    blockingSheet('堵点单位', '承办单位', s.blockingPoints.departments),
  ];
  if (report.level !== 'centre') {
    if (report.level !== 'county') sheets.push(rankingSheet('下级区域排名', report.children));
    sheets.push(rankingSheet('中心排名', report.centres));
  }
  return xlsxBuffer(sheets);
}
