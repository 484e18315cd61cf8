// Runs one import in a child process so a test can kill it with SIGKILL mid-way. Only for tests:
//   SWC_NODE_PROJECT=server/tsconfig.json node --conditions=source --import @swc-node/register/esm-register \
//     test/helpers/run-import-child.ts <importId> <batchRows>
// with DATABASE_URL / SEGMENTA_DATA_DIR of the test database. Prints "progress <rows>" per batch.
import 'reflect-metadata';
import { loadConfig } from '../../server/src/config/index.js';
import { openDatabase } from '../../server/src/db/data-source.js';
import { executeImport } from '../../server/src/modules/imports/index.js';

const [importId, batchRows] = process.argv.slice(2).map(Number);
const config = loadConfig(process.env);
const dataSource = await openDatabase(config, { migrate: false });
const report = await executeImport(dataSource, importId, {
  config, batchRows,
  onProgress: ({ done }) => { process.stdout.write(`progress ${done}\n`); },
});
process.stdout.write(`done ${report.status}\n`);
await dataSource.destroy();
