import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../server/src/db/data-source.js';
import { freshConfig } from './helpers/db.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function segmenta(args: string[], env: NodeJS.ProcessEnv) {
  const result = spawnSync(process.execPath, ['--conditions=source', '--import', '@swc-node/register/esm-register', 'server/src/cli/index.ts', ...args], {
    cwd: ROOT, encoding: 'utf8', env: { ...process.env, SWC_NODE_PROJECT: 'server/tsconfig.json', ...env }, timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

// Each command is a process started through the TypeScript loader: seconds each on a busy machine.
describe('segmenta CLI --json', { timeout: 180_000 }, () => {
  /** A migrated database the tests share; each test writes only rows no other one reads. */
  let env: NodeJS.ProcessEnv;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const fresh = await freshConfig('mariadb');
    drop = fresh.drop;
    env = { DATABASE_URL: fresh.config.databaseUrl!, SEGMENTA_DATA_DIR: fresh.config.dataDir };
    await (await openDatabase(fresh.config)).destroy(); // migrates
  });
  afterAll(async () => { await drop?.(); });

  it('prints one JSON object per command', async () => {
    // An empty database of its own, so that migrate has migrations to apply.
    const empty = await freshConfig('mariadb');
    try {
      const own = { DATABASE_URL: empty.config.databaseUrl!, SEGMENTA_DATA_DIR: empty.config.dataDir };
      const migrate = segmenta(['migrate', '--json'], own);
      expect(migrate.status).toBe(0);
      const lines = migrate.stdout.trim().split('\n');
      expect(lines).toHaveLength(1);
      const out = JSON.parse(lines[0]);
      expect(out).toMatchObject({ ok: true, command: 'migrate' });
      expect(out.applied.length).toBeGreaterThan(0);

      const user = JSON.parse(segmenta(['user', 'create', '--email', 'pm@example.com', '--name', 'PM', '--role', 'analyst', '--password', 'long enough', '--json'], own).stdout);
      expect(user).toMatchObject({ ok: true, user: { email: 'pm@example.com', role: 'analyst' } });

      const key = JSON.parse(segmenta(['apikey', 'create', '--name', 'bi', '--json'], own).stdout);
      expect(key.secret).toMatch(/^sgk_/);
    } finally {
      await empty.drop();
    }
  });

  it('imports a file and prints its report as one JSON object', () => {
    const file = path.join(env.SEGMENTA_DATA_DIR!, 'orders.csv');
    fs.writeFileSync(file, [
      'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country',
      '536365,85123A,WHITE HANGING HEART,6,2010-12-01 08:26:00,2.55,17850,United Kingdom',
      '536365,POST,POSTAGE,1,2010-12-01 08:26:00,18,17850,United Kingdom',
      'C536379,85123A,WHITE HANGING HEART,-1,2010-12-01 09:41:00,2.55,17850,United Kingdom',
      '536366,22633,HAND WARMER,six,2010-12-01 08:28:00,1.85,17850,United Kingdom',
    ].join('\n') + '\n');
    const run = segmenta(['import', file, '--kind', 'orders', '--timezone', 'Europe/London', '--json'], env);
    expect(run.status).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const out = JSON.parse(lines[0]);
    expect(out).toMatchObject({ ok: true, command: 'import', report: { status: 'succeeded', rowsRead: 4, rowsImported: 2, rowsSkipped: 1, rowsRejected: 1 } });
    expect(out.report.rejected).toEqual({ bad_number: 1 });
    const bad = segmenta(['import', path.join(env.SEGMENTA_DATA_DIR!, 'missing.csv'), '--json'], env);
    expect(bad.status).toBe(1);
    expect(JSON.parse(bad.stdout)).toMatchObject({ ok: false, error: { code: 'IMPORT_INVALID' } });
    // A declared date format: a value in another format is a row issue naming the format.
    const german = path.join(env.SEGMENTA_DATA_DIR!, 'orders-de.csv');
    fs.writeFileSync(german, [
      'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country',
      '536401,85123A,WHITE HANGING HEART,6,02.12.2010 08:26,2.55,17850,United Kingdom',
      '536402,85123A,WHITE HANGING HEART,6,2010-12-02 08:26:00,2.55,17850,United Kingdom',
    ].join('\n') + '\n');
    const declared = JSON.parse(segmenta(['import', german, '--kind', 'orders', '--date-format', 'DD.MM.YYYY HH:mm', '--json'], env).stdout);
    expect(declared.report).toMatchObject({ status: 'succeeded', dateFormat: 'DD.MM.YYYY HH:mm', rowsImported: 1, rowsRejected: 1, rejected: { bad_date: 1 } });
    const unusable = segmenta(['import', german, '--kind', 'orders', '--date-format', 'MM.YYYY', '--json'], env);
    expect(JSON.parse(unusable.stdout)).toMatchObject({ ok: false, error: { code: 'IMPORT_INVALID', message: expect.stringMatching(/has no day/) } });
  });

  it('rebuilds the targeting table and says whether audiences count from it', () => {
    const rebuild = segmenta(['targeting', 'rebuild', '--json'], env);
    expect(rebuild.status).toBe(0);
    const lines = rebuild.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const out = JSON.parse(lines[0]);
    expect(out).toMatchObject({ ok: true, command: 'targeting', rebuilt: { superseded: false, passes: 1 } });
    expect(out.rebuilt.customers).toBeGreaterThanOrEqual(0);
    const status = JSON.parse(segmenta(['targeting', 'status', '--json'], env).stdout);
    expect(status).toMatchObject({ ok: true, status: { status: 'ready', generation: out.rebuilt.generation, current: true } });
    const human = segmenta(['targeting', 'status'], env);
    expect(human.stdout).toMatch(/^targeting ready .*current: audiences count from it/);
    const bad = segmenta(['targeting', 'refresh', '--json'], env);
    expect(bad.status).toBe(1);
    expect(JSON.parse(bad.stdout)).toMatchObject({ ok: false, error: { code: 'BAD_USER_INPUT' } });
  });

  it('reports errors as JSON with a code and a non-zero exit', () => {
    const bad = segmenta(['user', 'create', '--email', 'x@example.com', '--name', 'X', '--role', 'root', '--password', 'long enough', '--json'], env);
    expect(bad.status).toBe(1);
    expect(JSON.parse(bad.stdout)).toMatchObject({ ok: false, error: { code: 'BAD_USER_INPUT' } });
    const unknown = segmenta(['migrate', '--bogus'], env);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/bogus/);
  });
});

describe('segmenta pipeline --json', { timeout: 240_000 }, () => {
  it('says whether its run went live: the first run of a data set does, a later one waits for activation', async () => {
    const fresh = await freshConfig('sqlite');
    try {
      const env = { DATABASE_URL: '', SEGMENTA_DATA_DIR: fresh.config.dataDir };
      const file = path.join(fresh.config.dataDir, 'orders.csv');
      const lines = ['InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country'];
      for (let c = 0; c < 40; c++) {
        for (let o = 0; o <= c % 5; o++) {
          lines.push(`${600000 + c * 10 + o},A${o},ITEM,${1 + (c % 3)},2011-${String(1 + ((c + o) % 12)).padStart(2, '0')}-0${1 + (o % 9)} 10:00:00,${(2 + c * 1.5).toFixed(2)},${20000 + c},United Kingdom`);
        }
      }
      fs.writeFileSync(file, lines.join('\n') + '\n');
      const first = segmenta(['pipeline', file, '--k', '3', '--json'], env);
      expect(first.status, first.stderr).toBe(0);
      expect(JSON.parse(first.stdout.trim()).segmentation.activated).toBe(true);
      const second = segmenta(['pipeline', file, '--k', '3', '--json'], env);
      expect(second.status, second.stderr).toBe(0);
      const out = JSON.parse(second.stdout.trim());
      expect(out.segmentation.activated).toBe(false);
      // The whole refresh chain ran: each step once, in order; the decision was the manual policy's.
      expect(out.refresh.status).toBe('succeeded');
      expect(out.refresh.steps.map((s: { step: string; status: string }) => `${s.step}:${s.status}`)).toEqual(
        ['segmentation', 'activation-decision', 'retrain-segment', 'rescore', 'targeting'].map((s) => `${s}:succeeded`));
      expect(out.refresh.skipped).toHaveProperty('retrain-response');
      expect(out.refresh.decision).toMatchObject({ outcome: 'waiting', policy: 'manual' });
    } finally {
      await fresh.drop();
    }
  });
});
