import { invalidInput } from '../matrix.js';
import type { CustomerSummaries } from './summaries.js';
import type { PurchaseModel, PurchaseModelKind } from './value-model.js';

/*
 * The calibration/holdout check of Fader, Hardie & Lee (2005, figure 4 and table 2): fit on the
 * calibration period, predict each customer's purchases in the holdout period, and compare with
 * what they did, overall, per customer and by calibration frequency. Plain JSON, so it can be
 * stored beside the model version and drawn as a chart (actual vs predicted by frequency).
 */

export interface FrequencyGroup {
  /** Calibration repeat purchases; the last group holds this value and more (`orMore`). */
  frequency: number;
  orMore: boolean;
  customers: number;
  actualMean: number;
  predictedMean: number;
}

export interface HoldoutReport {
  model: PurchaseModelKind;
  /** Holdout length in the model's time unit. */
  holdoutLength: number;
  customers: number;
  actualTotal: number;
  predictedTotal: number;
  /** (predicted − actual) / actual over all customers. */
  relativeError: number;
  meanAbsoluteError: number;
  rootMeanSquaredError: number;
  /** Pearson correlation of actual and predicted holdout purchases per customer. */
  correlation: number;
  byFrequency: FrequencyGroup[];
  /** Customers without a repeat purchase in calibration: how many came back, and the forecast for them. */
  zeroClass: { customers: number; actualMean: number; predictedMean: number; shareWhoPurchased: number };
}

export interface HoldoutReportOptions {
  /** Frequencies 0 … this − 1 get a group each, this and above share the last one. Default 7. */
  frequencyGroups?: number;
}

export function holdoutReport(model: PurchaseModel, summaries: CustomerSummaries, options: HoldoutReportOptions = {}): HoldoutReport {
  const { holdoutFrequency, holdoutLength } = summaries;
  if (!holdoutFrequency || holdoutLength === null) throw invalidInput('holdout report: the summaries have no holdout period (summarise with holdoutEnd)');
  const groupsWanted = options.frequencyGroups ?? 7;
  if (!Number.isInteger(groupsWanted) || groupsWanted < 1) throw invalidInput(`frequencyGroups must be a positive integer, got ${groupsWanted}`);
  const predicted = model.expectedPurchases(summaries, holdoutLength);
  const n = predicted.length;
  let actualTotal = 0;
  let predictedTotal = 0;
  let absolute = 0;
  let squared = 0;
  const count = new Float64Array(groupsWanted + 1);
  const actualSum = new Float64Array(groupsWanted + 1);
  const predictedSum = new Float64Array(groupsWanted + 1);
  let zeroReturned = 0;
  for (let i = 0; i < n; i++) {
    const actual = holdoutFrequency[i];
    actualTotal += actual;
    predictedTotal += predicted[i];
    absolute += Math.abs(predicted[i] - actual);
    squared += (predicted[i] - actual) ** 2;
    const g = Math.min(summaries.frequency[i], groupsWanted);
    count[g]++;
    actualSum[g] += actual;
    predictedSum[g] += predicted[i];
    if (summaries.frequency[i] === 0 && actual > 0) zeroReturned++;
  }
  const byFrequency: FrequencyGroup[] = [];
  for (let g = 0; g <= groupsWanted; g++) {
    if (count[g] === 0) continue;
    byFrequency.push({ frequency: g, orMore: g === groupsWanted, customers: count[g], actualMean: actualSum[g] / count[g], predictedMean: predictedSum[g] / count[g] });
  }
  return {
    model: model.kind,
    holdoutLength,
    customers: n,
    actualTotal,
    predictedTotal,
    relativeError: actualTotal > 0 ? (predictedTotal - actualTotal) / actualTotal : NaN,
    meanAbsoluteError: n ? absolute / n : NaN,
    rootMeanSquaredError: n ? Math.sqrt(squared / n) : NaN,
    correlation: pearson(holdoutFrequency, predicted),
    byFrequency,
    zeroClass: {
      customers: count[0],
      actualMean: count[0] ? actualSum[0] / count[0] : NaN,
      predictedMean: count[0] ? predictedSum[0] / count[0] : NaN,
      shareWhoPurchased: count[0] ? zeroReturned / count[0] : NaN,
    },
  };
}

function pearson(a: Float64Array, b: Float64Array): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i] / n;
    mb += b[i] / n;
  }
  let saa = 0;
  let sbb = 0;
  let sab = 0;
  for (let i = 0; i < n; i++) {
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
    sab += (a[i] - ma) * (b[i] - mb);
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : NaN;
}
