// Skipped rows, compactly: the lines a batch skipped under one (rule, column, reason) form a block,
// stored as one import_skipped_lines row whose blob holds the line numbers as varint deltas (an
// Online Retail batch: ~5,000 skipped lines in ~7 rows and ~10 KB instead of 5,000 table rows).

import { resized } from '../../ml/typed-arrays.js';

/** The lines of one batch skipped under the same rule, column and reason, in increasing order. */
export class SkippedLinesBlock {
  firstLine = 0;
  lastLine = 0;
  count = 0;
  private bytes = new Uint8Array(64);
  private length = 0;

  constructor(readonly rule: string, readonly column: string | null, readonly reason: string) {}

  add(line: number): void {
    if (this.count > 0) {
      if (line <= this.lastLine) throw new Error(`skipped lines must increase: ${line} after ${this.lastLine}`);
      this.writeVarint(line - this.lastLine);
    } else {
      this.firstLine = line;
    }
    this.lastLine = line;
    this.count++;
  }

  /** The deltas after the first line, as stored in the `line_deltas` column. */
  encoded(): Buffer {
    return Buffer.from(this.bytes.subarray(0, this.length));
  }

  private writeVarint(value: number): void {
    if (this.length + 5 > this.bytes.length) this.bytes = resized(this.bytes, this.bytes.length * 2);
    while (value >= 0x80) {
      this.bytes[this.length++] = (value & 0x7f) | 0x80;
      value = Math.floor(value / 128);
    }
    this.bytes[this.length++] = value;
  }
}

/** The line numbers of a stored block: the first line, then one per varint delta. */
export function* decodeSkippedLines(firstLine: number, deltas: Uint8Array): Generator<number> {
  let line = firstLine;
  yield line;
  let value = 0;
  let scale = 1;
  for (let i = 0; i < deltas.length; i++) {
    const byte = deltas[i];
    value += (byte & 0x7f) * scale;
    if (byte & 0x80) {
      scale *= 128;
    } else {
      line += value;
      yield line;
      value = 0;
      scale = 1;
    }
  }
  if (scale !== 1) throw new Error('truncated skipped-lines block');
}

/** A batch's skipped lines, grouped into blocks. */
export class SkippedLines {
  readonly blocks: SkippedLinesBlock[] = [];
  /** Lines in all blocks. */
  length = 0;
  private last: SkippedLinesBlock | null = null;

  add(line: number, rule: string, column: string | null, reason: string): void {
    let block = this.last;
    if (block === null || block.rule !== rule || block.column !== column || block.reason !== reason) {
      block = this.blocks.find((b) => b.rule === rule && b.column === column && b.reason === reason) ?? null;
      if (block === null) {
        block = new SkippedLinesBlock(rule, column, reason);
        this.blocks.push(block);
      }
      this.last = block;
    }
    block.add(line);
    this.length++;
  }
}
