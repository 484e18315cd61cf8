// Child process for test/db-session-priority.test.ts: a worker's pool with WORKER_DB_NICE=idle
// that uses several connections, prints their server threads, closes the pool and exits at once,
// as a stopping worker does.
import 'reflect-metadata';
import { loadConfig } from '../../server/src/config/index.js';
import { openDatabase } from '../../server/src/db/data-source.js';

const dataSource = await openDatabase(loadConfig(), { migrate: false, sessionNice: 'idle' });
const tids = await Promise.all([1, 2, 3].map(async () => Number((await dataSource.query(
  'SELECT TID AS tid, SLEEP(0.05) FROM information_schema.PROCESSLIST WHERE ID = CONNECTION_ID()'))[0].tid)));
await new Promise((r) => setTimeout(r, 200)); // the priorities are set as each connection opens
process.stdout.write(`${JSON.stringify({ tids: [...new Set(tids)] })}\n`);
await dataSource.destroy();
process.exit(0);
