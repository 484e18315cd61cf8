/**
 * Destinations: the initial sync of a large audience to a local receiver (records/s, peak RSS of
 * the syncing process), and the time from 10,000 membership changes to their delivery.
 * Baselines in the same run: writing the same audience as CSV (reading it, no delivery), and
 * committing the 10,000 changes themselves.
 *
 *   npm run bench -- destinations            1,000,000 members (MariaDB)
 *   DESTINATIONS_BENCH_MEMBERS=50000 npm run bench -- destinations
 */
import 'reflect-metadata';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import mysql from 'mysql2/promise';
import { loadConfig } from '../server/src/config/index.js';
import { openDatabase } from '../server/src/db/data-source.js';
import { createLogger } from '../server/src/logger.js';
import { normaliseDefinition, saveAudience, writeAudienceCsv } from '../server/src/modules/audiences/index.js';
import { recordChanges } from '../server/src/modules/changes/index.js';
import { createDestination, DESTINATION_SYNC_JOB, destinationSyncJob } from '../server/src/modules/destinations/index.js';
import { JobWorker } from '../server/src/modules/jobs/index.js';

const N = Number(process.env.DESTINATIONS_BENCH_MEMBERS || 1_000_000);
const CHANGES = Math.min(10_000, Math.floor(N / 2));
const MARIADB_URL = process.env.TEST_MARIADB_URL || 'mariadb://root@127.0.0.1:3306';
const name = `segmenta_bench_${crypto.randomBytes(3).toString('hex')}`;
const url = new URL(MARIADB_URL);
const admin = await mysql.createConnection({ host: url.hostname, port: Number(url.port || 3306), user: decodeURIComponent(url.username), password: decodeURIComponent(url.password) });
await admin.query(`CREATE DATABASE \`${name}\``);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'segmenta-destinations-bench-'));
const config = loadConfig({
  NODE_ENV: 'production', SEGMENTA_DATA_DIR: dataDir, DATABASE_URL: `${MARIADB_URL.replace(/\/$/, '')}/${name}`, LOG_LEVEL: 'warn',
  DESTINATIONS_ALLOW_ADDRESSES: '127.0.0.1', DESTINATIONS_POLL_SECONDS: '0.1', WORKER_POLL_MS: '20',
});
const db = await openDatabase(config);

// The receiver runs in a process of its own, so the RSS measured here is the syncing side's.
const receiver = spawn(process.execPath, ['-e', `
  let records = 0, removed = 0;
  require('http').createServer((req, res) => { let b = ''; req.on('data', (c) => b += c); req.on('end', () => {
    for (const r of JSON.parse(b).records) { records++; if (r.op === 'removed') removed++; }
    res.end('ok'); process.stdout.write(records + ' ' + removed + '\\n'); }); }).listen(0, '127.0.0.1', function () { console.log('port ' + this.address().port); });
`], { stdio: ['ignore', 'pipe', 'inherit'] });
let received = 0, removedSeen = 0, port = 0;
await new Promise<void>((resolve) => receiver.stdout.on('data', (chunk: Buffer) => {
  for (const line of chunk.toString().trim().split('\n')) {
    if (line.startsWith('port ')) { port = Number(line.slice(5)); resolve(); } else { const [a, b] = line.split(' ').map(Number); received = a; removedSeen = b; }
  }
}));

const seconds = (t: bigint) => Number(process.hrtime.bigint() - t) / 1e9;
let peakRss = 0;
const sampler = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage().rss); }, 50);

try {
  const now = '2024-01-01 00:00:00';
  for (let i = 0; i < N; i += 5_000) {
    const n = Math.min(5_000, N - i);
    await db.query(`INSERT INTO customers (external_id, email, consent_email, consent_sms, consent_push, opted_out_email, opted_out_sms, opted_out_push, created_at, updated_at) VALUES ${Array.from({ length: n }, () => '(?, ?, 1, 0, 0, 0, 0, 0, ?, ?)').join(', ')}`,
      Array.from({ length: n }, (_, j) => [`c-${i + j}`, `c${i + j}@example.com`, now, now]).flat());
  }
  const audience = await saveAudience(db, { name: 'all email', definition: normaliseDefinition({ channel: 'email' }) }, 'bench');

  const tCsv = process.hrtime.bigint();
  const csvRows = await writeAudienceCsv(db, audience.definition as never, { withEmail: false }, async () => {});
  const csvSeconds = seconds(tCsv);
  const rssBefore = process.memoryUsage().rss;
  peakRss = rssBefore;

  const worker = new JobWorker(db, config, createLogger(config), { [DESTINATION_SYNC_JOB]: destinationSyncJob }, { id: 'bench' });
  const tSync = process.hrtime.bigint();
  await createDestination(db, config, { name: 'bench', url: `http://127.0.0.1:${port}/`, kind: 'audience', audienceId: audience.id, batchSize: 1000 }, 'bench');
  worker.start();
  while (received < N) await new Promise((r) => setTimeout(r, 20));
  const syncSeconds = seconds(tSync);

  // 10,000 members leave (opt-outs written the way an import writes them: one transaction, change-log rows included).
  const ids: number[] = (await db.query(`SELECT id FROM customers ORDER BY id LIMIT ${CHANGES}`)).map((r: { id: unknown }) => Number(r.id));
  const tChange = process.hrtime.bigint();
  await db.transaction(async (manager) => {
    for (let i = 0; i < ids.length; i += 1_000) {
      const chunk = ids.slice(i, i + 1_000);
      await manager.query(`UPDATE customers SET opted_out_email = 1, consent_email = 0 WHERE id IN (${chunk.map(() => '?').join(',')})`, chunk);
    }
    await recordChanges(manager, ids.map((id) => ({ customerId: id, kind: 'consent', before: 'email:granted', after: 'email:opted_out', reason: 'consent' })));
  });
  const commitSeconds = seconds(tChange);
  while (removedSeen < CHANGES) await new Promise((r) => setTimeout(r, 10));
  const changeSeconds = seconds(tChange);
  await worker.stop();

  console.log(`destinations bench on MariaDB, ${N.toLocaleString('en')} members, batches of 1,000, ${os.cpus().length} cores (shared), ${new Date().toISOString().slice(0, 10)}`);
  console.log(`  baseline: audience read as CSV (no delivery)   ${csvRows.toLocaleString('en')} rows in ${csvSeconds.toFixed(1)} s = ${Math.round(csvRows / csvSeconds).toLocaleString('en')} rows/s`);
  console.log(`  initial sync, signed webhooks, all delivered   ${N.toLocaleString('en')} records in ${syncSeconds.toFixed(1)} s = ${Math.round(N / syncSeconds).toLocaleString('en')} records/s`);
  console.log(`  peak RSS of the syncing process                ${Math.round(peakRss / 1e6)} MB (before the sync: ${Math.round(rssBefore / 1e6)} MB)`);
  console.log(`  baseline: committing ${CHANGES.toLocaleString('en')} opt-outs              ${(commitSeconds * 1000).toFixed(0)} ms`);
  console.log(`  ${CHANGES.toLocaleString('en')} changes → all delivered as removals      ${(changeSeconds * 1000).toFixed(0)} ms after the start of the commit (poll every ${config.destinations.pollSeconds} s)`);
} finally {
  clearInterval(sampler);
  receiver.kill();
  await db.destroy();
  await admin.query(`DROP DATABASE \`${name}\``);
  await admin.end();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
