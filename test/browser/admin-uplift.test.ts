// The Models screen draws an uplift version's Qini and uplift curves, in a real browser.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { serve, type Segmenta } from '../../server/src/main.js';
import { loadConfig } from '../../server/src/config/index.js';
import { createLogger } from '../../server/src/logger.js';
import { createUser } from '../../server/src/modules/auth/index.js';
import { startTraining } from '../../server/src/modules/models/index.js';
import { ModelVersionEntity } from '../../server/src/modules/models/index.js';
import { DEMO_USERS } from '../../server/src/demo.js';
import { ensureAdminBuilt, launchChromium, screenshot, signIn } from './admin-harness.js';
import { seedUpliftCampaign } from '../helpers/seed-uplift-campaign.js';

const PASSWORD = 'segmenta-demo';

describe('uplift curves in the Models screen', () => {
  let app: Segmenta;
  let browser: Browser;
  let dataDir: string;
  let modelId: number;

  beforeAll(async () => {
    ensureAdminBuilt();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'segmenta-admin-uplift-'));
    const config = loadConfig({ NODE_ENV: 'test', SEGMENTA_DATA_DIR: dataDir, WORKER_POLL_MS: '50' });
    app = await serve(config, createLogger(config), { withWorker: true, port: 0 });
    for (const user of DEMO_USERS) await createUser(app.dataSource, { ...user, password: PASSWORD });
    await seedUpliftCampaign(app.dataSource, 1200, 11);
    const { model } = await startTraining(app.dataSource, { kind: 'uplift', learner: 'x', bootstrapReplicates: 50, hyperparameters: { nEstimators: 20, minSamplesLeaf: 10, seed: 3 } }, 'test');
    modelId = model.id;
    const deadline = Date.now() + 120_000;
    for (;;) {
      const row = await app.dataSource.getRepository(ModelVersionEntity).findOneByOrFail({ id: modelId });
      if (row.status === 'succeeded') break;
      if (row.status === 'failed' || Date.now() > deadline) throw new Error(`uplift training ${row.status}: ${row.error}`);
      await new Promise((r) => setTimeout(r, 150));
    }
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows the Qini and uplift curves of the learner, the response model and random, and the metrics in both normalisations', async () => {
    const { page, context, consoleErrors } = await signIn(browser, app.server.url, 'analyst@segmenta.local', PASSWORD);
    await page.goto(`${app.server.url}/#/models/${modelId}/show`);
    const panel = page.getByTestId('uplift-evaluation');
    await panel.waitFor({ timeout: 30_000 });
    for (const chart of ['qini-curve', 'uplift-curve']) {
      const lines = page.getByTestId(chart).locator('.recharts-line-curve');
      await lines.nth(2).waitFor({ timeout: 15_000 });
      expect(await lines.count()).toBe(3);
      // Each line is drawn through real points, not a flat stub.
      expect((await lines.first().getAttribute('d'))!.split(/[LC]/).length).toBeGreaterThan(10);
    }
    await expect(page.getByTestId('qini-curve').getByText('X-learner').count()).resolves.toBeGreaterThan(0);
    const table = page.getByRole('table', { name: 'Uplift metrics' });
    await expect(table.getByRole('row', { name: /Qini AUC \(scikit-uplift/ }).count()).resolves.toBe(1);
    await expect(table.getByRole('row', { name: /Qini AUC \(causalml/ }).count()).resolves.toBe(1);
    await expect(table.getByRole('row', { name: /uplift@30 %/ }).textContent()).resolves.toMatch(/\[-?\d\.\d{3}, -?\d\.\d{3}\]/);
    await expect(table.getByRole('columnheader', { name: /X-learner − random/ }).count()).resolves.toBe(1);
    await screenshot(page, 'models-uplift');
    expect(consoleErrors).toEqual([]);
    await context.close();
  });
});
