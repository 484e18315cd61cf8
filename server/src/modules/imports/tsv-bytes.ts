// Numeric TSV rows written straight into bytes, in LOAD DATA's default text format. A batch of order
// lines is all numbers: writing their digits into a buffer costs no array per row, no string per value
// and no UTF-8 encoding pass, which the generic row-by-row path pays on every line.

const TAB = 9;
const NEWLINE = 10;
const MINUS = 45;
const DOT = 46;
const ZERO = 48;
const POWERS = [1, 10, 100, 1000, 10000];

/** Appends rows to ~`chunkBytes` buffers; `take` hands a full one over. Integers must be below 2^53 in magnitude. */
export class TsvBytes {
  private buffer: Buffer;
  private at = 0;
  private readonly digits = new Uint8Array(20);

  constructor(private readonly chunkBytes = 1 << 16) {
    // Room past the mark for one more row of any width the callers write (a few dozen digits).
    this.buffer = Buffer.allocUnsafe(chunkBytes + 1024);
  }

  /** True once the current buffer holds at least a chunk's worth. */
  get full(): boolean {
    return this.at >= this.chunkBytes;
  }

  /** The bytes written since the last take (possibly none), as a buffer of their own. */
  take(): Buffer {
    const out = this.buffer.subarray(0, this.at);
    this.buffer = Buffer.allocUnsafe(this.chunkBytes + 1024);
    this.at = 0;
    return out;
  }

  tab(): void {
    this.buffer[this.at++] = TAB;
  }

  newline(): void {
    this.buffer[this.at++] = NEWLINE;
  }

  /** A whole number, as String(value) writes it. */
  int(value: number): void {
    if (value < 0) {
      this.buffer[this.at++] = MINUS;
      value = -value;
    }
    this.unsigned(value);
  }

  /** `scaled / 10^scale` with exactly `scale` decimals (e.g. 2550, 3 → 2.550; -1530, 2 → -15.30); scale ≤ 4. */
  fixed(scaled: number, scale: number): void {
    if (scaled < 0) {
      this.buffer[this.at++] = MINUS;
      scaled = -scaled;
    }
    const unit = POWERS[scale];
    const whole = Math.floor(scaled / unit);
    let fraction = scaled - whole * unit;
    this.unsigned(whole);
    const buffer = this.buffer;
    buffer[this.at++] = DOT;
    for (let i = scale - 1; i >= 0; i--) {
      buffer[this.at + i] = ZERO + (fraction % 10);
      fraction = Math.floor(fraction / 10);
    }
    this.at += scale;
  }

  private unsigned(value: number): void {
    const digits = this.digits;
    let count = 0;
    do {
      const next = Math.floor(value / 10);
      digits[count++] = value - next * 10;
      value = next;
    } while (value > 0);
    const buffer = this.buffer;
    while (count > 0) buffer[this.at++] = ZERO + digits[--count];
  }
}
