import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { serve, type Segmenta } from '../../server/src/main.js';
import { loadConfig } from '../../server/src/config/index.js';
import { createLogger } from '../../server/src/logger.js';
import { ensureAdminBuilt, launchChromium, screenshot, signIn as signInAs } from './admin-harness.js';

const PASSWORD = 'segmenta-demo';

describe('admin UI in a real browser', () => {
  let app: Segmenta;
  let browser: Browser;
  let dataDir: string;

  beforeAll(async () => {
    ensureAdminBuilt();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'segmenta-admin-'));
    const config = loadConfig({ NODE_ENV: 'test', SEGMENTA_DATA_DIR: dataDir });
    app = await serve(config, createLogger(config), { withWorker: true, demo: true, port: 0 });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const signIn = (email: string) => signInAs(browser, app.server.url, email, PASSWORD);

  const menuItem = (page: Page, name: string) => page.getByRole('menuitem', { name });

  it('signs an admin in and shows the dashboard counts', async () => {
    const { page, context, consoleErrors } = await signIn('admin@segmenta.local');
    await expect(page.getByTestId('role-badge').textContent()).resolves.toBe('admin');
    for (const label of ['Customers', 'Orders', 'Products', 'Jobs running']) {
      await expect(page.getByTestId(`stat-${label}`).textContent()).resolves.toMatch(/^\d[\d,]*$/);
    }
    await expect(menuItem(page, 'Users').isVisible()).resolves.toBe(true);
    await expect(menuItem(page, 'Audit log').isVisible()).resolves.toBe(true);
    await screenshot(page, 'dashboard');
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  it('lists customers (an empty database shows the empty state)', async () => {
    const { page, context, consoleErrors } = await signIn('marketer@segmenta.local');
    await menuItem(page, 'Customers').click();
    await page.waitForURL(/#\/customers/);
    await page.locator('[data-testid="list-empty"], table').first().waitFor();
    await screenshot(page, 'customers');
    await page.getByRole('menuitem', { name: 'Orders' }).click();
    await page.locator('[data-testid="list-empty"], table').first().waitFor();
    await screenshot(page, 'orders');
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  it('lists jobs', async () => {
    const { page, context, consoleErrors } = await signIn('analyst@segmenta.local');
    await menuItem(page, 'Jobs').click();
    await page.waitForURL(/#\/jobs/);
    await page.locator('[data-testid="list-empty"], table').first().waitFor();
    await screenshot(page, 'jobs');
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  it('hides the admin-only menu from an analyst', async () => {
    const { page, context, consoleErrors } = await signIn('analyst@segmenta.local');
    await expect(page.getByTestId('role-badge').textContent()).resolves.toBe('analyst');
    await menuItem(page, 'Jobs').waitFor();
    await expect(menuItem(page, 'Users').count()).resolves.toBe(0);
    await expect(menuItem(page, 'Audit log').count()).resolves.toBe(0);
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  it('creates a user and shows server validation errors on the field', async () => {
    const { page, context, consoleErrors } = await signIn('admin@segmenta.local');
    await page.goto(`${app.server.url}/#/users/create`);
    await page.getByLabel('E-mail').fill('new.analyst@segmenta.local');
    await page.getByLabel('Name').fill('x'.repeat(200)); // over the server's 191, which the form does not check
    await page.locator('input[name="password"]').fill('a-long-password');
    await page.getByRole('button', { name: /save/i }).click();
    await page.getByText('name must be shorter than or equal to 191 characters').waitFor();
    await page.getByLabel('Name').fill('Nina New');
    await page.getByRole('button', { name: /save/i }).click();
    await page.waitForURL(/#\/users$/);
    await page.getByRole('cell', { name: 'new.analyst@segmenta.local' }).waitFor();
    await screenshot(page, 'users');
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  it('returns to the sign-in page when the session is gone', async () => {
    const { page, context, consoleErrors } = await signIn('marketer@segmenta.local');
    await context.clearCookies(); // as if the session expired on the server
    await menuItem(page, 'Orders').click();
    await page.getByRole('button', { name: /sign in/i }).waitFor();
    // The API answers the stale request 401 (as every authentication failure), which the browser
    // logs as a failed resource; nothing else may be logged.
    expect(consoleErrors.filter((e) => !/status of 401/.test(e))).toEqual([]);
    await context.close();
  });

  it('signs out', async () => {
    const { page, context, consoleErrors } = await signIn('marketer@segmenta.local');
    await page.getByRole('button', { name: /profile|user menu|max marketer/i }).first().click();
    await page.getByRole('menuitem', { name: /logout/i }).click();
    await page.getByRole('button', { name: /sign in/i }).waitFor();
    await page.reload();
    await page.getByRole('button', { name: /sign in/i }).waitFor(); // the session cookie is gone
    await screenshot(page, 'login');
    expect(consoleErrors).toEqual([]);
    await context.close();
  });
});
