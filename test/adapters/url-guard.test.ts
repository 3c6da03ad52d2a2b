import { describe, expect, it } from 'vitest';
import {
  assertDeliverableUrl,
  type HostLookup,
  isLoopbackAddress,
  isPublicAddress,
  type ResolvedAddress,
} from '../../shared/adapters/url-guard.ts';
import { UnprocessableError } from '../../shared/errors.ts';

/** A resolver answering from a table; unknown names fail like getaddrinfo's ENOTFOUND. No network. */
function fakeDns(table: Record<string, string[]>) {
  const asked: string[] = [];
  const lookup: HostLookup = async (hostname) => {
    asked.push(hostname);
    const addresses = table[hostname];
    if (!addresses)
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return addresses.map((address): ResolvedAddress => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return { lookup, asked };
}

const dns = fakeDns({
  'hook.shebao.example.cn': ['203.119.80.10'],
  'v6.shebao.example.cn': ['2400:3200::1', '203.119.80.11'],
  localhost: ['127.0.0.1', '::1'],
  'metadata.internal.example': ['169.254.169.254'],
  'split.example.cn': ['203.119.80.12', '10.0.0.5'],
  'mapped.example.cn': ['::ffff:192.168.1.1'],
  'nat64.example.cn': ['64:ff9b::a9fe:a9fe'],
  'empty.example.cn': [],
});

async function refusal(url: string, allowInsecureLocal: boolean): Promise<UnprocessableError | undefined> {
  try {
    await assertDeliverableUrl(url, { allowInsecureLocal, lookup: dns.lookup });
    return undefined;
  } catch (error) {
    if (error instanceof UnprocessableError) return error;
    throw error;
  }
}

describe('webhook URL guard, deployed stages', () => {
  it.each([
    ['https with a public host name', 'https://hook.shebao.example.cn/bancheng'],
    ['https with an explicit :443', 'https://hook.shebao.example.cn:443/bancheng?x=1'],
    ['a name with public IPv4 and IPv6 addresses', 'https://v6.shebao.example.cn/'],
    ['a public IPv4 literal', 'https://203.119.80.10/hook'],
    ['a public IPv6 literal', 'https://[2400:3200::1]/hook'],
  ])('allows %s', async (_, url) => {
    expect(await refusal(url, false)).toBeUndefined();
  });

  it.each([
    ['plain http', 'http://hook.shebao.example.cn/'],
    ['another scheme', 'ftp://hook.shebao.example.cn/'],
    ['a javascript: URL', 'javascript:alert(1)'],
    ['not a URL', 'hook.shebao.example.cn/bancheng'],
    ['credentials in the URL', 'https://user:secret@hook.shebao.example.cn/'],
    ['a user name alone', 'https://admin@hook.shebao.example.cn/'],
    ['a port other than 443', 'https://hook.shebao.example.cn:8443/'],
    ['loopback by name', 'https://localhost/'],
    ['loopback literal', 'https://127.0.0.1/'],
    ['loopback, elsewhere in 127/8', 'https://127.8.9.10/'],
    ['IPv6 loopback', 'https://[::1]/'],
    ['loopback as a decimal integer', 'https://2130706433/'],
    ['loopback in hex shorthand', 'https://0x7f.1/'],
    ['loopback as one hex number', 'https://0x7f000001/'],
    ['loopback in octal', 'https://017700000001/'],
    ['loopback shortened', 'https://127.1/'],
    ['loopback in full-width digits', 'https://１２７.０.０.１/'],
    ['IPv4-mapped IPv6 loopback', 'https://[::ffff:127.0.0.1]/'],
    ['IPv4-mapped IPv6 metadata, in hex', 'https://[0:0:0:0:0:ffff:a9fe:a9fe]/'],
    ['IPv4-compatible IPv6 loopback', 'https://[::127.0.0.1]/'],
    ['0.0.0.0', 'https://0.0.0.0/'],
    ['0', 'https://0/'],
    ['private 10/8', 'https://10.1.2.3/'],
    ['private 172.16/12', 'https://172.20.0.1/'],
    ['private 192.168/16', 'https://192.168.0.10/'],
    ['link-local (cloud metadata)', 'https://169.254.169.254/latest/meta-data/'],
    ['carrier-grade NAT 100.64/10', 'https://100.100.100.200/'],
    ['IPv4 multicast', 'https://224.0.0.1/'],
    ['broadcast', 'https://255.255.255.255/'],
    ['IPv6 link-local', 'https://[fe80::1]/'],
    ['IPv6 unique-local', 'https://[fd12:3456::1]/'],
    ['IPv6 multicast', 'https://[ff02::1]/'],
    ['NAT64 of the metadata address', 'https://[64:ff9b::a9fe:a9fe]/'],
    ['6to4 of a private address', 'https://[2002:c0a8:101::1]/'],
    ['a name resolving to link-local', 'https://metadata.internal.example/'],
    ['a name resolving to one public and one private address', 'https://split.example.cn/'],
    ['a name resolving to an IPv4-mapped private address', 'https://mapped.example.cn/'],
    ['a name resolving to NAT64 of link-local', 'https://nat64.example.cn/'],
  ])('refuses %s', async (_, url) => {
    // Act
    const error = await refusal(url, false);

    // Assert
    expect(error).toBeInstanceOf(UnprocessableError);
    expect(error?.code).toBe('webhook_url_not_allowed');
    expect(error?.message).toBe('不允许向该网址推送工单');
    expect(error?.details).toEqual([{ field: 'delivery.webhook.url', message: expect.any(String) }]);
    expect(error?.details?.[0]?.message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('explains the reason in the field detail', async () => {
    expect((await refusal('http://hook.shebao.example.cn/', false))?.details?.[0]?.message).toBe(
      '网址必须以 https:// 开头',
    );
    expect((await refusal('https://u:p@hook.shebao.example.cn/', false))?.details?.[0]?.message).toBe(
      '网址中不得包含用户名或密码',
    );
    expect((await refusal('https://split.example.cn/', false))?.details?.[0]?.message).toContain('内网');
  });

  it('reports a name that does not resolve with its own code', async () => {
    const unknown = await refusal('https://no-such-host.example.cn/', false);
    const empty = await refusal('https://empty.example.cn/', false);

    expect(unknown?.code).toBe('webhook_url_unresolvable');
    expect(unknown?.cause).toMatchObject({ code: 'ENOTFOUND' });
    expect(empty?.code).toBe('webhook_url_unresolvable');
  });

  it('does not resolve literal IP addresses, and asks the resolver only for the host name', async () => {
    dns.asked.length = 0;

    await refusal('https://203.119.80.10/', false);
    await refusal('https://hook.shebao.example.cn:443/path?q=1', false);

    expect(dns.asked).toEqual(['hook.shebao.example.cn']);
  });
});

describe('webhook URL guard, local stack', () => {
  it.each([
    ['http on loopback with a port', 'http://127.0.0.1:4010/hooks/shebao'],
    ['localhost by name', 'http://localhost:4010/'],
    ['IPv6 loopback', 'http://[::1]:4010/'],
    ['https to a public name', 'https://hook.shebao.example.cn/'],
    ['http to a public name on any port', 'http://hook.shebao.example.cn:8080/'],
  ])('allows %s', async (_, url) => {
    expect(await refusal(url, true)).toBeUndefined();
  });

  it.each([
    ['private addresses', 'http://192.168.1.20:8080/'],
    ['cloud metadata', 'http://169.254.169.254/'],
    ['a name with one private address', 'http://split.example.cn/'],
    ['credentials', 'http://u:p@127.0.0.1:4010/'],
    ['other schemes', 'file:///etc/passwd'],
  ])('still refuses %s', async (_, url) => {
    expect((await refusal(url, true))?.code).toBe('webhook_url_not_allowed');
  });
});

describe('public addresses', () => {
  it.each([
    ['8.8.8.8', true],
    ['203.119.80.10', true],
    ['2400:3200::1', true],
    ['::ffff:8.8.8.8', true],
    ['100.63.255.255', true],
    ['100.128.0.0', true],
    ['172.15.255.255', true],
    ['172.32.0.0', true],
    ['127.0.0.1', false],
    ['::1', false],
    ['::', false],
    ['::ffff:127.0.0.1', false],
    ['::ffff:7f00:1', false],
    ['0:0:0:0:0:ffff:a9fe:a9fe', false],
    ['100.64.0.1', false],
    ['100.127.255.255', false],
    ['172.16.0.1', false],
    ['172.31.255.255', false],
    ['198.18.0.1', false],
    ['192.0.2.1', false],
    ['fe80::1%eth0', false],
    ['febf::1', false],
    ['fc00::1', false],
    ['2001:db8::1', false],
    ['2001:0:4136:e378::1', false],
    ['not an address', false],
    ['', false],
  ])('%s → %s', (ip, expected) => {
    expect(isPublicAddress(ip)).toBe(expected);
  });

  it('recognises loopback in every form', () => {
    expect(
      ['127.0.0.1', '127.255.0.9', '::1', '::ffff:127.0.0.1', '0:0:0:0:0:0:0:1'].map(isLoopbackAddress),
    ).toEqual([true, true, true, true, true]);
    expect(['128.0.0.1', '::2', '::ffff:10.0.0.1', 'localhost'].map(isLoopbackAddress)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });
});
