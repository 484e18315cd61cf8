// The threaded silhouette the clustering bench times (bench/support): the same figures as ml/'s own.
import { describe, expect, it } from 'vitest';
import { silhouetteScore } from '../server/src/ml/index.js';
import { silhouetteScoreParallel } from '../bench/support/silhouette-parallel.js';
import { clusteringReference, referenceMatrix } from './helpers/clustering-reference.js';

const relative = (actual: number, expected: number): number => Math.abs(actual - expected) / Math.max(1e-300, Math.abs(expected));

describe('threaded silhouette', () => {
  it('equals the single-threaded value on every reference labelling', async () => {
    for (const dataset of clusteringReference().datasets) {
      const points = referenceMatrix(dataset.points);
      for (const labelled of dataset.labelled) {
        const threaded = await silhouetteScoreParallel(points, labelled.labels, { threads: 2 });
        expect(relative(threaded.score, labelled.silhouette)).toBeLessThan(1e-9);
      }
    }
  });

  it('samples like the single-threaded version', async () => {
    const { points, labelled } = (() => { const d = clusteringReference().datasets[2]; return { points: referenceMatrix(d.points), labelled: d.labelled[0] }; })();
    const sampled = await silhouetteScoreParallel(points, labelled.labels, { sampleSize: 500, seed: 4 });
    expect(sampled).toEqual(silhouetteScore(points, labelled.labels, { sampleSize: 500, seed: 4 }));
  });
});
