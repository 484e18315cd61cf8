/**
 * Seeded pseudo-random numbers: xoshiro128** (Blackman & Vigna), state seeded by splitmix32.
 * 32-bit integer arithmetic only, so the stream is identical on every platform and engine;
 * every random path in `ml/` takes a seed and draws from one of these.
 */
export class Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(readonly seed: number) {
    if (!Number.isFinite(seed)) throw new Error(`seed must be a finite number, got ${seed}`);
    // splitmix32 spreads any seed (including 0 and small integers) over the full 128-bit state.
    let x = (Math.trunc(seed) ^ Math.trunc(seed / 2 ** 32)) >>> 0;
    const next = (): number => {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** Uniform integer in [0, 2^32). */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform double in [0, 1) with 53 random bits. */
  nextFloat(): number {
    const high = this.nextUint32() >>> 5; // 27 bits
    const low = this.nextUint32() >>> 6; // 26 bits
    return (high * 67108864 + low) / 9007199254740992;
  }

  /** Uniform integer in [0, n), without modulo bias (rejection sampling). */
  nextInt(n: number): number {
    if (!Number.isInteger(n) || n <= 0) throw new Error(`nextInt needs a positive integer bound, got ${n}`);
    if (n > 2 ** 32) return Math.floor(this.nextFloat() * n);
    const limit = 2 ** 32 - (2 ** 32 % n);
    let value: number;
    do value = this.nextUint32();
    while (value >= limit);
    return value % n;
  }

  /** Standard normal deviate (Box–Muller; one value per call keeps the stream simple). */
  nextGaussian(): number {
    let u = 0;
    while (u === 0) u = this.nextFloat();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.nextFloat());
  }

  /** Fisher–Yates shuffle in place; returns the same array. */
  shuffle<T extends { length: number; [index: number]: unknown }>(values: T): T {
    for (let i = values.length - 1; i > 0; i--) {
      const j = this.nextInt(i + 1);
      const tmp = values[i];
      values[i] = values[j];
      values[j] = tmp;
    }
    return values;
  }

  /**
   * `count` distinct indices from [0, n), sorted ascending (so a sample keeps the input order,
   * which keeps downstream tie-breaking stable). Floyd's algorithm when the sample is small,
   * a partial Fisher–Yates otherwise.
   */
  sampleWithoutReplacement(n: number, count: number): Int32Array {
    if (!Number.isInteger(count) || count < 0 || count > n) {
      throw new Error(`cannot sample ${count} of ${n} without replacement`);
    }
    let out: Int32Array;
    if (count * 4 < n) {
      // A byte per candidate is cheaper than a Set for the sizes we sample (≤ a few million).
      const chosen = new Uint8Array(n);
      out = new Int32Array(count);
      let filled = 0;
      for (let j = n - count; j < n; j++) {
        const t = this.nextInt(j + 1);
        const pick = chosen[t] === 1 ? j : t;
        chosen[pick] = 1;
        out[filled++] = pick;
      }
    } else {
      const all = new Int32Array(n);
      for (let i = 0; i < n; i++) all[i] = i;
      for (let i = 0; i < count; i++) {
        const j = i + this.nextInt(n - i);
        const tmp = all[i];
        all[i] = all[j];
        all[j] = tmp;
      }
      out = all.slice(0, count);
    }
    return out.sort();
  }

  /** An independent generator derived from this one (for restarts that must not share a stream). */
  fork(): Rng {
    return new Rng(this.nextUint32() * 2 ** 21 + (this.nextUint32() >>> 11));
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

export const createRng = (seed: number): Rng => new Rng(seed);
