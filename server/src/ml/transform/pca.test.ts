import { describe, expect, it } from 'vitest';
import { clusteringReference, referenceMatrix } from '../../../../test/helpers/clustering-reference.js';
import { matrixFromRows } from '../matrix.js';
import { Pca, PcaModel } from './pca.js';

describe('PCA against scikit-learn (svd_flip sign convention)', () => {
  const { mall, blobPca, datasets } = clusteringReference();

  it('Mall Customers, standardised: components, variances and scores', () => {
    const points = referenceMatrix(mall.scaler.transformed);
    const model = new Pca().fit(points);
    model.state.components.forEach((v, i) => expect(v).toBeCloseTo(mall.pca.components.flat()[i], 9));
    model.state.explainedVariance.forEach((v, i) => expect(v).toBeCloseTo(mall.pca.explainedVariance[i], 10));
    model.explainedVarianceRatio.forEach((v, i) => expect(v).toBeCloseTo(mall.pca.explainedVarianceRatio[i], 10));
    const scores = model.transform(points);
    mall.pca.transformed.flat().forEach((v, i) => expect(scores.data[i]).toBeCloseTo(v, 9));
  });

  it('blobs: same signs and scores', () => {
    const points = referenceMatrix(datasets[0].points);
    const scores = new Pca().fit(points).transform(points);
    blobPca.transformed.flat().forEach((v, i) => expect(scores.data[i]).toBeCloseTo(v, 9));
  });

  it('variance target picks the same number of components as scikit-learn', () => {
    const model = new Pca({ varianceTarget: mall.pcaVarianceTarget.target }).fit(referenceMatrix(mall.scaler.transformed));
    expect(model.state.nComponents).toBe(mall.pcaVarianceTarget.nComponents);
  });

  it('full-rank inverse round-trips; JSON round-trips', () => {
    const points = matrixFromRows([[1, 2, 3], [4, 0, 1], [2, 2, 2], [0, 5, 1]]);
    const model = PcaModel.fromJSON(JSON.parse(JSON.stringify(new Pca().fit(points))));
    model.inverseTransform(model.transform(points)).data.forEach((v, i) => expect(v).toBeCloseTo(points.data[i], 10));
  });

  it('rejects bad component counts', () => {
    const points = matrixFromRows([[1, 2], [3, 4], [5, 7]]);
    expect(() => new Pca({ nComponents: 3 }).fit(points)).toThrow(/nComponents/);
    expect(() => new Pca({ varianceTarget: 1.5 }).fit(points)).toThrow(/varianceTarget/);
  });
});
