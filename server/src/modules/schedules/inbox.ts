import fs from 'node:fs';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { AppError } from '../../errors.js';
import type { JobHandler } from '../jobs/index.js';
import { createImportRun, executeImport, type ImportKind } from '../imports/index.js';

const KINDS: ImportKind[] = ['orders', 'customers', 'events', 'outcomes', 'products'];
const IMPORTABLE = /\.(csv|csv\.gz|tsv|txt|xlsx)$/i;

/**
 * The kind of an inbox file, from its name: it starts with the kind, followed by '-', '_' or '.'
 * (`orders-2026-12-07.csv`, `customers_full.csv.gz`, `events.xlsx`). Null when it does not.
 */
export function kindFromName(fileName: string): ImportKind | null {
  const lower = fileName.toLowerCase();
  return KINDS.find((kind) => lower.startsWith(kind) && /^[-_.]/.test(lower.slice(kind.length))) ?? null;
}

function moveWithReport(from: string, dir: string, name: string, report: Record<string, unknown>): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.renameSync(from, path.join(dir, name));
  fs.writeFileSync(path.join(dir, `${name}.report.json`), JSON.stringify(report, null, 2));
}

/**
 * Claims the inbox's files for one job by renaming each into `processing/` under a name that
 * carries the job id: rename is atomic on one file system, so when two workers see the same file
 * only one rename succeeds. A retried attempt of the same job takes back its own claimed files.
 */
function claimFiles(inbox: string, jobId: number): Array<{ claimed: string; name: string }> {
  const processing = path.join(inbox, 'processing');
  fs.mkdirSync(processing, { recursive: true });
  const prefix = `${jobId}--`;
  const mine = fs.readdirSync(processing).filter((f) => f.startsWith(prefix)).map((f) => ({ claimed: path.join(processing, f), name: f.slice(prefix.length) }));
  for (const entry of fs.readdirSync(inbox, { withFileTypes: true })) {
    if (!entry.isFile() || entry.name.startsWith('.')) continue;
    const claimed = path.join(processing, prefix + entry.name);
    try {
      fs.renameSync(path.join(inbox, entry.name), claimed);
      mine.push({ claimed, name: entry.name });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error; // another worker renamed it first
    }
  }
  return mine;
}

/**
 * Job 'inbox-import': imports every file in the configured inbox once, then moves it to `done/`
 * or `failed/` beside a `<name>.report.json` (the import's report, or why it could not run).
 */
export function createInboxJob(importFile: (dataSource: DataSource, filePath: string, fileName: string, kind: ImportKind, ctx: Parameters<JobHandler>[0]) => Promise<Record<string, unknown>> = importOne): JobHandler {
  return async (ctx) => {
    const inbox = ctx.config.inboxDir;
    if (!inbox) throw new AppError('CONFIG_INVALID', 'no inbox folder is configured (SEGMENTA_INBOX_DIR)');
    fs.mkdirSync(inbox, { recursive: true });
    const files = claimFiles(inbox, ctx.job.id);
    const outcomes: Array<{ file: string; status: string; importId?: number }> = [];
    for (const [i, file] of files.entries()) {
      ctx.progress(i, files.length, file.name);
      const kind = kindFromName(file.name);
      if (!kind || !IMPORTABLE.test(file.name)) {
        moveWithReport(file.claimed, path.join(inbox, 'failed'), file.name, { file: file.name, status: 'failed', error: `cannot tell what "${file.name}" holds: name it ${KINDS.join('|')}-<anything>.csv (or .csv.gz, .xlsx)` });
        outcomes.push({ file: file.name, status: 'failed' });
        continue;
      }
      try {
        const report = await importFile(ctx.dataSource, file.claimed, file.name, kind, ctx);
        const ok = report.status === 'succeeded';
        moveWithReport(file.claimed, path.join(inbox, ok ? 'done' : 'failed'), file.name, report);
        outcomes.push({ file: file.name, status: String(report.status), importId: Number(report.importId) });
      } catch (error) {
        if (ctx.signal.aborted) throw error; // cancelled or lease lost: the file stays claimed for a retry
        moveWithReport(file.claimed, path.join(inbox, 'failed'), file.name, { file: file.name, kind, status: 'failed', error: (error as Error).message });
        outcomes.push({ file: file.name, status: 'failed' });
      }
    }
    ctx.progress(files.length, files.length, 'done');
    return { result: { files: outcomes } };
  };
}

async function importOne(dataSource: DataSource, filePath: string, fileName: string, kind: ImportKind, ctx: Parameters<JobHandler>[0]): Promise<Record<string, unknown>> {
  const run = await createImportRun(dataSource, { kind, filePath, fileName }, ctx.config);
  try {
    const report = await executeImport(dataSource, run.id, { config: ctx.config, isCancelled: () => ctx.signal.aborted });
    return { file: fileName, ...report };
  } catch (error) {
    return { importId: run.id, file: fileName, kind, status: 'failed', error: (error as Error).message };
  }
}

export const inboxImportJob: JobHandler = createInboxJob();
