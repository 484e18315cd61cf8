import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { serve, type Segmenta } from '../server/src/main.js';
import { loadConfig } from '../server/src/config/index.js';
import { createLogger } from '../server/src/logger.js';
import { createDemoExamples, DEMO_HISTORY, recordDemoHistory } from '../server/src/demo/demo-history.job.js';
import { DEMO_CONSENT_SHARES, seedDemoConsent } from '../server/src/demo/demo-consent.js';
import { loadTrainingData, resolveTrainingParams } from '../server/src/modules/models/index.js';
import { TEST_DIALECTS } from './helpers/db.js';
import { until } from './helpers/child.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { seedBehaviourGroups } from './helpers/seed-orders.js';

const count = async (db: DataSource, sql: string, params: unknown[] = []) => Number((await db.query(sql, params))[0].n);

/** Every table the demo's first start writes, counted. */
async function demoCounts(db: DataSource) {
  return {
    jobs: await count(db, 'SELECT COUNT(*) AS n FROM jobs'),
    imports: await count(db, 'SELECT COUNT(*) AS n FROM imports'),
    campaigns: await count(db, 'SELECT COUNT(*) AS n FROM campaigns'),
    members: await count(db, 'SELECT COUNT(*) AS n FROM campaign_members'),
    results: await count(db, 'SELECT COUNT(*) AS n FROM campaign_results'),
    outcomes: await count(db, 'SELECT COUNT(*) AS n FROM campaign_outcomes'),
    audiences: await count(db, 'SELECT COUNT(*) AS n FROM audiences'),
    models: await count(db, 'SELECT COUNT(*) AS n FROM model_versions'),
    runs: await count(db, 'SELECT COUNT(*) AS n FROM segmentation_runs'),
    emailConsent: await count(db, 'SELECT COUNT(*) AS n FROM customers WHERE consent_email = 1'),
  };
}

describe.each(TEST_DIALECTS)('demo history services on %s', (dialect) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(dialect);
    await seedBehaviourGroups(server.app.dataSource);
  }, 120_000);
  afterAll(async () => { await server?.stop(); });

  it('explains what data training needs when there are no campaign outcomes', async () => {
    await expect(loadTrainingData(server.app.dataSource, resolveTrainingParams({ kind: 'response' })))
      .rejects.toThrow(/only 0 campaign outcomes: .*at least 20.*attributing the orders.*segmenta import <file> --kind outcomes/);
  });

  it('seeds consent, a past campaign with a control group and examples once, through the services', async () => {
    const db = server.app.dataSource;
    expect(await seedDemoConsent(db)).toBeNull(); // the seeded customers have consent already: left alone
    await db.query('UPDATE customers SET consent_email = 0, consent_sms = 0, consent_push = 0');
    const consent = (await seedDemoConsent(db))!;
    const customers = await count(db, 'SELECT COUNT(*) AS n FROM customers');
    for (const channel of ['email', 'sms', 'push'] as const) {
      // Binomial(n, share): within four standard deviations.
      const share = DEMO_CONSENT_SHARES[channel];
      expect(Math.abs(consent[channel] - share * customers)).toBeLessThan(4 * Math.sqrt(customers * share * (1 - share)) + 1);
    }
    const history = (await recordDemoHistory(db))!;
    expect(history.members).toBeGreaterThan(0);
    expect(history.control).toBe(Math.round(DEMO_HISTORY.controlShare * history.members));
    const [campaign] = await db.query('SELECT status, sent_at, member_count, control_count FROM campaigns WHERE id = ?', [history.campaignId]);
    expect(campaign.status).toBe('completed');
    expect(Number(campaign.member_count)).toBe(history.members);
    // The outcomes are the members' real orders in the window; treatment outcomes are training labels.
    const [{ last }] = await db.query(`SELECT MAX(ordered_at) AS last FROM orders WHERE status <> 'cancelled'`);
    const sentAt = new Date(campaign.sent_at);
    expect(new Date(last).getTime() - sentAt.getTime()).toBeGreaterThanOrEqual(DEMO_HISTORY.daysBeforeDataEnd * 86_400_000);
    // Both arms have outcome rows (the uplift model learns from both); the response model reads the treated ones.
    expect(await count(db, `SELECT COUNT(*) AS n FROM campaign_outcomes WHERE campaign_key = ? AND treated = 1`, [`campaign:${history.campaignId}`])).toBe(history.members - history.control);
    expect(await count(db, `SELECT COUNT(*) AS n FROM campaign_outcomes WHERE campaign_key = ?`, [`campaign:${history.campaignId}`])).toBe(history.members);
    expect(await count(db, 'SELECT COUNT(*) AS n FROM campaign_results WHERE campaign_id = ?', [history.campaignId])).toBe(history.attributed);
    // Nobody without e-mail consent or without an order before the send was in it.
    expect(await count(db, `SELECT COUNT(*) AS n FROM campaign_members m JOIN customers c ON c.id = m.customer_id WHERE m.campaign_id = ? AND c.consent_email = 0`, [history.campaignId])).toBe(0);
    const examples = (await createDemoExamples(db))!;
    expect(examples.audienceId).toBeGreaterThan(0);

    const before = await demoCounts(db);
    expect(await seedDemoConsent(db)).toBeNull();
    expect(await recordDemoHistory(db)).toBeNull();
    expect(await createDemoExamples(db)).toBeNull();
    expect(await demoCounts(db)).toEqual(before);
  });
});

describe('the demo on its first start and on the next (embedded database, UCI Online Retail)', () => {
  let dataDir: string;
  let app: Segmenta | null = null;
  const start = async () => {
    const config = loadConfig({ NODE_ENV: 'test', SEGMENTA_DATA_DIR: dataDir, WORKER_POLL_MS: '100' });
    return serve(config, createLogger(config), { withWorker: true, demo: true, port: 0, adminDist: null });
  };
  const idle = async (db: DataSource) => until(async () => (await count(db, `SELECT COUNT(*) AS n FROM jobs WHERE status IN ('queued', 'running')`)) === 0
    && (await count(db, `SELECT COUNT(*) AS n FROM jobs WHERE type = 'scoring'`)) > 0, 300_000, 500);

  beforeAll(() => { dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'segmenta-demo-')); });
  afterAll(async () => {
    await app?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('builds a campaign history, a trained and active response model, scores and examples, and a second start adds nothing', async () => {
    app = await start();
    const db = app.dataSource;
    await idle(db);
    const failed = await db.query(`SELECT type, error FROM jobs WHERE status <> 'succeeded'`);
    expect(failed).toEqual([]);
    expect((await db.query('SELECT type FROM jobs ORDER BY id')).map((j: { type: string }) => j.type))
      .toEqual(['import', 'demo-history', 'model-training', 'segmentation', 'scoring', 'targeting-rebuild', 'drift-report', 'activation-decision']);
    const first = await demoCounts(db);
    expect(first).toMatchObject({ imports: 1, campaigns: 2, audiences: 1, models: 1, runs: 1 });
    expect(first.outcomes).toBeGreaterThan(1000);
    const [model] = await db.query(`SELECT v.status, v.training_rows, a.model_id FROM model_versions v JOIN active_models a ON a.model_id = v.id WHERE v.kind = 'response'`);
    expect(model.status).toBe('succeeded');
    expect(await count(db, 'SELECT COUNT(*) AS n FROM customer_scores WHERE response_probability IS NOT NULL')).toBeGreaterThan(4000);
    // Consent is demo data: about 60% for e-mail, so e-mail audiences are not empty.
    const customers = await count(db, 'SELECT COUNT(*) AS n FROM customers');
    expect(first.emailConsent / customers).toBeGreaterThan(0.55);
    expect(first.emailConsent / customers).toBeLessThan(0.65);

    await app.stop();
    app = await start();
    await new Promise((resolve) => setTimeout(resolve, 1500)); // a worker poll or two: nothing is queued
    expect(await demoCounts(app.dataSource)).toEqual(first);
  }, 600_000);
});
