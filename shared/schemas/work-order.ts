/** Work order (工单, one per transfer — Form A.2) schemas. */
import * as z from 'zod';
import { Actor, IsoDateTime } from './common.ts';

export const CATEGORIES = ['simple', 'general', 'complex'] as const;
export const Category = z.enum(CATEGORIES).meta({ description: '问题类别：简单 / 一般 / 复杂' });
export type Category = z.infer<typeof Category>;

/** The standard's 办理要求 wording per category (Table A.2). */
export const STANDARD_REQUIREMENTS: Record<Category, string> = {
  simple: '即收即转即办',
  general: '及时协调解决，2个工作日内整改反馈',
  complex: '研究分析，5个工作日内反馈办理进度、说明理由，持续跟踪督办直至办结',
};

export const WORK_ORDER_STATUSES = [
  'pending_delivery',
  'delivered',
  'acknowledged',
  'in_progress',
  'completed',
  'returned',
  'recalled',
  'delivery_failed',
] as const;
export const WorkOrderStatus = z.enum(WORK_ORDER_STATUSES);

export const WorkOrder = z
  .object({
    id: z.string(),
    number: z.string().meta({ description: '工单编号 {caseNumber}-{n}', example: '510104001-2026-00001-1' }),
    caseId: z.string(),
    caseNumber: z.string(),
    tenantId: z.string(),
    departmentId: z.string(),
    departmentName: z.string(),
    category: Category,
    requirements: z.string().meta({ description: '办理要求' }),
    otherRequirements: z.string().optional().meta({ description: '其他办理要求' }),
    note: z.string().optional().meta({ description: '备注' }),
    status: WorkOrderStatus,
    overdue: z.boolean(),
    escalationLevel: z.number().int(),
    dueAt: IsoDateTime,
    provisional: z.boolean(),
    transferredAt: IsoDateTime,
    transferredBy: Actor,
    version: z.number().int(),
  })
  .meta({ id: 'WorkOrder' });
export type WorkOrder = z.infer<typeof WorkOrder>;
