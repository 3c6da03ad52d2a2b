/**
 * Notifications that reach people (通知送达): overdue, escalation, delivery failed, an extension
 * request and a bad rating go to the duty chief of the day and the director by e-mail and SMS;
 * escalation level 2 also to the county's supervisors (domain/notices.ts says who and what).
 *
 * Primary course of writing one (inside the change that causes it):
 *  1. Look up the people: the roster's duty day for today's date in Asia/Shanghai, the centre's
 *     director (`PutTenantBody.director`), or the county's contacts (`PUT /regions/{code}/contacts`).
 *  2. Plan the deliveries: one per person and channel, `pending`, or `undeliverable` when the
 *     person has no address on it (or nobody holds the role that day).
 *  3. Return the notification item and one outbox record per pending delivery, for the caller's
 *     own transaction (nothing is lost on a crash); after the commit the caller publishes them.
 *
 * Primary course of sending one (the work-order queue's consumer, dispatch.ts, after its claim):
 *  1. Send the e-mail (the mailer: SES / SMTP / .eml locally) or the SMS (the SmsSender).
 *  2. In ONE transaction: the delivery's entry on the notification (sent, attempts) and the
 *     record's delete. A failure is rescheduled with back-off (retry-policy.ts, as webhooks) with
 *     the entry showing the error and the next attempt; the last one leaves it `failed`.
 * The claim keeps two workers from sending it twice; between the provider's acceptance and the
 * write a crash would send it again (at-least-once, as any provider without an idempotency key).
 */
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { TransactItem } from '../adapters/case-store.ts';
import { documentClient } from '../adapters/dynamo.ts';
import { cancellationReasons } from '../adapters/dynamo-errors.ts';
import { newId } from '../adapters/ids.ts';
import { logger } from '../adapters/logger.ts';
import type { Mailer } from '../adapters/mailer.ts';
import {
  type Notification,
  notificationKey,
  putDeliveryState,
  putNotification,
} from '../adapters/notification-store.ts';
import { deleteOutbox, type OutboxRecord, putOutbox, rescheduleOutbox } from '../adapters/outbox-store.ts';
import { getRegionContacts } from '../adapters/region-contacts-store.ts';
import { SmsSendError, smsSender } from '../adapters/sms-sender.ts';
import { getDutyDay, getTenant } from '../adapters/tenant-store.ts';
import { ENV } from '../config.ts';
import { escapeHtml } from '../documents/html.ts';
import { regionName } from '../domain/divisions.ts';
import {
  type Contact,
  type Delivery,
  isDelivered,
  noticeSubject,
  planDeliveries,
  TOPIC_TITLES,
} from '../domain/notices.ts';
import { nextAttemptAt } from '../domain/retry-policy.ts';
import { smsParams, smsText } from '../domain/sms.ts';
import { formatShanghai, shanghaiDate } from '../domain/time.ts';
import { NotFoundError } from '../errors.ts';
import type { Tenant } from '../schemas/tenant.ts';

export type NoticeContent = Pick<Notification, 'topic' | 'message' | 'caseId' | 'workOrderId'>;

/** A notification with what must be written with it and sent after the commit. */
export interface OwedNotice {
  note: Notification;
  /** The notification and its outbox records: into the caller's transaction. */
  items: TransactItem[];
  eventIds: string[];
}

/** What an outbox record of a staff notice carries: every attempt sends exactly this. */
interface NoticePayload {
  note: { pk: string; sk: string };
  delivery: Delivery;
  to: string;
  subject: string;
  text: string;
  html: string;
  sms: { params: string[]; text: string };
}

/**
 * A notification to the centre: its inbox addressee is the duty chief of the day (the director
 * when the roster names nobody, or `addressee: 'director'`); a delivered topic also goes out to
 * both by e-mail and SMS. `tenant`: pass it when already loaded, to save a read.
 */
export async function centreNotice(
  tenantId: string,
  now: Date,
  content: NoticeContent,
  opts: { tenant?: Tenant; addressee?: 'director' } = {},
): Promise<OwedNotice> {
  const [duty, tenant] = await Promise.all([
    getDutyDay(tenantId, shanghaiDate(now)),
    opts.tenant ?? centreOf(tenantId),
  ]);
  const note: Notification = {
    id: newId('note'),
    tenantId,
    at: formatShanghai(now),
    recipient:
      duty && opts.addressee !== 'director'
        ? { role: 'duty_chief', staffId: duty.staffId, name: duty.staffName }
        : { role: 'director', ...(tenant?.director?.name ? { name: tenant.director.name } : {}) },
    ...content,
  };
  if (!isDelivered(content.topic)) return { note, items: [putNotification(note)], eventIds: [] };
  const people: Contact[] = [];
  const missing: { role: Contact['role']; why: string }[] = [];
  if (duty) people.push({ role: 'duty_chief', name: duty.staffName, mobile: duty.mobile, email: duty.email });
  else missing.push({ role: 'duty_chief', why: '当日值班表未排值班长' });
  if (tenant?.director) people.push({ role: 'director', ...tenant.director });
  else missing.push({ role: 'director', why: '未登记中心主任联系方式' });
  return withDeliveries(note, people, missing, tenant?.name ?? tenantId, now);
}

/** A notification to a county's supervisors (escalation level 2): their inbox, their e-mail and SMS. */
export async function countyNotice(
  tenantId: string,
  now: Date,
  content: NoticeContent,
  opts: { tenant?: Tenant } = {},
): Promise<OwedNotice> {
  const county = tenantId.slice(0, 6);
  const [contacts, tenant] = await Promise.all([
    getRegionContacts(county),
    opts.tenant ?? centreOf(tenantId),
  ]);
  const note: Notification = {
    id: newId('note'),
    tenantId,
    regionCode: county,
    at: formatShanghai(now),
    recipient: { role: 'supervisor', regionCode: county, name: `${regionName(county) ?? county}督办` },
    ...content,
  };
  const people: Contact[] = contacts.contacts.map((c) => ({ role: 'supervisor', ...c }));
  const missing = people.length
    ? []
    : [{ role: 'supervisor' as const, why: '本县（市、区）未登记督办联系人' }];
  return withDeliveries(note, people, missing, tenant?.name ?? tenantId, now);
}

/** The centre's profile; a centre that is gone still gets its inbox entry (no director to mail). */
function centreOf(tenantId: string): Promise<Tenant | undefined> {
  return getTenant({ kind: 'all' }, tenantId).catch((error: unknown) => {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  });
}

function withDeliveries(
  base: Notification,
  people: Contact[],
  missing: { role: Contact['role']; why: string }[],
  centreName: string,
  now: Date,
): OwedNotice {
  const { deliveries, owed } = planDeliveries(people, missing);
  const note: Notification = { ...base, deliveries };
  const key = notificationKey(note);
  const items: TransactItem[] = [putNotification(note)];
  const eventIds: string[] = [];
  const title = TOPIC_TITLES[note.topic] ?? '通知';
  const link = caseLink(note.caseId);
  for (const { delivery, address } of owed) {
    const greeting = delivery.name ? `${delivery.name}：` : '';
    const text = `${greeting}\n\n${note.message}\n${link ? `\n查看案件：${link}\n` : ''}\n${centreName}（办成系统自动发送）\n`;
    const html = `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><body><p>${escapeHtml(greeting)}</p><p>${escapeHtml(note.message)}</p>${link ? `<p><a href="${escapeHtml(link)}">查看案件</a></p>` : ''}<p>${escapeHtml(centreName)}（办成系统自动发送）</p></body></html>`;
    const params = smsParams([title, note.message]);
    const payload: NoticePayload = {
      note: key,
      delivery,
      to: address,
      subject: noticeSubject(note.topic, centreName),
      text,
      html,
      sms: { params, text: smsText('staff_notice', params) },
    };
    const eventId = newId('ntc');
    eventIds.push(eventId);
    items.push(
      putOutbox({
        eventId,
        eventType: `notice.${delivery.channel}`,
        workOrderId: note.workOrderId ?? '',
        caseId: note.caseId ?? '',
        tenantId: note.tenantId ?? '',
        departmentId: '',
        channel: 'notice',
        payload: JSON.stringify(payload),
        attempts: 0,
        createdAt: now.toISOString(),
        nextAttemptAt: now.toISOString(),
      }),
    );
  }
  return { note, items, eventIds };
}

function caseLink(caseId: string | undefined): string | undefined {
  const base = (process.env[ENV.publicBaseUrl] ?? '').replace(/\/+$/, '');
  return caseId && base ? `${base}/case/${caseId}` : undefined;
}

function retryCompression(): number {
  const raw = Number(process.env[ENV.webhookRetryCompress] ?? 1);
  return Number.isFinite(raw) && raw > 0 ? raw : 1;
}

/** Send one claimed `notice` outbox record and record the outcome on its notification. */
export async function deliverNotice(
  record: OutboxRecord,
  startedAt: Date,
  mailer: () => Mailer,
): Promise<'delivered' | 'retry' | 'failed' | 'skipped'> {
  const payload = JSON.parse(record.payload) as NoticePayload;
  const { delivery } = payload;
  let error: string | undefined;
  let retryable = true;
  try {
    if (delivery.channel === 'email') {
      await mailer().send({
        to: payload.to,
        subject: payload.subject,
        text: payload.text,
        html: payload.html,
        headers: { 'X-Bancheng-Notice': record.eventId },
      });
    } else {
      await smsSender().send({
        id: record.eventId,
        to: payload.to,
        template: 'staff_notice',
        params: payload.sms.params,
        text: payload.sms.text,
      });
    }
  } catch (e) {
    retryable = e instanceof SmsSendError ? e.retryable : !(e instanceof TypeError);
    // Provider messages may name the full address; the trail keeps the masked one.
    error =
      `${delivery.channel === 'email' ? '邮件' : '短信'}发送失败（${delivery.to ?? ''}）：${(e as Error).message}`
        .replaceAll(payload.to, delivery.to ?? '***')
        .slice(0, 300);
  }
  const attempts = record.attempts + 1;
  const at = formatShanghai(startedAt);
  const retryAt =
    error && retryable ? nextAttemptAt(attempts, startedAt, { compress: retryCompression() }) : undefined;
  const result = !error ? 'delivered' : retryAt ? 'retry' : 'failed';
  logger.info('staff notice send attempt', {
    eventId: record.eventId,
    channel: delivery.channel,
    to: delivery.to,
    attempts,
    result,
  });
  const state: Delivery = !error
    ? { ...delivery, status: 'sent', attempts, at }
    : retryAt
      ? { ...delivery, status: 'retrying', attempts, at, error, nextAttemptAt: formatShanghai(retryAt) }
      : { ...delivery, status: 'failed', attempts, at, error };
  const finish = retryAt ? rescheduleOutbox(record.eventId, attempts, retryAt) : deleteOutbox(record.eventId);
  try {
    await documentClient().send(
      new TransactWriteCommand({ TransactItems: [putDeliveryState(payload.note, state), finish] }),
    );
  } catch (e) {
    // Another worker finished the record first (it is gone): its outcome stands.
    if (cancellationReasons(e)?.[1]?.Code === 'ConditionalCheckFailed') return 'skipped';
    throw e;
  }
  return result;
}
