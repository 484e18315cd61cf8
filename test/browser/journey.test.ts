import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { exited, spawnTs, until } from '../helpers/child.js';
import { ensureAdminBuilt, launchChromium, screenshot, signIn as signInAs } from './admin-harness.js';

const PASSWORD = 'segmenta-demo';

/** Starts `segmenta serve --with-worker --demo` (what `npm start` runs) on an empty data folder; resolves with its URL. */
function startDemo(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawnTs('server/src/cli/index.ts', { SEGMENTA_DATA_DIR: dataDir, PORT: '0', NODE_ENV: 'test', LOG_LEVEL: 'warn', WORKER_POLL_MS: '200' }, ['serve', '--with-worker', '--demo']);
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`no URL within 120 s: ${output.slice(-2000)}`)), 120_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Segmenta is running at (http:\/\/[^\s/]+)/.exec(output);
      if (match) { clearTimeout(timer); resolve({ child, url: match[1] }); }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`serve exited (${code}): ${output.slice(-2000)}`)); });
  });
}

async function gqlAs(url: string, email: string) {
  const login = await fetch(`${url}/graphql`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { role } }', variables: { e: email, p: PASSWORD } }),
  });
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  return async (query: string) => {
    const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify({ query }) });
    return ((await res.json()) as { data: Record<string, any> }).data;
  };
}

describe('the journey on the demo, from its first start', () => {
  let browser: Browser;
  let server: { child: ChildProcess; url: string };
  let dataDir: string;

  beforeAll(async () => {
    ensureAdminBuilt();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'segmenta-journey-'));
    server = await startDemo(dataDir);
    browser = await launchChromium();
    // The demo's first start: import, consent, campaign history, training, segmentation, scoring.
    const gql = await gqlAs(server.url, 'admin@segmenta.local');
    await until(async () => {
      const jobs: { type: string; status: string }[] = (await gql('{ allJobs(perPage: 50) { type status } }')).allJobs;
      if (jobs.some((j) => j.status === 'failed')) throw new Error(`a demo job failed: ${JSON.stringify(jobs)}`);
      return jobs.some((j) => j.type === 'scoring') && jobs.every((j) => j.status === 'succeeded');
    }, 300_000, 1000);
  }, 420_000);

  afterAll(async () => {
    await browser?.close();
    if (server) { server.child.kill('SIGTERM'); await exited(server.child); }
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const signIn = (email: string) => signInAs(browser, server.url, email, PASSWORD);

  it('a marketer sees a non-zero audience, saves it, launches a campaign with a control group and reads its incremental ROI with an interval', async () => {
    const { page, context, consoleErrors } = await signIn('marketer@segmenta.local');
    await page.getByRole('menuitem', { name: 'Audiences' }).click();
    await page.getByText('E-mail: ordered in the last 90 days (example)').waitFor();
    await page.getByRole('link', { name: /new audience/i }).click();
    const size = page.getByTestId('audience-size');
    await expect.poll(async () => Number((await size.textContent())?.replace(/,/g, '')), { timeout: 30_000 }).toBeGreaterThan(0);
    await expect(page.getByTestId('consent-hint').count()).resolves.toBe(0);
    await page.getByLabel('Name').fill('Lapsed autumn buyers');
    await page.getByRole('button', { name: /save audience/i }).click();
    await page.waitForURL(/#\/audiences\/\d+\/show/);
    await page.getByRole('link', { name: /new campaign/i }).click();
    await page.waitForURL(/#\/campaigns\/create/);
    await expect.poll(() => page.getByLabel('Name').inputValue()).toBe('Lapsed autumn buyers campaign');
    await page.getByLabel('Control share (0–0.9)').fill('0.3');
    await page.getByRole('button', { name: /save/i }).click();
    await page.waitForURL(/#\/campaigns\/\d+\/show/);
    // Launch from draft in one step, back-dated into the data so orders can be attributed.
    await page.getByTestId('sent-at').fill('2011-11-01T00:00');
    await page.getByRole('button', { name: 'Launch', exact: true }).click();
    await page.getByRole('button', { name: 'Attribute orders' }).click();
    await page.getByText(/members attributed from orders/).waitFor();
    await expect.poll(() => page.getByTestId('campaign-counts').textContent()).toMatch(/members: [\d,]+ treatment \(contacted\) \+ [\d,]+ control \(held out/);
    const results = page.getByTestId('campaign-results');
    await expect.poll(() => results.getByTestId('stat-Incremental ROI').textContent(), { timeout: 15_000 }).toMatch(/^-?[\d,.]+%$/);
    await results.getByText(/^95% CI \[-?[\d,.]+%, -?[\d,.]+%\] · from the control group$/).waitFor();
    await results.getByText(/^95% CI \[.+\] · (significant|not significant) at 95%$/).waitFor();
    await results.getByTestId('stat-Gross ROI').waitFor();
    await expect(results.getByTestId('response-lift').textContent()).resolves.toMatch(/pp \[/);
    await screenshot(page, 'journey-campaign-results');
    await page.getByRole('menuitem', { name: 'Campaigns' }).click();
    for (const header of ['Treatment (contacted)', 'Control (held out)', 'Total members']) await page.getByRole('columnheader', { name: header }).waitFor();
    await page.getByText('Autumn newsletter (demo history)').waitFor();
    // The impact page lists the launched campaign by send month with its interval, and the demo's segment sizes.
    await page.getByRole('menuitem', { name: 'Impact' }).click();
    await page.waitForURL(/#\/impact/);
    const row = page.getByRole('table', { name: 'Impact by campaign' }).getByRole('row').filter({ hasText: 'Lapsed autumn buyers campaign' });
    await expect.poll(() => row.textContent(), { timeout: 15_000 }).toMatch(/^2011-11Lapsed autumn buyers campaign.*-?[\d,.]+% -?[\d,.]+% to -?[\d,.]+%.*pp -?[+]?[\d.]+ pp to [+-]?[\d.]+ pp · (not )?significant$/);
    await expect.poll(() => page.getByRole('table', { name: 'Segment sizes' }).getByRole('row').count()).toBeGreaterThan(1);
    await page.locator('.recharts-line').first().waitFor();
    await screenshot(page, 'journey-impact');
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  it('an analyst trains a response model from the demo campaign history and reads its evaluation', async () => {
    const { page, context, consoleErrors } = await signIn('analyst@segmenta.local');
    await page.getByRole('menuitem', { name: 'Models' }).click();
    await page.getByRole('link', { name: /train a model/i }).click();
    await page.getByRole('button', { name: 'Start training' }).click();
    await page.waitForURL(/#\/models\/\d+\/show/);
    await page.getByText('ROC AUC').waitFor({ timeout: 120_000 });
    await page.getByTestId('model-charts').waitFor();
    await page.getByRole('table', { name: 'Confusion matrix' }).waitFor();
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  it('a product manager edits a persona', async () => {
    const { page, context, consoleErrors } = await signIn('analyst@segmenta.local');
    await page.getByRole('menuitem', { name: 'Personas' }).click();
    const card = page.getByTestId('persona-card').first();
    await card.getByRole('link', { name: /edit/i }).click();
    await page.getByLabel('Name').fill('Autumn regulars');
    await page.getByRole('button', { name: /save/i }).click();
    await page.waitForURL(/#\/personas$/);
    await page.getByTestId('persona-card').filter({ hasText: 'Autumn regulars' }).waitFor();
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  it('an analyst re-segments: the activation dialog lists what it affects, and the pinned audience then says its run is not live', async () => {
    const admin = await gqlAs(server.url, 'admin@segmenta.local');
    const [segment] = (await admin('{ allSegments(perPage: 1, sortField: "label") { id persona { id } } }')).allSegments;
    const pinned = (await admin(`mutation { createAudience(input: { name: "Pinned to the first run", definition: { channel: "email", include: { segmentIds: ["${segment.id}"] } } }) { id } }`)).createAudience.id;
    await admin(`mutation { updatePersona(id: "${segment.persona.id}", input: { name: "Weekend regulars" }) { id } }`);
    const runId = (await admin('mutation { startSegmentation(input: { k: 3, seed: 5 }) { run { id } } }')).startSegmentation.run.id;
    await until(async () => (await admin(`{ SegmentationRun(id: "${runId}") { status } }`)).SegmentationRun.status === 'succeeded', 180_000, 1000);

    const { page, context, consoleErrors } = await signIn('analyst@segmenta.local');
    await page.goto(`${server.url}/#/segmentationRuns/${runId}/show`);
    await page.getByText(`Run #${runId} · kmeans`).waitFor();
    await page.getByRole('button', { name: 'Activate', exact: true }).click({ timeout: 60_000 }).catch(async (error) => { await screenshot(page, 'activation-failed'); throw error; });
    const impact = page.getByTestId('activation-impact');
    await impact.getByRole('link', { name: 'Pinned to the first run' }).waitFor();
    await impact.getByText(/Weekend regulars \(segment \d+\)/).waitFor();
    await impact.getByText('Ada Admin').waitFor(); // the editor by name, not user:1
    await screenshot(page, 'activation-impact');
    await page.getByTestId('confirm-activation').click();
    await page.getByTestId('live-chip').waitFor();
    await page.getByRole('menuitem', { name: 'Segmentation' }).click();
    await page.getByRole('cell').filter({ hasText: 'Ada Admin' }).first().waitFor(); // who started the run, by name
    await page.goto(`${server.url}/#/audiences/${pinned}/show`);
    await expect.poll(() => page.getByTestId('not-live-run').textContent(), { timeout: 15_000 }).toMatch(/no longer live/);
    expect(consoleErrors).toEqual([]);
    await context.close();
  }, 300_000);
});
