import type { DataSource } from 'typeorm';
import { SingleFlight } from '../../db/single-flight.js';
import type { Principal } from '../../graphql/context.js';
import { ApiKeyEntity } from './api-key.entity.js';
import { sha256 } from './password.js';

/**
 * Principals of the API keys used lately, by key hash, per database: an integration sending
 * hundreds of requests a second costs one key lookup every few seconds instead of one database
 * round trip (and ORM query) per request.
 *
 * - A principal is used for at most API_KEY_CACHE_MS after it was read. A key revoked through this
 *   process stops working at once; revoked by another process (another API replica, the CLI),
 *   within that time.
 * - A key used when its principal is older than API_KEY_REFRESH_MS is read again in the
 *   background while the request goes on with the principal it has: a steady integration never
 *   waits for its key's lookup.
 * - Requests that do need the lookup (the first, or after a pause of API_KEY_CACHE_MS) share one:
 *   before, every request that arrived while it ran sent a lookup of its own, and once a minute an
 *   update of the same row, which then waited on each other's row lock and commit.
 * - The key's `lastUsedAt` (written at most once a minute) is written beside the request, not
 *   before it: a commit that waits (a busy disk, a lock on the row) holds no request up. If it
 *   fails, the next lookup writes it.
 *
 * Unknown, revoked and expired keys are never cached; a cached key stops working at its expiry.
 */
export const API_KEY_CACHE_MS = 5_000;
export const API_KEY_REFRESH_MS = 4_000;
const API_KEY_CACHE_MAX = 1_000;
const LAST_USED_EVERY_MS = 60_000;

interface KeyCache {
  principals: Map<string, { principal: Principal; readAt: number; expiresAt: number | null }>;
  /** One lookup per key at a time, shared by the requests that arrive while it runs. */
  lookups: SingleFlight<Principal | null>;
  /** Moves on when a key is revoked here: a lookup that began before then does not cache what it read. */
  generation: number;
}
const caches = new WeakMap<DataSource, KeyCache>();

function cacheOf(dataSource: DataSource): KeyCache {
  let cache = caches.get(dataSource);
  if (!cache) caches.set(dataSource, (cache = { principals: new Map(), lookups: new SingleFlight(), generation: 0 }));
  return cache;
}

export function forgetApiKey(dataSource: DataSource, keyId: number): void {
  const cache = caches.get(dataSource);
  if (!cache) return;
  cache.generation++;
  for (const [hash, entry] of cache.principals) if (entry.principal.id === keyId) cache.principals.delete(hash);
}

export async function principalFromApiKey(dataSource: DataSource, plain: string, now = new Date()): Promise<Principal | null> {
  const hash = sha256(plain);
  const cache = cacheOf(dataSource);
  const at = now.getTime();
  const cached = cache.principals.get(hash);
  if (cached && cached.expiresAt !== null && at >= cached.expiresAt) return null;
  if (cached && at - cached.readAt < API_KEY_CACHE_MS) {
    // A failed refresh leaves the principal to expire; the request that then needs the lookup gets the error.
    if (at - cached.readAt >= API_KEY_REFRESH_MS) lookUp(dataSource, cache, hash, at).catch(() => {});
    return cached.principal;
  }
  return lookUp(dataSource, cache, hash, at);
}

function lookUp(dataSource: DataSource, cache: KeyCache, hash: string, at: number): Promise<Principal | null> {
  return cache.lookups.run(hash, async () => {
    const generation = cache.generation;
    const repo = dataSource.getRepository(ApiKeyEntity);
    const key = await repo.findOneBy({ keyHash: hash });
    if (!key || key.revokedAt || (key.expiresAt && key.expiresAt.getTime() <= at)) {
      cache.principals.delete(hash);
      return null;
    }
    if (!key.lastUsedAt || at - key.lastUsedAt.getTime() > LAST_USED_EVERY_MS) repo.update({ id: key.id }, { lastUsedAt: new Date(at) }).catch(() => {});
    const principal: Principal = { kind: 'apikey', id: key.id, role: 'integration', name: key.name, actor: `apikey:${key.id}`, scopes: key.scopes ?? [] };
    if (cache.generation === generation) {
      if (cache.principals.size >= API_KEY_CACHE_MAX) cache.principals.clear();
      cache.principals.set(hash, { principal, readAt: at, expiresAt: key.expiresAt ? key.expiresAt.getTime() : null });
    }
    return principal;
  });
}
