/**
 * Synthetic data for the benchmarks: centre-months of cases and work orders written straight to
 * the table with the keys the production code gives them (BatchWriteItem, deterministic).
 */
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../../shared/adapters/dynamo.ts';
import { formatShanghai } from '../../shared/domain/time.ts';
import { type Case, CHANNELS } from '../../shared/schemas/case.ts';
import type { WorkOrder } from '../../shared/schemas/work-order.ts';
import { keys } from '../../shared/table.ts';

/** A small deterministic generator, so every run seeds the same data. */
let seed = 20260301;
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed / 2 ** 31;
};
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;

const MATTERS = Array.from(
  { length: 60 },
  (_, i) =>
    `事项${String(i + 1).padStart(2, '0')}：${pick(['养老保险', '医保报销', '低保申请', '户籍迁移', '不动产登记', '社保转移'])}`,
);
const DEPARTMENTS = Array.from({ length: 8 }, (_, i) => ({ id: `dept${i + 1}`, name: `承办单位${i + 1}` }));
const SCOPES: readonly Case['scope'][] = [
  { kind: 'repeated_consultation', accepted: true },
  { kind: 'materials_not_handled', accepted: true },
  { kind: 'dissatisfaction_complaint', accepted: true },
  { kind: 'outside_authority', accepted: true },
  { kind: 'litigation_petition_or_filed', accepted: false, reason: '已立案' },
];
const clerk = { id: 'staff-1', name: '窗口人员' };
export const HOUR = 3_600_000;

/** One centre-month of cases (a share transferred as work orders, most closed and followed up), as stored items. */
export function seedCentre(tenantId: string, count: number, start: Date, end: Date, transferShare = 0.3) {
  const items: Record<string, unknown>[] = [];
  const span = end.getTime() - start.getTime();
  for (let i = 1; i <= count; i++) {
    const accepted = new Date(start.getTime() + Math.floor(random() * (span - 48 * HOUR)));
    const acceptedAt = formatShanghai(accepted);
    const id = `case_${tenantId}${String(i).padStart(17, '0')}`;
    const number = `${tenantId}-2026-${String(i).padStart(5, '0')}`;
    const scope = pick(SCOPES);
    const closedAt = formatShanghai(new Date(accepted.getTime() + 30 * HOUR));
    const closed = scope.accepted && random() < 0.7;
    const rated = closed && random() < 0.7;
    const satisfaction = 1 + Math.floor(random() * 5);
    const c: Case = {
      id,
      number,
      tenantId,
      status: closed ? (rated ? 'followed_up' : 'closed') : scope.accepted ? 'registered' : 'rejected',
      version: 3,
      channel: pick(CHANNELS),
      reporter: { name: '张三', phone: '13800000000' },
      scope,
      matter: pick(MATTERS),
      description: '反映人三次来办均被告知材料不全，每次要求不同，'.repeat(6),
      assisted: random() < 0.4,
      notice: {
        materialsComplete: false,
        howToSupplement: '补充户口簿复印件',
        nextSteps: '材料补齐后递交',
        accepted: scope.accepted,
      },
      acceptedAt,
      acceptedBy: clerk,
      confirmation: null,
      opinion: null,
      ...(closed
        ? { closure: { outcome: 'resolved' as const, resolution: '已办结', closedAt, closedBy: clerk } }
        : {}),
      ...(rated
        ? {
            followUps: [
              {
                method: 'phone' as const,
                satisfaction,
                round: 1,
                at: formatShanghai(new Date(accepted.getTime() + 40 * HOUR)),
                by: clerk,
                onTime: random() < 0.9,
                reopened: satisfaction <= 2,
              },
            ],
          }
        : {}),
      updatedAt: acceptedAt,
    };
    items.push({
      ...keys.case(id),
      ...keys.caseLedger(tenantId, accepted.toISOString(), number),
      type: 'case',
      ledgerAt: accepted.toISOString(),
      lastEventSeq: 3,
      lastEventHash: '0'.repeat(64),
      ...c,
    });
    if (!scope.accepted || random() >= transferShare) continue;
    const dept = pick(DEPARTMENTS);
    const transferred = new Date(accepted.getTime() + HOUR);
    const due = new Date(transferred.getTime() + 48 * HOUR);
    const answeredLate = random() < 0.15;
    const answer = new Date(due.getTime() + (answeredLate ? 20 : -20) * HOUR);
    const woId = `wo_${id.slice(5)}_1`;
    const wo: WorkOrder = {
      id: woId,
      number: `${number}-1`,
      caseId: id,
      caseNumber: number,
      tenantId,
      departmentId: dept.id,
      departmentName: dept.name,
      deliveryChannel: 'webhook',
      category: pick(['simple', 'general', 'complex'] as const),
      requirements: '及时协调解决，2个工作日内整改反馈',
      status: 'completed',
      overdue: false,
      escalationLevel: answeredLate ? 1 : 0,
      dueAt: formatShanghai(due),
      provisional: false,
      transferredAt: formatShanghai(transferred),
      transferredBy: clerk,
      feedback: [
        { kind: 'result', content: '已办理', at: formatShanghai(answer), by: { id: 'd', name: '承办人' } },
      ],
      ...(answeredLate ? { overdueAt: formatShanghai(due) } : {}),
      attempts: [],
      version: 3,
      updatedAt: formatShanghai(answer),
    };
    items.push({
      ...keys.workOrder(id, 1),
      ...keys.workOrderLedger(tenantId, transferred.toISOString(), wo.number),
      type: 'workOrder',
      ...wo,
    });
  }
  return items;
}

/** BatchWriteItem in chunks of 25, eight at a time, retrying unprocessed items. */
export async function batchWrite(items: Record<string, unknown>[], tableName: string) {
  const chunks: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += 25) chunks.push(items.slice(i, i + 25));
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < chunks.length) {
        let request = { [tableName]: chunks[next++]!.map((Item) => ({ PutRequest: { Item } })) };
        while (request[tableName]?.length) {
          const out = await documentClient().send(new BatchWriteCommand({ RequestItems: request }));
          request = (out.UnprocessedItems ?? {}) as typeof request;
        }
      }
    }),
  );
}

/** A centre as PUT /tenants stores it, in the registry the monthly run reads. */
export function tenantItem(tenantId: string, name = `测试中心${tenantId}`) {
  return {
    ...keys.tenant(tenantId),
    ...keys.tenantRegistry(tenantId),
    type: 'tenant',
    tenantId,
    name,
    officeHours: { end: '17:30' },
    version: 1,
    updatedAt: '2026-01-01T00:00:00+08:00',
  };
}
