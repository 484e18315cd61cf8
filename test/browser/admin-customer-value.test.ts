import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { serve, type Segmenta } from '../../server/src/main.js';
import { loadConfig } from '../../server/src/config/index.js';
import { createLogger } from '../../server/src/logger.js';
import { createUser } from '../../server/src/modules/auth/index.js';
import { startCustomerValue } from '../../server/src/modules/customer-value/index.js';
import { effectiveStatus, getModel } from '../../server/src/modules/models/index.js';
import { until } from '../helpers/child.js';
import { seedValueOrders } from '../helpers/seed-value-orders.js';
import { ensureAdminBuilt, launchChromium, screenshot, signIn as signInAs } from './admin-harness.js';

const PASSWORD = 'correct horse battery';

/** The customer page shows a customer's value scores; the Models screen shows a customer-value version with its holdout chart. */
describe('admin screens for customer value', () => {
  let app: Segmenta;
  let browser: Browser;
  let dataDir: string;
  let modelId: number;
  let customerId: number;

  beforeAll(async () => {
    ensureAdminBuilt();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'segmenta-value-'));
    const config = loadConfig({ NODE_ENV: 'test', SEGMENTA_DATA_DIR: dataDir, WORKER_POLL_MS: '50' });
    app = await serve(config, createLogger(config), { withWorker: true, port: 0 });
    await createUser(app.dataSource, { email: 'analyst@value.local', name: 'Value analyst', role: 'analyst', password: PASSWORD });
    const seeded = await seedValueOrders(app.dataSource, { customers: 600, asOf: new Date(Date.UTC(2024, 0, 1)) });
    const { model } = await startCustomerValue(app.dataSource, { asOf: '2024-01-01', holdoutDays: 90 }, 'test');
    modelId = model.id;
    await until(async () => {
      const { status, error } = await effectiveStatus(app.dataSource, await getModel(app.dataSource, modelId));
      if (status === 'failed' || status === 'cancelled') throw new Error(`customer-value fit ${status}: ${error}`);
      return status === 'succeeded';
    }, 120_000, 100);
    // A repeat customer: every figure is defined.
    const [row] = await app.dataSource.query('SELECT customer_id FROM customer_scores WHERE p_alive < 1 AND predicted_clv > 0 ORDER BY customer_id LIMIT 1');
    customerId = Number(row.customer_id);
    expect(seeded.customerIds).toContain(customerId);
    browser = await launchChromium();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('the customer page shows predicted CLV, P(alive), churn risk and the expected next order', async () => {
    const { page, context, consoleErrors } = await signInAs(browser, app.server.url, 'analyst@value.local', PASSWORD);
    await page.goto(`${app.server.url}/#/customers/${customerId}/show`);
    const card = page.getByTestId('customer-value');
    await card.waitFor();
    const [stored] = await app.dataSource.query('SELECT predicted_clv, p_alive, churn_risk FROM customer_scores WHERE customer_id = ?', [customerId]);
    const money = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP' }).format(Number(stored.predicted_clv));
    await expect(card.getByTestId('stat-Predicted CLV').textContent()).resolves.toBe(money);
    await expect(card.getByTestId('stat-P(alive)').textContent()).resolves.toBe(`${(Number(stored.p_alive) * 100).toFixed(1)}%`);
    await expect(card.getByTestId('stat-Churn risk').textContent()).resolves.toBe(`${(Number(stored.churn_risk) * 100).toFixed(1)}%`);
    await expect(card.getByTestId('stat-Expected next order').textContent()).resolves.not.toBe('—');
    await expect(card.textContent()).resolves.toMatch(/As of .*customer-value model #\d+/);
    await screenshot(page, 'customer-value');
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  it('the Models screen shows the fitted parameters and the holdout chart', async () => {
    const { page, context, consoleErrors } = await signInAs(browser, app.server.url, 'analyst@value.local', PASSWORD);
    await page.goto(`${app.server.url}/#/models/${modelId}/show`);
    const detail = page.getByTestId('customer-value-model');
    await detail.waitFor();
    await expect(page.getByRole('table', { name: 'bg-nbd parameters' }).getByRole('row').count()).resolves.toBe(5);
    await expect(page.getByRole('table', { name: 'gamma-gamma parameters' }).getByRole('row').count()).resolves.toBe(4);
    const chart = page.getByTestId('holdout-chart');
    await chart.waitFor();
    // One actual and one predicted bar per calibration-frequency group that has customers.
    const model = await getModel(app.dataSource, modelId);
    const groups = (model.metrics as { holdout: { byFrequency: unknown[] } }).holdout.byFrequency.length;
    await until(async () => (await chart.locator('.recharts-bar-rectangle').count()) >= groups, 10_000, 100);
    await expect(detail.textContent()).resolves.toMatch(/Holdout check: actual vs predicted repeat purchases/);
    await screenshot(page, 'customer-value-model');
    expect(consoleErrors).toEqual([]);
    await context.close();
  });
});
