/** The joint handling catalogue (县乡两级联合办理事项库) suggests, never forces, a department. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matches } from '../../shared/use-cases/catalogue.ts';
import { intakeBody, setUpCentre, startTestStack, type TestStack } from '../support/stack.ts';

let stack: TestStack;
let admin: string;
let staff: string;

beforeAll(async () => {
  stack = await startTestStack();
  await setUpCentre(stack, '510104001');
  admin = await stack.token({ role: 'admin' });
  staff = await stack.token({ role: 'staff', tenantId: '510104001' });
  await stack.call('PUT', '/tenants/510104001/departments/shebao', {
    token: admin,
    body: { name: '区社保局', level: 'county', delivery: { email: { address: 'sb@example.gov.cn' } } },
  });
  await stack.call('PUT', '/catalogue/510104/matters/pension-registration', {
    token: admin,
    body: {
      name: '城乡居民养老保险参保登记',
      keywords: ['养老保险', '参保'],
      departmentId: 'shebao',
      departmentName: '区社保局',
    },
  });
  await stack.call('PUT', '/catalogue/510104/matters/medical', {
    token: admin,
    body: { name: '医保报销', keywords: ['医保'], departmentId: 'yibao', departmentName: '区医保局' },
  });
});
afterAll(() => stack.close());

describe('joint handling catalogue', () => {
  it('a case whose matter is in the catalogue gets that county department suggested', async () => {
    const c = await stack.call('POST', '/cases', {
      token: staff,
      body: intakeBody({ matter: '城乡居民养老保险参保登记' }),
    });
    const res = await stack.call('GET', `/cases/${c.body.id}/transfer-suggestion`, { token: staff });
    expect(res.status).toBe(200);
    expect(res.body.suggestions).toEqual([
      expect.objectContaining({
        matterId: 'pension-registration',
        departmentId: 'shebao',
        departmentAvailable: true,
      }),
    ]);
  });

  it('a department the centre has not set up is suggested but marked unavailable; other matters suggest nothing', async () => {
    const med = await stack.call('POST', '/cases', {
      token: staff,
      body: intakeBody({ matter: '门诊医保报销' }),
    });
    const res = await stack.call('GET', `/cases/${med.body.id}/transfer-suggestion`, { token: staff });
    expect(res.body.suggestions).toEqual([
      expect.objectContaining({ departmentId: 'yibao', departmentAvailable: false }),
    ]);
    const other = await stack.call('POST', '/cases', {
      token: staff,
      body: intakeBody({ matter: '个体工商户注销' }),
    });
    expect(
      (await stack.call('GET', `/cases/${other.body.id}/transfer-suggestion`, { token: staff })).body
        .suggestions,
    ).toEqual([]);
  });

  it('the suggestion does not force: the clerk may transfer elsewhere', async () => {
    await stack.call('PUT', '/tenants/510104001/departments/minzheng', {
      token: admin,
      body: { name: '街道民政办', level: 'township', delivery: { email: { address: 'mz@example.gov.cn' } } },
    });
    const c = await stack.call('POST', '/cases', {
      token: staff,
      body: intakeBody({ matter: '城乡居民养老保险参保登记' }),
    });
    const res = await stack.call('POST', `/cases/${c.body.id}/transfers`, {
      token: staff,
      body: { departmentId: 'minzheng', category: 'simple' },
    });
    expect(res.status).toBe(201);
  });

  it('only an admin maintains the catalogue; staff read it', async () => {
    const body = { name: 'x', keywords: [], departmentId: 'a', departmentName: 'b' };
    expect((await stack.call('PUT', '/catalogue/510104/matters/x', { token: staff, body })).status).toBe(403);
    const list = await stack.call('GET', '/catalogue/510104/matters', { token: staff });
    expect(list.body.items).toHaveLength(2);
  });

  it('matching: the name, a keyword, or the case matter inside the name', () => {
    const m = { name: '城乡居民养老保险参保登记', keywords: ['养老保险'] };
    expect(matches(m, '城乡居民养老保险参保登记（补缴）')).toBe(true);
    expect(matches(m, '咨询养老保险')).toBe(true);
    expect(matches(m, '参保登记')).toBe(true);
    expect(matches(m, '户口迁移')).toBe(false);
  });
});
