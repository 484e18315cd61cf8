import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freshConfig } from './helpers/db.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function segmenta(args: string[], env: NodeJS.ProcessEnv) {
  const result = spawnSync(process.execPath, ['--conditions=source', '--import', '@swc-node/register/esm-register', 'server/src/cli/index.ts', ...args], {
    cwd: ROOT, encoding: 'utf8', env: { ...process.env, SWC_NODE_PROJECT: 'server/tsconfig.json', ...env }, timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('segmenta CLI --json', () => {
  let env: NodeJS.ProcessEnv;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const fresh = await freshConfig('mariadb');
    drop = fresh.drop;
    env = { DATABASE_URL: fresh.config.databaseUrl!, SEGMENTA_DATA_DIR: fresh.config.dataDir };
  });
  afterAll(async () => { await drop?.(); });

  it('prints one JSON object per command', () => {
    const migrate = segmenta(['migrate', '--json'], env);
    expect(migrate.status).toBe(0);
    const lines = migrate.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const out = JSON.parse(lines[0]);
    expect(out).toMatchObject({ ok: true, command: 'migrate' });
    expect(out.applied.length).toBeGreaterThan(0);

    const user = JSON.parse(segmenta(['user', 'create', '--email', 'pm@example.com', '--name', 'PM', '--role', 'analyst', '--password', 'long enough', '--json'], env).stdout);
    expect(user).toMatchObject({ ok: true, user: { email: 'pm@example.com', role: 'analyst' } });

    const key = JSON.parse(segmenta(['apikey', 'create', '--name', 'bi', '--json'], env).stdout);
    expect(key.secret).toMatch(/^sgk_/);
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
