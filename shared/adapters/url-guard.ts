/**
 * Which department webhook URLs the system may POST to. A department's URL is typed in by an
 * admin, so without this guard it is a way to make our functions call the cloud's metadata
 * service, our own emulators or a government intranet (SSRF).
 *
 * Deployed stages accept only `https:` on the default port (443), without user or password in
 * the URL, whose host — a literal IP, or EVERY address its name resolves to — is a public
 * unicast address. Other ports are refused on purpose: a receiver can always sit behind 443,
 * and allowing any port would let an admin probe arbitrary services through us (widen
 * `DEPLOYED_PORTS` if a department really needs one). The local stack (`allowInsecureLocal`)
 * also accepts `http:`, any port and loopback addresses, so a receiver on 127.0.0.1 works;
 * private and link-local addresses stay refused there too.
 *
 * Literal IPs are read after the WHATWG URL parser has normalised them, so `http://2130706433/`,
 * `http://0x7f.1/`, `http://017700000001/` and `http://１２７.０.０.１/` are all 127.0.0.1, and
 * `[::ffff:127.0.0.1]` arrives as `[::ffff:7f00:1]` and is judged as the IPv4 address inside it.
 *
 * Residual risk: `fetch` resolves the name again when it connects (DNS rebinding between the
 * check and the request). Call `assertDeliverableUrl` right before each send, not only when
 * the URL is saved; the window left is the DNS TTL race of one request.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { UnprocessableError } from '../errors.ts';

export interface ResolvedAddress {
  address: string;
  family: number;
}

/** Resolves a host name to all its addresses (A and AAAA). Injected in tests. */
export type HostLookup = (hostname: string) => Promise<ResolvedAddress[]>;

/** The real resolver: the system's `getaddrinfo`, every address, in the order it gives them. */
export const resolvingLookup: HostLookup = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

export interface UrlGuardOptions {
  /** The local stack: also allow `http:`, any port and loopback receivers. */
  allowInsecureLocal: boolean;
  lookup?: HostLookup;
}

/** The field the refusal's detail names (the department's delivery settings). */
export const WEBHOOK_URL_FIELD = 'delivery.webhook.url';

/** `''` is the scheme's default port (the URL parser drops an explicit `:443` for https). */
const DEPLOYED_PORTS: ReadonlySet<string> = new Set(['']);

/**
 * Resolves when `url` may receive webhooks; otherwise throws `UnprocessableError` with code
 * `webhook_url_not_allowed`, or `webhook_url_unresolvable` when the name does not resolve
 * (which, at send time, may be a passing DNS failure worth a retry).
 */
export async function assertDeliverableUrl(url: string, opts: UrlGuardOptions): Promise<void> {
  const parsed = URL.canParse(url) ? new URL(url) : undefined;
  if (!parsed) return refuse('网址格式无效');

  const local = opts.allowInsecureLocal;
  const schemeAllowed = parsed.protocol === 'https:' || (local && parsed.protocol === 'http:');
  if (!schemeAllowed)
    return refuse(local ? '网址必须以 http:// 或 https:// 开头' : '网址必须以 https:// 开头');
  if (parsed.username || parsed.password) return refuse('网址中不得包含用户名或密码');
  if (!local && !DEPLOYED_PORTS.has(parsed.port)) return refuse('网址只能使用 https 默认端口 443');

  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  if (isIP(host)) {
    if (!addressAllowed(host, local)) return refuse('网址指向本机、内网或保留地址，不允许推送');
    return;
  }

  let addresses: ResolvedAddress[];
  try {
    addresses = await (opts.lookup ?? resolvingLookup)(host);
  } catch (cause) {
    throw unresolvable(cause);
  }
  if (addresses.length === 0) throw unresolvable();
  // One private answer is enough to refuse: the connection may use any of them.
  if (!addresses.every(({ address }) => addressAllowed(address, local))) {
    return refuse('网址的域名解析到本机、内网或保留地址，不允许推送');
  }
}

function addressAllowed(ip: string, local: boolean): boolean {
  return isPublicAddress(ip) || (local && isLoopbackAddress(ip));
}

function refuse(reason: string): never {
  throw new UnprocessableError('不允许向该网址推送工单', 'webhook_url_not_allowed', [
    { field: WEBHOOK_URL_FIELD, message: reason },
  ]);
}

function unresolvable(cause?: unknown): UnprocessableError {
  const error = new UnprocessableError('无法解析该网址的域名', 'webhook_url_unresolvable', [
    { field: WEBHOOK_URL_FIELD, message: '域名无法解析，请检查网址是否正确' },
  ]);
  if (cause !== undefined) error.cause = cause;
  return error;
}

/**
 * True for a globally routable unicast address; false for loopback, private, link-local, CGNAT,
 * unique-local, multicast, broadcast, documentation and other reserved ranges, for IPv4-mapped
 * IPv6 forms of those, for IPv6 forms that embed or translate another address (NAT64, 6to4,
 * Teredo), and for anything that is not an IP address at all.
 */
export function isPublicAddress(ip: string): boolean {
  const v4 = parseIpv4(ip);
  if (v4 !== undefined) return isPublicIpv4(v4);
  const v6 = parseIpv6(ip);
  if (!v6) return false;
  const mapped = mappedIpv4(v6);
  if (mapped !== undefined) return isPublicIpv4(mapped);
  const [g0 = 0, g1 = 0] = v6;
  // Only global unicast 2000::/3 is public; this drops ::, ::1, ::a.b.c.d, 64:ff9b::/96,
  // fc00::/7, fe80::/10 and ff00::/8 in one test.
  if ((g0 & 0xe000) !== 0x2000) return false;
  if (g0 === 0x2001 && g1 < 0x0200) return false; // 2001::/23 IETF protocol assignments, incl. Teredo
  if (g0 === 0x2001 && g1 === 0x0db8) return false; // 2001:db8::/32 documentation
  if (g0 === 0x2002) return false; // 2002::/16 6to4 embeds an IPv4 address
  if (g0 === 0x3fff && g1 < 0x1000) return false; // 3fff::/20 documentation
  return true;
}

/** 127/8, ::1 and the IPv4-mapped forms of 127/8. */
export function isLoopbackAddress(ip: string): boolean {
  const v4 = parseIpv4(ip);
  if (v4 !== undefined) return v4 >>> 24 === 127;
  const v6 = parseIpv6(ip);
  if (!v6) return false;
  const mapped = mappedIpv4(v6);
  if (mapped !== undefined) return mapped >>> 24 === 127;
  return v6.slice(0, 7).every((g) => g === 0) && v6[7] === 1;
}

/** IPv4 ranges that are not public, as [network, prefix length]. */
const NON_PUBLIC_IPV4: readonly (readonly [string, number])[] = [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, incl. the cloud metadata service 169.254.169.254
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.88.99.0', 24], // 6to4 relay anycast
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, incl. broadcast 255.255.255.255
];

const NON_PUBLIC_IPV4_RANGES = NON_PUBLIC_IPV4.map(([network, bits]) => {
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return { network: (parseIpv4(network)! & mask) >>> 0, mask };
});

function isPublicIpv4(v4: number): boolean {
  return !NON_PUBLIC_IPV4_RANGES.some(({ network, mask }) => (v4 & mask) >>> 0 === network);
}

/** Dotted-quad IPv4 (as `isIP` accepts it) → unsigned 32-bit number. */
function parseIpv4(ip: string): number | undefined {
  if (isIP(ip) !== 4) return undefined;
  return ip.split('.').reduce((acc, octet) => acc * 256 + Number(octet), 0);
}

/** IPv6 (optionally with a zone, `fe80::1%eth0`) → eight 16-bit groups. */
function parseIpv6(ip: string): number[] | undefined {
  const address = ip.replace(/%.*$/, '');
  if (isIP(address) !== 6) return undefined;
  const halves = address.split('::');
  const toGroups = (part: string | undefined): number[] =>
    !part
      ? []
      : part.split(':').flatMap((group) => {
          if (!group.includes('.')) return [Number.parseInt(group, 16)];
          const v4 = parseIpv4(group) ?? 0;
          return [v4 >>> 16, v4 & 0xffff];
        });
  const head = toGroups(halves[0]);
  const tail = toGroups(halves[1]);
  const zeros = halves.length === 2 ? 8 - head.length - tail.length : 0;
  return [...head, ...new Array<number>(zeros).fill(0), ...tail];
}

/** The IPv4 address inside `::ffff:a.b.c.d`, else undefined. */
function mappedIpv4(groups: readonly number[]): number | undefined {
  const prefixZero = groups.slice(0, 5).every((g) => g === 0);
  if (!prefixZero || groups[5] !== 0xffff) return undefined;
  return ((groups[6] ?? 0) * 0x10000 + (groups[7] ?? 0)) >>> 0;
}
