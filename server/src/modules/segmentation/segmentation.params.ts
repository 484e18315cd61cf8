import { hasOwnKey } from '@segmenta/shared';
import { AppError } from '../../errors.js';

/** Customer features a segmentation may use (columns of customer_features). Nulls count as 0. */
export const SEGMENTATION_FEATURES = {
  recencyDays: 'recency_days', frequency: 'frequency', monetary: 'monetary', avgOrderValue: 'avg_order_value',
  tenureDays: 'tenure_days', meanDaysBetweenOrders: 'mean_days_between_orders', returnRate: 'return_rate',
  sessions: 'sessions', productViews: 'product_views', cartAdds: 'cart_adds',
} as const;
export type SegmentationFeature = keyof typeof SEGMENTATION_FEATURES;

export interface SegmentationParams {
  features: SegmentationFeature[];
  /** Skewed features get log1p before scaling (negative values are clipped to 0 first). */
  log1p: SegmentationFeature[];
  /** Quantiles to clip every feature at, or null for none. */
  winsorize: { lower: number; upper: number } | null;
  /** Optional PCA after standardisation: a number of components or a share of variance. */
  pca: { components?: number; varianceTarget?: number } | null;
  algorithm: 'kmeans' | 'hierarchical';
  linkage: 'ward' | 'average' | 'complete';
  /** A fixed k, or null to choose it over kMin..kMax. */
  k: number | null;
  kMin: number;
  kMax: number;
  nInit: number;
  seed: number;
  silhouetteSampleSize: number;
  /**
   * K-Means variant: 'lloyd' (full batches, exact), 'mini-batch' (seeded mini-batches, for very
   * large n), or 'auto' (mini-batch above 500,000 customers).
   */
  kmeansMode: 'lloyd' | 'mini-batch' | 'auto';
  /** Above this many customers hierarchical clustering fits a seeded sample. */
  hierarchicalSampleSize: number;
  /** The as-of date of the features; null for the day after the last order. */
  asOf: string | null;
}

export const DEFAULT_PARAMS: SegmentationParams = {
  features: ['recencyDays', 'frequency', 'monetary'],
  log1p: ['frequency', 'monetary'],
  winsorize: { lower: 0.01, upper: 0.99 },
  pca: null,
  algorithm: 'kmeans',
  linkage: 'ward',
  k: null,
  kMin: 2,
  kMax: 10,
  nInit: 10,
  seed: 42,
  silhouetteSampleSize: 20_000,
  kmeansMode: 'auto',
  hierarchicalSampleSize: 20_000,
  asOf: null,
};

/** Fills defaults and checks the combination; every problem names the parameter. */
export function resolveParams(input: Partial<SegmentationParams>): SegmentationParams {
  const params: SegmentationParams = { ...DEFAULT_PARAMS, ...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined && v !== null)) };
  if (input.k === null) params.k = null;
  if (input.pca === null) params.pca = null;
  if (input.winsorize === null) params.winsorize = null;
  const bad = (message: string) => new AppError('BAD_USER_INPUT', message);
  if (!params.features.length) throw bad('features: choose at least one feature');
  for (const f of [...params.features, ...params.log1p]) if (!hasOwnKey(SEGMENTATION_FEATURES, f)) throw bad(`features: unknown feature ${f}`);
  if (new Set(params.features).size !== params.features.length) throw bad('features: listed twice');
  if (!['kmeans', 'hierarchical'].includes(params.algorithm)) throw bad('algorithm must be kmeans or hierarchical');
  if (!['ward', 'average', 'complete'].includes(params.linkage)) throw bad('linkage must be ward, average or complete');
  if (params.k !== null && (!Number.isInteger(params.k) || params.k < 2 || params.k > 50)) throw bad('k must be an integer from 2 to 50');
  if (!Number.isInteger(params.kMin) || !Number.isInteger(params.kMax) || params.kMin < 2 || params.kMax > 30 || params.kMin > params.kMax) throw bad('kMin..kMax must be integers with 2 ≤ kMin ≤ kMax ≤ 30');
  if (!Number.isInteger(params.nInit) || params.nInit < 1 || params.nInit > 50) throw bad('nInit must be from 1 to 50');
  if (!Number.isInteger(params.seed)) throw bad('seed must be an integer');
  if (!['lloyd', 'mini-batch', 'auto'].includes(params.kmeansMode)) throw bad('kmeansMode must be lloyd, mini-batch or auto');
  if (params.winsorize && !(params.winsorize.lower >= 0 && params.winsorize.lower < 0.5 && params.winsorize.upper > 0.5 && params.winsorize.upper <= 1)) throw bad('winsorize: need 0 ≤ lower < 0.5 < upper ≤ 1');
  if (params.pca) {
    const { components, varianceTarget } = params.pca;
    if (components !== undefined && (!Number.isInteger(components) || components < 1 || components > params.features.length)) throw bad(`pca.components must be 1..${params.features.length}`);
    if (varianceTarget !== undefined && !(varianceTarget > 0 && varianceTarget < 1)) throw bad('pca.varianceTarget must be in (0, 1)');
    if (components === undefined && varianceTarget === undefined) throw bad('pca: give components or varianceTarget');
  }
  if (params.asOf !== null && Number.isNaN(Date.parse(params.asOf))) throw bad('asOf must be a date (YYYY-MM-DD)');
  return params;
}
