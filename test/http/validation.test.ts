/**
 * Bad input gets a clear 4xx with one detail per bad field, never a 500, and writes nothing.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '../../shared/adapters/dynamo.ts';
import { table } from '../../shared/table.ts';
import { intakeBody, setUpCentre, startTestStack, type TestStack } from '../support/stack.ts';

let stack: TestStack;
let staff: string;

beforeAll(async () => {
  stack = await startTestStack();
  await setUpCentre(stack, '510104001');
  staff = await stack.token({ role: 'staff', tenantId: '510104001' });
});
afterAll(() => stack.close());

/** Every item the centre has in the table: counter, cases, events (straight from DynamoDB). */
async function itemsWritten(): Promise<number> {
  const ledger = await documentClient().send(
    new QueryCommand({
      TableName: stack.tableName,
      IndexName: table.indexes.byRegion.name,
      KeyConditionExpression: 'gsi1pk = :p',
      ExpressionAttributeValues: { ':p': 'CASES#51' },
    }),
  );
  const tenant = await documentClient().send(
    new QueryCommand({
      TableName: stack.tableName,
      KeyConditionExpression: 'pk = :p',
      ExpressionAttributeValues: { ':p': 'TENANT#510104001' },
    }),
  );
  return (ledger.Items?.length ?? 0) + (tenant.Items?.length ?? 0);
}

const cases: Array<[string, Record<string, unknown>, string, RegExp]> = [
  [
    'missing reporter name',
    intakeBody({ reporter: { phone: '13800000000' } }),
    'reporter.name',
    /请填写反映人姓名/,
  ],
  [
    'blank reporter name',
    intakeBody({ reporter: { name: '  ', phone: '13800000000' } }),
    'reporter.name',
    /请填写/,
  ],
  ['bad phone', intakeBody({ reporter: { name: '张三', phone: '12345' } }), 'reporter.phone', /11位手机号码/],
  ['unknown channel', intakeBody({ channel: 'fax' }), 'channel', /onsite、phone、online/],
  ['unknown scope kind', intakeBody({ scope: { kind: 'other' } }), 'scope.kind', /只能是以下之一/],
  [
    'refusal without reason',
    intakeBody({ scope: { kind: 'prohibited_by_law' } }),
    'scope.reason',
    /不予受理时必须填写理由/,
  ],
  [
    'incomplete materials without how to supplement',
    intakeBody({ notice: { materialsComplete: false, nextSteps: '下一步' } }),
    'notice.howToSupplement',
    /如何补正/,
  ],
  ['description too long', intakeBody({ description: '长'.repeat(4001) }), 'description', /不能超过4000个字/],
  ['unknown field', intakeBody({ surprise: true }), 'surprise', /不认识的字段/],
  ['assisted not a boolean', intakeBody({ assisted: 'yes' }), 'assisted', /帮办代办的格式不正确/],
];

describe('POST /cases rejects each invalid field with a 400 naming it', () => {
  it.each(cases)('%s', async (_name, body, field, message) => {
    const before = await itemsWritten();
    const res = await stack.call('POST', '/cases', { token: staff, body });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_request');
    const detail = res.body.error.details.find((d: { field: string }) => d.field === field);
    expect(detail?.message).toMatch(message);
    expect(await itemsWritten()).toBe(before);
  });

  it('several bad fields → one detail each', async () => {
    const res = await stack.call('POST', '/cases', {
      token: staff,
      body: intakeBody({ channel: 'fax', reporter: { phone: '1' }, matter: '' }),
    });
    expect(res.status).toBe(400);
    const fields = res.body.error.details.map((d: { field: string }) => d.field).sort();
    expect(fields).toEqual(['channel', 'matter', 'reporter.name', 'reporter.phone']);
  });
});

describe('malformed requests', () => {
  it('malformed JSON → 400 malformed_json', async () => {
    const before = await itemsWritten();
    const res = await stack.call('POST', '/cases', { token: staff, body: '{"channel": "onsite",' });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'malformed_json', details: [{ field: '(body)' }] });
    expect(await itemsWritten()).toBe(before);
  });

  it('wrong content type → 415', async () => {
    const res = await stack.call('POST', '/cases', {
      token: staff,
      body: JSON.stringify(intakeBody()),
      headers: { 'content-type': 'text/plain' },
    });
    expect(res.status).toBe(415);
    expect(res.body.error.code).toBe('unsupported_media_type');
  });

  it('oversize body → 413', async () => {
    const before = await itemsWritten();
    const res = await stack.call('POST', '/cases', {
      token: staff,
      body: intakeBody({ description: '长'.repeat(30_000) }),
    });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('payload_too_large');
    expect(await itemsWritten()).toBe(before);
  });

  it('empty body → 400', async () => {
    const res = await stack.call('POST', '/cases', {
      token: staff,
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(400);
  });

  it('a JSON array instead of an object → 400', async () => {
    const res = await stack.call('POST', '/cases', { token: staff, body: [1, 2] });
    expect(res.status).toBe(400);
  });

  it('a malformed case id → 400 naming caseId', async () => {
    const res = await stack.call('GET', '/cases/not-an-id', { token: staff });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].field).toBe('caseId');
  });

  it('bad ledger filters → 400 with one detail each', async () => {
    const res = await stack.call('GET', '/cases?status=lost&limit=500&from=2026-13-01', { token: staff });
    expect(res.status).toBe(400);
    const fields = res.body.error.details.map((d: { field: string }) => d.field).sort();
    expect(fields).toEqual(['from', 'limit', 'status']);
  });

  it('a bad opinion kind → 400', async () => {
    const { body } = await stack.call('POST', '/cases', { token: staff, body: intakeBody() });
    const res = await stack.call('POST', `/cases/${body.id}/opinion`, {
      token: staff,
      body: { kind: 'later' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].field).toBe('kind');
  });

  it('an unknown route → 404', async () => {
    expect((await stack.call('GET', '/nothing-here', { token: staff })).status).toBe(404);
  });
});

describe('admin input', () => {
  it('a bad tenant id in the path → 400', async () => {
    const admin = await stack.token({ role: 'admin' });
    const res = await stack.call('PUT', '/tenants/5101', { token: admin, body: { name: '某中心' } });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0]).toMatchObject({ field: 'tenantId' });
  });

  it('a department with neither webhook nor e-mail → 400', async () => {
    const admin = await stack.token({ role: 'admin' });
    const res = await stack.call('PUT', '/tenants/510104001/departments/shebao', {
      token: admin,
      body: { name: '区社保局', level: 'county', delivery: { fax: '123' } },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].field).toBe('delivery');
  });
});
