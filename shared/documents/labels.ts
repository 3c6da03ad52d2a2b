/** Chinese wording of the enums that the printed documents show, in the standard's own words where it has them. */
import type { Case } from '../schemas/case.ts';
import type { Category, WorkOrderStatus } from '../schemas/work-order.ts';

export type ScopeKind = Case['scope']['kind'];

/** 服务范围 (standard §5): the four accepted kinds, then the two refused ones. */
export const SCOPE_KIND_LABELS: Record<ScopeKind, string> = {
  repeated_consultation: '在便民中心咨询多次后仍未能办成事',
  materials_not_handled: '提交申请材料不齐或者提交后未能办事',
  dissatisfaction_complaint: '办事不满意投诉',
  outside_authority: '不属于本便民中心办事权限',
  litigation_petition_or_filed: '涉法涉诉、信访、已立案等事项（不予受理）',
  prohibited_by_law: '法律法规文件明确规定不予办理的事项（不予受理）',
};

export const CHANNEL_LABELS: Record<Case['channel'], string> = {
  onsite: '现场反映',
  phone: '投诉电话',
  online: '网上反映',
};

/** 问题类别 as Table A.2 names them. */
export const CATEGORY_LABELS: Record<Category, string> = {
  simple: '简单问题',
  general: '一般问题',
  complex: '复杂问题',
};

/** Case statuses in the words the window and the ledger use. */
export const CASE_STATUS_NAMES: Record<Case['status'], string> = {
  registered: '已登记',
  rejected: '不予受理',
  answered_on_spot: '已当场答复',
  in_meeting: '专班会议研究中',
  transferred: '已转办',
  closed: '已办结',
  reopened: '已重新办理',
  followed_up: '已回访',
  archived: '已存档',
};

/** Work-order statuses as the centre and the department say them. */
export const WORK_ORDER_STATUS_NAMES: Record<WorkOrderStatus, string> = {
  pending_delivery: '待派发',
  delivered: '已送达',
  acknowledged: '已签收',
  in_progress: '办理中',
  completed: '已办结',
  returned: '已退回',
  recalled: '已撤回',
  delivery_failed: '派发失败',
};

/** 好差评 five levels: 5 非常满意 … 1 非常不满意. */
export const SATISFACTION_LABELS: Record<number, string> = {
  5: '非常满意',
  4: '满意',
  3: '基本满意',
  2: '不满意',
  1: '非常不满意',
};

/** The standard's 办理要求 wording per category (Table A.2). */
export const STANDARD_REQUIREMENTS: Record<Category, string> = {
  simple: '即收即转即办',
  general: '及时协调解决，2个工作日内整改反馈',
  complex: '研究分析，5个工作日内反馈办理进度、说明理由，持续跟踪督办直至办结',
};
