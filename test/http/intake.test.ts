/**
 * The intake flow through the local HTTP front, with real tokens, on DynamoDB Local.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { intakeBody, setUpCentre, startTestStack, type TestStack } from '../support/stack.ts';

let stack: TestStack;
let staff: string;

beforeAll(async () => {
  stack = await startTestStack({ now: '2026-10-09T10:00:00+08:00' });
  await setUpCentre(stack, '510104001');
  staff = await stack.token({ role: 'staff', tenantId: '510104001', sub: 'staff-li', name: '李娜' });
});
afterAll(() => stack.close());

describe('intake (受理) end to end', () => {
  it('registers, confirms, answers on the spot and records every step in a verified trail', async () => {
    // Prepare / Act: intake
    const created = await stack.call('POST', '/cases', { token: staff, body: intakeBody() });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      number: '510104001-2026-00001',
      status: 'registered',
      tenantId: '510104001',
      acceptedAt: '2026-10-09T10:00:00+08:00',
      acceptedBy: { id: 'staff-li', name: '李娜' },
      scope: { kind: 'repeated_consultation', accepted: true },
      notice: { materialsComplete: false, howToSupplement: '补充户口簿复印件', accepted: true },
      assisted: true,
      confirmation: null,
      opinion: null,
      version: 1,
    });
    const id = created.body.id as string;
    expect(created.headers.get('location')).toBe(`/cases/${id}`);

    // the reporter signs (办理对象确认)
    await stack.clock.advanceBy(5 * 60_000);
    const confirmed = await stack.call('POST', `/cases/${id}/confirmation`, {
      token: staff,
      body: { signedBy: '张三', signedAt: '2026-10-09' },
    });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({
      confirmation: { signedBy: '张三', signedAt: '2026-10-09' },
      version: 2,
    });

    // handling opinion: answered on the spot
    const answered = await stack.call('POST', `/cases/${id}/opinion`, {
      token: staff,
      headers: { 'if-match': '"2"' },
      body: { kind: 'on_the_spot', answer: '已联系社保局，当场补录参保信息' },
    });
    expect(answered.status).toBe(200);
    expect(answered.body).toMatchObject({
      status: 'answered_on_spot',
      version: 3,
      opinion: { kind: 'on_the_spot', answer: '已联系社保局，当场补录参保信息', handledBy: { name: '李娜' } },
    });

    // the case with its timeline
    const detail = await stack.call('GET', `/cases/${id}`, { token: staff });
    expect(detail.status).toBe(200);
    expect(detail.body.timeline.map((e: { action: string }) => e.action)).toEqual([
      'case.registered',
      'case.confirmed',
      'case.answered_on_spot',
    ]);
    // The first event references the intake record the case item holds, by digest: no copy.
    expect(detail.body.timeline[0].changes).toEqual({
      status: 'registered',
      intake: { fields: expect.arrayContaining(['reporter', 'description']), digest: expect.any(String) },
    });
    expect(detail.body.timeline[1]).toMatchObject({
      actor: { id: 'staff-li', name: '李娜', role: 'staff' },
      at: '2026-10-09T10:05:00+08:00',
      changes: { confirmation: { signedBy: '张三' } },
    });

    const events = await stack.call('GET', `/cases/${id}/events?verify=true`, { token: staff });
    expect(events.status).toBe(200);
    expect(events.body.items).toHaveLength(3);
    expect(events.body.verification).toEqual({ intact: true });

    // the ledger lists it
    const ledger = await stack.call('GET', '/cases?status=answered_on_spot', { token: staff });
    expect(ledger.body.items.map((c: { id: string }) => c.id)).toContain(id);
  });

  it('a refusal is registered in the ledger with status rejected and its reason', async () => {
    const res = await stack.call('POST', '/cases', {
      token: staff,
      body: intakeBody({
        scope: { kind: 'litigation_petition_or_filed', reason: '已向法院起诉，属涉诉事项' },
      }),
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: 'rejected',
      scope: { accepted: false, reason: '已向法院起诉，属涉诉事项' },
      notice: { accepted: false, reason: '已向法院起诉，属涉诉事项' },
    });
    const ledger = await stack.call('GET', '/cases?status=rejected', { token: staff });
    expect(ledger.body.items).toHaveLength(1);
  });

  it('answering twice is an illegal transition (409) and writes nothing', async () => {
    const { body } = await stack.call('POST', '/cases', { token: staff, body: intakeBody() });
    const first = await stack.call('POST', `/cases/${body.id}/opinion`, {
      token: staff,
      body: { kind: 'on_the_spot', answer: '已答复' },
    });
    expect(first.status).toBe(200);
    const second = await stack.call('POST', `/cases/${body.id}/opinion`, {
      token: staff,
      body: { kind: 'task_force' },
    });
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('illegal_transition');
    const events = await stack.call('GET', `/cases/${body.id}/events`, { token: staff });
    expect(events.body.items).toHaveLength(2);
  });

  it('a stale If-Match version is a 409 version conflict', async () => {
    const { body } = await stack.call('POST', '/cases', { token: staff, body: intakeBody() });
    const res = await stack.call('POST', `/cases/${body.id}/confirmation`, {
      token: staff,
      headers: { 'if-match': '"7"' },
      body: { signedBy: '张三', signedAt: '2026-10-09' },
    });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('version_conflict');
  });

  it('confirming twice is refused', async () => {
    const { body } = await stack.call('POST', '/cases', { token: staff, body: intakeBody() });
    const sign = { signedBy: '张三', signedAt: '2026-10-09' };
    expect(
      (await stack.call('POST', `/cases/${body.id}/confirmation`, { token: staff, body: sign })).status,
    ).toBe(200);
    const again = await stack.call('POST', `/cases/${body.id}/confirmation`, { token: staff, body: sign });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('already_confirmed');
  });

  it('a task-force referral moves the case to in_meeting', async () => {
    const { body } = await stack.call('POST', '/cases', { token: staff, body: intakeBody() });
    const res = await stack.call('POST', `/cases/${body.id}/opinion`, {
      token: staff,
      body: { kind: 'task_force' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'in_meeting', opinion: { kind: 'task_force' } });
  });

  it('the year in the number is the Asia/Shanghai year: 00:30 on 1 January is the new year', async () => {
    const other = await startTestStack({ now: '2026-12-31T23:59:00+08:00' });
    try {
      await setUpCentre(other, '510104002');
      const token = await other.token({ role: 'staff', tenantId: '510104002' });
      const late = await other.call('POST', '/cases', { token, body: intakeBody() });
      await other.clock.setTo(new Date('2027-01-01T00:30:00+08:00'));
      const early = await other.call('POST', '/cases', { token, body: intakeBody() });
      expect(late.body.number).toBe('510104002-2026-00001');
      expect(early.body.number).toBe('510104002-2027-00001');
    } finally {
      await other.close();
    }
  });
});

describe('identity and roles', () => {
  it('no token → 401; a bad token → 401', async () => {
    expect((await stack.call('GET', '/cases')).status).toBe(401);
    expect((await stack.call('GET', '/cases', { token: 'not-a-jwt' })).status).toBe(401);
  });

  it('a department officer cannot register cases (403)', async () => {
    const dept = await stack.token({ role: 'department', tenantId: '510104001', departmentId: 'shebao' });
    const res = await stack.call('POST', '/cases', { token: dept, body: intakeBody() });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('forbidden');
  });

  it('a supervisor can read but not write', async () => {
    const sup = await stack.token({ role: 'supervisor', regionCode: '510104' });
    expect((await stack.call('GET', '/cases', { token: sup })).status).toBe(200);
    expect((await stack.call('POST', '/cases', { token: sup, body: intakeBody() })).status).toBe(403);
  });

  it('a centre that was never set up cannot take cases (422)', async () => {
    const stranger = await stack.token({ role: 'staff', tenantId: '519999001' });
    const res = await stack.call('POST', '/cases', { token: stranger, body: intakeBody() });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('tenant_not_configured');
  });
});

describe('public routes', () => {
  it('GET /health', async () => {
    const res = await stack.call('GET', '/health');
    expect(res).toMatchObject({ status: 200, body: { status: 'ok' } });
  });

  it('GET /openapi.json is OpenAPI 3.1 with every route and the intake schema', async () => {
    const res = await stack.call('GET', '/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining(['/cases', '/cases/{caseId}', '/tenants/{tenantId}']),
    );
    expect(res.body.components.schemas.CreateCase.properties.reporter).toBeDefined();
    expect(res.body.paths['/cases'].post.responses['201']).toBeDefined();
  });

  it('GET /docs serves the page and its assets from the package, no CDN', async () => {
    const page = await stack.call('GET', '/docs');
    expect(page.status).toBe(200);
    expect(page.text).toContain('/docs/swagger-ui-bundle.js');
    expect(page.text).not.toMatch(/https?:\/\/(?!localhost)/);
    const js = await stack.call('GET', '/docs/swagger-ui-bundle.js');
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toContain('javascript');
    expect((await stack.call('GET', '/docs/other.js')).status).toBe(404);
  });
});
