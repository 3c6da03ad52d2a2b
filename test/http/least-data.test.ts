/**
 * 最少数据: supervisors see reporters' phone numbers masked in every response — the ledger, a
 * case, its trail, 责任倒查, the CSV ledger — while the centre's own staff see them in full.
 * Identifiers and hashes are never touched.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shapeJson } from '../../shared/http/least-data.ts';
import { intakeBody, setUpCentre, startTestStack, type TestStack } from '../support/stack.ts';

const A = '510104001';
const PHONE = '13812345678';
const MASKED = '138****5678';

let stack: TestStack;
let caseId: string;
const staff = () => stack.token({ role: 'staff', tenantId: A, sub: 'staff-li', name: '李娜' });
const county = () => stack.token({ role: 'supervisor', regionCode: '510104' });

beforeAll(async () => {
  stack = await startTestStack();
  await setUpCentre(stack, A, '春熙路街道便民服务中心');
  const res = await stack.call('POST', '/cases', {
    token: await staff(),
    body: intakeBody({
      reporter: { name: '王五', phone: PHONE },
      description: `反映人另留电话 ${PHONE}，三次来办均被告知材料不全`,
    }),
  });
  expect(res.status).toBe(201);
  caseId = res.body.id;
  // The trail references the intake record rather than copying it, so the number reaches the
  // trail the way it would in use: written into a later step's text.
  const signed = await stack.call('POST', `/cases/${caseId}/confirmation`, {
    token: await staff(),
    body: { signedBy: '王五', signedAt: '2026-10-09' },
  });
  expect(signed.status).toBe(200);
  const answered = await stack.call('POST', `/cases/${caseId}/opinion`, {
    token: await staff(),
    body: { kind: 'on_the_spot', answer: `已致电反映人 ${PHONE}，当场说明所需材料` },
  });
  expect(answered.status, answered.text).toBe(200);
});
afterAll(() => stack.close());

const ROUTES = [
  ['GET /cases', () => '/cases'],
  ['GET /cases/{id}', () => `/cases/${caseId}`],
  ['GET /cases/{id}/events', () => `/cases/${caseId}/events`],
  ['GET /events?actor= (责任倒查)', () => '/events?actor=staff-li'],
  ['GET /reports/ledger.csv', () => '/reports/ledger.csv'],
] as const;

describe('phone numbers by role', () => {
  it.each(ROUTES)('%s: a supervisor sees them masked', async (_name, path) => {
    const res = await stack.call('GET', path(), { token: await county() });
    expect(res.status, res.text).toBe(200);
    expect(res.text).not.toContain(PHONE);
    expect(res.text).toContain(MASKED);
  });

  it.each(ROUTES)('%s: the centre’s staff see them in full', async (_name, path) => {
    const res = await stack.call('GET', path(), { token: await staff() });
    expect(res.status, res.text).toBe(200);
    expect(res.text).toContain(PHONE);
  });

  it('a supervisor’s trail keeps its hashes and ids as stored', async () => {
    const mine = await stack.call('GET', `/cases/${caseId}/events`, { token: await staff() });
    const theirs = await stack.call('GET', `/cases/${caseId}/events`, { token: await county() });
    const pick = (b: { items: { hash: string; prevHash?: string; caseId: string }[] }) =>
      b.items.map((e) => [e.caseId, e.hash, e.prevHash]);
    expect(pick(theirs.body)).toEqual(pick(mine.body));
  });
});

describe('the shaper', () => {
  it('masks phone numbers in any string but leaves ids, hashes, cursors and URLs alone', () => {
    const digits = `a${PHONE}b`;
    const shaped = shapeJson(
      { id: 'x', name: 'x', role: 'supervisor', regionCode: '51' },
      {
        reporter: { phone: PHONE },
        notes: [`电话 ${PHONE}`],
        hash: digits,
        contentHash: digits,
        caseId: digits,
        nextCursor: digits,
        downloadUrl: `https://s3/x?sig=${digits}`,
      },
    );
    expect(shaped).toEqual({
      reporter: { phone: MASKED },
      notes: [`电话 ${MASKED}`],
      hash: digits,
      contentHash: digits,
      caseId: digits,
      nextCursor: digits,
      downloadUrl: `https://s3/x?sig=${digits}`,
    });
  });

  it('passes everything through for centre staff', () => {
    const body = { reporter: { phone: PHONE } };
    expect(shapeJson({ id: 'x', name: 'x', role: 'staff', tenantId: A }, body)).toBe(body);
  });
});
