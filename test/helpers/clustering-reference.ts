import { readFileSync } from 'node:fs';
import { matrixFromRows, type Matrix } from '../../server/src/ml/matrix.js';

/** test/fixtures/reference/clustering.json, written by scripts/reference/clustering.py (scikit-learn 1.2.1). */
export interface ClusteringReference {
  mall: {
    raw: number[][];
    scaler: { mean: number[]; scale: number[]; var: number[]; transformed: number[][] };
    pca: { components: number[][]; explainedVariance: number[]; explainedVarianceRatio: number[]; transformed: number[][] };
    pcaVarianceTarget: { target: number; nComponents: number };
  };
  blobPca: { components: number[][]; explainedVarianceRatio: number[]; transformed: number[][] };
  datasets: {
    name: string;
    points: number[][];
    kmeans: { k: number; nInit: number; inertia: number }[];
    hierarchical: { k: number; linkage: 'ward' | 'average' | 'complete'; labels: number[] }[];
    labelled: { source: string; labels: number[]; silhouette: number; daviesBouldin: number; calinskiHarabasz: number }[];
  }[];
  ari: { a: number[]; b: number[]; ari: number }[];
}

let cached: ClusteringReference | undefined;

export function clusteringReference(): ClusteringReference {
  cached ??= JSON.parse(readFileSync(new URL('../fixtures/reference/clustering.json', import.meta.url), 'utf8')) as ClusteringReference;
  return cached;
}

export const referenceMatrix = (rows: number[][]): Matrix => matrixFromRows(rows);

/** |actual − expected| ≤ tolerance × max(1, |expected|). */
export function closeRelative(actual: number, expected: number, tolerance: number): boolean {
  return Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected));
}
