import { StandardScaler } from '../server/src/ml/transform/scaling.js';
import { Rng } from '../server/src/ml/rng.js';
import type { Matrix } from '../server/src/ml/matrix.js';

/**
 * Seeded stand-in for a standardised customer feature table: a mixture of `segments` anisotropic
 * Gaussian segments of unequal size (largest ~5× the smallest) with correlated features, in
 * random row order, then standardised column by column. Clusters overlap at their edges, so
 * Lloyd needs a realistic number of iterations; they are separated enough that any decent
 * start finds the same optimum (so inertia can be compared across implementations).
 */
export function syntheticFeatures(rows: number, cols: number, segments: number, seed: number, separation = 3): Matrix {
  const rng = new Rng(seed);
  const weights = Array.from({ length: segments }, (_, s) => 1 / (1 + 0.6 * s));
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  const cumulative = weights.map((_, s) => weights.slice(0, s + 1).reduce((a, b) => a + b, 0) / totalWeight);
  const means = Array.from({ length: segments }, () => Array.from({ length: cols }, () => rng.nextGaussian() * separation));
  // Lower-triangular mixing per segment: per-feature spread 0.6–1.4 plus mild correlations.
  const mixing = Array.from({ length: segments }, () => Array.from({ length: cols * cols }, (_, at) => {
    const [i, j] = [Math.floor(at / cols), at % cols];
    if (j > i) return 0;
    return i === j ? 0.6 + 0.8 * rng.nextFloat() : 0.3 * rng.nextGaussian();
  }));
  const data = new Float64Array(rows * cols);
  const z = new Float64Array(cols);
  for (let r = 0; r < rows; r++) {
    const u = rng.nextFloat();
    let s = 0;
    while (s < segments - 1 && u > cumulative[s]) s++;
    for (let j = 0; j < cols; j++) z[j] = rng.nextGaussian();
    for (let i = 0; i < cols; i++) {
      let value = means[s][i];
      for (let j = 0; j <= i; j++) value += mixing[s][i * cols + j] * z[j];
      data[r * cols + i] = value;
    }
  }
  const matrix = { data, rows, cols };
  return new StandardScaler().fit(matrix).transform(matrix);
}
