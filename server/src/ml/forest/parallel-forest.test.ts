import { afterAll, describe, expect, it } from 'vitest';
import { saveForest } from './forest-serialization.js';
import { ForestWorkerPool, fitRandomForestParallel } from './parallel-forest.js';
import { SeededRandom } from './random.js';
import { RandomForestClassifier } from './random-forest.js';

function noisyData(nRows: number, seed: number) {
  const rng = new SeededRandom(seed);
  const nFeatures = 8;
  const data = new Float64Array(nRows * nFeatures);
  const y = new Float64Array(nRows);
  for (let r = 0; r < nRows; r++) {
    for (let f = 0; f < nFeatures; f++) data[r * nFeatures + f] = rng.nextGaussian();
    y[r] = rng.nextFloat() < 1 / (1 + Math.exp(-(data[r * nFeatures] + data[r * nFeatures + 1] * data[r * nFeatures + 2]))) ? 1 : 0;
  }
  return { X: { data, nRows, nFeatures }, y };
}

describe('worker-thread forest', () => {
  const { X, y } = noisyData(4000, 1);
  const options = { nEstimators: 24, maxDepth: 10, seed: 17, oobScore: true, classWeight: 'balancedSubsample' } as const;
  const pool = new ForestWorkerPool({ threads: 2 });
  afterAll(() => pool.close());

  it('builds the same model for 1, 2 and 3 threads, and the same as fit()', async () => {
    const reference = saveForest(new RandomForestClassifier(options).fit(X, y));
    const progress: number[] = [];
    const two = await pool.fit(options, X, y, { onProgress: (done) => progress.push(done) });
    expect(saveForest(two)).toEqual(reference);
    expect(progress).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
    expect(saveForest(await fitRandomForestParallel(options, X, y, { threads: 3 }))).toEqual(reference);
    expect(saveForest(await fitRandomForestParallel(options, X, y, { threads: 1 }))).toEqual(reference);
    expect(two.oobScore).toBe(new RandomForestClassifier(options).fit(X, y).oobScore);
    const sampleWeight = Array.from({ length: X.nRows }, (_, r) => 0.5 + (r % 4));
    expect(saveForest(await pool.fit(options, X, y, { sampleWeight }))).toEqual(saveForest(new RandomForestClassifier(options).fit(X, y, { sampleWeight })));
  });

  it('scores in workers exactly as in the calling thread', async () => {
    const model = await pool.fit(options, X, y);
    const test = noisyData(30_000, 2);
    expect(Array.from(await pool.predictProba(model, test.X))).toEqual(Array.from(model.predictProba(test.X)));
  });

  it('reports a failing task as a rejected promise and stays usable', async () => {
    await expect(pool.fit(options, X, new Float64Array(3))).rejects.toThrow(/rows/);
    const model = await pool.fit({ ...options, nEstimators: 2 }, X, y);
    expect(model.trees.length).toBe(2);
  });
});
