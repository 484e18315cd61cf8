import fs from 'node:fs';
import { In } from 'typeorm';
import { AppError } from '../errors.js';
import { openDatabase } from '../db/data-source.js';
import { getImportReport, startImport } from '../modules/imports/index.js';
import type { ImportKind } from '../modules/imports/index.js';
import { startSegmentation, getRun, LiveSegmentationEntity, SegmentEntity } from '../modules/segmentation/index.js';
import type { SegmentationFeature, SegmentationParams } from '../modules/segmentation/index.js';
import { PersonaEntity } from '../modules/personas/index.js';
import type { Command, CommandContext } from './command.types.js';
import { streamTagsCsv } from '../modules/exports/index.js';
import { progressLine, runJobGraphHere, runJobHere } from './run-job.js';
import { startRefresh } from '../modules/refresh/index.js';
import { childrenOf } from '../modules/jobs/index.js';
import { parseSinceCursor, streamChangesCsv } from '../modules/changes/index.js';

const IMPORT_OPTIONS = {
  kind: { type: 'string' }, mapping: { type: 'string' }, timezone: { type: 'string' }, 'date-format': { type: 'string' }, encoding: { type: 'string' },
  delimiter: { type: 'string' }, 'no-wait': { type: 'boolean' },
} as const;

function mappingOf(value: unknown): Record<string, string> | undefined {
  if (typeof value !== 'string') return undefined;
  const text = fs.existsSync(value) ? fs.readFileSync(value, 'utf8') : value;
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError('BAD_USER_INPUT', '--mapping must be JSON ({"field": "column"}) or a file holding it');
  }
}

function segmentationParams(values: Record<string, unknown>): Partial<SegmentationParams> {
  const int = (key: string) => (typeof values[key] === 'string' ? Number(values[key]) : undefined);
  return {
    algorithm: values.algorithm as SegmentationParams['algorithm'] | undefined, linkage: values.linkage as SegmentationParams['linkage'] | undefined,
    k: int('k'), kMin: int('k-min'), kMax: int('k-max'), seed: int('seed'), asOf: values['as-of'] as string | undefined,
    features: typeof values.features === 'string' ? (values.features.split(',') as SegmentationFeature[]) : undefined,
  };
}

const SEGMENT_OPTIONS = {
  algorithm: { type: 'string' }, linkage: { type: 'string' }, k: { type: 'string' }, 'k-min': { type: 'string' }, 'k-max': { type: 'string' },
  seed: { type: 'string' }, features: { type: 'string' }, 'as-of': { type: 'string' },
} as const;

async function importFile(ctx: CommandContext, file: string | undefined) {
  if (!file) throw new AppError('BAD_USER_INPUT', 'usage: segmenta import <file> [--kind orders|customers|events|outcomes|suppressions|products]');
  const dataSource = await openDatabase(ctx.config);
  try {
    const { run, job } = await startImport(dataSource, ctx.config, {
      kind: ((ctx.values.kind as string) ?? 'orders') as ImportKind, filePath: file, mapping: mappingOf(ctx.values.mapping),
      timezone: ctx.values.timezone as string | undefined, dateFormat: ctx.values['date-format'] as string | undefined, encoding: ctx.values.encoding as 'utf8' | 'latin1' | undefined, delimiter: ctx.values.delimiter as string | undefined,
    }, 'cli');
    if (ctx.values['no-wait']) return { importId: run.id, jobId: job.id, status: 'queued' };
    const done = await runJobHere(dataSource, ctx.config, ctx.logger, job.id, (j) => { if (!ctx.json) process.stderr.write(`\r${progressLine(j)}   `); });
    if (!ctx.json) process.stderr.write('\n');
    const report = await getImportReport(dataSource, run.id);
    if (done.status !== 'succeeded') throw new AppError(report.error?.includes('IMPORT') ? 'IMPORT_INVALID' : 'BAD_USER_INPUT', report.error ?? done.error ?? `import ${done.status}`);
    return { importId: run.id, jobId: job.id, report };
  } finally {
    await dataSource.destroy();
  }
}

async function segmentNow(ctx: CommandContext) {
  const dataSource = await openDatabase(ctx.config);
  const started = performance.now();
  try {
    const { run } = await startSegmentation(dataSource, segmentationParams(ctx.values), 'cli');
    const done = await runJobHere(dataSource, ctx.config, ctx.logger, run.jobId!, (j) => { if (!ctx.json) process.stderr.write(`\r${progressLine(j)}   `); });
    if (!ctx.json) process.stderr.write('\n');
    if (done.status !== 'succeeded') throw new AppError('BAD_USER_INPUT', done.error ?? `segmentation ${done.status}`);
    const finished = await getRun(dataSource, run.id);
    const segments = await dataSource.getRepository(SegmentEntity).find({ where: { runId: run.id }, order: { label: 'ASC' } });
    const personas = await dataSource.getRepository(PersonaEntity).findBy({ segmentId: In([...segments.map((s) => s.id), -1]) });
    const personaBySegment = new Map(personas.map((p) => [p.segmentId, p.name]));
    const live = await dataSource.getRepository(LiveSegmentationEntity).findOneBy({ dataSet: finished.dataSet });
    const activated = live?.runId === run.id;
    if (!ctx.json) process.stderr.write(activated ? `Run ${run.id} is live (it was the data set's first run).\n` : `Run ${run.id} is not live: run ${live?.runId} stays live until someone activates run ${run.id}.\n`);
    return {
      runId: run.id, activated, seconds: Math.round(performance.now() - started) / 1000, k: finished.k, modelVersion: finished.modelVersion, metrics: finished.metrics, reason: finished.kSelection?.reason ?? null,
      segments: segments.map((s) => ({ label: s.label, persona: personaBySegment.get(s.id) ?? null, size: s.size, revenueShare: s.revenueShare })),
    };
  } finally {
    await dataSource.destroy();
  }
}

export const DATA_COMMANDS: Record<string, Command> = {
  export: {
    summary: 'Export customer tags (id → segment, persona, RFM group, score, model version) as CSV for BI/CRM; with --since, the changes after a cursor',
    usage: 'tags [--since CURSOR] [--out FILE]   (stdout without --out; --since 0 = every change kept)',
    options: { out: { type: 'string' }, since: { type: 'string' } },
    async run(ctx) {
      if (ctx.positionals[0] !== 'tags') throw new AppError('BAD_USER_INPUT', 'usage: segmenta export tags [--since CURSOR] [--out FILE]');
      const since = ctx.values.since === undefined ? null : parseSinceCursor(ctx.values.since);
      const dataSource = await openDatabase(ctx.config);
      try {
        const out = typeof ctx.values.out === 'string' ? fs.createWriteStream(ctx.values.out) : null;
        if (!out && ctx.json) throw new AppError('BAD_USER_INPUT', '--json needs --out FILE (stdout carries the JSON result)');
        let rows = -1;
        for await (const chunk of since === null ? streamTagsCsv(dataSource) : streamChangesCsv(dataSource, since)) {
          rows += chunk.split('\n').length - 1; // CRLF lines: one \n each
          if (out) { if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r())); } else process.stdout.write(chunk);
        }
        if (out) await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
        return out ? { written: ctx.values.out, rows } : {};
      } finally {
        await dataSource.destroy();
      }
    },
  },
  import: {
    summary: 'Import a file of orders, customers, events or campaign outcomes (CSV, CSV.gz, XLSX) and print its report',
    usage: '<file> [--kind orders|customers|events|outcomes|suppressions|products] [--mapping JSON|file] [--timezone Europe/London] [--date-format DD.MM.YYYY] [--encoding utf8|latin1] [--delimiter ;] [--no-wait]',
    options: IMPORT_OPTIONS,
    run: (ctx) => importFile(ctx, ctx.positionals[0]),
  },
  segment: {
    summary: 'Compute features and run a segmentation (k chosen over --k-min..--k-max unless --k), then print its segments',
    usage: '[--algorithm kmeans|hierarchical] [--k N | --k-min 2 --k-max 10] [--seed N] [--features recencyDays,frequency,monetary] [--as-of YYYY-MM-DD]',
    options: SEGMENT_OPTIONS,
    run: segmentNow,
  },
  pipeline: {
    summary: 'Import a file of orders (when given), then run the refresh chain: features and segmentation, activation decision, retrain, rescore, targeting',
    usage: '[<file>] [import options] [segment options]',
    options: { ...IMPORT_OPTIONS, ...SEGMENT_OPTIONS },
    async run(ctx) {
      const imported = ctx.positionals[0] ? await importFile({ ...ctx, values: { ...ctx.values, 'no-wait': false } }, ctx.positionals[0]) : null;
      const refresh = await refreshNow(ctx);
      return { import: imported, ...refresh };
    },
  },
};

/** Starts the refresh chain and runs it, and its steps, in this process; prints step progress. */
async function refreshNow(ctx: CommandContext) {
  const dataSource = await openDatabase(ctx.config);
  const started = performance.now();
  try {
    const overrides = Object.fromEntries(Object.entries(segmentationParams(ctx.values)).filter(([, v]) => v !== undefined));
    const { job } = await startRefresh(dataSource, 'cli', overrides);
    const done = await runJobGraphHere(dataSource, ctx.config, ctx.logger, job.id, (j) => { if (!ctx.json) process.stderr.write(`\r${progressLine(j)}   `); });
    if (!ctx.json) process.stderr.write('\n');
    const steps = (await childrenOf(dataSource, job.id)).map((c) => ({ step: c.step, jobId: c.id, status: c.status, error: c.error }));
    if (done.status !== 'succeeded') throw new AppError('BAD_USER_INPUT', done.error ?? `refresh ${done.status}`);
    const runId = Number(done.result?.runId);
    const run = await getRun(dataSource, runId);
    const live = await dataSource.getRepository(LiveSegmentationEntity).findOneBy({ dataSet: run.dataSet });
    const activated = live?.runId === runId;
    if (!ctx.json) process.stderr.write(activated ? `Run ${runId} is live.\n` : `Run ${runId} is not live: run ${live?.runId} stays live until someone activates run ${runId}.\n`);
    return {
      refresh: { jobId: job.id, status: done.status, seconds: Math.round(performance.now() - started) / 1000, steps, skipped: done.result?.skipped ?? {}, decision: done.result?.decision ?? null },
      segmentation: { runId, activated, k: run.k, modelVersion: run.modelVersion },
    };
  } finally {
    await dataSource.destroy();
  }
}
