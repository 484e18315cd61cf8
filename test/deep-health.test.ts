import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECTS } from './helpers/db.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { DatabaseProbe } from '../server/src/http/health.js';
import { DeepHealth } from '../server/src/http/deep-health.js';

describe.each(TEST_DIALECTS)('GET /health (deep check) on %s', (dialect) => {
  let server: TestServer;
  beforeAll(async () => { server = await startTestServer(dialect, {}, { withWorker: true }); });
  afterAll(async () => { await server?.stop(); });

  const health = async () => {
    const res = await fetch(`${server.url}/health`);
    return { status: res.status, body: (await res.json()) as Record<string, string> };
  };

  it('reports each core path of a serving process', async () => {
    const { status, body } = await health();
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'ok', prototype: 'ok', password: 'ok', database: 'ok', auth: 'ok' });
    expect(['ok', 'running a job']).toContain(body.jobs);
  });

  it('answers 503 naming the reason while a property of Object.prototype differs from boot', async () => {
    // Sealed at boot, so nothing can be added; an inherited method can still be replaced.
    expect(Object.isSealed(Object.prototype)).toBe(true);
    expect(() => { (Object.prototype as Record<string, unknown>)['u.id'] = 'ASC'; }).toThrow(TypeError);
    const original = Object.prototype.toLocaleString;
    Object.prototype.toLocaleString = function () { return 'replaced'; };
    try {
      const { status, body } = await health();
      expect(status).toBe(503);
      expect(body.reason).toMatch(/^prototype: Object.prototype was modified \(changed toLocaleString\)/);
      expect((await fetch(`${server.url}/health/live`)).status).toBe(200);
    } finally {
      Object.prototype.toLocaleString = original;
    }
    expect((await health()).status).toBe(200);
  });

  it('answers 503 when the job worker has not finished a poll within its allowance, and 200 once it polls again', async () => {
    const deep = new DeepHealth(server.app.dataSource, server.config, new DatabaseProbe(server.app.dataSource));
    let broken = true;
    const worker = { runOnce: async () => { if (broken) throw new Error('claim failed'); return false; } };
    deep.watchClaimer(worker, 10, 200);
    await expect(deep.check()).resolves.toMatchObject({ healthy: true });
    await new Promise((r) => setTimeout(r, 100));
    await worker.runOnce().catch(() => {});
    await new Promise((r) => setTimeout(r, 150));
    const stuck = await deep.check();
    expect(stuck.healthy).toBe(false);
    expect(stuck.reason).toMatch(/^jobs: the job worker has not finished a poll/);
    broken = false;
    await worker.runOnce();
    await expect(deep.check()).resolves.toMatchObject({ healthy: true, checks: { jobs: 'ok' } });
  });
});
