/** Chinese wording of the enums that the printed documents show, in the standard's own words where it has them. */
import type { Case } from '../schemas/case.ts';
import type { Category } from '../schemas/work-order.ts';

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
