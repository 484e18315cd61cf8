import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../server/src/config/index.js';
import { parseTrustProxy } from '../server/src/config/trust-proxy.js';
import { startTestServer, type TestServer } from './helpers/server.js';

/** The client's address (rate limit, login throttle, audit log) comes from X-Forwarded-For only when a configured proxy sent it. */
const RATE_LIMIT = 5;

async function anonymous(server: TestServer, forwardedFor: string, query = '{ me { id } }') {
  const res = await fetch(`${server.url}/graphql`, {
    method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor }, body: JSON.stringify({ query }),
  });
  await res.text();
  return res.status;
}

async function auditedIps(server: TestServer): Promise<string[]> {
  const rows: { ip: string | null }[] = await server.app.dataSource.query("SELECT ip FROM audit_log WHERE action = 'logout' ORDER BY id");
  return rows.map((row) => String(row.ip));
}

describe('TRUST_PROXY', () => {
  it('accepts addresses, CIDRs, range names and hop counts, and refuses the rest', () => {
    expect(parseTrustProxy(undefined)).toBe(false);
    expect(parseTrustProxy('')).toBe(false);
    expect(parseTrustProxy('false')).toBe(false);
    expect(parseTrustProxy('0')).toBe(false);
    expect(parseTrustProxy('2')).toBe(2);
    expect(parseTrustProxy('loopback, 10.0.0.0/8,192.168.1.7, fd00::/8, 10.1.0.0/255.255.0.0')).toEqual(['loopback', '10.0.0.0/8', '192.168.1.7', 'fd00::/8', '10.1.0.0/255.255.0.0']);
    expect(() => parseTrustProxy('true')).toThrow(/any client/);
    expect(() => parseTrustProxy('10.0.0.0/33')).toThrow(/10\.0\.0\.0\/33/);
    expect(() => parseTrustProxy('proxy.internal')).toThrow(/proxy\.internal/);
    expect(() => loadConfig({ TRUST_PROXY: '300.1.1.1' })).toThrow(/TRUST_PROXY/);
    expect(loadConfig({}).trustProxy).toBe(false);
  });
});

describe('X-Forwarded-For from a client that is not a configured proxy (the default)', () => {
  let server: TestServer;
  beforeAll(async () => { server = await startTestServer('sqlite', { RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT) }); });
  afterAll(async () => { await server?.stop(); });

  it('is ignored by the per-address rate limit: rotating it does not buy more requests', async () => {
    // (The test server's sign-ins at start-up already spent part of the loopback address's budget.)
    const statuses: number[] = [];
    for (let i = 0; i <= RATE_LIMIT; i++) statuses.push(await anonymous(server, `203.0.113.${i + 1}`));
    expect(statuses[0]).toBe(200);
    expect(statuses[RATE_LIMIT]).toBe(429);
  });

  it('is ignored by the audit log, which records the connection\'s address', async () => {
    // A signed-in caller has its own budget; the audit row still carries the address.
    const res = await fetch(`${server.url}/graphql`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': '198.51.100.66', authorization: `Bearer ${server.apiKey}` },
      body: JSON.stringify({ query: 'mutation { logout }' }),
    });
    expect(res.status).toBe(200);
    const ips = await auditedIps(server);
    expect(ips.length).toBe(1);
    expect(ips[0]).toMatch(/^(::ffff:)?127\.0\.0\.1$/);
  });
});

describe('X-Forwarded-For from a configured proxy (TRUST_PROXY=loopback)', () => {
  let server: TestServer;
  beforeAll(async () => { server = await startTestServer('sqlite', { RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT), TRUST_PROXY: 'loopback' }); });
  afterAll(async () => { await server?.stop(); });

  it('names the client: each forwarded address has its own budget and is what the audit log records', async () => {
    for (let i = 0; i <= RATE_LIMIT; i++) expect(await anonymous(server, `203.0.113.${i + 1}`)).toBe(200);
    // The proxy appends the address it saw; the client's own claim to its left is not believed.
    expect(await anonymous(server, '10.9.9.9, 198.51.100.7', 'mutation { logout }')).toBe(200);
    expect(await auditedIps(server)).toEqual(['198.51.100.7']);
  });
});
