/** Scores, CLV, percentile ranks, the holdout report and the one-call fit, on CDNOW and on data from the models' own processes. */
import { beforeAll, describe, expect, it } from 'vitest';
import { CDNOW_CALIBRATION_END, CDNOW_HOLDOUT_END, loadCdnowSample } from '../../../../test/helpers/cdnow.js';
import { BgNbd, BgNbdModel } from './bg-nbd.js';
import { fitCustomerValueModels } from './customer-value.js';
import { holdoutReport } from './evaluation.js';
import { GammaGamma, GammaGammaModel } from './gamma-gamma.js';
import { customerLifetimeValue, percentileRanks, scoreCustomers } from './scoring.js';
import { summariseTransactions, type CustomerSummaries } from './summaries.js';
import { simulateBgNbd } from './synthetic.js';

let weeks: CustomerSummaries;
let days: CustomerSummaries;
let bg: BgNbdModel;
let spend: GammaGammaModel;

beforeAll(() => {
  const orders = loadCdnowSample();
  weeks = summariseTransactions(orders, { calibrationEnd: CDNOW_CALIBRATION_END, holdoutEnd: CDNOW_HOLDOUT_END, timeUnit: 'weeks' });
  days = summariseTransactions(orders, { calibrationEnd: CDNOW_CALIBRATION_END, holdoutEnd: CDNOW_HOLDOUT_END, timeUnit: 'days' });
  bg = new BgNbd().fit(weeks);
  spend = new GammaGamma().fit(weeks);
});

describe('percentileRanks', () => {
  it('ranks 0 to 100 with ties sharing the mid rank', () => {
    expect(Array.from(percentileRanks(Float64Array.of(30, 10, 20, 20)))).toEqual([100, 0, 50, 50]);
    expect(Array.from(percentileRanks(Float64Array.of(5)))).toEqual([100]);
    expect(percentileRanks(new Float64Array(0)).length).toBe(0);
    const many = percentileRanks(Float64Array.from({ length: 101 }, (_, i) => 100 - i));
    expect(many[0]).toBe(100);
    expect(many[100]).toBe(0);
    expect(many[20]).toBe(80);
  });
});

describe('customer lifetime value', () => {
  it('is never negative, and grows with the horizon', () => {
    // Every third expected spend made negative (as a refund-heavy customer could look): CLV stays ≥ 0.
    const negativeSpend = spend.expectedSpend(weeks).map((m, i) => (i % 3 === 0 ? -m : m));
    let previous: Float64Array = new Float64Array(weeks.frequency.length);
    for (const horizonDays of [7, 91, 365, 1461]) {
      const clv = customerLifetimeValue(bg, weeks, negativeSpend, { horizonDays, annualDiscountRate: 0.15 });
      let negative = 0;
      let shrunk = 0;
      for (let i = 0; i < clv.length; i++) {
        if (!(clv[i] >= 0 && Number.isFinite(clv[i]))) negative++;
        if (clv[i] < previous[i]) shrunk++;
      }
      expect(negative, `negative or non-finite CLVs at ${horizonDays} days`).toBe(0);
      expect(shrunk, `CLVs that fell when the horizon grew to ${horizonDays} days`).toBe(0);
      previous = clv;
    }
    expect(previous.filter((v) => v > 0).length).toBeGreaterThan(1500);
  });

  it('without discounting is margin × spend × expected purchases over the horizon', () => {
    const expectedSpend = spend.expectedSpend(weeks);
    const clv = customerLifetimeValue(bg, weeks, expectedSpend, { horizonDays: 364, annualDiscountRate: 0, margin: 0.25 });
    const purchases = bg.expectedPurchases(weeks, 52);
    for (let i = 0; i < 50; i++) expect(clv[i]).toBeCloseTo(0.25 * expectedSpend[i] * purchases[i], 9);
    const discounted = customerLifetimeValue(bg, weeks, expectedSpend, { horizonDays: 364, annualDiscountRate: 0.2, margin: 0.25 });
    for (let i = 0; i < 50; i++) expect(discounted[i]).toBeLessThan(clv[i]);
  });

  it('does not depend on the time unit the models were fitted in', () => {
    const bgDays = new BgNbd().fit(days);
    expect(bgDays.params.alpha / bg.params.alpha).toBeCloseTo(7, 4);
    const inWeeks = scoreCustomers(weeks, { purchase: bg, spend }, { horizonDays: 364, margin: 0.3 });
    const inDays = scoreCustomers(days, { purchase: bgDays, spend }, { horizonDays: 364, margin: 0.3 });
    for (let i = 0; i < inWeeks.predictedClv.length; i += 7) {
      expect(inDays.predictedClv[i]).toBeCloseTo(inWeeks.predictedClv[i], 4);
      expect(inDays.probabilityAlive[i]).toBeCloseTo(inWeeks.probabilityAlive[i], 5);
      expect(Math.abs(inDays.expectedNextOrderAt[i] - inWeeks.expectedNextOrderAt[i])).toBeLessThan(60_000 * 60);
    }
    expect(() => scoreCustomers(days, { purchase: bg, spend })).toThrow(/fitted in weeks but the summaries are in days/);
  });
});

describe('scoreCustomers', () => {
  it('gives every score per customer, as of the calibration end', () => {
    const progress: number[] = [];
    const scores = scoreCustomers(weeks, { purchase: bg, spend }, { churnHorizonDays: 0 }, { onProgress: (e) => progress.push(e.done / e.total) });
    expect(progress).toEqual([0, 1 / 3, 2 / 3, 1]);
    const n = weeks.frequency.length;
    expect(scores.asOf).toBe(CDNOW_CALIBRATION_END);
    expect(scores.settings).toEqual({ horizonDays: 365, margin: 1, annualDiscountRate: 0.1, stepDays: 30.4375, churnHorizonDays: 0 });
    for (const key of ['expectedPurchases', 'probabilityAlive', 'churnRisk', 'expectedNextOrderAt', 'expectedSpend', 'predictedClv', 'clvPercentile'] as const) {
      expect(scores[key].length).toBe(n);
    }
    for (let i = 0; i < n; i++) {
      expect(scores.churnRisk[i]).toBeCloseTo(1 - scores.probabilityAlive[i], 15);
      if (weeks.frequency[i] === 0) expect(scores.churnRisk[i]).toBe(0);
      expect(scores.expectedNextOrderAt[i]).toBeGreaterThan(scores.asOf);
      expect(scores.predictedClv[i]).toBeGreaterThanOrEqual(0);
      expect(scores.clvPercentile[i] >= 0 && scores.clvPercentile[i] <= 100).toBe(true);
    }
    const later = scoreCustomers(weeks, { purchase: bg, spend }, { churnHorizonDays: 90 });
    for (let i = 0; i < n; i++) expect(later.churnRisk[i]).toBeGreaterThanOrEqual(scores.churnRisk[i]);
    // The most valuable customer by CLV ranks 100.
    const top = scores.predictedClv.indexOf(Math.max(...scores.predictedClv));
    expect(scores.clvPercentile[top]).toBe(100);
  });

  it('validates its settings', () => {
    expect(() => scoreCustomers(weeks, { purchase: bg, spend }, { margin: 0 })).toThrow(/margin/);
    expect(() => scoreCustomers(weeks, { purchase: bg, spend }, { horizonDays: -1 })).toThrow(/horizonDays/);
    expect(() => scoreCustomers(weeks, { purchase: bg, spend }, { annualDiscountRate: -0.1 })).toThrow(/annualDiscountRate/);
    expect(() => scoreCustomers(weeks, { purchase: bg, spend }, { churnHorizonDays: NaN })).toThrow(/churnHorizonDays/);
  });
});

describe('fitCustomerValueModels', () => {
  it('fits both models when the data meet the minimums, and lists what is missing when not', () => {
    const fit = fitCustomerValueModels(weeks, { purchaseModel: 'bg-nbd' });
    expect(fit.ok).toBe(true);
    if (!fit.ok) return;
    expect(fit.purchase.toJSON().params).toEqual(bg.toJSON().params);
    expect(fit.spend.params).toEqual(spend.params);
    const few = { ...weeks, frequency: weeks.frequency.subarray(0, 300), recency: weeks.recency.subarray(0, 300), age: weeks.age.subarray(0, 300), monetaryValue: weeks.monetaryValue.subarray(0, 300) };
    const refused = fitCustomerValueModels(few);
    expect(refused.ok).toBe(false);
    expect(refused.purchaseCheck.problems.map((p) => p.code)).toContain('too-few-customers');
    expect(refused.purchaseCheck.facts.customers).toBe(300);
  });
});

describe('holdoutReport', () => {
  it('forecasts the holdout of data from the model’s own process without bias', () => {
    const truth = { r: 0.6, alpha: 5, a: 0.8, b: 2.5 };
    const sim = simulateBgNbd({ customers: 15_000, params: truth, age: [20, 52], holdoutLength: 39, seed: 21 });
    const model = new BgNbd({ dataMinimums: false }).fit(sim);
    const report = holdoutReport(model, { ...sim, customerIds: new Float64Array(0), purchasePeriod: 'day', calibrationEnd: 0, firstPurchaseAt: new Float64Array(0), excludedCustomers: 0 });
    expect(report.customers).toBe(15_000);
    expect(Math.abs(report.relativeError)).toBeLessThan(0.04);
    expect(report.correlation).toBeGreaterThan(0.5);
    expect(report.byFrequency[report.byFrequency.length - 1].orMore).toBe(true);
    for (const group of report.byFrequency.filter((g) => g.customers > 500)) {
      expect(Math.abs(group.predictedMean - group.actualMean)).toBeLessThan(0.1 * Math.max(0.5, group.actualMean));
    }
    expect(report.zeroClass.customers).toBe(report.byFrequency[0].customers);
    expect(() => holdoutReport(model, { ...weeks, holdoutFrequency: null, holdoutLength: null })).toThrow(/no holdout period/);
  });
});
