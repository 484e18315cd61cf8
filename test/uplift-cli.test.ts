// `segmenta train --kind uplift` trains in the CLI process and prints the held-out figures per ranking.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../server/src/db/data-source.js';
import { freshConfig } from './helpers/db.js';
import { seedUpliftCampaign } from './helpers/seed-uplift-campaign.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function segmenta(args: string[], env: NodeJS.ProcessEnv) {
  const result = spawnSync(process.execPath, ['--conditions=source', '--import', '@swc-node/register/esm-register', 'server/src/cli/index.ts', ...args], {
    cwd: ROOT, encoding: 'utf8', env: { ...process.env, SWC_NODE_PROJECT: 'server/tsconfig.json', ...env }, timeout: 170_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('segmenta train --kind uplift', { timeout: 200_000 }, () => {
  let env: NodeJS.ProcessEnv;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const fresh = await freshConfig('mariadb');
    drop = fresh.drop;
    env = { DATABASE_URL: fresh.config.databaseUrl!, SEGMENTA_DATA_DIR: fresh.config.dataDir };
    const dataSource = await openDatabase(fresh.config);
    await seedUpliftCampaign(dataSource, 1200, 11);
    await dataSource.destroy();
  }, 120_000);
  afterAll(async () => { await drop?.(); });

  it('prints the learner, the arm check and each ranking\'s metrics with intervals', () => {
    const run = segmenta(['train', '--kind', 'uplift', '--learner', 'class-transformation', '--trees', '20', '--min-samples-leaf', '10', '--replicates', '20', '--seed', '4', '--json'], env);
    expect(run.status, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout.trim().split('\n').pop()!);
    expect(out).toMatchObject({ ok: true, kind: 'uplift', version: 1, evaluation: { task: 'uplift', learner: 'class transformation', target: 'responded' } });
    expect(out.evaluation.armBalance).toMatch(/treated/);
    expect(Object.keys(out.evaluation.rankings).sort()).toEqual(['class transformation', 'random', 'response model']);
    const [estimate, lower, upper] = out.evaluation.rankings['class transformation'].qiniAucScikitUplift;
    expect(lower).toBeLessThanOrEqual(estimate);
    expect(upper).toBeGreaterThanOrEqual(estimate);
    expect(out.evaluation.rankings['class transformation'].qiniAucCausalml).toHaveLength(3);

    const wrong = segmenta(['train', '--kind', 'uplift', '--learner', 's', '--json'], env);
    expect(wrong.status).not.toBe(0);
    expect(wrong.stdout + wrong.stderr).toMatch(/learner must be one of t, x, class-transformation/);
  });
});
