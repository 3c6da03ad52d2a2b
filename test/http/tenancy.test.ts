/**
 * Another centre's data is a 404; supervisors see their region and nothing else.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { intakeBody, setUpCentre, startTestStack, type TestStack } from '../support/stack.ts';

let stack: TestStack;
let caseA: { id: string; number: string };
let tokenA: string;
let tokenB: string;

beforeAll(async () => {
  stack = await startTestStack();
  await setUpCentre(stack, '510104001', '春熙路街道便民服务中心');
  await setUpCentre(stack, '510104002', '书院街街道便民服务中心');
  await setUpCentre(stack, '510105001', '青羊区某街道便民服务中心');
  tokenA = await stack.token({ role: 'staff', tenantId: '510104001' });
  tokenB = await stack.token({ role: 'director', tenantId: '510104002' });
  caseA = (await stack.call('POST', '/cases', { token: tokenA, body: intakeBody() })).body;
  const tokenC = await stack.token({ role: 'staff', tenantId: '510105001' });
  await stack.call('POST', '/cases', { token: tokenC, body: intakeBody() });
});
afterAll(() => stack.close());

describe('tenancy', () => {
  it("a token of centre B reading centre A's case → 404, like a case that does not exist", async () => {
    const res = await stack.call('GET', `/cases/${caseA.id}`, { token: tokenB });
    expect(res.status).toBe(404);
    const missing = await stack.call('GET', '/cases/case_00000000000000000000000000', { token: tokenB });
    expect(res.body).toEqual(missing.body);
  });

  it("centre B cannot act on centre A's case either (404, nothing written)", async () => {
    const res = await stack.call('POST', `/cases/${caseA.id}/opinion`, {
      token: tokenB,
      body: { kind: 'on_the_spot', answer: '越权答复' },
    });
    expect(res.status).toBe(404);
    const events = await stack.call('GET', `/cases/${caseA.id}/events`, { token: tokenA });
    expect(events.body.items).toHaveLength(1);
    expect((await stack.call('GET', `/cases/${caseA.id}/events`, { token: tokenB })).status).toBe(404);
  });

  it("centre B's ledger does not list centre A's cases", async () => {
    const res = await stack.call('GET', '/cases', { token: tokenB });
    expect(res.body.items).toEqual([]);
  });

  it('a supervisor of county 510104 sees the case; one of 510105 does not', async () => {
    const county = await stack.token({ role: 'supervisor', regionCode: '510104' });
    const neighbour = await stack.token({ role: 'supervisor', regionCode: '510105' });
    expect((await stack.call('GET', `/cases/${caseA.id}`, { token: county })).status).toBe(200);
    expect((await stack.call('GET', `/cases/${caseA.id}`, { token: neighbour })).status).toBe(404);
  });

  it('supervisor ledgers hold exactly their region: county, city, province', async () => {
    const ledger = async (regionCode: string) => {
      const token = await stack.token({ role: 'supervisor', regionCode });
      const res = await stack.call('GET', '/cases', { token });
      return res.body.items.map((c: { tenantId: string }) => c.tenantId).sort();
    };
    expect(await ledger('510104')).toEqual(['510104001']);
    expect(await ledger('510105')).toEqual(['510105001']);
    expect(await ledger('5101')).toEqual(['510104001', '510105001']);
    expect(await ledger('51')).toEqual(['510104001', '510105001']);
    expect(await ledger('5134')).toEqual([]);
  });

  it("a supervisor's tenantId filter outside their region returns nothing", async () => {
    const county = await stack.token({ role: 'supervisor', regionCode: '510105' });
    const res = await stack.call('GET', '/cases?tenantId=510104001', { token: county });
    expect(res.body.items).toEqual([]);
  });

  it("a director cannot manage another centre's departments (404)", async () => {
    const res = await stack.call('PUT', '/tenants/510104001/departments/shebao', {
      token: tokenB,
      body: { name: '区社保局', level: 'county', delivery: { email: { address: 'a@example.gov.cn' } } },
    });
    expect(res.status).toBe(404);
  });

  it("a cursor forged to point into another centre's range is refused (400)", async () => {
    const forged = Buffer.from(
      JSON.stringify({ pk: `CASE#${caseA.id}`, sk: 'CASE', gsi1pk: 'CASES#51', gsi1sk: `510104001#x` }),
    ).toString('base64url');
    const res = await stack.call('GET', `/cases?cursor=${forged}`, { token: tokenB });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].field).toBe('cursor');
  });
});
