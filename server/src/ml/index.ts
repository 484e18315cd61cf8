/*
 * Public surface of the numeric clustering core. Platform-free except `kmeans-parallel.js` (Node
 * worker_threads), exported here too because the job runner is Node.
 */
export { createMatrix, createSharedMatrix, matrixFromRows, matrixToRows, rowView, selectRows, type Matrix } from './matrix.js';
export type { ProgressCallback, ProgressEvent } from './progress.js';
export { Rng, createRng } from './rng.js';
export {
  Log1pModel, Log1pTransformer, StandardScaler, StandardScalerModel, Winsorizer, WinsorizerModel,
  type Log1pOptions, type Log1pState, type StandardScalerOptions, type StandardScalerState, type WinsorizerOptions, type WinsorizerState,
} from './transform/scaling.js';
export { Pca, PcaModel, type PcaOptions, type PcaState } from './transform/pca.js';
export { KMeans, KMeansModel, type KMeansInit, type KMeansOptions, type KMeansState } from './clustering/kmeans.js';
export { MiniBatchKMeans, type MiniBatchKMeansOptions } from './clustering/mini-batch-kmeans.js';
export { KMeansWorkerPool, fitKMeansParallel, type KMeansWorkerPoolOptions } from './clustering/kmeans-parallel.js';
export { AgglomerativeClustering, HierarchicalModel, type AgglomerativeOptions } from './clustering/hierarchical.js';
export { cutLinkage, dendrogramTop, type Dendrogram, type DendrogramMerge, type DistancePrecision, type LinkageMatrix, type LinkageMethod } from './clustering/linkage.js';
export {
  adjustedRandScore, calinskiHarabaszScore, contingencyMatrix, daviesBouldinScore, inertia, silhouetteSamples, silhouetteScore, transitionMatrix,
  type ContingencyTable, type SilhouetteOptions, type SilhouetteResult, encodeLabels,
} from './clustering/metrics.js';
export { findElbow, recommendK, selectK, type KCandidate, type KSelectionOptions, type KSelectionResult } from './clustering/k-selection.js';
export {
  ClusteringPipeline, PIPELINE_FORMAT, PIPELINE_FORMAT_VERSION, loadPipeline, serializePipeline,
  type ClusteringPipelineJson, type TransformModel, type TransformState,
} from './model-io.js';
export { clusterMeans, distancesToCentroids, euclideanDistance } from './clustering/cluster-geometry.js';
export {
  centroidDistances, linearSumAssignment, populationStabilityIndex, psiLevel, segmentSizeShifts, PSI_DEFAULT_BINS, PSI_EMPTY_BIN_SHARE,
  type Assignment, type PsiLevel, type PsiResult, type SegmentShift,
} from './drift/index.js';
