import { describe, expect, it } from 'vitest';
import { KMeans } from './clustering/kmeans.js';
import type { Matrix } from './matrix.js';
import { ClusteringPipeline, loadPipeline, serializePipeline } from './model-io.js';
import { Pca } from './transform/pca.js';
import { Rng } from './rng.js';
import { Log1pTransformer, StandardScaler, Winsorizer } from './transform/scaling.js';

function customers(n: number, seed: number): Matrix {
  const rng = new Rng(seed);
  const data = new Float64Array(n * 3);
  for (let i = 0; i < n; i++) {
    data[i * 3] = Math.floor(rng.nextFloat() * 365); // recency days
    data[i * 3 + 1] = Math.floor(Math.exp(rng.nextGaussian())); // frequency
    data[i * 3 + 2] = Math.exp(3 + rng.nextGaussian() * 1.2); // monetary
  }
  return { data, rows: n, cols: 3 };
}

describe('pipeline JSON', () => {
  it('round trip predicts identically on new points', () => {
    const train = customers(500, 1);
    const log = new Log1pTransformer({ columns: [1, 2] }).fit(train);
    const logged = log.transform(train);
    const winsor = new Winsorizer({ lowerQuantile: 0.01, upperQuantile: 0.99 }).fit(logged);
    const clipped = winsor.transform(logged);
    const scaler = new StandardScaler().fit(clipped);
    const scaled = scaler.transform(clipped);
    const pca = new Pca({ nComponents: 2 }).fit(scaled);
    const kmeans = new KMeans({ k: 4, nInit: 2, seed: 0 }).fit(pca.transform(scaled));
    const pipeline = new ClusteringPipeline(['recencyDays', 'frequency', 'monetary'], [log, winsor, scaler, pca], kmeans);

    const text = serializePipeline(pipeline);
    const loaded = loadPipeline(text);
    const fresh = customers(200, 2);
    expect(Array.from(loaded.predict(fresh))).toEqual(Array.from(pipeline.predict(fresh)));
    expect(Array.from(pipeline.predict(train))).toEqual(Array.from(kmeans.labels));
    expect(JSON.parse(text)).toMatchObject({ format: 'segmenta/clustering-pipeline', version: 1 });
  });

  it('refuses unknown formats, versions and widths', () => {
    const kmeans = new KMeans({ k: 1, nInit: 1 }).fit(customers(5, 3));
    const json = new ClusteringPipeline(['a', 'b', 'c'], [], kmeans).toJSON();
    expect(() => loadPipeline({ ...json, version: 99 })).toThrow(/unsupported version/);
    expect(() => loadPipeline('{"format":"other"}')).toThrow(/not a/);
    expect(() => loadPipeline(json).predict({ data: new Float64Array(2), rows: 1, cols: 2 })).toThrow(/expected 3 features/);
  });
});
