import { describe, expect, it } from 'vitest';
import { createLocalIssuer } from '../../infra/local/tokens.ts';

const NOW = new Date('2026-10-09T10:00:00+08:00');
const claims = { sub: 'staff-li', name: '李娜', role: 'staff', tenantId: '510104001' } as const;

describe('the local issuer (the front’s stand-in for API Gateway’s JWT authorizer)', () => {
  it('accepts a token again and again until its expiry, then refuses it, as on the first check', async () => {
    // Prepare
    const issuer = await createLocalIssuer();
    const token = await issuer.issue({ ...claims, ttlSeconds: 60 }, NOW);

    // Act
    const first = await issuer.verify(token, NOW);
    const again = await issuer.verify(token, new Date(NOW.getTime() + 59_000));
    const atExpiry = await issuer.verify(token, new Date(NOW.getTime() + 60_000));
    const fresh = await (await createLocalIssuer()).verify(token, new Date(NOW.getTime() + 60_000));

    // Assert
    expect(first).toMatchObject({ sub: 'staff-li', role: 'staff', tenantId: '510104001' });
    expect(again).toEqual(first);
    expect(atExpiry).toBeUndefined();
    expect(fresh).toBeUndefined(); // another key, and expired anyway
  });

  it('refuses a token whose payload was altered, after the genuine one was accepted', async () => {
    // Prepare
    const issuer = await createLocalIssuer();
    const token = await issuer.issue(claims, NOW);
    await issuer.verify(token, NOW);
    const [header, payload, signature] = token.split('.');
    const altered = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8'));
    altered.role = 'admin';
    const forged = `${header}.${Buffer.from(JSON.stringify(altered)).toString('base64url')}.${signature}`;

    // Act
    const result = await issuer.verify(forged, NOW);

    // Assert
    expect(result).toBeUndefined();
  });
});
