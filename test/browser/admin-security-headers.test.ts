import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { serve, type Segmenta } from '../../server/src/main.js';
import { loadConfig } from '../../server/src/config/index.js';
import { createLogger } from '../../server/src/logger.js';
import { createUser } from '../../server/src/modules/auth/index.js';
import { ensureAdminBuilt, launchChromium, signIn } from './admin-harness.js';

const PASSWORD = 'correct horse battery';
/** Every resource list and custom page of the admin UI. */
const SCREENS = ['/', '/#/customers', '/#/orders', '/#/products', '/#/events', '/#/imports', '/#/segmentationRuns', '/#/personas',
  '/#/models', '/#/audiences', '/#/audiences/create', '/#/campaigns', '/#/jobs', '/#/users', '/#/users/create', '/#/audit', '/#/explore'];

/**
 * The built admin UI under the server's Content-Security-Policy, in real Chromium: every screen
 * renders with no policy violation (the browser reports each as a `securitypolicyviolation`
 * event and a console error) and the page cannot be framed.
 */
describe('admin UI under the security headers', () => {
  let app: Segmenta;
  let browser: Browser;
  let dataDir: string;

  beforeAll(async () => {
    ensureAdminBuilt();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'segmenta-csp-'));
    const config = loadConfig({ NODE_ENV: 'test', SEGMENTA_DATA_DIR: dataDir });
    app = await serve(config, createLogger(config), { port: 0 });
    await createUser(app.dataSource, { email: 'admin@test.local', name: 'Ada Admin', role: 'admin', password: PASSWORD });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves the admin page with the policy', async () => {
    const res = await fetch(`${app.server.url}/`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<div id="root">');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('renders every screen with no policy violation', async () => {
    const { page, context, consoleErrors } = await signIn(browser, app.server.url, 'admin@test.local', PASSWORD);
    const violations: string[] = [];
    await page.exposeFunction('reportViolation', (text: string) => { violations.push(text); });
    // Runs in the page (kept as text: the test project has no DOM types).
    await page.addInitScript({
      content: `document.addEventListener('securitypolicyviolation', (e) => window.reportViolation(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber));`,
    });
    for (const screen of SCREENS) {
      await page.goto(`${app.server.url}${screen}`);
      await page.locator('main, [role="main"], #main-content').first().waitFor();
      await page.waitForLoadState('networkidle');
    }
    expect(violations).toEqual([]);
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  it('cannot be framed by another page', async () => {
    const { page, context } = await signIn(browser, app.server.url, 'admin@test.local', PASSWORD);
    const blocked: string[] = [];
    page.on('console', (message) => { if (/frame-ancestors|Refused to display/.test(message.text())) blocked.push(message.text()); });
    await page.setContent(`<iframe id="victim" src="${app.server.url}/"></iframe>`);
    await expect.poll(() => blocked.length, { timeout: 10_000 }).toBeGreaterThan(0);
    await context.close();
  });
});
