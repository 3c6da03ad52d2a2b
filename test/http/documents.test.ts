/**
 * The printable documents through the API: the right case in the right form, escaped, and
 * only for those allowed to see it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { intakeBody, setUpCentre, startTestStack, type TestStack } from '../support/stack.ts';

const TENANT = '510104001';
let stack: TestStack;
let staff: string;
let caseId: string;
let caseNumber: string;
let workOrderId: string;

beforeAll(async () => {
  stack = await startTestStack({ now: '2026-09-30T10:00:00+08:00' });
  await setUpCentre(stack, TENANT, '春熙路街道便民服务中心');
  await setUpCentre(stack, '510104002');
  const admin = await stack.token({ role: 'admin' });
  await stack.call('PUT', `/tenants/${TENANT}/departments/minzheng`, {
    token: admin,
    body: { name: '街道民政办', level: 'township', delivery: { email: { address: 'mz@example.gov.cn' } } },
  });
  staff = await stack.token({ role: 'staff', tenantId: TENANT });
  const created = await stack.call('POST', '/cases', {
    token: staff,
    body: intakeBody({ reporter: { name: '<script>alert(1)</script>', phone: '13800000000' } }),
  });
  caseId = created.body.id;
  caseNumber = created.body.number;
  await stack.call('POST', `/cases/${caseId}/opinion`, { token: staff, body: { kind: 'task_force' } });
  const wo = await stack.call('POST', `/cases/${caseId}/transfers`, {
    token: staff,
    body: { departmentId: 'minzheng', category: 'complex', otherRequirements: '请会同社区核实' },
  });
  workOrderId = wo.body.id;
});
afterAll(() => stack.close());

describe('printable documents', () => {
  it('Form A.1 is HTML with the case number, the reporter escaped and 专班会议研究 ticked', async () => {
    const res = await stack.call('GET', `/cases/${caseId}/forms/intake`, { token: staff });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.text).toContain(caseNumber);
    expect(res.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(res.text).not.toContain('<script>alert(1)</script>');
    expect(res.text).toMatch(/data-option="task_force"[^>]*data-checked="true"/);
    expect(res.text).toMatch(/data-option="on_the_spot"[^>]*data-checked="false"/);
  });

  it('Form A.2 shows the work order number, 复杂问题 ticked, other requirements and the due time', async () => {
    const res = await stack.call('GET', `/work-orders/${workOrderId}/forms/transfer`, { token: staff });
    expect(res.status).toBe(200);
    expect(res.text).toContain(`${caseNumber}-1`);
    expect(res.text).toMatch(/data-option="complex"[^>]*data-checked="true"/);
    expect(res.text).toContain('请会同社区核实');
    expect(res.text).toContain('2026年10月13日 17:30');
  });

  it('the handling unit reads its own Form A.2; another unit gets 404', async () => {
    const own = await stack.token({ role: 'department', tenantId: TENANT, departmentId: 'minzheng' });
    const other = await stack.token({ role: 'department', tenantId: TENANT, departmentId: 'shebao' });
    expect(
      (await stack.call('GET', `/work-orders/${workOrderId}/forms/transfer`, { token: own })).status,
    ).toBe(200);
    expect(
      (await stack.call('GET', `/work-orders/${workOrderId}/forms/transfer`, { token: other })).status,
    ).toBe(404);
  });

  it('the one-time notice names the centre, the materials to supplement and the next steps', async () => {
    const res = await stack.call('GET', `/cases/${caseId}/notice`, { token: staff });
    expect(res.status).toBe(200);
    for (const text of [
      '春熙路街道便民服务中心',
      '补充户口簿复印件',
      '材料补齐后到综合窗口递交',
      caseNumber,
    ]) {
      expect(res.text).toContain(text);
    }
  });

  it("another centre's case is a 404 for every document", async () => {
    const otherStaff = await stack.token({ role: 'staff', tenantId: '510104002' });
    for (const path of [
      `/cases/${caseId}/forms/intake`,
      `/cases/${caseId}/notice`,
      `/work-orders/${workOrderId}/forms/transfer`,
    ]) {
      expect((await stack.call('GET', path, { token: otherStaff })).status).toBe(404);
    }
  });
});
