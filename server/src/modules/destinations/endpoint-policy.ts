import dns from 'node:dns';
import net from 'node:net';
import type { LookupFunction } from 'node:net';
import { AppError } from '../../errors.js';

/**
 * Where deliveries may go (SSRF). Link-local (cloud metadata at 169.254.169.254), loopback,
 * private, carrier-grade NAT, multicast and reserved addresses are refused unless the
 * deployment's configuration allows them (DESTINATIONS_ALLOW_ADDRESSES: addresses or CIDRs, e.g.
 * 127.0.0.1 for tests or 10.0.0.0/8 on premise). The check runs when a destination is saved and
 * again on every connection, on the address actually dialled (so a DNS answer that changes after
 * the save cannot lead a delivery inside). Redirects are never followed.
 */
const REFUSED = new net.BlockList();
for (const [address, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12], ['192.0.0.0', 24],
  ['192.0.2.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24], ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) REFUSED.addSubnet(address, prefix, 'ipv4');
for (const [address, prefix] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8], ['64:ff9b::', 96], ['2001:db8::', 32]] as const) {
  REFUSED.addSubnet(address, prefix, 'ipv6');
}

export interface AddressPolicy {
  /** Addresses or CIDRs allowed although they are private (from configuration). */
  allow: string[];
}

function allowList(policy: AddressPolicy): net.BlockList {
  const list = new net.BlockList();
  for (const entry of policy.allow) {
    const [address, prefix] = entry.split('/');
    const type = net.isIPv6(address) ? 'ipv6' : 'ipv4';
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(prefix), type);
  }
  return list;
}

/** Why an address is refused, or null when deliveries may go there. */
export function refusedAddress(address: string, policy: AddressPolicy): string | null {
  let ip = address;
  let family: 'ipv4' | 'ipv6' = net.isIPv6(ip) ? 'ipv6' : 'ipv4';
  // An IPv4-mapped IPv6 address (::ffff:10.0.0.1) is checked as the IPv4 address it is.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) { ip = mapped[1]; family = 'ipv4'; }
  if (allowList(policy).check(ip, family)) return null;
  if (REFUSED.check(ip, family)) {
    return ip.startsWith('169.254.') || ip.toLowerCase().startsWith('fe80') ? `${address} is link-local (cloud metadata lives there)` : `${address} is a private or reserved address`;
  }
  return null;
}

/** Checks a destination URL's form: http(s), a host, no credentials. Returns the parsed URL. */
export function parseEndpoint(raw: string, opts: { allowHttp: boolean }): URL {
  const text = raw.trim();
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) throw new AppError('BAD_USER_INPUT', `url "${text.slice(0, 80)}" has no scheme: write https://host/path`);
  let url: URL;
  try { url = new URL(text); } catch { throw new AppError('BAD_USER_INPUT', `url "${text.slice(0, 80)}" is not a valid URL`); }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new AppError('BAD_USER_INPUT', `url scheme must be https (or http), got "${url.protocol.replace(':', '')}"`);
  if (url.protocol === 'http:' && !opts.allowHttp) throw new AppError('BAD_USER_INPUT', 'url must use https (plain http is allowed only for addresses the configuration allows)');
  if (url.username || url.password) throw new AppError('BAD_USER_INPUT', 'url must not carry a user name or password: the signature authenticates deliveries');
  if (!url.hostname) throw new AppError('BAD_USER_INPUT', 'url has no host');
  return url;
}

const bare = (hostname: string) => hostname.replace(/^\[|\]$/g, '');

/** Resolves the URL's host now and refuses a private address or a host that does not resolve. */
export async function checkReachableAddress(url: URL, policy: AddressPolicy): Promise<string[]> {
  const host = bare(url.hostname);
  let addresses: string[];
  if (net.isIP(host)) addresses = [host];
  else {
    try { addresses = (await dns.promises.lookup(host, { all: true })).map((a) => a.address); } catch {
      throw new AppError('BAD_USER_INPUT', `host "${host}" does not resolve (unreachable host)`);
    }
  }
  for (const address of addresses) {
    const reason = refusedAddress(address, policy);
    if (reason) throw new AppError('BAD_USER_INPUT', `url is refused: ${reason}; the deployment's DESTINATIONS_ALLOW_ADDRESSES can allow it`);
  }
  return addresses;
}

/** A DNS lookup for http.request that refuses the addresses the policy refuses, at connect time. */
export function guardedLookup(policy: AddressPolicy): LookupFunction {
  return ((hostname: string, options: dns.LookupOptions, callback: (...args: unknown[]) => void) => {
    dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error);
      const list = addresses as dns.LookupAddress[];
      for (const a of list) {
        const reason = refusedAddress(a.address, policy);
        if (reason) return callback(Object.assign(new Error(`refused: ${reason}`), { code: 'EADDRREFUSED' }));
      }
      if (options.all) return callback(null, list);
      return callback(null, list[0].address, list[0].family);
    });
  }) as LookupFunction;
}

/** The connection-time check for a URL whose host is an IP literal (no lookup happens for those). */
export function refusedLiteral(url: URL, policy: AddressPolicy): string | null {
  const host = bare(url.hostname);
  return net.isIP(host) ? refusedAddress(host, policy) : null;
}
