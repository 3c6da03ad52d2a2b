import { describe, expect, it } from 'vitest';
import {
  ACTION_LINK_MESSAGES,
  type ActionClaims,
  actionLinks,
  labelledActionLinks,
  signActionToken,
  verifyActionToken,
} from '../../shared/domain/action-links.ts';
import { UnauthorizedError } from '../../shared/errors.ts';

const SECRET = 'action-link-secret-current-0123456789abcdef';
const PREVIOUS_SECRET = 'action-link-secret-previous-0123456789abcdef';
const now = new Date('2026-10-09T10:20:00+08:00');
const claims: ActionClaims = {
  workOrderId: 'wo-01J9Z8M0XP',
  tenantId: '510104001',
  departmentId: 'dept-shebao',
  action: 'ack',
  expiresAt: new Date('2026-10-23T10:20:00+08:00'),
};

/** The error `fn` throws (fails the test when it does not throw). */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

function expectInvalid(fn: () => unknown): void {
  const error = thrown(fn);
  expect(error).toBeInstanceOf(UnauthorizedError);
  expect((error as UnauthorizedError).message).toBe(ACTION_LINK_MESSAGES.invalid);
}

describe('signed action links', () => {
  it('a signed token verifies back to the same claims', () => {
    const token = signActionToken(claims, SECRET);

    const verified = verifyActionToken(token, SECRET, now);

    expect(verified).toEqual(claims);
    expect(token).toMatch(/^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
  });

  it('a token whose payload was edited is refused', () => {
    const [version, payload, signature] = signActionToken(claims, SECRET).split('.');
    const edited = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    edited.e += 365 * 24 * 3600;
    const tampered = `${version}.${Buffer.from(JSON.stringify(edited)).toString('base64url')}.${signature}`;

    expectInvalid(() => verifyActionToken(tampered, SECRET, now));
  });

  it('a token whose signature was edited is refused', () => {
    const token = signActionToken(claims, SECRET);
    const last = token.at(-1) === 'A' ? 'B' : 'A';

    expectInvalid(() => verifyActionToken(token.slice(0, -1) + last, SECRET, now));
  });

  it('a token for one work order cannot be turned into a token for another', () => {
    // Prepare: the department holds a genuine link for its own work order…
    const own = signActionToken(claims, SECRET);
    const [, , ownSignature] = own.split('.');
    // …and builds the payload of someone else's, keeping its own signature.
    const otherPayload = Buffer.from(
      JSON.stringify({
        w: 'wo-OTHER',
        t: claims.tenantId,
        d: claims.departmentId,
        a: 'ack',
        e: 1_900_000_000,
      }),
    ).toString('base64url');

    // Act / Assert
    expectInvalid(() => verifyActionToken(`v1.${otherPayload}.${ownSignature}`, SECRET, now));
    expect(verifyActionToken(own, SECRET, now).workOrderId).toBe('wo-01J9Z8M0XP');
  });

  it('a token signed with another secret is refused', () => {
    const token = signActionToken(claims, 'someone-elses-secret-0123456789abcdef');

    expectInvalid(() => verifyActionToken(token, SECRET, now));
  });

  it('an expired token is refused with the expiry message, from the second it expires', () => {
    const token = signActionToken(claims, SECRET);

    const justBefore = verifyActionToken(token, SECRET, new Date(claims.expiresAt.getTime() - 1000));
    const error = thrown(() => verifyActionToken(token, SECRET, claims.expiresAt));

    expect(justBefore.workOrderId).toBe(claims.workOrderId);
    expect(error).toBeInstanceOf(UnauthorizedError);
    expect((error as UnauthorizedError).message).toBe(ACTION_LINK_MESSAGES.expired);
  });

  it('an expired token with a bad signature says invalid, not expired', () => {
    const token = signActionToken(claims, 'someone-elses-secret-0123456789abcdef');

    expectInvalid(() => verifyActionToken(token, SECRET, new Date('2030-01-01T00:00:00Z')));
  });

  it.each([
    ['empty', ''],
    ['garbage', 'not-a-token'],
    ['another version', signActionToken(claims, SECRET).replace(/^v1/, 'v2')],
    ['a fourth part', `${signActionToken(claims, SECRET)}.x`],
    ['too long', `v1.${'A'.repeat(2000)}.${'A'.repeat(43)}`],
  ])('a malformed token (%s) is refused as invalid', (_, token) => {
    expectInvalid(() => verifyActionToken(token, SECRET, now));
  });

  it('during key rotation a link signed with the previous secret still works, and new links use the new one', () => {
    const oldLink = signActionToken(claims, PREVIOUS_SECRET);
    const newLink = signActionToken(claims, SECRET);

    expect(verifyActionToken(oldLink, [SECRET, PREVIOUS_SECRET], now)).toEqual(claims);
    expect(verifyActionToken(newLink, [SECRET, PREVIOUS_SECRET], now)).toEqual(claims);
    // Once the previous secret is retired, its links stop working.
    expectInvalid(() => verifyActionToken(oldLink, [SECRET], now));
  });

  it('refuses to sign with a short secret', () => {
    expect(() => signActionToken(claims, 'short')).toThrow(RangeError);
  });
});

describe('the links of one work order', () => {
  const input = {
    baseUrl: 'https://bancheng.example.gov.cn/',
    workOrderId: claims.workOrderId,
    tenantId: claims.tenantId,
    departmentId: claims.departmentId,
    expiresAt: claims.expiresAt,
  };

  it('gives one URL-safe link per action, each verifying to its own action', () => {
    const links = actionLinks(input, SECRET);

    for (const action of ['ack', 'feedback', 'return', 'form'] as const) {
      const url = new URL(links[action]);
      const token = url.pathname.replace(/^\/actions\//, '');
      expect(links[action].startsWith('https://bancheng.example.gov.cn/actions/v1.')).toBe(true);
      expect(encodeURIComponent(token)).toBe(token);
      expect(verifyActionToken(token, SECRET, now)).toEqual({ ...claims, action });
    }
  });

  it('a link for signing for the order cannot be used to return it', () => {
    const links = actionLinks(input, SECRET);
    const ackToken = links.ack.split('/actions/')[1]!;

    expect(verifyActionToken(ackToken, SECRET, now).action).toBe('ack');
    expect(links.ack).not.toBe(links.return);
  });

  it('labels the links in Chinese for the form, in the order ack, feedback, return, form', () => {
    const labelled = labelledActionLinks(actionLinks(input, SECRET));

    expect(labelled.map((l) => l.label)).toEqual(['签收工单', '反馈办理情况', '退回工单', '查看转办单']);
  });
});
