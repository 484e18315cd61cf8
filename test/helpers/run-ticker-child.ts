// A worker process for the schedule tests, driven line by line on stdin: `tick <epoch ms>` sets
// this process's clock and runs one ticker pass; `inbox` runs one inbox job here. Each answer is
// one JSON line on stdout.
import 'reflect-metadata';
import readline from 'node:readline';
import { loadConfig } from '../../server/src/config/index.js';
import { openDatabase } from '../../server/src/db/data-source.js';
import { createLogger } from '../../server/src/logger.js';
import { setClock } from '../../server/src/clock.js';
import { enqueueJob, JobEntity } from '../../server/src/modules/jobs/index.js';
import { INBOX_JOB, tick } from '../../server/src/modules/schedules/index.js';
import { createWorker } from '../../server/src/worker.js';

const config = loadConfig();
const dataSource = await openDatabase(config, { migrate: false });
const workerId = process.env.WORKER_ID ?? `ticker-${process.pid}`;
process.stdout.write('ready\n');
for await (const line of readline.createInterface({ input: process.stdin })) {
  const [command, arg] = line.trim().split(/\s+/);
  try {
    if (command === 'tick') {
      setClock(Number(arg));
      process.stdout.write(`${JSON.stringify({ ok: true, report: await tick(dataSource, workerId, 30) })}\n`);
    } else if (command === 'inbox') {
      const { job } = await enqueueJob(dataSource, INBOX_JOB, {});
      await createWorker(dataSource, config, createLogger(config), { jobId: job.id, id: workerId }).runOnce();
      const done = await dataSource.getRepository(JobEntity).findOneByOrFail({ id: job.id });
      process.stdout.write(`${JSON.stringify({ ok: true, status: done.status, result: done.result, error: done.error })}\n`);
    } else if (command === 'exit') {
      break;
    }
  } catch (error) {
    process.stdout.write(`${JSON.stringify({ ok: false, error: (error as Error).message })}\n`);
  }
}
await dataSource.destroy();
