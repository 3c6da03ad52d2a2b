/**
 * The Chinese words of the API's enums. The printed forms and the ledger use the same tables
 * (shared/documents/labels.ts); the console adds only what a screen needs beyond them.
 */
import type { Schemas } from './api/client.ts';

export {
  CASE_STATUS_NAMES,
  CATEGORY_LABELS,
  CHANNEL_LABELS,
  SATISFACTION_LABELS,
  SCOPE_KIND_LABELS,
  STANDARD_REQUIREMENTS,
  WORK_ORDER_STATUS_NAMES,
} from '../../shared/documents/labels.ts';

type ScopeKind = Schemas['Case']['scope']['kind'];

/** What the clerk should know about each kind of matter, in place (standard §5 服务范围). */
export const SCOPE_KIND_HINTS: Record<ScopeKind, string> = {
  repeated_consultation: '群众在中心咨询多次仍未办成，登记后协调承办单位办理。',
  materials_not_handled: '材料不齐或提交后未能办事：一次性告知如何补正，需要时转办。',
  dissatisfaction_complaint: '对办事过程或服务态度不满意的投诉。',
  outside_authority: '不属于本中心办事权限：登记后转办有权限的单位，或告知办理地点。',
  litigation_petition_or_filed:
    '涉法涉诉、信访、已立案的事项依法走相应程序，本窗口不予受理，须写明理由并告知途径。',
  prohibited_by_law: '法律法规文件明确规定不予办理的事项，不予受理，须写明依据与理由。',
};

export const ACCEPTED_KINDS: ScopeKind[] = [
  'repeated_consultation',
  'materials_not_handled',
  'dissatisfaction_complaint',
  'outside_authority',
];
export const REFUSED_KINDS: ScopeKind[] = ['litigation_petition_or_filed', 'prohibited_by_law'];

export const OUTCOME_LABELS: Record<'resolved' | 'answered_with_reasons' | 'withdrawn', string> = {
  resolved: '已解决',
  answered_with_reasons: '依法依规说明理由（否定答复）',
  withdrawn: '反映人撤回',
};

export const FOLLOW_UP_METHODS: Record<'phone' | 'visit' | 'sms', string> = {
  phone: '电话回访',
  visit: '上门回访',
  sms: '短信回访',
};

/** The audit trail's actions in plain Chinese; an unknown action shows its code. */
export const EVENT_LABELS: Record<string, string> = {
  'case.registered': '受理登记',
  'case.rejected': '登记（不予受理）',
  'case.confirmed': '办理对象签字确认',
  'case.answered_on_spot': '当场答复',
  'case.referred_to_task_force': '提交专班会议研究',
  'case.transferred': '转办',
  'case.closed': '办结',
  'case.followed_up': '回访',
  'case.reopened': '回访不满意，重新办理',
  'case.meeting_recorded': '记录专班会议',
  'case.attachment_added': '登记附件',
  'case.attachment_stored': '附件上传完成',
  'case.archived': '存档',
  'work_order.assigned': '派发工单',
  'work_order.acknowledged': '承办单位签收',
  'work_order.progress': '承办单位反馈进度',
  'work_order.result': '承办单位反馈结果',
  'work_order.returned': '承办单位退回',
  'work_order.recalled': '撤回工单',
  'work_order.reminded': '到期提醒',
  'work_order.overdue': '工单超期',
  'work_order.escalated': '超期督办升级',
  'work_order.delivery_failed': '工单派发失败',
  'work_order.extension_requested': '申请延期',
  'work_order.extension_approved': '同意延期',
  'work_order.extension_refused': '不同意延期',
  'work_order.suspended': '暂停计时',
  'work_order.resumed': '恢复计时',
  'work_order.reopened': '工单重新办理',
  'work_order.due_recomputed': '按新的节假日安排重算时限',
  'case.follow_up_rescheduled': '回访时限重算',
  'case.rated_by_reporter': '反映人评价',
  'case.sms_opted_out': '反映人退订短信',
  'case.status_link_reissued': '重发查询链接',
  // Older cases' texts went on the trail; newer ones are kept beside it (SMS_OUTCOME_LABELS).
  'sms.sent': '短信告知反映人',
  'sms.failed': '短信发送失败',
  'sms.cancelled': '短信已取消（反映人退订）',
  'sms.unconfirmed': '短信发送结果未确认（未重发）',
};

/** What each text to the reporter was about (短信告知). */
export const SMS_TEMPLATE_LABELS: Record<string, string> = {
  intake: '受理告知',
  transfer: '转办告知',
  result: '承办单位答复',
  closure: '办结告知',
  follow_up_invitation: '邀请评价',
};

/** Where a text to the reporter stands: still to go, or how it ended. */
export const SMS_OUTCOME_LABELS: Record<Schemas['SmsMessage']['outcome'], string> = {
  pending: '待发送',
  sent: '已发送',
  failed: '发送失败',
  cancelled: '已取消（反映人退订）',
  unconfirmed: '结果未确认（未重发）',
};
