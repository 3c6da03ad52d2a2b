/**
 * Changing the calendar (工作日历变更): an admin enters a published holiday notice for a year
 * (`PUT /calendar/years/{year}`: the State Council's, or a prefecture's for a region prefix) or
 * corrects one day (`PUT /calendar/overrides/{date}`), and every deadline still running that
 * the change reaches is recomputed.
 *
 * Primary course of a change:
 *  1. Validate (a notice: dates inside its year, none twice, none both off and working, make-up
 *     days on Saturdays or Sundays, every statutory day off — one Chinese detail per field).
 *  2. Read the calendar as stored (past the cache); compare every day the change covers (a
 *     notice's year, an override's date) on the calendar before and after it: the days whose
 *     verdict changed, and whether any day's certainty (`provisional`) did.
 *  3. One transaction: the notice/override and, when a verdict or certainty changed, a change
 *     record naming what it replaced. Then one message on the `calendarRecompute` queue; the
 *     request ends.
 *  4. The worker (`runCalendarRecompute`), one page of the `byOpen` index per message (no Scan;
 *     the province — or the notice's region — in the index's key range), for each open work
 *     order and owed follow-up whose period reaches into the covered days: the same number of working
 *     days from the same start, counted on the calendar after the change (`movedPeriod`); if
 *     the due time moves, in one transaction per order the new due time, one audit event (old →
 *     new, the reason: the notice's title and number, or the override's), a message to the
 *     department (outbox) and a notification to the centre; after the commit its one-time
 *     schedules move. It then queues the next page, or marks the change done.
 *
 * Why a worker: a notice for next year reaches every order open across the year end in ~3,100
 * centres — thousands of transactions. A page of `RECOMPUTE_PAGE` orders bounds each message
 * well inside the worker's timeout, and the request stays two reads and one transaction.
 *
 * Idempotent: each order records the change ids it was recomputed for (`calendarChanges`), so
 * a redelivered page moves nothing twice; schedule names carry the due time (a repeated create
 * is a no-op, a cancel of a gone one is fine). Orders answered, returned or recalled are not in
 * `byOpen`: their history stays. An order whose due time was set after the change (transferred,
 * progress reported or an extension decided since) was counted on the new calendar and is left
 * alone — but a plain transfer within a minute of it (another process's cached calendar) is
 * counted again from its rule. A follow-up of a case closed after the change is left alone.
 * Not exact: an order resumed after a suspension keeps no record of when, so its period is
 * taken from the transfer (or last progress report). A lost queue send leaves the record `pending`; the next change (or the retry
 * the 503 asks for) sends it again. A later correction is one more change on the same path.
 */

import {
  CACHE_TTL_MS,
  type CalendarChange,
  type CalendarData,
  type ChangedItem,
  getCalendarChange,
  listPendingChanges,
  readCalendarData,
  recordRecomputePage,
  saveCalendarItem,
} from '../adapters/calendar-store.ts';
import type { StoredCase } from '../adapters/case-store.ts';
import { clock } from '../adapters/clock.ts';
import { table } from '../adapters/dynamo.ts';
import { newId } from '../adapters/ids.ts';
import { logger } from '../adapters/logger.ts';
import { putNotification } from '../adapters/notification-store.ts';
import { decodeCursor, queryPage } from '../adapters/paging.ts';
import { sendMessage } from '../adapters/queue.ts';
import { getTenant } from '../adapters/tenant-store.ts';
import { type Calendar, createCalendar, NATIONAL_SCHEDULE_YEARS } from '../domain/calendar.ts';
import { compareCalendars, movedPeriod } from '../domain/calendar-change.ts';
import { DEFAULT_OFFICE_HOURS_END, dueAt as ruleDueAt } from '../domain/deadlines.ts';
import type { Principal } from '../domain/identity.ts';
import { spokenTime } from '../domain/notices.ts';
import { statutoryDays } from '../domain/statutory.ts';
import { formatShanghai, shanghaiDate, shanghaiInstant } from '../domain/time.ts';
import { isOpen } from '../domain/work-order.ts';
import { ConflictError, NotFoundError, ServiceUnavailableError, ValidationError } from '../errors.ts';
import {
  type CalendarChangeSummary,
  type CalendarNotice,
  type CalendarOverride,
  noticeProblems,
  type PutOverrideBody,
  type PutYearBody,
  type YearNotices,
} from '../schemas/calendar.ts';
import type { Tenant } from '../schemas/tenant.ts';
import type { WorkOrder } from '../schemas/work-order.ts';
import { table as tableDef } from '../table.ts';
import { calendarRegionOf } from './calendar.ts';
import { changeCase } from './case-changes.ts';
import { cancelChecks, outboxFor, scheduleChecks } from './supervision.ts';
import { changeWorkOrder, notifyDutyChief } from './work-orders.ts';

/** Work orders and follow-ups per worker message. */
export const RECOMPUTE_PAGE = 50;
/** A pending change untouched this long lost its message (a page takes well under a minute). */
const STALE_CHANGE_MS = 15 * 60_000;
/** Every centre of the deployment is in Sichuan: the `byOpen` partition of a province-wide change. */
const PROVINCE = '51';
/** How many change ids an order remembers; more changes than this in one order's life do not happen. */
const REMEMBERED_CHANGES = 10;

export interface RecomputeMessage {
  changeId: string;
  /** The `byOpen` position after the last page done. */
  cursor?: string;
  /** Orders per page (default `RECOMPUTE_PAGE`): a backlog can be re-driven in smaller pages. */
  pageSize?: number;
}

function calendarOn(data: CalendarData, region: string | undefined): Calendar {
  return createCalendar({
    ...(region !== undefined ? { region } : {}),
    overrides: data.overrides,
    notices: data.notices,
  });
}

/** The calendar data with the changed item as it was before (`previous`) or after (`current`). */
function withItem(data: CalendarData, item: ChangedItem, which: 'previous' | 'current'): CalendarData {
  const value = item[which];
  if (item.kind === 'notice') {
    const others = data.notices.filter((n) => !(n.year === item.year && n.region === item.region));
    return { ...data, notices: value ? [...others, value as CalendarNotice] : others };
  }
  const others = data.overrides.filter((o) => !(o.date === item.date && o.region === item.region));
  return { ...data, overrides: value ? [...others, value as CalendarOverride] : others };
}

/** Resend the message of every change whose recompute stopped (a lost send, a crashed chain). */
async function resumeStaleChanges(now: Date): Promise<void> {
  for (const change of await listPendingChanges()) {
    const last = new Date(change.lastPageAt ?? change.at).getTime();
    if (now.getTime() - last < STALE_CHANGE_MS) continue;
    logger.warn('resuming a calendar recompute', { changeId: change.id });
    await sendMessage('calendarRecompute', { changeId: change.id } satisfies RecomputeMessage);
  }
}

async function commitChange(
  principal: Principal,
  build: (
    before: CalendarData,
    at: string,
  ) => { item: ChangedItem; from: string; to: string; reason: string },
): Promise<CalendarChangeSummary> {
  const now = clock.now();
  await resumeStaleChanges(now).catch((error: unknown) =>
    logger.warn('could not resume stale calendar changes', { error }),
  );
  const at = formatShanghai(now);
  const before = await readCalendarData();
  const { item, from, to, reason } = build(before, at);
  const after = withItem(before, item, 'current');
  const { changed, certaintyChanged } = compareCalendars(
    calendarOn(before, item.region),
    calendarOn(after, item.region),
    from,
    to,
  );
  const change: CalendarChange | undefined =
    changed.length || certaintyChanged
      ? {
          id: newId('calchg'),
          at,
          by: { id: principal.id, name: principal.name },
          reason,
          item,
          changedDays: changed,
          reach: { from, to },
          status: 'pending',
        }
      : undefined;
  await saveCalendarItem(item, change);
  if (!change) return { id: null, changedDays: [], status: 'done' };
  try {
    await sendMessage('calendarRecompute', { changeId: change.id } satisfies RecomputeMessage);
  } catch (error) {
    logger.error('calendar recompute not queued; a retry resends it', { changeId: change.id, error });
    throw new ServiceUnavailableError('已保存，但未办结工单的期限重新计算未能启动，请稍后原样重试一次');
  }
  return { id: change.id, changedDays: changed, status: 'queued' };
}

/** `PUT /calendar/years/{year}`: a published notice replaces the year's (or region's) provisional verdicts. */
export async function publishYear(
  principal: Principal,
  year: number,
  body: PutYearBody,
): Promise<{ notice: CalendarNotice; recompute: CalendarChangeSummary }> {
  const statutory = body.region === undefined ? statutoryDays(year).filter((d) => !d.substitute) : [];
  const problems = noticeProblems(year, body, statutory);
  if (problems.length) throw new ValidationError('节假日安排有误，请检查标出的字段', problems);
  let notice: CalendarNotice | undefined;
  const recompute = await commitChange(principal, (before, at) => {
    notice = { ...body, year, updatedAt: at, updatedBy: { id: principal.id, name: principal.name } };
    const previous = before.notices.find((n) => n.year === year && n.region === body.region);
    return {
      item: {
        kind: 'notice',
        year,
        ...(body.region !== undefined ? { region: body.region } : {}),
        ...(previous ? { previous } : {}),
        current: notice,
      },
      from: `${year}-01-01`,
      to: `${year}-12-31`,
      reason: `${body.title}（${body.number}）`,
    };
  });
  return { notice: notice!, recompute };
}

/** `GET /calendar/years/{year}`: the notices entered for a year, and where its national schedule comes from. */
export async function yearNotices(year: number): Promise<YearNotices> {
  const notices = (await readCalendarData()).notices
    .filter((n) => n.year === year)
    .sort((a, b) => (a.region ?? '').localeCompare(b.region ?? ''));
  const schedule = notices.some((n) => n.region === undefined)
    ? 'entered'
    : NATIONAL_SCHEDULE_YEARS.includes(year)
      ? 'packaged'
      : 'provisional';
  return { year, schedule, notices };
}

/** `PUT /calendar/overrides/{date}`: one day corrected; the deadlines it reaches are recomputed. */
export async function overrideDay(
  principal: Principal,
  date: string,
  body: PutOverrideBody,
): Promise<CalendarOverride & { recompute: CalendarChangeSummary }> {
  let override: CalendarOverride | undefined;
  const recompute = await commitChange(principal, (before, at) => {
    override = { ...body, date, updatedAt: at, updatedBy: { id: principal.id, name: principal.name } };
    const previous = before.overrides.find((o) => o.date === date && o.region === body.region);
    return {
      item: {
        kind: 'override',
        date,
        ...(body.region !== undefined ? { region: body.region } : {}),
        ...(previous ? { previous } : {}),
        current: override,
      },
      from: date,
      to: date,
      reason: `工作日历调整：${date}${body.workday ? '上班' : '不上班'}（${body.name}）`,
    };
  });
  return { ...override!, recompute };
}

// ---------------------------------------------------------------------------------------
// The worker
// ---------------------------------------------------------------------------------------

interface Calendars {
  change: CalendarChange;
  before: CalendarData;
  after: CalendarData;
}

/** When the order's present due time was set; one set after the change already counts on it. */
function dueSetAt(wo: WorkOrder): number {
  const instants = [wo.transferredAt, ...wo.feedback.filter((f) => f.kind === 'progress').map((f) => f.at)];
  if (wo.extension?.status === 'approved' && wo.extension.decidedAt) instants.push(wo.extension.decidedAt);
  return Math.max(...instants.map((i) => new Date(i).getTime()));
}

/** The period's start: the last progress report of a complex order, else the transfer. */
function periodStart(wo: WorkOrder): string {
  const lastProgress = [...wo.feedback].reverse().find((f) => f.kind === 'progress');
  return wo.category === 'complex' && lastProgress ? lastProgress.at : wo.transferredAt;
}

function newDue(
  startAt: string,
  dueAt: string,
  tenant: Pick<Tenant, 'tenantId' | 'calendarRegion' | 'officeHours'>,
  { change, before, after }: Calendars,
): { dueAt: string; provisional: boolean } | undefined {
  const region = calendarRegionOf(tenant);
  const moved = movedPeriod({
    startDay: shanghaiDate(new Date(startAt)),
    lastDay: shanghaiDate(new Date(dueAt)),
    reach: change.reach,
    before: calendarOn(before, region),
    after: calendarOn(after, region),
  });
  if (!moved) return undefined;
  const end = tenant.officeHours?.end ?? DEFAULT_OFFICE_HOURS_END;
  return { dueAt: formatShanghai(shanghaiInstant(moved.lastDay, end)), provisional: moved.provisional };
}

/**
 * The order's due time on the calendar after the change. A due time set before the change is
 * moved (`newDue`); one set after it was counted on the new calendar — except that another
 * process may have used its cached calendar for up to `CACHE_TTL_MS`: a plain transfer in that
 * window is counted again from its rule, anything else set since is left as it is.
 */
function dueAfterChange(
  wo: WorkOrder,
  tenant: Tenant,
  calendars: Calendars,
): { dueAt: string; provisional: boolean } | undefined {
  const changedAt = new Date(calendars.change.at).getTime();
  const setAt = dueSetAt(wo);
  if (setAt < changedAt) return newDue(periodStart(wo), wo.dueAt, tenant, calendars);
  const plain = wo.feedback.length === 0 && !wo.extension && !wo.suspension;
  if (!plain || setAt >= changedAt + CACHE_TTL_MS) return undefined;
  const due = ruleDueAt({
    calendar: calendarOn(calendars.after, calendarRegionOf(tenant)),
    officeHoursEnd: tenant.officeHours?.end ?? DEFAULT_OFFICE_HOURS_END,
    ...(tenant.limits ? { limits: tenant.limits } : {}),
    start: new Date(wo.transferredAt),
    category: wo.category,
  });
  return { dueAt: formatShanghai(due.dueAt), provisional: due.provisional };
}

const remember = (ids: readonly string[] | undefined, id: string) =>
  [...(ids ?? []), id].slice(-REMEMBERED_CHANGES);

/** One open work order; true when its due time (or its certainty) changed. */
async function recomputeWorkOrder(
  wo: Pick<WorkOrder, 'id' | 'tenantId'>,
  calendars: Calendars,
): Promise<boolean> {
  const { change } = calendars;
  let changed = false;
  await changeWorkOrder({
    workOrderId: wo.id,
    tenantId: wo.tenantId,
    actor: { ...change.by, role: 'admin' },
    authorize: () => undefined,
    decide: async ({ workOrder, tenant, stored }, now) => {
      if (!isOpen(workOrder.status) || workOrder.calendarChanges?.includes(change.id)) return undefined;
      const due = dueAfterChange(workOrder, tenant, calendars);
      if (!due || (due.dueAt === workOrder.dueAt && due.provisional === workOrder.provisional))
        return undefined;
      changed = true;
      const moved = due.dueAt !== workOrder.dueAt;
      const ahead = new Date(due.dueAt).getTime() > now.getTime();
      const { remindedFor: _r, ...rest } = workOrder;
      // A due time moved ahead starts its checks afresh (an overdue order is no longer late);
      // one still past keeps its escalation state. A suspended order has no checks to move.
      const clockState =
        !moved || workOrder.suspension
          ? {}
          : ahead
            ? { overdue: false, escalationLevel: 0, nextCheckAt: due.dueAt }
            : workOrder.overdue
              ? {}
              : { nextCheckAt: due.dueAt };
      const next: WorkOrder = {
        ...(moved ? rest : workOrder),
        dueAt: due.dueAt,
        provisional: due.provisional,
        calendarChanges: remember(workOrder.calendarChanges, change.id),
        ...clockState,
      };
      const loaded = { workOrder, tenant, stored };
      const out = moved ? outboxFor('work_order.deadline_changed', loaded, next, now) : undefined;
      const note = moved
        ? await notifyDutyChief(workOrder.tenantId, now, {
            topic: 'work_order.due_recomputed',
            message: `工单 ${workOrder.number}（${workOrder.departmentName}）的办理时限由${spokenTime(workOrder.dueAt)}调整为${spokenTime(due.dueAt)}，原因：${change.reason}。`,
            caseId: workOrder.caseId,
            workOrderId: workOrder.id,
          })
        : undefined;
      return {
        next,
        event: {
          action: 'work_order.due_recomputed',
          changes: {
            dueAt: { from: workOrder.dueAt, to: due.dueAt },
            provisional: { from: workOrder.provisional, to: due.provisional },
            reason: change.reason,
            calendarChangeId: change.id,
            ...(note ? { notified: ['department', note.recipient] } : {}),
          },
        },
        extra: [...(out ? [out.item] : []), ...(note ? [putNotification(note)] : [])],
        after: async (saved) => {
          if (!out || workOrder.suspension) return;
          await cancelChecks(workOrder.id, workOrder.dueAt);
          if (saved.nextCheckAt === saved.dueAt) await scheduleChecks(saved, tenant, now);
        },
      };
    },
  });
  return changed;
}

class NothingToDo extends Error {}

/** One owed follow-up (回访) of a closed case; true when its due time changed. */
async function recomputeFollowUp(caseItem: Pick<StoredCase, 'id'>, calendars: Calendars): Promise<boolean> {
  const { change } = calendars;
  const actor: Principal = { ...change.by, role: 'admin' };
  try {
    await changeCase(actor, caseItem.id, undefined, async (current, now) => {
      const followUp = current.followUp;
      const closedAt = current.closure?.closedAt;
      if (!followUp || !closedAt || current.calendarChanges?.includes(change.id)) throw new NothingToDo();
      if (new Date(closedAt).getTime() >= new Date(change.at).getTime()) throw new NothingToDo();
      const tenant = await tenantOf(current.tenantId);
      const due = newDue(closedAt, followUp.dueAt, tenant, calendars);
      if (!due || due.dueAt === followUp.dueAt) throw new NothingToDo();
      return {
        action: 'case.follow_up_rescheduled',
        patch: {
          followUp: { ...followUp, dueAt: due.dueAt },
          calendarChanges: remember(current.calendarChanges, change.id),
        },
        changes: {
          followUpDueAt: { from: followUp.dueAt, to: due.dueAt },
          reason: change.reason,
          calendarChangeId: change.id,
        },
        extra: () => [
          putNotification({
            id: newId('note'),
            tenantId: current.tenantId,
            at: now,
            recipient: { role: 'director' },
            topic: 'case.follow_up_rescheduled',
            message: `案件 ${current.number} 的回访时限由${spokenTime(followUp.dueAt)}调整为${spokenTime(due.dueAt)}，原因：${change.reason}。`,
            caseId: current.id,
          }),
        ],
      };
    });
    return true;
  } catch (error) {
    if (error instanceof NothingToDo) return false;
    throw error;
  }
}

const tenants = new Map<string, Promise<Tenant>>();
/** A page touches a few centres many times; each is read once per worker process and page. */
function tenantOf(tenantId: string): Promise<Tenant> {
  let t = tenants.get(tenantId);
  if (!t) {
    t = getTenant({ kind: 'all' }, tenantId);
    tenants.set(tenantId, t);
  }
  return t;
}

/**
 * The `calendarRecompute` queue's job: one page of what is owed in the change's region.
 * Returns how many due times moved and whether another page was queued.
 */
export async function runCalendarRecompute(
  message: RecomputeMessage,
): Promise<{ moved: number; more: boolean }> {
  const change = await getCalendarChange(message.changeId);
  if (!change || change.status === 'done') return { moved: 0, more: false };
  tenants.clear();
  const stored = await readCalendarData();
  const calendars: Calendars = {
    change,
    before: withItem(stored, change.item, 'previous'),
    after: withItem(stored, change.item, 'current'),
  };
  const prefix = change.item.region ?? PROVINCE;
  const pk = `OPEN#${prefix.slice(0, 2)}`;
  const keyNames = ['pk', 'sk', 'gsi4pk', 'gsi4sk'];
  const page = await queryPage(
    {
      TableName: table(),
      IndexName: tableDef.indexes.byOpen.name,
      KeyConditionExpression: 'gsi4pk = :pk AND gsi4sk BETWEEN :lo AND :hi',
      ExpressionAttributeValues: { ':pk': pk, ':lo': prefix, ':hi': `${prefix}~` },
    },
    {
      limit: Math.min(Math.max(1, message.pageSize ?? RECOMPUTE_PAGE), RECOMPUTE_PAGE),
      keyNames,
      ...(message.cursor
        ? {
            cursor: decodeCursor(
              message.cursor,
              (k) => k.gsi4pk === pk && String(k.gsi4sk).startsWith(prefix),
            ),
          }
        : {}),
    },
  );
  let moved = 0;
  for (const item of page.items) {
    // A period that ended before the first changed day cannot move: skip it without a read.
    const dueAt = item.type === 'case' ? (item.followUp as { dueAt: string }).dueAt : String(item.dueAt);
    if (shanghaiDate(new Date(dueAt)) < change.reach.from) continue;
    try {
      const did =
        item.type === 'case'
          ? await recomputeFollowUp({ id: String(item.id) }, calendars)
          : await recomputeWorkOrder({ id: String(item.id), tenantId: String(item.tenantId) }, calendars);
      if (did) moved++;
    } catch (error) {
      // An archived case or a vanished order has nothing owed to move; anything else retries the page.
      if (!(error instanceof ConflictError || error instanceof NotFoundError)) throw error;
      logger.warn('calendar recompute skipped an item', { changeId: change.id, id: item.id, error });
    }
  }
  const more = page.nextCursor !== null;
  if (more) {
    await sendMessage('calendarRecompute', {
      changeId: change.id,
      cursor: page.nextCursor!,
      ...(message.pageSize ? { pageSize: message.pageSize } : {}),
    } satisfies RecomputeMessage);
  }
  await recordRecomputePage(change.id, moved, !more, formatShanghai(clock.now()));
  logger.info('calendar recompute page done', { changeId: change.id, moved, more });
  return { moved, more };
}
