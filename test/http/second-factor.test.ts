/**
 * 等保 2.0: admin and supervisor tokens are accepted only when the sign-in used a second factor
 * (`amr`), whatever route they call; the other roles are not asked for one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECOND_FACTOR_ROLES } from '../../shared/domain/identity.ts';
import { SecondFactorRequiredError } from '../../shared/errors.ts';
import { assertSecondFactor, authenticationMethods } from '../../shared/http/handler.ts';
import { intakeBody, setUpCentre, startTestStack, type TestStack } from '../support/stack.ts';

const CENTRE = '510104022';

describe('amr as issuers and API Gateway hand it over', () => {
  it.each([
    ['a JSON array (the verified token)', ['pwd', 'otp'], ['pwd', 'otp']],
    ['API Gateway’s stringified array', '[pwd otp]', ['pwd', 'otp']],
    ['a JSON string', '["pwd","mfa"]', ['pwd', 'mfa']],
    ['a comma-separated list', 'pwd,hwk', ['pwd', 'hwk']],
    ['no claim at all', undefined, []],
  ])('reads %s', (_what, amr, expected) => {
    // Prepare / Act
    const methods = authenticationMethods(amr === undefined ? {} : { amr });
    // Assert
    expect(methods).toEqual(expected);
  });

  it('refuses an admin whose API Gateway claims say only [pwd], accepts [pwd otp mfa]', () => {
    // Prepare
    const admin = { id: 'a', name: '管理员', role: 'admin' as const };
    // Act / Assert
    expect(() => assertSecondFactor(admin, { amr: '[pwd]' })).toThrow(SecondFactorRequiredError);
    expect(() => assertSecondFactor(admin, { amr: '[pwd otp mfa]' })).not.toThrow();
  });

  it('never counts a knowledge factor (pin, kba) as the second one', () => {
    // Prepare
    const supervisor = { id: 's', name: '督查', role: 'supervisor' as const, regionCode: '51' };
    // Act / Assert
    expect(() => assertSecondFactor(supervisor, { amr: ['pwd', 'pin', 'kba'] })).toThrow(
      SecondFactorRequiredError,
    );
  });

  it('asks it of exactly admin and supervisor', () => {
    expect([...SECOND_FACTOR_ROLES].sort()).toEqual(['admin', 'supervisor']);
  });
});

describe('the API with and without a second factor', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
    await setUpCentre(stack, CENTRE, '春熙路街道便民服务中心');
  });
  afterAll(() => stack.close());

  it('answers 403 mfa_required to an admin who signed in with a password only, and writes nothing', async () => {
    // Prepare
    const passwordOnly = await stack.token({ role: 'admin', amr: ['pwd'] });
    // Act
    const res = await stack.call('PUT', '/tenants/510104023', {
      token: passwordOnly,
      body: { name: '书院街街道便民服务中心' },
    });
    // Assert
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('mfa_required');
    expect(res.body.error.message).toContain('双因素');
    const read = await stack.call('GET', '/tenants/510104023', {
      token: await stack.token({ role: 'admin' }),
    });
    expect(read.status).toBe(404);
  });

  it('lets the same admin in once the token shows a one-time code', async () => {
    // Prepare
    const withOtp = await stack.token({ role: 'admin', amr: ['pwd', 'otp', 'mfa'] });
    // Act
    const res = await stack.call('PUT', '/tenants/510104023', {
      token: withOtp,
      body: { name: '书院街街道便民服务中心' },
    });
    // Assert
    expect(res.status).toBe(201);
  });

  it('refuses a supervisor without a second factor even on a read', async () => {
    // Prepare
    const passwordOnly = await stack.token({ role: 'supervisor', regionCode: '510104', amr: ['pwd'] });
    const withOtp = await stack.token({ role: 'supervisor', regionCode: '510104', amr: ['pwd', 'otp'] });
    // Act
    const refused = await stack.call('GET', '/supervision', { token: passwordOnly });
    const allowed = await stack.call('GET', '/supervision', { token: withOtp });
    // Assert
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('mfa_required');
    expect(allowed.status).toBe(200);
  });

  it('does not ask a window clerk for a second factor', async () => {
    // Prepare
    const clerk = await stack.token({ role: 'staff', tenantId: CENTRE, amr: ['pwd'] });
    // Act
    const res = await stack.call('POST', '/cases', { token: clerk, body: intakeBody() });
    // Assert
    expect(res.status).toBe(201);
  });
});
