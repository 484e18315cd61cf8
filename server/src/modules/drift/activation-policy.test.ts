import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, validateSettings } from '../settings/index.js';
import type { DriftReport } from './drift-report.js';
import { judgeReport } from './drift.service.js';

const report = (over: Partial<DriftReport>): DriftReport => ({
  runId: 2, liveRunId: 1, dataSet: 'default', thresholds: { psiWarning: 0.1, psiAlert: 0.25 }, customersCompared: 100, adjustedRandIndex: 0.9,
  features: [{ feature: 'recencyDays', psi: 0.05, level: 'stable' }], responseProbability: null, maxPsi: 0.05,
  sizesBefore: [], sizesAfter: [], matches: [], sizeShifts: [], maxSizeShift: 0.02, transition: null, audiences: [], ...over,
});

describe('the activation policy on a report', () => {
  const settings = validateSettings(DEFAULT_SETTINGS, { activationPolicy: 'automatic' });

  it('calls a run close at the thresholds themselves', () => {
    expect(judgeReport(report({ adjustedRandIndex: 0.8, maxSizeShift: 0.05 }), settings).close).toBe(true);
  });

  it('refuses each way a run can drift, and says why', () => {
    const lowAri = judgeReport(report({ adjustedRandIndex: 0.79 }), settings);
    expect(lowAri).toMatchObject({ close: false });
    expect(lowAri.reasons[0]).toBe('adjusted Rand index 0.790 is below the minimum 0.8');
    const shifted = judgeReport(report({ maxSizeShift: 0.0501 }), settings);
    expect(shifted.close).toBe(false);
    expect(shifted.reasons[1]).toMatch(/moved by 5\.0 points, more than the allowed 5\.0/);
    const alert = judgeReport(report({ features: [{ feature: 'monetary', psi: 0.3, level: 'alert' }] }), settings);
    expect(alert.close).toBe(false);
    expect(alert.reasons[2]).toBe('PSI alert (≥ 0.25) on monetary 0.300');
    expect(judgeReport(report({ adjustedRandIndex: null, customersCompared: 0 }), settings).close).toBe(false);
  });

  it('lets a PSI warning through', () => {
    expect(judgeReport(report({ features: [{ feature: 'monetary', psi: 0.2, level: 'warning' }] }), settings).close).toBe(true);
  });
});

describe('settings validation', () => {
  it('lists every problem, naming the field', () => {
    expect(() => validateSettings(DEFAULT_SETTINGS, { activationPolicy: 'sometimes', minAdjustedRandIndex: 2, psiWarning: 'high', colour: 'blue' }))
      .toThrow('invalid settings: activationPolicy must be one of manual, automatic, got "sometimes"; minAdjustedRandIndex must be at least -1 and at most 1, got 2; psiWarning must be a number, got "high"; colour is not a setting');
  });
  it('keeps what is not changed', () => {
    expect(validateSettings({ ...DEFAULT_SETTINGS, maxSizeShift: 0.1 }, { psiAlert: 0.5 })).toEqual({ ...DEFAULT_SETTINGS, maxSizeShift: 0.1, psiAlert: 0.5 });
  });
});
