import { describe, expect, it } from 'vitest';
import { matrixFromRows } from '../matrix.js';
import { MlInputError } from '../errors.js';
import { clusterMeans, distancesToCentroids, euclideanDistance } from './cluster-geometry.js';

describe('cluster geometry', () => {
  const points = matrixFromRows([[0, 0], [2, 0], [10, 10], [10, 14]]);
  const labels = Int32Array.from([0, 0, 1, 1]);

  it('averages each cluster, leaving an empty one at 0', () => {
    const means = clusterMeans(points, labels, 3);
    expect(Array.from(means.data)).toEqual([1, 0, 10, 12, 0, 0]);
    expect([means.rows, means.cols]).toEqual([3, 2]);
  });

  it('measures each point to its own centroid', () => {
    expect(Array.from(distancesToCentroids(points, labels, clusterMeans(points, labels, 2)))).toEqual([1, 1, 2, 2]);
  });

  it('gives the Euclidean distance of two vectors, and refuses vectors of different lengths', () => {
    expect(euclideanDistance([0, 3], [4, 0])).toBe(5);
    expect(() => euclideanDistance([1], [1, 2])).toThrow(MlInputError);
  });
});
