/**
 * GET /work-orders?extension=pending: the open orders with an extension request waiting for the
 * director (延期申请), soonest due first, read from the index of what is owed — not by paging
 * through every order. In scope as every list: the centre its own, a department its own unit's,
 * a county its centres'.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '../../shared/adapters/dynamo.ts';
import { table } from '../../shared/table.ts';
import { intakeBody, setUpCentre, startTestStack, type TestStack } from '../support/stack.ts';

const CENTRE = '510104022';
const OTHER = '510105001';

let stack: TestStack;
let director: string;
/** Orders of CENTRE: [0] 社保 general pending, [1] 民政 simple pending, [2] 社保 no request, [3] 社保 refused. */
const orders: string[] = [];
let otherPending: string;

async function transfer(tenantId: string, departmentId: string, category: string): Promise<string> {
  const staff = await stack.token({ role: 'staff', tenantId });
  const created = await stack.call('POST', '/cases', { token: staff, body: intakeBody() });
  const order = await stack.call('POST', `/cases/${created.body.id}/transfers`, {
    token: staff,
    body: { departmentId, category },
  });
  expect(order.status).toBe(201);
  return order.body.id;
}

async function askExtension(tenantId: string, departmentId: string, workOrderId: string) {
  const dept = await stack.token({ role: 'department', tenantId, departmentId });
  const res = await stack.call('POST', `/work-orders/${workOrderId}/extension`, {
    token: dept,
    body: { workdays: 2, reason: '需调取外地档案' },
  });
  expect(res.status).toBe(200);
}

async function emailDepartment(tenantId: string, departmentId: string) {
  const admin = await stack.token({ role: 'admin' });
  const res = await stack.call('PUT', `/tenants/${tenantId}/departments/${departmentId}`, {
    token: admin,
    body: {
      name: departmentId,
      level: 'county',
      delivery: { email: { address: `${departmentId}@example.gov.cn` } },
    },
  });
  expect(res.status).toBe(201);
}

beforeAll(async () => {
  stack = await startTestStack({ now: '2026-10-12T09:00:00+08:00' });
  await setUpCentre(stack, CENTRE);
  await setUpCentre(stack, OTHER);
  await emailDepartment(CENTRE, 'shebao');
  await emailDepartment(CENTRE, 'minzheng');
  await emailDepartment(OTHER, 'shebao');
  director = await stack.token({ role: 'director', tenantId: CENTRE });
  orders.push(await transfer(CENTRE, 'shebao', 'general'));
  orders.push(await transfer(CENTRE, 'minzheng', 'simple'));
  orders.push(await transfer(CENTRE, 'shebao', 'general'));
  orders.push(await transfer(CENTRE, 'shebao', 'general'));
  otherPending = await transfer(OTHER, 'shebao', 'general');
  await askExtension(CENTRE, 'shebao', orders[0]!);
  await askExtension(CENTRE, 'minzheng', orders[1]!);
  await askExtension(CENTRE, 'shebao', orders[3]!);
  await askExtension(OTHER, 'shebao', otherPending);
  const refused = await stack.call('POST', `/work-orders/${orders[3]}/extension/decision`, {
    token: director,
    body: { approve: false, comment: '时限内可以办结' },
  });
  expect(refused.status).toBe(200);
});
afterAll(() => stack.close());

const ids = (res: { body: { items: Array<{ id: string }> } }) => res.body.items.map((o) => o.id);

type Send = (command: unknown) => Promise<unknown>;

describe('GET /work-orders?extension=pending', () => {
  it("lists only the centre's orders with a pending request, soonest due first", async () => {
    // Act
    const res = await stack.call('GET', '/work-orders?extension=pending', { token: director });

    // Assert
    expect(res.status).toBe(200);
    // The simple order (1 working day) falls due before the general one (2 working days).
    expect(ids(res)).toEqual([orders[1], orders[0]]);
    expect(res.body.items[0]).toMatchObject({
      extension: { status: 'pending', workdays: 2, reason: '需调取外地档案' },
      remainingWorkdays: 1,
    });
    expect(res.body.nextCursor).toBeNull();
  });

  it('reads the index of what is owed (byOpen) with one Query, not every order', async () => {
    // Arrange
    const client = documentClient() as unknown as { send: Send };
    const original = client.send.bind(client);
    const queries: QueryCommand[] = [];
    client.send = (command: unknown) => {
      if (command instanceof QueryCommand) queries.push(command);
      return original(command);
    };

    // Act
    let status = 0;
    try {
      status = (await stack.call('GET', '/work-orders?extension=pending', { token: director })).status;
    } finally {
      client.send = original;
    }

    // Assert
    expect(status).toBe(200);
    expect(queries.map((q) => q.input.IndexName)).toEqual([table.indexes.byOpen.name]);
  });

  it('pages with a cursor through the pending requests', async () => {
    // Act
    const first = await stack.call('GET', '/work-orders?extension=pending&limit=1', { token: director });
    const second = await stack.call(
      'GET',
      `/work-orders?extension=pending&limit=1&cursor=${first.body.nextCursor}`,
      { token: director },
    );

    // Assert
    expect(ids(first)).toEqual([orders[1]]);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    expect(ids(second)).toEqual([orders[0]]);
  });

  it("a department sees only its own unit's pending requests, a county its centres', another county none", async () => {
    // Arrange
    const shebao = await stack.token({ role: 'department', tenantId: CENTRE, departmentId: 'shebao' });
    const county = await stack.token({ role: 'supervisor', regionCode: '510104' });
    const otherCounty = await stack.token({ role: 'supervisor', regionCode: '510105' });

    // Act
    const byDept = await stack.call('GET', '/work-orders?extension=pending', { token: shebao });
    const byCounty = await stack.call('GET', '/work-orders?extension=pending', { token: county });
    const byOtherCounty = await stack.call('GET', '/work-orders?extension=pending', { token: otherCounty });

    // Assert
    expect(ids(byDept)).toEqual([orders[0]]);
    expect(ids(byCounty).sort()).toEqual([orders[0], orders[1]].sort());
    expect(ids(byOtherCounty)).toEqual([otherPending]);
  });

  it('drops an order once its request is decided', async () => {
    // Act
    const approved = await stack.call('POST', `/work-orders/${orders[1]}/extension/decision`, {
      token: director,
      body: { approve: true },
    });
    const res = await stack.call('GET', '/work-orders?extension=pending', { token: director });

    // Assert
    expect(approved.status).toBe(200);
    expect(ids(res)).toEqual([orders[0]]);
  });

  it('refuses any other value, naming 延期申请', async () => {
    // Act
    const res = await stack.call('GET', '/work-orders?extension=approved', { token: director });

    // Assert
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([
      { field: 'extension', message: expect.stringContaining('延期申请') },
    ]);
  });
});
