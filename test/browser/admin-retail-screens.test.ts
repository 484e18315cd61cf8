import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { serve, type Segmenta } from '../../server/src/main.js';
import { loadConfig } from '../../server/src/config/index.js';
import { createLogger } from '../../server/src/logger.js';
import { createUser } from '../../server/src/modules/auth/index.js';
import { saveAudience, normaliseDefinition } from '../../server/src/modules/audiences/index.js';
import { ensureAdminBuilt, launchChromium, signIn as signInAs } from './admin-harness.js';

const PASSWORD = 'correct horse battery';

/** The consent, erasure, users, API keys, audience-delete and scoring screens, per role. */
describe('admin screens for consent, erasure, users, API keys, audiences and scoring', () => {
  let app: Segmenta;
  let browser: Browser;
  let dataDir: string;
  const customerIds: Record<string, number> = {};

  beforeAll(async () => {
    ensureAdminBuilt();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'segmenta-screens-'));
    const config = loadConfig({ NODE_ENV: 'test', SEGMENTA_DATA_DIR: dataDir });
    app = await serve(config, createLogger(config), { withWorker: false, port: 0 });
    for (const role of ['admin', 'marketer', 'analyst'] as const) {
      await createUser(app.dataSource, { email: `${role}@screens.local`, name: `Screens ${role}`, role, password: PASSWORD });
    }
    const now = new Date().toISOString().slice(0, 19).replace('T', ' ');
    for (const key of ['consent', 'erase', 'readonly']) {
      await app.dataSource.query(`INSERT INTO customers (external_id, email, name, consent_email, consent_sms, consent_push, opted_out_email, opted_out_sms, opted_out_push, created_at, updated_at)
        VALUES (?, ?, ?, 1, 1, 0, 0, 0, 0, ?, ?)`, [`ext-${key}`, `${key}@example.com`, `Person ${key}`, now, now]);
      const [{ id }] = await app.dataSource.query('SELECT id FROM customers WHERE external_id = ?', [`ext-${key}`]);
      customerIds[key] = Number(id);
    }
    await app.dataSource.query(`INSERT INTO events (event_key, customer_id, session_id, type, occurred_at) VALUES ('e1', ?, 's1', 'page_view', ?), ('e2', ?, 's1', 'search', ?)`,
      [customerIds.erase, now, customerIds.erase, now]);
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const signIn = (role: string) => signInAs(browser, app.server.url, `${role}@screens.local`, PASSWORD);
  const customerPage = async (page: Page, id: number) => {
    await page.goto(`${app.server.url}/#/customers/${id}/show`);
    await page.getByTestId('consent-card').waitFor();
  };

  it('a marketer changes consent on the customer page and sees it in the history; no erasure for them', async () => {
    const { page, context, consoleErrors } = await signIn('marketer');
    await customerPage(page, customerIds.consent);
    await expect(page.getByRole('button', { name: /erase personal data/i }).count()).resolves.toBe(0);
    await page.getByRole('combobox', { name: 'SMS consent' }).click();
    await page.getByRole('option', { name: 'Opted out' }).click();
    const row = page.getByTestId('consent-history').getByRole('row').nth(1);
    await row.waitFor();
    await expect(row.textContent()).resolves.toMatch(/sms.*Consent given.*Opted out.*ui.*user:2/);
    const [stored] = await app.dataSource.query('SELECT consent_sms, opted_out_sms FROM customers WHERE id = ?', [customerIds.consent]);
    expect([Number(stored.consent_sms), Number(stored.opted_out_sms)]).toEqual([0, 1]);
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  it('an analyst sees consent and its history but cannot change it', async () => {
    const { page, context, consoleErrors } = await signIn('analyst');
    await customerPage(page, customerIds.consent);
    await expect(page.getByTestId('consent-sms').textContent()).resolves.toBe('Opted out');
    await expect(page.getByRole('combobox', { name: 'SMS consent' }).count()).resolves.toBe(0);
    await page.getByTestId('consent-history').waitFor();
    await expect(page.getByRole('button', { name: /erase personal data/i }).count()).resolves.toBe(0);
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  it('an admin erases a customer after a confirmation that counts what goes', async () => {
    const { page, context, consoleErrors } = await signIn('admin');
    await customerPage(page, customerIds.erase);
    await page.getByRole('button', { name: /erase personal data/i }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('erasure-preview').waitFor();
    await expect(dialog.getByTestId('erasure-preview').textContent()).resolves.toMatch(/Browsing events deleted2.*Channels opted outemail, sms, push/);
    await dialog.getByRole('button', { name: 'Erase', exact: true }).click();
    await page.getByText(/Personal data erased on/).waitFor();
    const [stored] = await app.dataSource.query('SELECT email, erased_at FROM customers WHERE id = ?', [customerIds.erase]);
    expect(stored.email).toBeNull();
    expect(stored.erased_at).not.toBeNull();
    const history = page.getByTestId('consent-history');
    await history.getByText('erasure').first().waitFor();
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  it('an admin creates an API key (secret shown once), sees it listed and revokes it; analysts have no such page', async () => {
    const { page, context, consoleErrors } = await signIn('admin');
    await page.getByRole('menuitem', { name: 'API keys' }).click();
    await page.getByLabel('Name').fill('warehouse sync');
    await page.getByRole('button', { name: 'Create key' }).click();
    const secret = (await page.getByTestId('api-key-secret').textContent())!;
    expect(secret.length).toBeGreaterThan(20);
    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByTestId('api-key-secret').waitFor({ state: 'detached' });
    const row = page.getByTestId('api-keys').getByRole('row', { name: /warehouse sync/ });
    await expect(row.textContent()).resolves.toMatch(/read.*active/);
    const used = await fetch(`${app.server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` }, body: JSON.stringify({ query: '{ me { role } }' }) });
    expect(((await used.json()) as { data: { me: { role: string } } }).data.me.role).toBe('integration');
    await page.reload();
    await row.getByRole('button', { name: 'Revoke warehouse sync' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke' }).click();
    await row.getByText(/revoked/).waitFor();
    const refused = await fetch(`${app.server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` }, body: JSON.stringify({ query: '{ me { role } }' }) });
    expect(refused.status).toBe(401);
    expect(consoleErrors).toEqual([]);
    await context.close();

    const analyst = await signIn('analyst');
    await expect(analyst.page.getByRole('menuitem', { name: 'API keys' }).count()).resolves.toBe(0);
    await analyst.page.goto(`${app.server.url}/#/api-keys`);
    await analyst.page.getByText('Only admins manage API keys.').waitFor();
    await analyst.context.close();
  });

  it('an admin changes a user\'s role and deactivates them', async () => {
    const target = await createUser(app.dataSource, { email: 'temp@screens.local', name: 'Temp person', role: 'marketer', password: PASSWORD });
    const { page, context, consoleErrors } = await signIn('admin');
    await page.getByRole('menuitem', { name: 'Users' }).click();
    await page.getByRole('cell', { name: 'temp@screens.local' }).click();
    await page.waitForURL(new RegExp(`#/users/${target.id}$`));
    await page.getByRole('combobox', { name: /role/i }).click();
    await page.getByRole('option', { name: /^Analyst/ }).click();
    await page.getByLabel(/Deactivated/).check();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/#\/users$/);
    const [stored] = await app.dataSource.query('SELECT role, disabled FROM users WHERE id = ?', [target.id]);
    expect([stored.role, Number(stored.disabled)]).toEqual(['analyst', 1]);
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  it('a marketer deletes an audience; an analyst starts a scoring run', async () => {
    const audience = await saveAudience(app.dataSource, { name: 'Screens audience', definition: normaliseDefinition({ channel: 'email' }) }, 'test');
    const { page, context, consoleErrors } = await signIn('marketer');
    await page.goto(`${app.server.url}/#/audiences/${audience.id}/show`);
    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog').getByRole('button', { name: /confirm/i }).click();
    await page.waitForURL(/#\/audiences$/);
    await expect(app.dataSource.query('SELECT id FROM audiences WHERE id = ?', [audience.id])).resolves.toEqual([]);
    expect(consoleErrors).toEqual([]);
    await context.close();

    const analyst = await signIn('analyst');
    await analyst.page.getByRole('menuitem', { name: 'Models' }).click();
    await analyst.page.getByRole('button', { name: 'Score customers' }).click();
    await analyst.page.waitForURL(/#\/jobs\/\d+\/show/);
    const jobs = await app.dataSource.query(`SELECT type, created_by FROM jobs WHERE type = 'scoring'`);
    expect(jobs).toHaveLength(1);
    expect(analyst.consoleErrors).toEqual([]);
    await analyst.context.close();
  });
});
