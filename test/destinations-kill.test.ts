// kill -9 of a worker in the middle of a destination sync: the ledger loses nothing, and a batch
// sent again carries the webhook-id (and body) it had.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normaliseDefinition, saveAudience } from '../server/src/modules/audiences/index.js';
import { createDestination, generateSecret } from '../server/src/modules/destinations/index.js';
import { createTestDatabase, type TestDatabase } from './helpers/db.js';
import { insertCustomers } from './helpers/fake-runs.js';
import { startReceiver } from './helpers/webhook-receiver.js';
import { exited, spawnTs, until, waitForOutput } from './helpers/child.js';

const ENV = { DESTINATIONS_ALLOW_ADDRESSES: '127.0.0.1', DESTINATIONS_RETRY_SCALE: '0.002', DESTINATIONS_POLL_SECONDS: '0.2' };

describe('a destination sync whose worker is killed', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('mariadb', ENV);
    await insertCustomers(db.dataSource, 300);
  }, 120_000);
  afterAll(async () => { await db?.drop(); });

  it('is taken over by another worker and ends with the receiver equal to the audience', { timeout: 180_000 }, async () => {
    const secret = generateSecret();
    let victimGone = false;
    // Slow answers while the victim works, so the kill lands with a request in flight.
    const receiver = await startReceiver({ secrets: () => [secret], behave: () => (victimGone ? undefined : { delayMs: 150 }) });
    const env = {
      DATABASE_URL: db.config.databaseUrl ?? '', SEGMENTA_DATA_DIR: db.config.dataDir, WORKER_LEASE_SECONDS: '2', WORKER_POLL_MS: '50', LOG_LEVEL: 'silent', ...ENV,
    };
    const victim = spawnTs('test/helpers/run-real-worker-child.ts', { ...env, WORKER_ID: 'victim' });
    await waitForOutput(victim, /ready/, 60_000);
    const audience = await saveAudience(db.dataSource, { name: 'email', definition: normaliseDefinition({ channel: 'email' }) }, 'test');
    const destination = await createDestination(db.dataSource, db.config, { name: 'kill', url: receiver.url, secret, kind: 'audience', audienceId: audience.id, batchSize: 20 }, 'test');
    await until(async () => receiver.deliveries.length >= 4, 60_000, 20);
    victim.kill('SIGKILL');
    await exited(victim);
    victimGone = true;
    const delivered = receiver.deliveries.length;

    const survivor = spawnTs('test/helpers/run-real-worker-child.ts', { ...env, WORKER_ID: 'survivor' });
    try {
      await waitForOutput(survivor, /ready/, 60_000);
      await until(async () => {
        const [{ n }] = await db.dataSource.query(`SELECT COUNT(*) AS n FROM destination_records WHERE destination_id = ? AND status <> 'delivered'`, [destination.id]);
        return Number(n) === 0 && receiver.state.size === 300;
      }, 120_000, 200);
    } finally {
      survivor.kill('SIGTERM');
      await exited(survivor);
      await receiver.close();
    }
    expect(receiver.deliveries.length).toBeGreaterThan(delivered);
    expect([...receiver.state.keys()].sort()).toEqual(Array.from({ length: 300 }, (_, i) => `c-${i}`).sort());
    expect(receiver.invalid).toBe(0);
    // Every repeat of a webhook-id carried the same body; the records were each applied once.
    expect(receiver.inconsistentRepeats).toBe(0);
    const [{ n: records }] = await db.dataSource.query('SELECT COUNT(*) AS n FROM destination_records WHERE destination_id = ?', [destination.id]);
    expect(Number(records)).toBe(300);
  });
});
