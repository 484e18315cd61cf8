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
import { seedBehaviourGroups } from '../helpers/seed-orders.js';
import { until } from '../helpers/child.js';
import { ensureAdminBuilt, launchChromium, screenshot, signIn as signInAs } from './admin-harness.js';

const PASSWORD = 'segmenta-demo';

async function apiClient(baseUrl: string, email: string) {
  const login = await fetch(`${baseUrl}/graphql`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { role } }', variables: { e: email, p: PASSWORD } }),
  });
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  return async (query: string, variables: Record<string, unknown> = {}) => {
    const res = await fetch(`${baseUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify({ query, variables }) });
    const body = await res.json() as { data?: Record<string, any>; errors?: { message: string }[] };
    if (body.errors?.length) throw new Error(body.errors[0].message);
    return body.data!;
  };
}

/**
 * The drift panel, the activation notice and the settings screen against a server with two runs:
 * a live one whose persona a person renamed, and a drifted one (k=2 over three groups) that the
 * manual policy leaves waiting.
 */
describe('drift panel and settings screen in a real browser', () => {
  let app: Segmenta;
  let browser: Browser;
  let dataDir: string;
  let baseUrl: string;
  let driftedRunId: string;

  beforeAll(async () => {
    ensureAdminBuilt();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'segmenta-admin-drift-'));
    const config = loadConfig({ NODE_ENV: 'test', SEGMENTA_DATA_DIR: dataDir, WORKER_POLL_MS: '50' });
    app = await serve(config, createLogger(config), { withWorker: true, port: 0 });
    for (const user of DEMO_USERS) await createUser(app.dataSource, { ...user, password: PASSWORD });
    baseUrl = app.server.url;
    await seedBehaviourGroups(app.dataSource);
    const gql = await apiClient(baseUrl, 'analyst@segmenta.local');
    const decided = async (input: Record<string, unknown>) => {
      const { startSegmentation } = await gql('mutation($input: StartSegmentationInput!) { startSegmentation(input: $input) { run { id } } }', { input });
      return until(async () => {
        const run = (await gql('query($id: ID!) { SegmentationRun(id: $id) { id status error segments { persona { id } } activationDecision { outcome } } }', { id: startSegmentation.run.id })).SegmentationRun;
        if (run.status === 'failed') throw new Error(run.error);
        return run.activationDecision ? run : null;
      }, 60_000, 150);
    };
    const live = await decided({ k: 3, seed: 11 });
    for (const segment of live.segments) {
      await gql('mutation($id: ID!) { updatePersona(id: $id, input: { name: "Renamed by the team" }) { id } }', { id: segment.persona.id }).catch(() => undefined);
      break;
    }
    driftedRunId = (await decided({ k: 2, seed: 11 })).id;
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('tells a person on the dashboard that a run waits, and shows its drift beside the run', async () => {
    const { page, context, consoleErrors } = await signInAs(browser, baseUrl, 'analyst@segmenta.local', PASSWORD);
    const notice = page.getByTestId('activation-notices');
    await notice.getByText(`#${driftedRunId}`).waitFor();
    await notice.getByText(/manual/).waitFor();
    await notice.getByRole('link', { name: `#${driftedRunId}` }).click();
    const panel = page.getByTestId('drift-panel');
    await panel.getByTestId('drift-ari').waitFor();
    // k=2 merges two of three groups of 30 (see test/drift.test.ts for the hand computation).
    expect(await panel.getByTestId('drift-ari').textContent()).toBe('0.566');
    expect(await panel.getByTestId('drift-size-shift').textContent()).toBe('33.3 pts');
    await panel.getByTestId('activation-decision').getByText(/Waiting for a person/).waitFor();
    await panel.getByRole('table', { name: 'Feature drift' }).getByText('recencyDays').waitFor();
    await panel.getByRole('table', { name: 'Drift transition matrix' }).waitFor();
    await page.getByTestId('activation-notices').getByText('This run waits for a person to activate it').waitFor();
    const origins = await page.getByTestId('persona-origin').allTextContents();
    // Two segments, each listed twice (the segment table beside the projection and the centroid table).
    expect(origins.length).toBe(4);
    expect(origins.every((text) => text.startsWith('carried over from'))).toBe(true);
    await screenshot(page, 'drift-panel');
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  it('validates and saves the activation policy on the settings screen', async () => {
    const { page, context, consoleErrors } = await signInAs(browser, baseUrl, 'admin@segmenta.local', PASSWORD);
    await page.getByRole('menuitem', { name: 'Settings' }).click();
    await page.getByTestId('settings-version').getByText('Defaults (never saved)').waitFor();
    await page.getByTestId('setting-psiAlert').fill('0.05');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByTestId('settings-error').getByText(/psiAlert must be above psiWarning \(0\.1\), got 0\.05/).waitFor();
    await page.getByTestId('setting-psiAlert').fill('0.3');
    await page.getByTestId('activation-policy').click();
    await page.getByRole('option', { name: /automatic/ }).click();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByTestId('settings-version').getByText(/Version 1, saved by user:/).waitFor();
    await screenshot(page, 'settings');
    const [row] = await app.dataSource.query(`SELECT settings FROM data_set_settings WHERE data_set = 'default' AND version = 1`);
    expect(JSON.parse(row.settings)).toMatchObject({ activationPolicy: 'automatic', psiAlert: 0.3, psiWarning: 0.1 });
    expect(consoleErrors).toEqual([]);
    await context.close();
  });
});
