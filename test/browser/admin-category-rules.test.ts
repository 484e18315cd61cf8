import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { serve, type Segmenta } from '../../server/src/main.js';
import { loadConfig } from '../../server/src/config/index.js';
import { createLogger } from '../../server/src/logger.js';
import { createUser } from '../../server/src/modules/auth/index.js';
import { ensureAdminBuilt, launchChromium, screenshot, signIn } from './admin-harness.js';

const PASSWORD = 'correct horse battery';

/** The category rules screen in real Chromium: a bad regex refused, a rule added, previewed with counts, applied. */
describe('admin category rules screen', () => {
  let app: Segmenta;
  let browser: Browser;
  let dataDir: string;

  beforeAll(async () => {
    ensureAdminBuilt();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'segmenta-category-rules-'));
    const config = loadConfig({ NODE_ENV: 'test', SEGMENTA_DATA_DIR: dataDir });
    app = await serve(config, createLogger(config), { withWorker: false, port: 0 });
    await createUser(app.dataSource, { email: 'marketer@rules.local', name: 'Rules marketer', role: 'marketer', password: PASSWORD });
    for (const [code, description] of [['M1', 'Blue mug'], ['M2', 'Green MUG'], ['L1', 'Lantern']]) {
      await app.dataSource.query('INSERT INTO products (stock_code, description, is_merchandise) VALUES (?, ?, 1)', [code, description]);
    }
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('a marketer is told why a regex is refused, adds a keyword rule, previews its counts and applies it', async () => {
    const { page, context, consoleErrors } = await signIn(browser, app.server.url, 'marketer@rules.local', PASSWORD);
    await page.goto(`${app.server.url}/#/category-rules`);
    await page.getByText('No rules yet.').waitFor();

    await page.getByLabel('Kind').click();
    await page.getByRole('option', { name: 'regex' }).click();
    await page.getByLabel('Pattern').fill('(a+)+b');
    await page.getByLabel('Category path').fill('Home');
    await page.getByRole('button', { name: 'Add rule' }).click();
    await page.getByText(/nests a quantifier/).waitFor();

    await page.getByLabel('Kind').click();
    await page.getByRole('option', { name: 'keyword' }).click();
    await page.getByLabel('Pattern').fill('mug');
    await page.getByLabel('Category path').fill('Home > Kitchen');
    await page.getByRole('button', { name: 'Add rule' }).click();
    await page.getByRole('cell', { name: 'Home > Kitchen' }).waitFor();

    await page.getByRole('button', { name: 'Preview' }).click();
    await page.getByRole('status').getByText(/Preview: 3 products without a catalogue category, 2 would change, 1 matched by no rule/).waitFor();
    const [{ n: before }] = await app.dataSource.query(`SELECT COUNT(*) AS n FROM products WHERE category IS NOT NULL`);
    expect(Number(before)).toBe(0);

    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByRole('status').getByText(/Applied: .* 2 changed/).waitFor();
    const rows = await app.dataSource.query('SELECT stock_code, category FROM products ORDER BY stock_code');
    expect(rows.map((r: Record<string, unknown>) => [r.stock_code, r.category])).toEqual([['L1', null], ['M1', 'Home'], ['M2', 'Home']]);
    await screenshot(page, 'category-rules');
    expect(consoleErrors).toEqual([]);
    await context.close();
  });
});
