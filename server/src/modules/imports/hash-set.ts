/**
 * A set of strings kept as 64-bit hashes in two typed arrays: about 11 bytes per key instead of the
 * ~80 a JS Set<string> costs, so the duplicate check of a 5M-row file stays within the memory budget.
 * Two different keys collide with probability ~n²/2⁶⁵ (≈7e-7 for 5M keys): an accepted risk for
 * duplicate-line detection, documented in docs/cleaning.md.
 */
export class StringHashSet {
  private high: Uint32Array;
  private low: Uint32Array;
  private count = 0;

  /**
   * Room for `keys` keys without growing: growing briefly holds the old and the new arrays (1.5× the
   * memory). The capacity is not rounded up to a power of two (a 5M-row file: 53 MB, not 64 MB).
   */
  static forKeys(keys: number | null, minimum = 1 << 12): StringHashSet {
    return new StringHashSet(Math.max(minimum, Math.ceil((keys ?? 0) / MAX_LOAD) + 1));
  }

  constructor(initialCapacity = 1 << 16) {
    const capacity = Math.max(16, Math.ceil(initialCapacity));
    this.high = new Uint32Array(capacity);
    this.low = new Uint32Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  /** Adds the key; returns false when it was already present. */
  add(key: string): boolean {
    this.h1 = 0x811c9dc5;
    this.h2 = 0x9747b28c ^ key.length;
    this.mixText(key);
    return this.finish();
  }

  /**
   * Adds the tuple (two texts, two integers below 2^53) without building a key string for it; the
   * texts' lengths are hashed too, so ("ab", "c") and ("a", "bc") differ.
   */
  addTuple(a: string, b: string, x: number, y: number): boolean {
    this.h1 = 0x811c9dc5;
    this.h2 = 0x9747b28c;
    this.mix(a.length);
    this.mixText(a);
    this.mix(b.length);
    this.mixText(b);
    this.mix(x >>> 0);
    this.mix(Math.floor(x / 4294967296) >>> 0);
    this.mix(y >>> 0);
    this.mix(Math.floor(y / 4294967296) >>> 0);
    return this.finish();
  }

  private h1 = 0;
  private h2 = 0;

  private mixText(text: string): void {
    let { h1, h2 } = this;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995);
      h2 ^= h2 >>> 13;
    }
    this.h1 = h1;
    this.h2 = h2;
  }

  /** Mixes a 32-bit word as two 16-bit units (the same steps as two characters). */
  private mix(word: number): void {
    const low = word & 0xffff;
    const high = word >>> 16;
    let h1 = Math.imul(this.h1 ^ low, 0x01000193);
    let h2 = Math.imul(this.h2 ^ low, 0x5bd1e995);
    h2 ^= h2 >>> 13;
    h1 = Math.imul(h1 ^ high, 0x01000193);
    h2 = Math.imul(h2 ^ high, 0x5bd1e995);
    this.h1 = h1;
    this.h2 = h2 ^ (h2 >>> 13);
  }

  private finish(): boolean {
    const h1 = fmix(this.h1) >>> 0;
    let h2 = fmix(this.h2) >>> 0;
    if (h1 === 0 && h2 === 0) h2 = 1; // (0, 0) marks an empty slot
    if (this.count + 1 > this.high.length * MAX_LOAD) this.grow();
    return this.insert(h1, h2);
  }

  private insert(h1: number, h2: number): boolean {
    const capacity = this.high.length;
    let slot = ((h1 ^ h2) >>> 0) % capacity;
    for (;;) {
      const a = this.high[slot];
      const b = this.low[slot];
      if (a === 0 && b === 0) {
        this.high[slot] = h1;
        this.low[slot] = h2;
        this.count++;
        return true;
      }
      if (a === h1 && b === h2) return false;
      if (++slot === capacity) slot = 0;
    }
  }

  private grow(): void {
    const { high, low } = this;
    this.high = new Uint32Array(high.length * 2);
    this.low = new Uint32Array(low.length * 2);
    this.count = 0;
    for (let i = 0; i < high.length; i++) if (high[i] !== 0 || low[i] !== 0) this.insert(high[i], low[i]);
  }
}

/** Linear probing stays short up to this load: ≈2.5 probes to find a key, ≈8.5 for a new one at the very worst. */
const MAX_LOAD = 0.75;

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}
