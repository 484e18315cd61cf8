/**
 * Seeded pseudo-random numbers for the forest and the evaluation helpers.
 *
 * xoshiro128** (Blackman & Vigna): 128-bit state, 32-bit outputs, fast with `Math.imul`
 * and good enough for bootstrap draws and feature sampling. Every stream is created from an
 * integer seed, so a model trained with the same seed is bit-for-bit the same model.
 */
import { Rng } from '../rng.js';
import { MlInputError } from '../errors.js';

/** Murmur3's 32-bit finaliser: spreads nearby seeds (0, 1, 2…) over the whole state space. */
function mix32(value: number): number {
  let h = value | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * A child seed that depends only on (seed, index). Tree `i` of a forest uses
 * `deriveSeed(forestSeed, i)`, which is why the result does not depend on how trees are
 * spread over threads.
 */
export function deriveSeed(seed: number, index: number): number {
  const low = mix32((seed >>> 0) ^ 0x9e3779b9);
  return mix32(low ^ mix32(Math.imul(index + 1, 0x27d4eb2d) ^ 0x165667b1));
}

/**
 * The forest's stream: the same xoshiro128** generator as `ml/rng.ts`, with 32-bit floats and
 * multiply-shift integers (cheaper per draw, and what the forest's reference results were made with).
 */
export class SeededRandom extends Rng {
  constructor(seed: number) {
    if (!Number.isFinite(seed)) throw new MlInputError(`seed must be a finite number, got ${seed}`);
    super(seed);
  }

  /** Uniform in [0, 1) with 32 bits of resolution. */
  nextFloat(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform integer in [0, bound). Multiply-shift keeps the bias below 2^-32 × bound. */
  nextInt(bound: number): number {
    return Math.floor(this.nextFloat() * bound);
  }

  /** Standard normal deviate (Box–Muller); used by data generators, not by the forest itself. */
  nextGaussian(): number {
    let u = 0;
    while (u === 0) u = this.nextFloat();
    const v = this.nextFloat();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}
