import { describe, expect, it } from 'vitest';
import { clusteringReference, closeRelative, referenceMatrix } from '../../../../test/helpers/clustering-reference.js';
import { matrixFromRows } from '../matrix.js';
import { Log1pTransformer, StandardScaler, StandardScalerModel, Winsorizer, WinsorizerModel } from './scaling.js';

describe('StandardScaler', () => {
  it('matches scikit-learn on Mall Customers (population std)', () => {
    const { mall } = clusteringReference();
    const model = new StandardScaler().fit(referenceMatrix(mall.raw));
    model.state.mean.forEach((v, j) => expect(closeRelative(v, mall.scaler.mean[j], 1e-12)).toBe(true));
    model.state.scale.forEach((v, j) => expect(closeRelative(v, mall.scaler.scale[j], 1e-12)).toBe(true));
    const transformed = model.transform(referenceMatrix(mall.raw));
    mall.scaler.transformed.flat().forEach((v, i) => expect(closeRelative(transformed.data[i], v, 1e-12)).toBe(true));
  });

  it('maps a constant column to 0 with scale 1, and round-trips through inverse and JSON', () => {
    const points = matrixFromRows([[1, 5], [2, 5], [4, 5]]);
    const model = StandardScalerModel.fromJSON(JSON.parse(JSON.stringify(new StandardScaler().fit(points))));
    expect(model.state.scale[1]).toBe(1);
    const transformed = model.transform(points);
    expect([transformed.data[1], transformed.data[3], transformed.data[5]]).toEqual([0, 0, 0]);
    const back = model.inverseTransform(transformed);
    back.data.forEach((v, i) => expect(v).toBeCloseTo(points.data[i], 12));
  });

  it('rejects NaN input', () => {
    expect(() => new StandardScaler().fit(matrixFromRows([[1], [Number.NaN]]))).toThrow(/non-finite/);
  });
});

describe('log1p and winsorising', () => {
  it('log1p transforms only the chosen columns and inverts', () => {
    const points = matrixFromRows([[0, 3], [Math.E - 1, 4]]);
    const model = new Log1pTransformer({ columns: [0] }).fit(points);
    const out = model.transform(points);
    expect(out.data[2]).toBeCloseTo(1, 14);
    expect(out.data[1]).toBe(3);
    model.inverseTransform(out).data.forEach((v, i) => expect(v).toBeCloseTo(points.data[i], 12));
    expect(() => model.transform(matrixFromRows([[-2, 0]]))).toThrow(/not > -1/);
  });

  it('winsoriser clips at the training quantiles (linear interpolation, as numpy)', () => {
    const points = matrixFromRows(Array.from({ length: 101 }, (_, i) => [i, -i]));
    const model = new Winsorizer({ lowerQuantile: 0.05, upperQuantile: 0.9, columns: [0] }).fit(points);
    expect(model.state.lowerBounds).toEqual([5]);
    expect(model.state.upperBounds).toEqual([90]);
    const out = WinsorizerModel.fromJSON(JSON.parse(JSON.stringify(model))).transform(matrixFromRows([[-10, -500], [50, 1], [1000, 2]]));
    expect(Array.from(out.data)).toEqual([5, -500, 50, 1, 90, 2]);
  });
});
