import { invalidInput } from '../matrix.js';
import { Rng } from '../rng.js';
import type { BgNbdParams } from './bg-nbd.js';
import type { GammaGammaParams } from './gamma-gamma.js';
import type { TimeUnit } from './summaries.js';

/*
 * Customers drawn from the BG/NBD and Gamma-Gamma generative processes with known parameters,
 * for tests and the benchmark (a fit must recover what generated the data). Seeded.
 */

/** Gamma(shape, 1) by Marsaglia & Tsang (2000); shape < 1 through Gamma(shape + 1)·U^(1/shape). */
export function sampleGamma(rng: Rng, shape: number): number {
  if (shape < 1) {
    let u = rng.nextFloat();
    while (u === 0) u = rng.nextFloat();
    return sampleGamma(rng, shape + 1) * Math.pow(u, 1 / shape);
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = rng.nextGaussian();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng.nextFloat();
    if (u < 1 - 0.0331 * x * x * x * x) return d * v;
    if (u > 0 && Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

export interface BgNbdSimulationOptions {
  customers: number;
  params: BgNbdParams;
  /** T of each customer, uniform in [min, max], in the time unit. */
  age: [number, number];
  /** Purchases counted after T, up to T + this. Default 0. */
  holdoutLength?: number;
  /** Spend per repeat purchase from the Gamma-Gamma process; monetary values are 0 without it. */
  spend?: GammaGammaParams;
  timeUnit?: TimeUnit;
  seed?: number;
}

export interface SimulatedCustomers {
  timeUnit: TimeUnit;
  frequency: Float64Array;
  recency: Float64Array;
  age: Float64Array;
  monetaryValue: Float64Array;
  holdoutFrequency: Float64Array;
  holdoutLength: number;
  /** The latent state at T: 1 when the customer had not dropped out. */
  aliveAtEnd: Uint8Array;
}

/**
 * FHL (2005) §2: λ ~ Gamma(r, α), p ~ Beta(a, b); purchases arrive at rate λ from the first one at
 * time 0; after each repeat purchase the customer drops out with probability p.
 */
export function simulateBgNbd(options: BgNbdSimulationOptions): SimulatedCustomers {
  const { customers, params, spend } = options;
  const [minAge, maxAge] = options.age;
  if (!(Number.isInteger(customers) && customers >= 0)) throw invalidInput(`customers must be a non-negative integer, got ${customers}`);
  if (!(minAge >= 0 && maxAge >= minAge)) throw invalidInput(`age must be [min, max] with 0 ≤ min ≤ max, got [${minAge}, ${maxAge}]`);
  const holdoutLength = options.holdoutLength ?? 0;
  const rng = new Rng(options.seed ?? 0);
  const out: SimulatedCustomers = {
    timeUnit: options.timeUnit ?? 'weeks',
    frequency: new Float64Array(customers),
    recency: new Float64Array(customers),
    age: new Float64Array(customers),
    monetaryValue: new Float64Array(customers),
    holdoutFrequency: new Float64Array(customers),
    holdoutLength,
    aliveAtEnd: new Uint8Array(customers),
  };
  for (let i = 0; i < customers; i++) {
    const lambda = sampleGamma(rng, params.r) / params.alpha;
    const g1 = sampleGamma(rng, params.a);
    const p = g1 / (g1 + sampleGamma(rng, params.b));
    const T = minAge + (maxAge - minAge) * rng.nextFloat();
    const spendRate = spend ? sampleGamma(rng, spend.q) / spend.gamma : 0;
    let t = 0;
    let x = 0;
    let tx = 0;
    let holdout = 0;
    let spent = 0;
    let alive = true;
    for (;;) {
      let u = rng.nextFloat();
      while (u === 0) u = rng.nextFloat();
      t += -Math.log(u) / lambda;
      if (!(t <= T + holdoutLength)) break;
      if (t <= T) {
        x++;
        tx = t;
        if (spend) spent += sampleGamma(rng, spend.p) / spendRate;
      } else {
        holdout++;
      }
      if (rng.nextFloat() < p) {
        alive = t > T;
        break;
      }
    }
    out.frequency[i] = x;
    out.recency[i] = tx;
    out.age[i] = T;
    out.monetaryValue[i] = x > 0 ? spent / x : 0;
    out.holdoutFrequency[i] = holdout;
    out.aliveAtEnd[i] = alive ? 1 : 0;
  }
  return out;
}
