/**
 * The closed lists of a case (channels, scope kinds, statuses), apart from the schemas built on
 * them: code that needs only a list (the domain rules) builds no schema at import. Re-exported
 * by ./case.ts.
 */
export const CHANNELS = ['onsite', 'phone', 'online'] as const;

/** 服务范围: the four accepted kinds and the two refused ones (standard §5). */
export const ACCEPTED_SCOPE_KINDS = [
  'repeated_consultation',
  'materials_not_handled',
  'dissatisfaction_complaint',
  'outside_authority',
] as const;
export const REFUSED_SCOPE_KINDS = ['litigation_petition_or_filed', 'prohibited_by_law'] as const;

export const CASE_STATUSES = [
  'registered',
  'rejected',
  'answered_on_spot',
  'in_meeting',
  'transferred',
  'closed',
  'reopened',
  'followed_up',
  'archived',
] as const;

/**
 * Where a text message to the reporter stands (its record beside the case, 短信告知记录):
 * `pending` until the worker settles it, then how it ended.
 */
export const SMS_OUTCOMES = ['pending', 'sent', 'failed', 'cancelled', 'unconfirmed'] as const;
export type SmsOutcome = (typeof SMS_OUTCOMES)[number];
