import type { DataSource } from 'typeorm';
import { AppError, notFound } from '../../errors.js';
import { euclideanDistance, loadPipeline, matrixFromRows } from '../../ml/index.js';
import { CustomerFeaturesEntity } from '../features/index.js';
import { SegmentEntity, liveRun, resolveParams, type SegmentationFeature } from '../segmentation/index.js';

export interface SegmentFit {
  runId: number;
  /** Feature names, or PC1..n when the run projects onto principal components. */
  dimensions: string[];
  /** The customer's point in the run's transformed (standardised) space. */
  customer: number[];
  /** Every segment of the run with its centroid in that space and the Euclidean distance to the customer, nearest first. */
  segments: { segmentId: number; label: number; centroid: number[]; distance: number }[];
}

/**
 * "Why this segment": the customer's features pushed through the live run's own pipeline
 * (log1p, winsorising, scaling, PCA) beside every centroid. The assignment is the nearest centroid.
 */
export async function segmentFit(dataSource: DataSource, customerId: number): Promise<SegmentFit> {
  const run = await liveRun(dataSource);
  if (!run?.model) throw new AppError('NOT_FOUND', 'no live segmentation yet: run one first');
  const row = await dataSource.getRepository(CustomerFeaturesEntity).findOneBy({ customerId, snapshotId: run.snapshotId ?? -1 });
  if (!row) throw notFound('Features of customer', customerId);
  const pipeline = loadPipeline(run.model);
  const names = pipeline.featureNames as SegmentationFeature[];
  const params = resolveParams(run.params as never);
  // The same raw vector classifyCustomer builds: nulls count as 0, log1p inputs clipped at 0.
  const raw = names.map((f) => {
    const value = Number((row as unknown as Record<string, unknown>)[f] ?? 0);
    return params.log1p.includes(f) ? Math.max(0, value) : value;
  });
  const point = pipeline.transform(matrixFromRows([raw]));
  const customer = Array.from(point.data.subarray(0, point.cols));
  const projected = pipeline.steps.some((step) => step.toJSON().kind === 'pca');
  const dimensions = projected ? customer.map((_, i) => `PC${i + 1}`) : [...names];
  const segments = (await dataSource.getRepository(SegmentEntity).find({ where: { runId: run.id }, order: { label: 'ASC' } })).map((segment) => {
    const centroid = (segment.centroidStandardised as number[]).map(Number);
    const distance = euclideanDistance(centroid, customer);
    return { segmentId: segment.id, label: segment.label, centroid, distance };
  });
  segments.sort((a, b) => a.distance - b.distance || a.label - b.label);
  return { runId: run.id, dimensions, customer, segments };
}
