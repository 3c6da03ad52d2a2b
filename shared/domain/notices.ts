/**
 * Staff notifications that are delivered, not only listed (通知送达): which topics go out, to
 * whom, and what each delivery says. Plain rules, no I/O: the use case (shared/use-cases/
 * staff-notices.ts) looks up the people and writes the outbox.
 *
 * Who hears what:
 *  - overdue (超期), escalation (升级), `delivery_failed` (派发失败), an extension request (延期申请)
 *    and a bad rating (差评 / 回访不满意) reach the duty chief of the day (值班长, from the roster)
 *    and the centre's director (中心主任), each by e-mail and by SMS where the contact has one;
 *  - escalation level 2 also reaches the county's supervisors (县级督办, `PUT /regions/{code}/contacts`)
 *    and their inbox.
 * A person without a mobile number or e-mail address is recorded as not deliverable on that
 * channel: nothing is sent and nothing is retried, and the inbox shows why.
 */
import { maskPhone } from './sms.ts';

/** The topics that are delivered by e-mail and SMS; every other notification stays in the inbox. */
export const DELIVERED_TOPICS = [
  'work_order.overdue',
  'work_order.escalated',
  'work_order.delivery_failed',
  'work_order.extension_requested',
  'case.reopened',
  'case.rated_badly',
] as const;

export function isDelivered(topic: string): boolean {
  return (DELIVERED_TOPICS as readonly string[]).includes(topic);
}

/** What the e-mail subject and the SMS lead with, per topic. */
export const TOPIC_TITLES: Record<string, string> = {
  'work_order.overdue': '工单超期',
  'work_order.escalated': '工单升级督办',
  'work_order.delivery_failed': '工单派发失败',
  'work_order.extension_requested': '延期申请待审批',
  'case.reopened': '回访不满意',
  'case.rated_badly': '群众差评',
};

export type RecipientRole = 'duty_chief' | 'director' | 'supervisor';

/** A person to be told, as the roster, the centre or the region's contact list names them. */
export interface Contact {
  role: RecipientRole;
  name?: string;
  mobile?: string;
  email?: string;
}

export type DeliveryChannel = 'email' | 'sms';

/**
 * One delivery of a notification to one person on one channel, as the inbox shows it.
 * `pending`: owed (an outbox record exists); `retrying`: failed, another attempt is due;
 * `sent`; `failed`: given up (the error says why); `undeliverable`: the person has no
 * address on this channel, or nobody holds the role (no duty chief on the roster).
 */
export interface Delivery {
  id: string;
  channel: DeliveryChannel;
  role: RecipientRole;
  name?: string;
  /** Masked: `138****5678`, `w***@example.gov.cn`. */
  to?: string;
  status: 'pending' | 'retrying' | 'sent' | 'failed' | 'undeliverable';
  attempts: number;
  error?: string;
  /** Shanghai ISO: the last change (sent, failed, next retry written). */
  at?: string;
  nextAttemptAt?: string;
}

/** A delivery that is owed: the full address travels only in the outbox record. */
export interface OwedDelivery {
  delivery: Delivery;
  address: string;
}

/** `wang.qiang@example.gov.cn` → `w***@example.gov.cn`: an address as the inbox shows it. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '***';
  return `${email[0]}***${email.slice(at)}`;
}

/**
 * The deliveries of one notification: per person, one per channel. `ids` names each
 * (`d1`, `d2` … in order) so the outbox record can find its entry again.
 */
export function planDeliveries(
  people: readonly Contact[],
  missing: readonly { role: RecipientRole; why: string }[] = [],
): { deliveries: Delivery[]; owed: OwedDelivery[] } {
  const deliveries: Delivery[] = [];
  const owed: OwedDelivery[] = [];
  const nextId = () => `d${deliveries.length + 1}`;
  for (const m of missing) {
    for (const channel of ['email', 'sms'] as const) {
      deliveries.push({
        id: nextId(),
        channel,
        role: m.role,
        status: 'undeliverable',
        attempts: 0,
        error: m.why,
      });
    }
  }
  for (const p of people) {
    const base = { role: p.role, ...(p.name ? { name: p.name } : {}), attempts: 0 };
    const email = p.email?.trim();
    if (email) {
      const delivery: Delivery = {
        id: nextId(),
        channel: 'email',
        ...base,
        to: maskEmail(email),
        status: 'pending',
      };
      deliveries.push(delivery);
      owed.push({ delivery, address: email });
    } else {
      deliveries.push({
        id: nextId(),
        channel: 'email',
        ...base,
        status: 'undeliverable',
        error: '未登记电子邮箱',
      });
    }
    const mobile = p.mobile?.trim();
    if (mobile) {
      const delivery: Delivery = {
        id: nextId(),
        channel: 'sms',
        ...base,
        to: maskPhone(mobile),
        status: 'pending',
      };
      deliveries.push(delivery);
      owed.push({ delivery, address: mobile });
    } else {
      deliveries.push({
        id: nextId(),
        channel: 'sms',
        ...base,
        status: 'undeliverable',
        error: '未登记手机号码',
      });
    }
  }
  return { deliveries, owed };
}

/** `2026-10-09T17:30:00+08:00` → `2026年10月9日 17:30` (Asia/Shanghai), as a person writes it. */
export function spokenTime(iso: string): string {
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime())) return iso;
  const shifted = new Date(instant.getTime() + 8 * 3600_000);
  const hh = String(shifted.getUTCHours()).padStart(2, '0');
  const mm = String(shifted.getUTCMinutes()).padStart(2, '0');
  return `${shifted.getUTCFullYear()}年${shifted.getUTCMonth() + 1}月${shifted.getUTCDate()}日 ${hh}:${mm}`;
}

/** The e-mail subject of a notification: `【办成】工单超期：工单 … `, one line. */
export function noticeSubject(topic: string, centreName: string): string {
  return `【办成·${TOPIC_TITLES[topic] ?? '通知'}】${centreName}`.replace(/\s+/g, ' ');
}
