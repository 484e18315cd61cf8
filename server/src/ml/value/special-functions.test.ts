/**
 * Special functions against exact values, identities, and mpmath at 40 digits (the hypergeometric
 * grid in test/fixtures/reference/customer-value.json, written by scripts/reference/customer_value.py).
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { betaExpectation, digamma, integrateUnitInterval, logAddExp, logBeta, logGamma, logHyp2f1Positive, logHyp2f1UnitA, logistic, logSubExp } from './special-functions.js';

const grid = (JSON.parse(fs.readFileSync(new URL('../../../../test/fixtures/reference/customer-value.json', import.meta.url), 'utf8')) as {
  hyp2f1: { a: number; b: number; c: number; z: number; logValue: number; scipy: number | null }[];
}).hyp2f1;

const EULER_GAMMA = 0.5772156649015329;

describe('logGamma and digamma', () => {
  it('hit exact values: factorials, Γ(½) = √π, and large arguments', () => {
    let factorial = 1;
    for (let n = 1; n <= 25; n++) {
      expect(logGamma(n)).toBeCloseTo(Math.log(factorial), 12);
      factorial *= n;
    }
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 14);
    expect(logGamma(1.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI) / 2), 14);
    // ln Γ(1e6) from Stirling with two correction terms (exact to 1e-17 relative there).
    const x = 1e6;
    expect(logGamma(x) / ((x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * x))).toBeCloseTo(1, 15);
    expect(logGamma(1e-8)).toBeCloseTo(-Math.log(1e-8) - EULER_GAMMA * 1e-8, 10);
    expect(logGamma(0)).toBe(Infinity);
    expect(logGamma(-1)).toBeNaN();
  });

  it('digamma: ψ(1) = −γ, ψ(½) = −γ − 2 ln 2, the recurrence, and the derivative of ln Γ', () => {
    expect(digamma(1)).toBeCloseTo(-EULER_GAMMA, 14);
    expect(digamma(0.5)).toBeCloseTo(-EULER_GAMMA - 2 * Math.LN2, 14);
    for (const v of [0.013, 0.243, 0.793, 2.426, 7.9, 10, 55.5, 4000]) {
      expect(digamma(v + 1) - digamma(v)).toBeCloseTo(1 / v, 10);
      const h = 1e-4 * v;
      expect(digamma(v)).toBeCloseTo((logGamma(v + h) - logGamma(v - h)) / (2 * h), 5);
    }
  });

  it('logBeta matches ln Γ(a)Γ(b)/Γ(a+b) on exact cases', () => {
    expect(logBeta(1, 1)).toBeCloseTo(0, 14);
    expect(logBeta(2, 3)).toBeCloseTo(Math.log(1 / 12), 14);
    expect(logBeta(0.5, 0.5)).toBeCloseTo(Math.log(Math.PI), 14);
  });
});

describe('log-space helpers', () => {
  it('logAddExp, logSubExp and logistic stay finite where the naive forms overflow', () => {
    expect(logAddExp(1000, 1000)).toBeCloseTo(1000 + Math.LN2, 12);
    expect(logAddExp(-Infinity, 3)).toBe(3);
    expect(logAddExp(-1000, -1001)).toBeCloseTo(-1000 + Math.log1p(Math.exp(-1)), 12);
    expect(logSubExp(1000, 1000 + Math.log(0.25))).toBeCloseTo(1000 + Math.log(0.75), 12);
    expect(logSubExp(5, 5)).toBe(-Infinity);
    expect(logSubExp(0, -1e-12)).toBeCloseTo(Math.log(1e-12), 6);
    expect(logistic(800)).toBe(1);
    expect(logistic(-800)).toBeGreaterThanOrEqual(0);
    expect(logistic(-800)).toBeLessThan(1e-300);
    expect(logistic(0)).toBe(0.5);
  });
});

describe('Gauss hypergeometric function', () => {
  it('matches mpmath (40 digits) on the grid to 1e-11 relative, including z → 1 where scipy returns NaN', () => {
    let unitA = 0;
    for (const point of grid) {
      const { a, b, c, z, logValue } = point;
      const ours = a === 1 ? logHyp2f1UnitA(b, c, z) : logHyp2f1Positive(a, b, c, z);
      if (a === 1) unitA++;
      expect(Math.abs(ours - logValue), `2F1(${a}, ${b}; ${c}; ${z})`).toBeLessThanOrEqual(1e-11 * Math.max(1, Math.abs(logValue)));
      if (a === 1 && z <= 0.99) expect(Math.abs(logHyp2f1Positive(1, b, c, z) - logValue)).toBeLessThan(1e-11 * Math.max(1, Math.abs(logValue)));
    }
    expect(unitA).toBeGreaterThan(30);
    // The grid holds points where scipy 1.10's hyp2f1 fails; ours does not.
    expect(grid.some((p) => p.scipy === null)).toBe(true);
  });

  it('the continued fraction and the series agree across the switch at z = ½', () => {
    for (const [b, c] of [[0.3, 0.9], [2.5, 40], [120, 121.5]]) {
      for (const z of [0.49, 0.5, 0.51, 0.7]) {
        expect(logHyp2f1UnitA(b, c, z)).toBeCloseTo(logHyp2f1Positive(1, b, c, z), 12);
      }
    }
  });

  it('stays finite in log space where the value itself overflows', () => {
    // ₂F₁(a, b; c; z) ~ (1 − z)^(c−a−b) with c − a − b = −1999: about e^4600.
    const value = logHyp2f1Positive(1000, 1000.5, 1.5, 0.9);
    expect(Number.isFinite(value)).toBe(true);
    expect(value).toBeGreaterThan(709);
    expect(logHyp2f1UnitA(0.5, 1.5, 1 - 1e-12)).toBeGreaterThan(0);
    expect(logHyp2f1Positive(1, 1, 2, 1)).toBeNaN();
  });
});

describe('quadrature', () => {
  it('integrates smooth and endpoint-singular integrands on (0, 1)', () => {
    expect(integrateUnitInterval((p) => p * p)).toBeCloseTo(1 / 3, 13);
    expect(integrateUnitInterval((p) => 1 / Math.sqrt(p))).toBeCloseTo(2, 11);
    expect(integrateUnitInterval((p, q) => Math.log(q))).toBeCloseTo(-1, 12);
  });

  it('betaExpectation gives Beta moments, also for shapes far below 1', () => {
    for (const [a, b] of [[2, 3], [0.793, 2.426], [0.02, 5], [3, 0.01], [0.05, 0.05]]) {
      expect(betaExpectation(a, b, () => 1)).toBeCloseTo(1, 11);
      expect(betaExpectation(a, b, (p) => p)).toBeCloseTo(a / (a + b), 11);
      expect(betaExpectation(a, b, (p) => p * p)).toBeCloseTo((a * (a + 1)) / ((a + b) * (a + b + 1)), 11);
    }
  });
});
