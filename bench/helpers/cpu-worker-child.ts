// A worker process with one CPU-bound job type, to measure the API while a heavy job runs beside it.
import 'reflect-metadata';
import { loadConfig } from '../../server/src/config/index.js';
import { openDatabase } from '../../server/src/db/data-source.js';
import { createLogger } from '../../server/src/logger.js';
import { JobWorker, type JobHandlers } from '../../server/src/modules/jobs/job-worker.js';

/** Spins for payload.seconds in 20 ms slices (like a clustering loop), checkpointing between slices. */
const handlers: JobHandlers = {
  'burn-cpu': async (ctx) => {
    const seconds = Number(ctx.job.payload?.seconds ?? 10);
    const end = Date.now() + seconds * 1000;
    let sink = 0;
    while (Date.now() < end) {
      const slice = Date.now() + 20;
      while (Date.now() < slice) for (let i = 0; i < 10_000; i++) sink += Math.sqrt(i * sink + 1);
      ctx.checkpoint();
      ctx.progress(Math.round(seconds * 1000 - (end - Date.now())), seconds * 1000);
      await new Promise((resolve) => setImmediate(resolve));
    }
    return { result: { sink: Number.isFinite(sink) } };
  },
};

const config = loadConfig();
const dataSource = await openDatabase(config, { migrate: false });
const nice = Number(process.env.BENCH_WORKER_NICE ?? 0);
const worker = new JobWorker(dataSource, config, createLogger(config), handlers, { id: `bench-cpu-nice-${nice}`, nice });
worker.start();
process.stdout.write('ready\n');
process.on('SIGTERM', () => { worker.stop().then(() => dataSource.destroy()).then(() => process.exit(0), () => process.exit(1)); });
