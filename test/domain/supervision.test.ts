import { describe, expect, it } from 'vitest';
import { createCalendar } from '../../shared/domain/calendar.ts';
import {
  type DueCheckInput,
  decideCheck,
  escalationAt,
  reminderAt,
  resumedDueAt,
  scheduleName,
} from '../../shared/domain/supervision.ts';
import { formatShanghai } from '../../shared/domain/time.ts';
import type { WorkOrder } from '../../shared/schemas/work-order.ts';

const calendar = createCalendar({ region: '510104001' });
const at = (iso: string) => new Date(iso);
const wo = (over: Partial<WorkOrder> = {}): WorkOrder =>
  ({
    id: 'wo_01m3r7g8g0dwqay01tmxqc324g_1',
    status: 'delivered',
    dueAt: '2026-10-09T17:30:00+08:00',
    overdue: false,
    escalationLevel: 0,
    nextCheckAt: '2026-10-09T17:30:00+08:00',
    feedback: [],
    ...over,
  }) as WorkOrder;
const input = (kind: DueCheckInput['kind'], dueAt = '2026-10-09T17:30:00+08:00'): DueCheckInput => ({
  workOrderId: 'wo_01m3r7g8g0dwqay01tmxqc324g_1',
  tenantId: '510104001',
  kind,
  dueAt,
});

describe('decideCheck', () => {
  it.each([
    ['due check at the due time marks overdue', wo(), input('due'), '2026-10-09T17:30:00+08:00', 'overdue'],
    ['due check fired early does nothing', wo(), input('due'), '2026-10-09T17:29:00+08:00', 'none'],
    [
      'due check fired twice does nothing the second time',
      wo({ escalationLevel: 1, overdue: true }),
      input('due'),
      '2026-10-09T18:00:00+08:00',
      'none',
    ],
    [
      'a completed order is never overdue',
      wo({ status: 'completed' }),
      input('due'),
      '2026-10-12T09:00:00+08:00',
      'none',
    ],
    [
      'a check for an old due time (extended) is stale',
      wo({ dueAt: '2026-10-13T17:30:00+08:00' }),
      input('due'),
      '2026-10-09T18:00:00+08:00',
      'none',
    ],
    [
      'a suspended order is not checked',
      wo({ suspension: { since: 'x', reason: 'y', by: { id: 'a', name: 'b' } } }),
      input('due'),
      '2026-10-12T09:00:00+08:00',
      'none',
    ],
    ['the reminder goes once', wo(), input('reminder'), '2026-10-09T09:00:00+08:00', 'remind'],
    [
      'the reminder does not go twice',
      wo({ remindedFor: '2026-10-09T17:30:00+08:00' }),
      input('reminder'),
      '2026-10-09T09:00:00+08:00',
      'none',
    ],
    [
      'escalation after the escalation time',
      wo({ escalationLevel: 1, nextCheckAt: '2026-10-10T17:30:00+08:00' }),
      input('escalate'),
      '2026-10-10T17:30:00+08:00',
      'escalate',
    ],
    [
      'no escalation before its time',
      wo({ escalationLevel: 1, nextCheckAt: '2026-10-10T17:30:00+08:00' }),
      input('escalate'),
      '2026-10-10T12:00:00+08:00',
      'none',
    ],
    [
      'no escalation of an order that was never overdue',
      wo(),
      input('escalate'),
      '2026-10-12T12:00:00+08:00',
      'none',
    ],
  ])('%s', (_name, order, check, now, act) => {
    expect(decideCheck(order, check, at(now)).act).toBe(act);
  });
});

describe('escalation and reminder times', () => {
  it('escalation is the close of the next working day: Fri 10-09 → make-up Sat 10-10', () => {
    expect(formatShanghai(escalationAt(at('2026-10-09T17:30:00+08:00'), calendar, '17:30'))).toBe(
      '2026-10-10T17:30:00+08:00',
    );
  });

  it('escalation skips the National Day holiday: Wed 09-30 → Thu 10-08', () => {
    expect(formatShanghai(escalationAt(at('2026-09-30T17:30:00+08:00'), calendar, '17:30'))).toBe(
      '2026-10-08T17:30:00+08:00',
    );
  });

  it('the reminder is the due day at the reminder time, unless that has passed or is after the due time', () => {
    const due = at('2026-10-09T17:30:00+08:00');
    expect(formatShanghai(reminderAt(due, '09:00', at('2026-09-30T10:00:00+08:00'))!)).toBe(
      '2026-10-09T09:00:00+08:00',
    );
    expect(reminderAt(due, '09:00', at('2026-10-09T10:00:00+08:00'))).toBeUndefined();
    expect(reminderAt(due, '18:00', at('2026-09-30T10:00:00+08:00'))).toBeUndefined();
  });

  it('schedule names are unique per order, kind and due time, within 64 allowed characters', () => {
    const name = scheduleName('wo_01m3r7g8g0dwqay01tmxqc324g_12', 'escalate', '2026-10-09T17:30:00+08:00');
    expect(name).toBe('wo_01m3r7g8g0dwqay01tmxqc324g_12.escalate.20261009T0930');
    expect(name.length).toBeLessThanOrEqual(64);
    expect(name).toMatch(/^[0-9A-Za-z_.-]+$/);
  });
});

describe('resumedDueAt (暂停计时)', () => {
  const base = { calendar, officeHoursEnd: '17:30', periodStart: at('2026-09-30T10:00:00+08:00') };

  it('suspended on the transfer day: the whole period (Thu 10-08, Fri 10-09) is given back', () => {
    const r = resumedDueAt({
      ...base,
      suspendedAt: at('2026-09-30T11:00:00+08:00'),
      dueAt: at('2026-10-09T17:30:00+08:00'),
      resumedAt: at('2026-10-12T10:00:00+08:00'),
    });
    expect(r.remainingWorkdays).toBe(2);
    expect(formatShanghai(r.dueAt)).toBe('2026-10-14T17:30:00+08:00');
  });

  it('suspended during the last day before closing: that day is given back', () => {
    const r = resumedDueAt({
      ...base,
      suspendedAt: at('2026-10-09T10:00:00+08:00'),
      dueAt: at('2026-10-09T17:30:00+08:00'),
      resumedAt: at('2026-10-12T09:00:00+08:00'),
    });
    expect(r.remainingWorkdays).toBe(1);
    expect(formatShanghai(r.dueAt)).toBe('2026-10-13T17:30:00+08:00');
  });

  it('suspended after closing on the 1st of 2 days: one day is given back', () => {
    const r = resumedDueAt({
      ...base,
      suspendedAt: at('2026-10-08T18:00:00+08:00'),
      dueAt: at('2026-10-09T17:30:00+08:00'),
      resumedAt: at('2026-10-10T09:00:00+08:00'),
    });
    expect(r.remainingWorkdays).toBe(1);
    expect(formatShanghai(r.dueAt)).toBe('2026-10-12T17:30:00+08:00');
  });
});
