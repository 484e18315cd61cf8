// `segmenta train --kind customer-value` on SQLite: a clear failure below the data minimums, then
// a fit that becomes active and prints its parameters and holdout check.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../server/src/db/data-source.js';
import { freshConfig } from './helpers/db.js';
import { seedValueOrders } from './helpers/seed-value-orders.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function segmenta(args: string[], env: NodeJS.ProcessEnv) {
  const result = spawnSync(process.execPath, ['--conditions=source', '--import', '@swc-node/register/esm-register', 'server/src/cli/index.ts', ...args], {
    cwd: ROOT, encoding: 'utf8', env: { ...process.env, SWC_NODE_PROJECT: 'server/tsconfig.json', ...env }, timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('segmenta train --kind customer-value', { timeout: 240_000 }, () => {
  let env: NodeJS.ProcessEnv;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const fresh = await freshConfig('sqlite');
    drop = fresh.drop;
    env = { SEGMENTA_DATA_DIR: fresh.config.dataDir };
    const db = await openDatabase(fresh.config); // migrates
    await seedValueOrders(db, { customers: 120, asOf: new Date(Date.UTC(2024, 0, 1)), prefix: 'early' });
    await db.destroy();
  });
  afterAll(async () => { await drop?.(); });

  it('names what is missing below the data minimums, then fits and activates once there is enough', async () => {
    const few = segmenta(['train', '--kind', 'customer-value', '--as-of', '2024-01-01', '--json'], env);
    expect(few.status).toBe(1);
    const failure = JSON.parse(few.stdout);
    expect(failure).toMatchObject({ ok: false, error: { code: 'INSUFFICIENT_DATA' } });
    expect(failure.error.message).toMatch(/120 customers have ordered; the models need at least 500/);

    const db = await openDatabase((await import('../server/src/config/index.js')).loadConfig({ NODE_ENV: 'test', ...env }));
    await seedValueOrders(db, { customers: 600, asOf: new Date(Date.UTC(2024, 0, 1)), prefix: 'more', seed: 5 });
    await db.destroy();
    const fit = segmenta(['train', '--kind', 'customer-value', '--as-of', '2024-01-01', '--margin', '0.5', '--holdout-days', '60', '--json'], env);
    expect(fit.stderr).not.toMatch(/Error/);
    expect(fit.status).toBe(0);
    const out = JSON.parse(fit.stdout);
    expect(out).toMatchObject({ kind: 'customer-value', version: 1, active: true, customers: 720, purchase: { model: 'bg-nbd', converged: true } });
    expect(Object.keys(out.purchase.params)).toEqual(['r', 'alpha', 'a', 'b']);
    expect(out.holdout.actualTotal).toBeGreaterThan(0);

    const bad = segmenta(['train', '--kind', 'customer-value', '--horizon-days', '0', '--json'], env);
    expect(bad.status).toBe(1);
    expect(JSON.parse(bad.stdout)).toMatchObject({ ok: false, error: { code: 'BAD_USER_INPUT', message: expect.stringMatching(/horizonDays/) } });
  });
});
