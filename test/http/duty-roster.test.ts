/**
 * GET /tenants/{tenantId}/duty-roster (值班表): a month of the centre's duty days in date order,
 * read with one Query, for the centre's own people; another centre is a 404, a bad month a 400
 * in Chinese, and without a month the server's own month (Asia/Shanghai) is answered.
 */
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '../../shared/adapters/dynamo.ts';
import { setUpCentre, startTestStack, type TestStack } from '../support/stack.ts';

const CENTRE = '510104022';
const OTHER = '510105001';

let stack: TestStack;
let director: string;

beforeAll(async () => {
  // Sunday 1 November 07:30 in Chengdu: still 31 October in UTC.
  stack = await startTestStack({ now: '2026-11-01T07:30:00+08:00' });
  await setUpCentre(stack, CENTRE, '春熙路街道便民服务中心');
  await setUpCentre(stack, OTHER, '青羊区某街道便民服务中心');
  director = await stack.token({ role: 'director', tenantId: CENTRE });
  const days: Array<[string, Record<string, unknown>]> = [
    ['2026-10-13', { staffId: 'chief-sun', staffName: '孙丽' }],
    ['2026-09-30', { staffId: 'chief-wang', staffName: '王强' }],
    [
      '2026-10-12',
      {
        staffId: 'chief-wang',
        staffName: '王强',
        mobile: '13900001111',
        email: 'wang@example.gov.cn',
        headInHall: true,
      },
    ],
    ['2026-11-01', { staffId: 'chief-sun', staffName: '孙丽' }],
  ];
  for (const [date, body] of days) {
    const res = await stack.call('PUT', `/tenants/${CENTRE}/duty-roster/${date}`, { token: director, body });
    expect(res.status, date).toBe(200);
  }
  const otherDirector = await stack.token({ role: 'director', tenantId: OTHER });
  await stack.call('PUT', `/tenants/${OTHER}/duty-roster/2026-10-12`, {
    token: otherDirector,
    body: { staffId: 'chief-qy', staffName: '青羊值班长' },
  });
});
afterAll(() => stack.close());

type Send = (command: unknown) => Promise<unknown>;

/** The DynamoDB commands `act` sends (the handlers run in this process, on the shared client). */
async function commandsSentBy(act: () => Promise<unknown>): Promise<unknown[]> {
  const client = documentClient() as unknown as { send: Send };
  const original = client.send.bind(client);
  const sent: unknown[] = [];
  client.send = (command: unknown) => {
    sent.push(command);
    return original(command);
  };
  try {
    await act();
  } finally {
    client.send = original;
  }
  return sent;
}

describe('GET /tenants/{tenantId}/duty-roster', () => {
  it("answers the month's duty days in date order with contacts and 进大厅, and nothing of other months", async () => {
    // Arrange
    const staff = await stack.token({ role: 'staff', tenantId: CENTRE });

    // Act
    const res = await stack.call('GET', `/tenants/${CENTRE}/duty-roster?month=2026-10`, { token: staff });

    // Assert
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ tenantId: CENTRE, month: '2026-10', today: '2026-11-01' });
    expect(res.body.items).toEqual([
      {
        date: '2026-10-12',
        staffId: 'chief-wang',
        staffName: '王强',
        mobile: '13900001111',
        email: 'wang@example.gov.cn',
        headInHall: true,
        updatedAt: '2026-11-01T07:30:00+08:00',
      },
      {
        date: '2026-10-13',
        staffId: 'chief-sun',
        staffName: '孙丽',
        headInHall: false,
        updatedAt: '2026-11-01T07:30:00+08:00',
      },
    ]);
  });

  it('reads the days with one Query on the centre partition (and the profile beside it)', async () => {
    // Arrange
    const duty = await stack.token({ role: 'duty_chief', tenantId: CENTRE });

    // Act
    let status = 0;
    const sent = await commandsSentBy(async () => {
      status = (await stack.call('GET', `/tenants/${CENTRE}/duty-roster?month=2026-10`, { token: duty }))
        .status;
    });

    // Assert
    expect(status).toBe(200);
    const queries = sent.filter((c) => c instanceof QueryCommand) as QueryCommand[];
    expect(queries).toHaveLength(1);
    expect(queries[0]?.input.ExpressionAttributeValues).toEqual({
      ':pk': `TENANT#${CENTRE}`,
      ':month': 'DUTY#2026-10-',
    });
    expect(sent.filter((c) => !(c instanceof QueryCommand) && !(c instanceof GetCommand))).toEqual([]);
  });

  it("without a month answers the server clock's month in Asia/Shanghai", async () => {
    // Act
    const res = await stack.call('GET', `/tenants/${CENTRE}/duty-roster`, { token: director });

    // Assert
    expect(res.status).toBe(200);
    expect(res.body.month).toBe('2026-11');
    expect(res.body.items.map((d: { date: string }) => d.date)).toEqual(['2026-11-01']);
  });

  it("another centre's roster is a 404, as is a centre that does not exist; a supervisor may not read it", async () => {
    // Arrange
    const admin = await stack.token({ role: 'admin' });
    const county = await stack.token({ role: 'supervisor', regionCode: '510104' });

    // Act
    const other = await stack.call('GET', `/tenants/${OTHER}/duty-roster?month=2026-10`, { token: director });
    const missing = await stack.call('GET', '/tenants/510104099/duty-roster?month=2026-10', { token: admin });
    const byAdmin = await stack.call('GET', `/tenants/${OTHER}/duty-roster?month=2026-10`, { token: admin });
    const bySupervisor = await stack.call('GET', `/tenants/${CENTRE}/duty-roster`, { token: county });

    // Assert
    expect(other.status).toBe(404);
    expect(other.text).not.toContain('青羊值班长');
    expect(missing.status).toBe(404);
    expect(byAdmin.status).toBe(200);
    expect(byAdmin.body.items).toMatchObject([{ date: '2026-10-12', staffName: '青羊值班长' }]);
    expect(bySupervisor.status).toBe(403);
  });

  it.each([['2026-13'], ['2026-1'], ['202610'], ['2026-10-01']])(
    'refuses the month %s with a Chinese message on the month field',
    async (month) => {
      // Act
      const res = await stack.call('GET', `/tenants/${CENTRE}/duty-roster?month=${month}`, {
        token: director,
      });

      // Assert
      expect(res.status).toBe(400);
      expect(res.body.error.details).toEqual([
        { field: 'month', message: '月份格式应为 YYYY-MM，例如 2026-03' },
      ]);
    },
  );

  it('refuses an unknown query parameter', async () => {
    // Act
    const res = await stack.call('GET', `/tenants/${CENTRE}/duty-roster?week=2026-W42`, { token: director });

    // Assert
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([{ field: 'week', message: '不认识的字段：week' }]);
  });
});
