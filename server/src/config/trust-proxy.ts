import net from 'node:net';
import { AppError } from '../errors.js';

/**
 * Which peers may tell the client's address in `X-Forwarded-For`, in a form Express's
 * `trust proxy` setting takes: `false` (no one: the socket's peer is the client), a hop count, or
 * a list of addresses, CIDR ranges and Express's names for ranges.
 */
export type TrustProxy = false | number | string[];

/** Express's (proxy-addr's) names for address ranges. */
const RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isAddressOrRange(entry: string): boolean {
  if (RANGE_NAMES.has(entry)) return true;
  const slash = entry.indexOf('/');
  const address = slash === -1 ? entry : entry.slice(0, slash);
  const version = net.isIP(address);
  if (version === 0) return false;
  if (slash === -1) return true;
  const prefix = entry.slice(slash + 1);
  // proxy-addr also takes a netmask after the slash (10.0.0.0/255.0.0.0).
  if (version === 4 && net.isIPv4(prefix)) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128);
}

/**
 * TRUST_PROXY: empty or `false` trusts no proxy; a whole number trusts that many hops in front of
 * the API; otherwise a comma-separated list of addresses, CIDRs and `loopback`, `linklocal`,
 * `uniquelocal`. `true` (trust every peer) is refused: any client could then name its own address.
 */
export function parseTrustProxy(raw: string | undefined): TrustProxy {
  const text = raw?.trim() ?? '';
  if (text === '' || text === 'false') return false;
  if (text === 'true') {
    throw new AppError('CONFIG_INVALID', 'TRUST_PROXY=true would let any client name its own address; give the proxies\' addresses or CIDRs, or the number of proxy hops');
  }
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    if (hops > 10) throw new AppError('CONFIG_INVALID', `TRUST_PROXY hop count must be at most 10, got "${text}"`);
    return hops === 0 ? false : hops;
  }
  const entries = text.split(',').map((entry) => entry.trim()).filter(Boolean);
  const invalid = entries.filter((entry) => !isAddressOrRange(entry));
  if (invalid.length) {
    throw new AppError('CONFIG_INVALID', `TRUST_PROXY has entries that are not an address, a CIDR range or loopback/linklocal/uniquelocal: ${invalid.join(', ')}`);
  }
  return entries.length ? entries : false;
}
