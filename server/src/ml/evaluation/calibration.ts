import { assertSameLength } from './classification-metrics.js';
import { MlInputError } from '../errors.js';

export interface CalibrationBin {
  /** Bin interval (lower, upper]; the first bin also holds exactly 0. */
  lower: number;
  upper: number;
  count: number;
  /** Mean predicted probability in the bin (scikit-learn's prob_pred). */
  meanPredicted: number;
  /** Fraction of positives in the bin (scikit-learn's prob_true). */
  fractionPositive: number;
}

/**
 * Reliability diagram data, like scikit-learn's `calibration_curve(strategy='uniform')`:
 * `nBins` equal-width bins on [0, 1], a probability on an inner edge belongs to the lower bin,
 * and empty bins are left out.
 */
export function calibrationBins(labels: ArrayLike<number>, probabilities: ArrayLike<number>, nBins = 10, positiveLabel = 1): CalibrationBin[] {
  assertSameLength(labels, probabilities);
  if (!Number.isInteger(nBins) || nBins < 1) throw new MlInputError(`nBins must be a positive integer, got ${nBins}`);
  const edges = Array.from({ length: nBins + 1 }, (_, i) => i / nBins);
  const count = new Array<number>(nBins).fill(0);
  const sumPredicted = new Array<number>(nBins).fill(0);
  const positives = new Array<number>(nBins).fill(0);
  for (let i = 0; i < labels.length; i++) {
    const p = probabilities[i];
    if (!(p >= 0 && p <= 1)) throw new MlInputError(`probability ${i} is outside [0, 1]: ${p}`);
    // numpy.searchsorted(inner edges, p, side='left'): the number of inner edges strictly below p.
    let bin = 0;
    while (bin < nBins - 1 && edges[bin + 1] < p) bin++;
    count[bin]++;
    sumPredicted[bin] += p;
    if (labels[i] === positiveLabel) positives[bin]++;
  }
  const bins: CalibrationBin[] = [];
  for (let b = 0; b < nBins; b++) {
    if (count[b] === 0) continue;
    bins.push({ lower: edges[b], upper: edges[b + 1], count: count[b], meanPredicted: sumPredicted[b] / count[b], fractionPositive: positives[b] / count[b] });
  }
  return bins;
}
