/**
 * Text messages to the reporter (短信): which ones exist, their parameters and the text each
 * one reads as. The provider (Tencent Cloud SMS, or Aliyun) sends an approved template by id
 * with positional parameters and adds the signature (签名) itself, so the text here is what
 * the template says on the provider's side, kept in one place for the local inbox, the case
 * timeline and the template application (README: SMS configuration).
 */

export const SMS_TEMPLATES = [
  'intake',
  'transfer',
  'result',
  'closure',
  'follow_up_invitation',
  'staff_notice',
] as const;
export type SmsTemplate = (typeof SMS_TEMPLATES)[number];

/** Positional parameters per template, in the order the provider template numbers them ({1}, {2} …). */
export const SMS_TEMPLATE_TEXT: Record<SmsTemplate, { params: readonly string[]; text: string }> = {
  intake: {
    params: ['caseNumber', 'statusLink'],
    text: '您反映的“办不成事”问题已受理，编号{1}。查询办理进度：{2}',
  },
  transfer: {
    params: ['caseNumber', 'unit', 'dueDate'],
    text: '您反映的问题（编号{1}）已转交{2}办理，办理时限{3}。',
  },
  result: {
    params: ['caseNumber', 'unit', 'answer'],
    text: '您反映的问题（编号{1}）{2}答复：{3}',
  },
  closure: {
    params: ['caseNumber'],
    text: '您反映的问题（编号{1}）已办结，感谢您的监督。',
  },
  follow_up_invitation: {
    params: ['caseNumber', 'statusLink'],
    text: '请对您反映的问题（编号{1}）的办理情况作出评价：{2}',
  },
  /** To staff, not the reporter: the duty chief, the director, a county supervisor (domain/notices.ts). */
  staff_notice: {
    params: ['title', 'message'],
    text: '【{1}】{2}请登录办成系统处理。',
  },
};

/** Providers cap a template parameter's length; a longer answer is cut with an ellipsis. */
export const MAX_PARAM_LENGTH = 120;

/** The message text as the reporter will read it (without the signature the provider adds). */
export function smsText(template: SmsTemplate, params: readonly string[]): string {
  return SMS_TEMPLATE_TEXT[template].text.replace(
    /\{(\d+)\}/g,
    (_, n: string) => params[Number(n) - 1] ?? '',
  );
}

/** Parameters as sent: trimmed, one line, at most MAX_PARAM_LENGTH characters. */
export function smsParams(values: readonly string[]): string[] {
  return values.map((v) => {
    const line = v.replace(/\s+/g, ' ').trim();
    return line.length > MAX_PARAM_LENGTH ? `${line.slice(0, MAX_PARAM_LENGTH - 1)}…` : line;
  });
}

const MAINLAND_MOBILE = /^1[3-9]\d{9}$/;

/** Only mainland mobile numbers receive text messages (a landline given at intake does not). */
export function isMobileNumber(phone: string): boolean {
  return MAINLAND_MOBILE.test(phone.replace(/[\s-]/g, '').replace(/^\+?86/, ''));
}

/** `13812345678` → `138****5678`: how a number appears anywhere but the provider call. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return digits.length >= 7 ? `${digits.slice(0, 3)}****${digits.slice(-4)}` : '****';
}
