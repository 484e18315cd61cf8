import crypto from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { AppError } from '../../errors.js';
import { bulkInsertRows, type CountedRows } from '../../db/bulk-load.js';
import { dialectOf } from '../../db/dialect.js';
import { serializePipeline } from '../../ml/index.js';
import type { JobHandler } from '../jobs/index.js';
import { JOB_TYPES, JobEntity } from '../jobs/index.js';
import { createFeatureSnapshotWithRows, defaultAsOf } from '../features/index.js';
import { recordActivationChanges } from '../changes/index.js';
import { featureTableFromRows } from './feature-table.js';
import { profileSegments, type BaseSummary, type SegmentSummary } from './segment-profiles.js';
import { LiveSegmentationEntity, SegmentationActivationEntity, SegmentEntity } from './segment.entity.js';
import { segment } from './segmentation.engine.js';
import { resolveParams } from './segmentation.params.js';
import { SegmentationRunEntity } from './segmentation-run.entity.js';
import { createRunForJob } from './segmentation.service.js';

/** Memberships per bulk write. */
const MEMBERSHIP_BATCH = 20_000;

/** A run's segments as written, for the modules that build on them (personas). */
export interface SegmentsWritten {
  runId: number;
  /** In label order. */
  segments: Array<{ id: number; label: number; summary: SegmentSummary }>;
  base: BaseSummary;
  writtenAt: Date;
}

/**
 * Called in the run's completion transaction, after its segments are written and before its
 * memberships: what a listener writes commits (or not) with the run. Registered by the wiring
 * (worker.ts), so segmentation knows no module that reacts to it.
 */
export type SegmentsWrittenListener = (manager: EntityManager, written: SegmentsWritten) => Promise<void>;

export interface SegmentationJobOptions {
  onSegmentsWritten?: SegmentsWrittenListener[];
}

/**
 * Job 'segmentation': features (a fresh snapshot as of the run's date) → transforms → clustering
 * with k selection → profiles (and, through `onSegmentsWritten`, personas). Everything the run
 * produces is written in the job's completion transaction, behind the attempt fence: a superseded attempt writes nothing.
 */
export function createSegmentationJob(options: SegmentationJobOptions = {}): JobHandler {
  const listeners = options.onSegmentsWritten ?? [];
  return async (ctx) => {
    const { dataSource } = ctx;
    const runs = dataSource.getRepository(SegmentationRunEntity);
    // A pipeline (import → segmentation) queues the job with parameters only: its run is made now.
    if (!ctx.job.payload?.runId) {
      const created = await createRunForJob(dataSource, ctx.job, (ctx.job.payload?.params ?? {}) as Record<string, unknown>);
      ctx.job.payload = { ...ctx.job.payload, runId: created.id };
      await dataSource.getRepository(JobEntity).update({ id: ctx.job.id }, { payload: ctx.job.payload as never });
    }
    const runId = Number(ctx.job.payload?.runId);
    const run = await runs.findOneBy({ id: runId });
    if (!run) throw new AppError('NOT_FOUND', `segmentation run ${runId} not found`);
    const params = resolveParams(run.params);
    await dataSource.getRepository(SegmentationRunEntity).update({ id: runId }, { status: 'running' });

    ctx.progress(0, 100, 'computing features');
    const asOf = params.asOf ? new Date(params.asOf) : await defaultAsOf(dataSource);
    const computed = await createFeatureSnapshotWithRows(dataSource, asOf, {
      jobId: ctx.job.id, pace: ctx.pace,
      onProgress: (done, total) => ctx.progress(Math.floor((10 * done) / Math.max(1, total)), 100, `writing features ${done}/${total}`),
    });
    const snapshot = computed.snapshot;
    ctx.checkpoint();
    const table = featureTableFromRows(computed.rows, params.features);
    computed.rows.length = 0; // the entity objects are the bulk of the memory at scale
    if (table.raw.rows < 3) throw new AppError('BAD_USER_INPUT', `only ${table.raw.rows} customers have orders before ${asOf.toISOString().slice(0, 10)}: import orders first`);
    const kMax = Math.min(params.kMax, table.raw.rows - 1);
    if (params.k !== null && params.k >= table.raw.rows) throw new AppError('BAD_USER_INPUT', `k=${params.k} needs more than ${table.raw.rows} customers`);

    ctx.progress(10, 100, 'clustering');
    const outcome = await segment(table.raw, { ...params, kMax: Math.max(params.kMin, kMax) }, (event) => {
      const fraction = event.total ? event.done / event.total : 0;
      ctx.progress(10 + Math.round(fraction * 80), 100, `${event.stage} ${event.done}/${event.total}`);
    });
    ctx.checkpoint();
    const profiles = profileSegments(table.raw, params.features, outcome.labels, outcome.k, table.cols);
    const base = {
      meanRecencyDays: table.cols.recencyDays.reduce((s, v) => s + v, 0) / table.raw.rows,
      meanFrequency: table.cols.frequency.reduce((s, v) => s + v, 0) / table.raw.rows,
      meanMonetary: table.cols.monetary.reduce((s, v) => s + v, 0) / table.raw.rows,
    };
    const model = serializePipeline(outcome.pipeline);
    const modelVersion = `seg-${runId}-${crypto.createHash('sha256').update(model).digest('hex').slice(0, 10)}`;
    ctx.progress(95, 100, 'writing segments');

    return {
      result: { runId, k: outcome.k, customers: table.raw.rows, modelVersion },
      commit: async (manager: EntityManager) => {
        const now = new Date();
        const segmentIds: number[] = [];
        const written: SegmentsWritten['segments'] = [];
        for (let label = 0; label < outcome.k; label++) {
          const p = profiles[label];
          const saved = await manager.save(manager.create(SegmentEntity, {
            runId, label, size: p.size, revenueShare: p.revenueShare, shareOfCustomers: p.shareOfCustomers, centroid: p.centroid,
            centroidStandardised: Array.from(outcome.centroids.data.subarray(label * outcome.centroids.cols, (label + 1) * outcome.centroids.cols)),
            profile: p.profile,
          }));
          segmentIds.push(saved.id);
          written.push({ id: saved.id, label, summary: p.summary });
        }
        for (const listener of listeners) await listener(manager, { runId, segments: written, base, writtenAt: now });
        // LOAD DATA on MySQL/MariaDB, multi-row INSERTs elsewhere (db/bulk-load.ts), a chunk of rows at a time.
        const dialect = dialectOf(dataSource);
        for (let start = 0; start < table.customerIds.length; start += MEMBERSHIP_BATCH) {
          const end = Math.min(table.customerIds.length, start + MEMBERSHIP_BATCH);
          const rows: CountedRows = {
            length: end - start,
            *[Symbol.iterator]() { for (let i = start; i < end; i++) yield [runId, table.customerIds[i], segmentIds[outcome.labels[i]], outcome.distances[i]]; },
          };
          await ctx.pace(() => bulkInsertRows(manager.queryRunner!, dialect, 'segment_memberships', ['run_id', 'customer_id', 'segment_id', 'distance'], rows));
        }
        await manager.update(SegmentationRunEntity, { id: runId }, {
          status: 'succeeded', snapshotId: snapshot.id, k: outcome.k, kSelection: outcome.kSelection as never, metrics: outcome.metrics as never,
          model, modelVersion, dendrogram: outcome.dendrogram as never, projection: outcome.projection as never, customerCount: table.raw.rows, finishedAt: now,
        });
        // The first successful run of a data set goes live by itself; later ones wait for activation.
        const live = await manager.findOneBy(LiveSegmentationEntity, { dataSet: run.dataSet });
        if (!live) {
          await manager.insert(LiveSegmentationEntity, { dataSet: run.dataSet, runId, version: 1, activatedAt: now, activatedBy: 'segmenta' });
          await manager.insert(SegmentationActivationEntity, { dataSet: run.dataSet, runId, activatedAt: now, activatedBy: 'segmenta' });
          await recordActivationChanges(manager, { dataSet: run.dataSet, fromRunId: null, toRunId: runId, now });
        }
      },
      // The run's snapshot is new (and the run may have gone live): targeting rows are out of date.
      // The drift report against the live run (then the activation decision) follows every run.
      followUps: [
        { type: JOB_TYPES.targetingRebuild, maxAttempts: 3, createdBy: 'segmenta' },
        { type: JOB_TYPES.driftReport, payload: { runId }, maxAttempts: 3, createdBy: 'segmenta' },
      ],
    };
  };
}
