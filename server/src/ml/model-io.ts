import { KMeansModel, type KMeansState } from './clustering/kmeans.js';
import { invalidInput, type Matrix } from './matrix.js';
import { PcaModel, type PcaState } from './transform/pca.js';
import { Log1pModel, StandardScalerModel, WinsorizerModel, type Log1pState, type StandardScalerState, type WinsorizerState } from './transform/scaling.js';

/*
 * A fitted segmentation pipeline (transforms in order, then k-means centroids) as plain JSON,
 * so a stored model scores new customers exactly as it scored the training set. Bump
 * PIPELINE_FORMAT_VERSION on any incompatible change and keep a reader for old versions.
 */

export const PIPELINE_FORMAT = 'segmenta/clustering-pipeline';
export const PIPELINE_FORMAT_VERSION = 1;

export type TransformModel = Log1pModel | WinsorizerModel | StandardScalerModel | PcaModel;
export type TransformState = Log1pState | WinsorizerState | StandardScalerState | PcaState;

export interface ClusteringPipelineJson {
  format: typeof PIPELINE_FORMAT;
  version: number;
  /** Input column names, in order (documentation for the reader; not used in arithmetic). */
  featureNames: string[];
  steps: TransformState[];
  kmeans: KMeansState;
}

export class ClusteringPipeline {
  constructor(
    readonly featureNames: string[],
    readonly steps: TransformModel[],
    readonly kmeans: KMeansModel,
  ) {}

  /** Applies every transform in order: raw features → the space the centroids live in. */
  transform(points: Matrix): Matrix {
    if (points.cols !== this.featureNames.length) {
      throw invalidInput(`pipeline: expected ${this.featureNames.length} features (${this.featureNames.join(', ')}), got ${points.cols}`);
    }
    return this.steps.reduce((current, step) => step.transform(current), points);
  }

  predict(points: Matrix): Int32Array {
    return this.kmeans.predict(this.transform(points));
  }

  toJSON(): ClusteringPipelineJson {
    return {
      format: PIPELINE_FORMAT,
      version: PIPELINE_FORMAT_VERSION,
      featureNames: [...this.featureNames],
      steps: this.steps.map((step) => step.toJSON()),
      kmeans: this.kmeans.toJSON(),
    };
  }
}

export function serializePipeline(pipeline: ClusteringPipeline): string {
  return JSON.stringify(pipeline.toJSON());
}

export function loadPipeline(input: string | ClusteringPipelineJson): ClusteringPipeline {
  const json = (typeof input === 'string' ? JSON.parse(input) : input) as ClusteringPipelineJson;
  if (json?.format !== PIPELINE_FORMAT) throw invalidInput(`pipeline: not a ${PIPELINE_FORMAT} document`);
  if (json.version !== PIPELINE_FORMAT_VERSION) throw invalidInput(`pipeline: unsupported version ${json.version} (this build reads ${PIPELINE_FORMAT_VERSION})`);
  const steps = json.steps.map((state): TransformModel => {
    switch (state.kind) {
      case 'log1p': return Log1pModel.fromJSON(state);
      case 'winsorizer': return WinsorizerModel.fromJSON(state);
      case 'standard-scaler': return StandardScalerModel.fromJSON(state);
      case 'pca': return PcaModel.fromJSON(state);
      default: throw invalidInput(`pipeline: unknown step kind '${(state as { kind: string }).kind}'`);
    }
  });
  return new ClusteringPipeline(json.featureNames, steps, KMeansModel.fromJSON(json.kmeans));
}
