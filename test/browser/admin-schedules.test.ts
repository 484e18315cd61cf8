import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { serve, type Segmenta } from '../../server/src/main.js';
import { loadConfig } from '../../server/src/config/index.js';
import { createLogger } from '../../server/src/logger.js';
import { createUser } from '../../server/src/modules/auth/index.js';
import { ScheduleEntity, ScheduleRunEntity } from '../../server/src/modules/schedules/index.js';
import { ensureAdminBuilt, launchChromium, screenshot, signIn as signInAs } from './admin-harness.js';

const PASSWORD = 'correct horse battery';

/** The schedules screen in real Chromium: create, run now (then refused while it runs), pause; the dashboard's freshness card. */
describe('admin schedules screen', () => {
  let app: Segmenta;
  let browser: Browser;
  let dataDir: string;

  beforeAll(async () => {
    ensureAdminBuilt();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'segmenta-schedules-'));
    const config = loadConfig({ NODE_ENV: 'test', SEGMENTA_DATA_DIR: dataDir });
    app = await serve(config, createLogger(config), { withWorker: false, port: 0 });
    for (const role of ['marketer', 'analyst'] as const) {
      await createUser(app.dataSource, { email: `${role}@schedules.local`, name: `Schedules ${role}`, role, password: PASSWORD });
    }
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('a marketer creates a nightly refresh, runs it now, is refused a second run while it is queued, and pauses it', async () => {
    const { page, context, consoleErrors } = await signInAs(browser, app.server.url, 'marketer@schedules.local', PASSWORD);
    await page.goto(`${app.server.url}/#/schedules/create`);
    await page.getByLabel('Name').fill('Nightly refresh');
    await page.getByLabel('Cron').fill('0 3 * * *');
    await page.getByLabel('Time zone').fill('Europe/London');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('button', { name: 'Run now schedule' }).waitFor();
    const [saved] = await app.dataSource.getRepository(ScheduleEntity).find();
    expect(saved).toMatchObject({ name: 'Nightly refresh', action: 'refresh', cron: '0 3 * * *', timeZone: 'Europe/London', enabled: true });
    expect(saved.nextRunAt).not.toBeNull();

    await page.getByRole('button', { name: 'Run now schedule' }).click();
    await page.getByText('Started').waitFor();
    await page.getByRole('table', { name: 'schedule history' }).getByText('started').waitFor();
    await page.getByRole('button', { name: 'Run now schedule' }).click();
    await page.getByText(/Skipped: the previous run \(job \d+\) is still queued/).waitFor();
    await page.getByRole('table', { name: 'schedule history' }).getByText('skipped').waitFor();
    const history = await app.dataSource.getRepository(ScheduleRunEntity).find({ order: { id: 'ASC' } });
    expect(history.map((h) => h.outcome)).toEqual(['started', 'skipped']);

    await page.getByRole('button', { name: 'Pause schedule' }).click();
    await page.getByRole('button', { name: 'Resume schedule' }).waitFor();
    expect((await app.dataSource.getRepository(ScheduleEntity).findOneByOrFail({ id: saved.id })).enabled).toBe(false);
    await screenshot(page, 'schedule-show');

    await page.goto(`${app.server.url}/#/schedules`);
    await page.getByRole('cell', { name: 'Nightly refresh' }).waitFor();
    await page.getByText('paused').first().waitFor();
    await page.goto(`${app.server.url}/#/`);
    await page.getByTestId('freshness-card').getByText('Next refresh').waitFor();
    await expect(page.getByTestId('freshness-card').textContent()).resolves.toMatch(/Next refresh: not scheduled/);
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  it('an analyst sees schedules but cannot create or pause them', async () => {
    const { page, context, consoleErrors } = await signInAs(browser, app.server.url, 'analyst@schedules.local', PASSWORD);
    await page.goto(`${app.server.url}/#/schedules`);
    await page.getByRole('cell', { name: 'Nightly refresh' }).waitFor();
    await expect(page.getByRole('button', { name: /resume schedule|pause schedule/i }).count()).resolves.toBe(0);
    await expect(page.getByRole('link', { name: /create/i }).count()).resolves.toBe(0);
    expect(consoleErrors).toEqual([]);
    await context.close();
  });
});
