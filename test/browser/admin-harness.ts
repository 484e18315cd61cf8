import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ADMIN = path.join(ROOT, 'admin');
const BUILD_INPUTS = [path.join(ADMIN, 'src'), path.join(ADMIN, 'index.html'), path.join(ADMIN, 'vite.config.ts'), path.join(ROOT, 'shared/src')];

function newestMtime(target: string): number {
  if (!fs.existsSync(target)) return 0;
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...fs.readdirSync(target).map((name) => newestMtime(path.join(target, name))));
}

/**
 * Builds admin/dist when it is missing or older than its sources (about 3 s). NODE_ENV is forced
 * to production: vitest sets it to `test`, which would give React's development build, not the
 * bundle the server ships.
 */
export function ensureAdminBuilt(): void {
  const built = path.join(ADMIN, 'dist/index.html');
  const builtAt = fs.existsSync(built) ? fs.statSync(built).mtimeMs : 0;
  if (builtAt > Math.max(...BUILD_INPUTS.map(newestMtime))) return;
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: ADMIN, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A fresh context (own cookies) at 1280×800 whose console errors and page errors are collected. */
export async function openPage(browser: Browser): Promise<{ context: BrowserContext; page: Page; consoleErrors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  page.on('console', (message) => { if (message.type() === 'error') consoleErrors.push(message.text()); });
  page.on('pageerror', (error) => consoleErrors.push(`page error: ${error.message}`));
  return { context, page, consoleErrors };
}

/**
 * Screenshots go to docs/screenshots when SEGMENTA_SCREENSHOTS=1 (to refresh the committed
 * pictures), else to test-results/, so a normal test run leaves the checkout clean.
 */
export const SCREENSHOT_DIR = process.env.SEGMENTA_SCREENSHOTS === '1'
  ? path.join(ROOT, 'docs/screenshots')
  : path.join(ROOT, 'test-results/screenshots');

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.waitForLoadState('networkidle');
  await page.mouse.move(0, 0); // no hover tooltip in the picture
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`) });
}

/** Signs in on a fresh context and waits for the dashboard: no test relies on another's session. */
export async function signIn(browser: Browser, baseUrl: string, email: string, password: string) {
  const session = await openPage(browser);
  await session.page.goto(`${baseUrl}/`);
  await session.page.getByLabel('E-mail').fill(email);
  await session.page.locator('input[name="password"]').fill(password);
  await session.page.getByRole('button', { name: /sign in/i }).click();
  await session.page.getByRole('heading', { name: /welcome/i }).waitFor();
  return session;
}
