import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { serve, type Segmenta } from '../../server/src/main.js';
import { loadConfig } from '../../server/src/config/index.js';
import { createLogger } from '../../server/src/logger.js';
import { createUser } from '../../server/src/modules/auth/index.js';
import { DEMO_USERS } from '../../server/src/demo.js';
import { ensureAdminBuilt, launchChromium, screenshot, signIn as signInAs } from './admin-harness.js';
import { onlineRetailCsv } from './retail-fixture.js';

const PASSWORD = 'segmenta-demo';

/** A signed-in API client for seeding through the same routes the UI uses. */
async function apiClient(baseUrl: string, email: string) {
  const login = await fetch(`${baseUrl}/graphql`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { role } }', variables: { e: email, p: PASSWORD } }),
  });
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const gql = async (query: string, variables: Record<string, unknown> = {}) => {
    const res = await fetch(`${baseUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify({ query, variables }) });
    const body = await res.json() as { data?: Record<string, any>; errors?: { message: string }[] };
    if (body.errors?.length) throw new Error(body.errors[0].message);
    return body.data!;
  };
  const upload = async (name: string, content: string) => {
    const res = await fetch(`${baseUrl}/api/uploads`, { method: 'POST', headers: { cookie, 'x-file-name': name }, body: content });
    return ((await res.json()) as { uploadId: string }).uploadId;
  };
  return { gql, upload };
}

async function poll<T>(fn: () => Promise<T | null>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

/**
 * The analytics screens against a server seeded with a small generated Online Retail file and
 * one live segmentation (beforeAll, through the API). Each test signs in on its own context and
 * adds only what it checks, so the tests do not depend on each other's order.
 */
describe('admin analytics screens in a real browser', () => {
  let app: Segmenta;
  let browser: Browser;
  let dataDir: string;
  let baseUrl: string;

  beforeAll(async () => {
    ensureAdminBuilt();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'segmenta-admin-analytics-'));
    const config = loadConfig({ NODE_ENV: 'test', SEGMENTA_DATA_DIR: dataDir, WORKER_POLL_MS: '50' });
    // No --demo: its background import of the full UCI file would slow every screen here.
    app = await serve(config, createLogger(config), { withWorker: true, port: 0 });
    for (const user of DEMO_USERS) await createUser(app.dataSource, { ...user, password: PASSWORD });
    baseUrl = app.server.url;
    const api = await apiClient(baseUrl, 'analyst@segmenta.local');
    const uploadId = await api.upload('seed.csv', onlineRetailCsv({ customersPerGroup: 20, firstCustomerId: 20001, firstInvoice: 700001, seed: 1 }));
    const { startImport } = await api.gql('mutation($input: StartImportInput!) { startImport(input: $input) { id } }', { input: { uploadId, fileName: 'seed.csv', kind: 'orders', timezone: 'Europe/London' } });
    await poll(async () => ((await api.gql('query($id: ID!) { Import(id: $id) { status } }', { id: startImport.id })).Import.status === 'succeeded' ? true : null), 30_000);
    // E-mail consent for the seeded customers, so audiences have eligible members.
    const consent = await api.upload('consent.csv', `external_id,consent_email\n${Array.from({ length: 60 }, (_, i) => `${20001 + i},1`).join('\n')}\n`);
    const consentRun = (await api.gql('mutation($input: StartImportInput!) { startImport(input: $input) { id } }', { input: { uploadId: consent, fileName: 'consent.csv', kind: 'customers' } })).startImport;
    await poll(async () => ((await api.gql('query($id: ID!) { Import(id: $id) { status } }', { id: consentRun.id })).Import.status === 'succeeded' ? true : null), 30_000);
    const { startSegmentation } = await api.gql('mutation { startSegmentation(input: { kMin: 2, kMax: 5, seed: 7 }) { run { id } } }');
    await poll(async () => {
      const run = (await api.gql('query($id: ID!) { SegmentationRun(id: $id) { status isLive error } }', { id: startSegmentation.run.id })).SegmentationRun;
      if (run.status === 'failed') throw new Error(run.error);
      return run.isLive ? run : null;
    }, 30_000);
    browser = await launchChromium();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const signIn = (email: string) => signInAs(browser, baseUrl, email, PASSWORD);

  it('imports a file with an unknown layout through the mapping editor, then shows its report', async () => {
    const { page, context, consoleErrors } = await signIn('analyst@segmenta.local');
    // German column names: no known layout, so the server asks for a mapping.
    const header = ['Beleg', 'Artikel', 'Text', 'Menge', 'Datum', 'Preis', 'Kunde', 'Land'];
    const csv = onlineRetailCsv({ customersPerGroup: 2, firstCustomerId: 30001, firstInvoice: 800001, seed: 2, header });
    await page.getByRole('menuitem', { name: 'Imports' }).click();
    await page.getByRole('link', { name: /new import/i }).click();
    await page.getByTestId('file-input').setInputFiles({ name: 'kassen-export.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: /upload and import/i }).click();
    await page.getByTestId('mapping-editor').waitFor({ timeout: 15_000 });
    const fields = ['invoice_no', 'stock_code', 'description', 'quantity', 'ordered_at', 'unit_price', 'customer_id', 'country'];
    for (const [i, field] of fields.entries()) {
      await page.getByRole('combobox', { name: new RegExp(`^${field}`) }).click();
      await page.getByRole('option', { name: header[i], exact: true }).click();
    }
    await page.getByRole('button', { name: /import with this mapping/i }).click();
    const report = page.getByTestId('import-report');
    await report.waitFor({ timeout: 15_000 });
    await expect(page.getByTestId('stat-Rows read').textContent()).resolves.toBe('41');
    await expect(report.getByRole('table', { name: 'Skipped per rule' }).getByRole('row', { name: /missing customer id/ }).textContent()).resolves.toMatch(/1$/);
    await expect(report.getByRole('link', { name: /row issues/i }).getAttribute('href')).resolves.toMatch(/^\/api\/imports\/\d+\/issues\.csv$/);
    await page.getByRole('link', { name: /open import #\d+/i }).click();
    await page.getByTestId('import-report').waitFor();
    await screenshot(page, 'imports-report');
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  it('launches a hierarchical segmentation and shows its k charts, projection and dendrogram, then compares runs', async () => {
    const { page, context, consoleErrors } = await signIn('analyst@segmenta.local');
    await page.getByRole('menuitem', { name: 'Segmentation' }).click();
    await page.getByRole('link', { name: /new run/i }).click();
    for (const [id, words] of [['explain-log1p', /log\(1 \+ x\)/], ['explain-winsorise', /quantile/], ['explain-ninit', /restarts|runs this many times/i]] as const) {
      await expect.poll(() => page.getByTestId(id).textContent()).toMatch(words);
    }
    await page.getByRole('combobox', { name: 'Algorithm' }).click();
    await page.getByRole('option', { name: 'hierarchical' }).click();
    await page.getByLabel('k max').fill('5');
    await page.getByRole('button', { name: /start segmentation/i }).click();
    await page.waitForURL(/#\/segmentationRuns\/\d+\/show/);
    await page.getByTestId('k-charts').waitFor({ timeout: 30_000 });
    await page.getByText(/Choosing k: recommended k = \d/).waitFor();
    await page.getByTestId('dendrogram').locator('path').first().waitFor();
    await page.locator('.recharts-scatter-symbol').first().waitFor();
    await page.getByRole('button', { name: 'Activate' }).waitFor();
    await screenshot(page, 'segmentation-run');
    await page.getByRole('combobox', { name: 'Earlier run' }).click();
    await page.getByRole('option', { name: /live/ }).click();
    await expect(page.getByTestId('ari').textContent()).resolves.toMatch(/ARI -?\d\.\d{3} over 60 customers/);
    await page.getByRole('table', { name: 'Transition matrix', exact: true }).waitFor();
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  it('shows persona cards and edits a persona, keeping the version history', async () => {
    const { page, context, consoleErrors } = await signIn('analyst@segmenta.local');
    await page.getByRole('menuitem', { name: 'Personas' }).click();
    const card = page.getByTestId('persona-card').first();
    await card.waitFor();
    await card.getByTestId('persona-recommendations').waitFor();
    await screenshot(page, 'personas');
    await card.getByRole('link', { name: /edit/i }).click();
    await page.getByTestId('persona-history').getByText('Current: v1').waitFor();
    await page.getByLabel('Name').fill('Weekend gift buyers');
    await page.getByLabel('Plays (one per line)').fill('Gift bundles before holidays\nFree delivery over £50');
    await page.getByRole('button', { name: /save/i }).click();
    await page.waitForURL(/#\/personas$/);
    const edited = page.getByTestId('persona-card').filter({ hasText: 'Weekend gift buyers' });
    await edited.getByText('Free delivery over £50').waitFor();
    await edited.getByRole('link', { name: /edit/i }).click();
    await page.getByTestId('persona-history').getByText(/Current: v2 by/).waitFor();
    await page.getByTestId('persona-history').getByText('Ana Analyst').first().waitFor(); // by name, not user:3
    await page.getByTestId('persona-history').getByText(/^v1: /).waitFor();
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  it('shows the dashboard charts, the Explore page and a customer with their segment', async () => {
    const { page, context, consoleErrors } = await signIn('marketer@segmenta.local');
    const charts = page.getByTestId('dashboard-charts');
    await charts.getByText('Revenue by month').waitFor();
    await charts.getByText('RFM groups').waitFor();
    await charts.getByText('Live segments').waitFor();
    await charts.locator('.recharts-bar-rectangle').first().waitFor();
    await screenshot(page, 'dashboard-data');
    // The customers list: segment with persona, RFM group, revenue, last order, response score; CSV export for marketers.
    await page.getByRole('menuitem', { name: 'Customers' }).click();
    for (const header of ['Segment (live run)', 'RFM group', 'Revenue', 'Last order', 'Response score']) await page.getByRole('columnheader', { name: header }).waitFor();
    await page.getByRole('cell', { name: /^.+ \(segment \d+\)$|^Segment \d+$/ }).first().waitFor();
    await page.getByRole('cell', { name: /^£[\d,]+\.\d\d$/ }).first().waitFor();
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: /export/i }).click();
    const csv = fs.readFileSync((await (await download).path())!, 'utf8');
    expect(csv.split('\n')[0]).toBe('customer_id,internal_id,name,email,country,segment_label,persona,rfm_group,revenue,last_order_at,response_probability');
    expect(csv.split('\n').length).toBeGreaterThan(2);
    await page.getByRole('menuitem', { name: 'Explore' }).click();
    await page.getByRole('table', { name: 'Correlation heat map' }).waitFor();
    await page.getByRole('table', { name: 'Cohort retention' }).waitFor();
    await expect(page.locator('.recharts-bar-rectangle').first().waitFor()).resolves.toBeUndefined();
    await page.getByRole('table', { name: 'Outliers' }).getByRole('link').first().click();
    await page.getByTestId('customer-features').waitFor();
    await page.getByTestId('customer-segment').waitFor();
    await expect.poll(() => page.getByTestId('live-segment').textContent()).toMatch(/^Segment \(live run\): \d+$/);
    await page.getByTestId('why-segment').locator('.recharts-bar-rectangle').first().waitFor();
    await page.getByTestId('recommended-products').or(page.getByText('Orders')).first().waitFor();
    await screenshot(page, 'customer-show');
    await page.getByRole('menuitem', { name: 'Explore' }).click();
    await page.getByRole('table', { name: 'Cohort retention' }).waitFor();
    await screenshot(page, 'explore');
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  it('builds an audience with a live count, then creates, launches and reads the ROI of a campaign', async () => {
    const { page, context, consoleErrors } = await signIn('marketer@segmenta.local');
    await page.getByRole('menuitem', { name: 'Audiences' }).click();
    await page.getByRole('link', { name: /new audience/i }).click();
    const size = page.getByTestId('audience-size');
    await expect.poll(() => size.textContent(), { timeout: 10_000 }).toBe('60');
    await page.getByLabel('Name').fill('Recent big spenders');
    await page.getByRole('textbox', { name: 'Recency (days) max' }).fill('60');
    await expect.poll(() => size.textContent(), { timeout: 10_000 }).not.toBe('60');
    const narrowed = Number(await size.textContent());
    expect(narrowed).toBeGreaterThan(0);
    expect(narrowed).toBeLessThan(60);
    await page.getByTestId('audience-funnel').waitFor();
    // Countries come from the data, with their customer counts: nothing to mistype.
    await page.getByRole('combobox', { name: 'Countries' }).click();
    await page.getByRole('option', { name: /^.+ \(\d+\)$/ }).first().waitFor();
    await page.keyboard.press('Escape');
    await screenshot(page, 'audience-builder');
    await page.getByRole('button', { name: /save audience/i }).click();
    await page.waitForURL(/#\/audiences\/\d+\/show/);
    await expect.poll(() => page.getByTestId('audience-size').textContent()).toBe(String(narrowed));
    await page.getByRole('link', { name: /new campaign/i }).click();
    await page.waitForURL(/#\/campaigns\/create/);
    await expect.poll(() => page.getByLabel('Name').inputValue()).toBe('Recent big spenders campaign');
    await page.getByRole('button', { name: /save/i }).click();
    await page.waitForURL(/#\/campaigns\/\d+\/show/);
    await page.getByRole('button', { name: 'Schedule' }).click();
    await page.getByRole('button', { name: 'Launch' }).click();
    await page.getByRole('button', { name: /import results/i }).waitFor();
    // Outcomes for every seeded customer: non-members are skipped; the loyal third (20001–20020) responded.
    const outcomes = ['external_id,responded,converted,revenue', ...Array.from({ length: 60 }, (_, i) => (i < 20 ? `${20001 + i},1,1,40` : `${20001 + i},0,0,0`))].join('\n');
    await page.getByTestId('outcomes-input').setInputFiles({ name: 'outcomes.csv', mimeType: 'text/csv', buffer: Buffer.from(outcomes) });
    await page.getByText(/outcomes imported/).waitFor();
    await expect.poll(() => page.getByTestId('response-lift').textContent()).toMatch(/pp/);
    await page.getByRole('table', { name: 'By segment at launch' }).waitFor();
    await screenshot(page, 'campaign-results');
    expect(consoleErrors).toEqual([]);
    await context.close();
  });
});
