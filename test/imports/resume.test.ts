// An import killed with SIGKILL mid-file leaves whole batches only, and a re-run ends exactly where
// one clean run ends.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createImportRun, executeImport, getImportReport, type ImportReport } from '../../server/src/modules/imports/index.js';
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../helpers/db.js';
import { commerceState, importFile, onlineRetailSlice, tempDir } from '../helpers/imports.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ROWS = 100_000;
const BATCH_ROWS = 1_000;

/** Starts the import in a child process and SIGKILLs it once it has committed `killAfter` rows. */
function runAndKill(db: TestDatabase, importId: number, killAfter: number): Promise<{ killed: boolean; lastProgress: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [
      '--conditions=source', '--import', '@swc-node/register/esm-register', 'test/helpers/run-import-child.ts', String(importId), String(BATCH_ROWS),
    ], {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: 'test', SWC_NODE_PROJECT: 'server/tsconfig.json', DATABASE_URL: db.config.databaseUrl ?? '', SEGMENTA_DATA_DIR: db.config.dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let lastProgress = 0;
    let stderr = '';
    child.stderr.on('data', (chunk) => { stderr += chunk; });
    child.stdout.on('data', (chunk: Buffer) => {
      for (const match of chunk.toString().matchAll(/progress (\d+)/g)) lastProgress = Number(match[1]);
      if (lastProgress >= killAfter && child.exitCode === null) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve({ killed: true, lastProgress });
      else reject(new Error(`child ended without being killed (code ${code}): ${stderr.slice(-2000)}`));
    });
  });
}

describe.each(TEST_DIALECTS)('killed import on %s', (dialect) => {
  let clean: TestDatabase;
  let killed: TestDatabase;
  let cleanReport: ImportReport;
  let cleanState: Record<string, string>;
  const files = tempDir();
  let file: string;
  beforeAll(async () => {
    file = files.write('slice.csv', onlineRetailSlice(ROWS));
    clean = await createTestDatabase(dialect);
    killed = await createTestDatabase(dialect);
    cleanReport = await importFile(clean, { kind: 'orders', filePath: file, timezone: 'Europe/London' }, { batchRows: BATCH_ROWS });
    cleanState = await commerceState(clean.dataSource);
  }, 120_000);
  afterAll(async () => { await clean?.drop(); await killed?.drop(); files.remove(); });

  it('keeps only whole batches, and a re-run reaches the clean end state', async () => {
    const run = await createImportRun(killed.dataSource, { kind: 'orders', filePath: file, timezone: 'Europe/London' }, killed.config);
    const { lastProgress } = await runAndKill(killed, run.id, 20_000);
    expect(lastProgress).toBeGreaterThanOrEqual(20_000);

    const interrupted = await getImportReport(killed.dataSource, run.id);
    expect(interrupted.status).toBe('running');
    expect(interrupted.checkpointRows % BATCH_ROWS).toBe(0);
    expect(interrupted.checkpointRows).toBeGreaterThanOrEqual(lastProgress);
    expect(interrupted.checkpointRows).toBeLessThan(ROWS);
    // The checkpoint commits with its batch: the tables hold exactly the rows it counts.
    const partial = await commerceState(killed.dataSource);
    expect(Number(partial.lines)).toBe(interrupted.rowsImported);
    expect(Number(partial.issues)).toBe(interrupted.rowsSkipped + interrupted.rowsRejected);
    expect(interrupted.rowsImported + interrupted.rowsSkipped + interrupted.rowsRejected).toBe(interrupted.checkpointRows);

    const resumed = await executeImport(killed.dataSource, run.id, { config: killed.config, batchRows: BATCH_ROWS });
    expect(resumed.resumedFromRow).toBe(interrupted.checkpointRows);
    const comparable = (report: ImportReport) => ({ ...report, importId: 0, durationMs: 0, resumedFromRow: 0 });
    expect(comparable(resumed)).toEqual(comparable(cleanReport));
    expect(await commerceState(killed.dataSource)).toEqual(cleanState);
  }, 120_000);

  it('stops at a batch boundary when cancelled, and resumes from there', async () => {
    const db = await createTestDatabase(dialect);
    try {
      const run = await createImportRun(db.dataSource, { kind: 'orders', filePath: file, timezone: 'Europe/London' }, db.config);
      let batches = 0;
      const progress: number[] = [];
      const cancelled = await executeImport(db.dataSource, run.id, {
        config: db.config, batchRows: 10_000, isCancelled: () => ++batches >= 3, onProgress: ({ done, total }) => { progress.push(done); expect(total).toBe(ROWS); },
      });
      expect(cancelled.status).toBe('cancelled');
      expect((await getImportReport(db.dataSource, run.id)).checkpointRows).toBe(30_000);
      expect(progress).toEqual([10_000, 20_000, 30_000]);
      const resumed = await executeImport(db.dataSource, run.id, { config: db.config, batchRows: 10_000 });
      expect(resumed.status).toBe('succeeded');
      expect(await commerceState(db.dataSource)).toEqual(cleanState);
    } finally {
      await db.drop();
    }
  }, 60_000);
});

