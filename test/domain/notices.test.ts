import { describe, expect, it } from 'vitest';
import { isDelivered, maskEmail, planDeliveries, spokenTime } from '../../shared/domain/notices.ts';

describe('notification texts', () => {
  it.each([
    ['2026-10-09T17:30:00+08:00', '2026年10月9日 17:30'],
    ['2026-10-09T09:30:00Z', '2026年10月9日 17:30'],
    ['2026-12-31T16:05:00Z', '2027年1月1日 00:05'],
  ])('%s reads as %s (Asia/Shanghai)', (iso, spoken) => {
    expect(spokenTime(iso)).toBe(spoken);
  });

  it('leaves something that is not a time as it came', () => {
    expect(spokenTime('明天')).toBe('明天');
  });
});

describe('who is told', () => {
  it('delivers overdue, escalation, delivery failure, extension requests and bad ratings; not results', () => {
    expect(
      [
        'work_order.overdue',
        'work_order.escalated',
        'work_order.delivery_failed',
        'work_order.extension_requested',
        'case.reopened',
        'case.rated_badly',
      ].every(isDelivered),
    ).toBe(true);
    expect(isDelivered('work_order.result')).toBe(false);
  });

  it('plans one delivery per person and channel; a missing address or person is not deliverable and owes nothing', () => {
    // Act
    const { deliveries, owed } = planDeliveries(
      [
        { role: 'duty_chief', name: '王强', mobile: '13800000002' },
        { role: 'director', name: '赵敏', mobile: '13900000001', email: 'zhao.min@example.gov.cn' },
      ],
      [{ role: 'supervisor', why: '本县（市、区）未登记督办联系人' }],
    );

    // Assert
    expect(deliveries.map((d) => [d.id, d.role, d.channel, d.status, d.to ?? d.error])).toEqual([
      ['d1', 'supervisor', 'email', 'undeliverable', '本县（市、区）未登记督办联系人'],
      ['d2', 'supervisor', 'sms', 'undeliverable', '本县（市、区）未登记督办联系人'],
      ['d3', 'duty_chief', 'email', 'undeliverable', '未登记电子邮箱'],
      ['d4', 'duty_chief', 'sms', 'pending', '138****0002'],
      ['d5', 'director', 'email', 'pending', 'z***@example.gov.cn'],
      ['d6', 'director', 'sms', 'pending', '139****0001'],
    ]);
    expect(owed.map((o) => [o.delivery.id, o.address])).toEqual([
      ['d4', '13800000002'],
      ['d5', 'zhao.min@example.gov.cn'],
      ['d6', '13900000001'],
    ]);
  });

  it('masks an e-mail address to its first letter and domain', () => {
    expect(maskEmail('wang.qiang@example.gov.cn')).toBe('w***@example.gov.cn');
    expect(maskEmail('broken')).toBe('***');
  });
});
