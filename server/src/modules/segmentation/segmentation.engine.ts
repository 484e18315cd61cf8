import {
  AgglomerativeClustering, ClusteringPipeline, KMeansModel, KMeansWorkerPool, Log1pTransformer, MiniBatchKMeans, Pca, StandardScaler, Winsorizer,
  calinskiHarabaszScore, clusterMeans, createRng, distancesToCentroids, daviesBouldinScore, dendrogramTop, inertia, selectK, selectRows, silhouetteScore,
  type Dendrogram, type KCandidate, type Matrix, type ProgressCallback, type TransformModel,
} from '../../ml/index.js';
import type { SegmentationFeature, SegmentationParams } from './segmentation.params.js';

/**
 * The segmentation itself, free of the database: raw feature matrix in, labels, model and metrics
 * out. The job handler (segmentation.job.ts) loads the table and stores the outcome.
 */
export interface SegmentationOutcome {
  k: number;
  kSelection: { candidates: KCandidate[]; elbowK: number | null; recommendedK: number; reason: string; votes: Record<string, number | null> } | null;
  labels: Int32Array;
  /** Distance of each customer to its centroid in the transformed space. */
  distances: Float64Array;
  pipeline: ClusteringPipeline;
  /** Centroids in the transformed space (k × d'). */
  centroids: Matrix;
  metrics: { silhouette: number; silhouetteSampleSize: number; daviesBouldin: number; calinskiHarabasz: number; inertia: number };
  dendrogram: Dendrogram | null;
  /** A seeded sample of customers on the first two principal axes of the transformed space. */
  projection: { index: number; x: number; y: number; label: number }[];
}

/** log1p features are clipped at 0 first (net revenue can be negative after returns). */
export function prepareRaw(raw: Matrix, features: SegmentationFeature[], log1p: SegmentationFeature[]): Matrix {
  const clip = features.map((f) => log1p.includes(f));
  const data = Float64Array.from(raw.data);
  for (let i = 0; i < raw.rows; i++) for (let j = 0; j < raw.cols; j++) if (clip[j] && data[i * raw.cols + j] < 0) data[i * raw.cols + j] = 0;
  return { data, rows: raw.rows, cols: raw.cols };
}

function fitTransforms(points: Matrix, params: SegmentationParams): TransformModel[] {
  const steps: TransformModel[] = [];
  let current = points;
  const add = (model: TransformModel) => { steps.push(model); current = model.transform(current); };
  const logColumns = params.log1p.map((f) => params.features.indexOf(f)).filter((j) => j >= 0);
  if (logColumns.length) add(new Log1pTransformer({ columns: logColumns }).fit(current));
  if (params.winsorize) add(new Winsorizer({ lowerQuantile: params.winsorize.lower, upperQuantile: params.winsorize.upper }).fit(current));
  add(new StandardScaler().fit(current));
  if (params.pca) add(new Pca({ nComponents: params.pca.components, varianceTarget: params.pca.varianceTarget }).fit(current));
  return steps;
}

function projection(points: Matrix, labels: Int32Array, seed: number, size = 2000) {
  if (points.cols < 2 || points.rows < 3) return [];
  const indices = points.rows > size ? createRng(seed).sampleWithoutReplacement(points.rows, size) : Int32Array.from({ length: points.rows }, (_, i) => i);
  const sample = selectRows(points, indices);
  const projected = new Pca({ nComponents: 2 }).fit(sample).transform(sample);
  return Array.from(indices, (index, r) => ({ index, x: projected.data[r * 2], y: projected.data[r * 2 + 1], label: labels[index] }));
}

function scoreLabels(points: Matrix, labels: Int32Array, k: number, params: SegmentationParams) {
  const centroids = clusterMeans(points, labels, k);
  const silhouette = silhouetteScore(points, labels, { sampleSize: params.silhouetteSampleSize, seed: params.seed });
  return {
    centroids,
    metrics: {
      silhouette: silhouette.score, silhouetteSampleSize: silhouette.sampleSize,
      daviesBouldin: daviesBouldinScore(points, labels), calinskiHarabasz: calinskiHarabaszScore(points, labels), inertia: inertia(points, labels, centroids),
    },
  };
}

/** Mini-batch K-Means above this many customers when kmeansMode is 'auto'. */
export const MINI_BATCH_THRESHOLD = 500_000;

async function runKMeans(points: Matrix, params: SegmentationParams, onProgress?: ProgressCallback) {
  const pool = new KMeansWorkerPool();
  const miniBatch = params.kmeansMode === 'mini-batch' || (params.kmeansMode === 'auto' && points.rows > MINI_BATCH_THRESHOLD);
  // Mini-batch fits are single-threaded but touch a few thousand points per step instead of all n.
  const fit = miniBatch
    ? (p: Matrix, o: { k: number; seed?: number; onProgress?: ProgressCallback }) => new MiniBatchKMeans({ k: o.k, seed: o.seed, batchSize: 4096, onProgress: o.onProgress }).fit(p)
    : (p: Matrix, o: Parameters<KMeansWorkerPool['fit']>[1]) => pool.fit(p, o);
  try {
    if (params.k !== null) {
      const model = await fit(points, { k: params.k, nInit: params.nInit, seed: params.seed, onProgress });
      return { model, kSelection: null };
    }
    const selection = await selectK(points, {
      kMin: params.kMin, kMax: Math.min(params.kMax, points.rows - 1), seed: params.seed, nInit: params.nInit,
      silhouetteSampleSize: params.silhouetteSampleSize, fit, onProgress,
    });
    const chosen = selection.candidates.findIndex((c) => c.k === selection.recommendedK);
    const { models: _models, ...summary } = selection;
    return { model: selection.models[chosen], kSelection: summary };
  } finally {
    await pool.close();
  }
}

function runHierarchical(points: Matrix, params: SegmentationParams, onProgress?: ProgressCallback) {
  const model = new AgglomerativeClustering({
    linkage: params.linkage, sampleThreshold: params.hierarchicalSampleSize, seed: params.seed, onProgress,
  }).fit(points);
  const dendrogram = dendrogramTop(model.linkage, 50);
  if (params.k !== null) return { labels: model.cutTree(params.k), k: params.k, kSelection: null, dendrogram };
  const candidates: KCandidate[] = [];
  const labelsByK = new Map<number, Int32Array>();
  for (let k = params.kMin; k <= Math.min(params.kMax, points.rows - 1); k++) {
    const labels = model.cutTree(k);
    labelsByK.set(k, labels);
    const { metrics } = scoreLabels(points, labels, k, params);
    candidates.push({ k, inertia: metrics.inertia, silhouette: metrics.silhouette, silhouetteSampleSize: metrics.silhouetteSampleSize, daviesBouldin: metrics.daviesBouldin, calinskiHarabasz: metrics.calinskiHarabasz, nIter: 0 });
    onProgress?.({ stage: 'k-selection', done: k - params.kMin + 1, total: params.kMax - params.kMin + 1 });
  }
  const best = [...candidates].sort((a, b) => b.silhouette - a.silhouette || a.k - b.k)[0];
  const reason = `k=${best.k}: highest silhouette (${best.silhouette.toFixed(3)}) of the ${params.linkage}-linkage tree cut at k=${params.kMin}..${params.kMax}`;
  return {
    labels: labelsByK.get(best.k)!, k: best.k, dendrogram,
    kSelection: { candidates, elbowK: null, recommendedK: best.k, reason, votes: { silhouette: best.k } },
  };
}

export async function segment(raw: Matrix, params: SegmentationParams, onProgress?: ProgressCallback): Promise<SegmentationOutcome> {
  const prepared = prepareRaw(raw, params.features, params.log1p);
  const steps = fitTransforms(prepared, params);
  const points = steps.reduce((current, step) => step.transform(current), prepared);
  let labels: Int32Array;
  let k: number;
  let kSelection: SegmentationOutcome['kSelection'];
  let dendrogram: Dendrogram | null = null;
  let kmeansModel: KMeansModel;
  if (params.algorithm === 'kmeans') {
    const result = await runKMeans(points, params, onProgress);
    kmeansModel = result.model;
    labels = kmeansModel.labels.length ? kmeansModel.labels : kmeansModel.predict(points);
    k = kmeansModel.k;
    kSelection = result.kSelection;
  } else {
    const result = runHierarchical(points, params, onProgress);
    ({ labels, k, kSelection, dendrogram } = result);
    const centroids = clusterMeans(points, labels, k);
    // Customers are placed in a hierarchical segment by their nearest segment mean.
    kmeansModel = new KMeansModel(centroids, labels, inertia(points, labels, centroids), 0, true, params.seed);
  }
  const { centroids, metrics } = scoreLabels(points, labels, k, params);
  onProgress?.({ stage: 'profiles', done: 0, total: 1 });
  return {
    k, kSelection, labels, distances: distancesToCentroids(points, labels, centroids),
    pipeline: new ClusteringPipeline([...params.features], steps, kmeansModel), centroids, metrics, dendrogram,
    projection: projection(points, labels, params.seed),
  };
}
