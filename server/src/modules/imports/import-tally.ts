// Accounting of one import: every data row ends up imported, skipped (by a cleaning rule) or
// rejected (by a validation rule), and the three always add up to the rows read.

import { nullProtoRecord } from '@segmenta/shared';
import type { TallyCounters } from './import.types.js';
import { SkippedLines } from './skipped-lines.js';

export type IssueSeverity = 'rejected' | 'skipped';

export interface RowIssue {
  line: number;
  column: string | null;
  severity: IssueSeverity;
  rule: string;
  reason: string;
}

export class ImportTally {
  rowsRead = 0;
  rowsImported = 0;
  blankLines = 0;
  readonly skipped: Record<string, number> = nullProtoRecord();
  readonly rejected: Record<string, number> = nullProtoRecord();
  readonly flagged: Record<string, number> = nullProtoRecord();
  /** Issues of rows that this attempt writes (rows an earlier attempt committed are only counted). */
  private pendingRejected: RowIssue[] = [];
  private pendingSkipped = new SkippedLines();

  constructor(skipRules: readonly string[] = []) {
    for (const rule of skipRules) this.skipped[rule] = 0;
  }

  imported(): void {
    this.rowsImported++;
  }

  flag(name: string): void {
    this.flagged[name] = (this.flagged[name] ?? 0) + 1;
  }

  skip(rule: string, line: number, column: string | null, reason: string, write: boolean): void {
    this.skipped[rule] = (this.skipped[rule] ?? 0) + 1;
    if (write) this.pendingSkipped.add(line, rule, column, reason);
  }

  reject(rule: string, line: number, column: string | null, reason: string, write: boolean): void {
    this.rejected[rule] = (this.rejected[rule] ?? 0) + 1;
    if (write) this.pendingRejected.push({ line, column, severity: 'rejected', rule, reason });
  }

  /** The issues gathered since the last call: rejected rows one by one, skipped ones in blocks. */
  takeIssues(): { rejected: RowIssue[]; skipped: SkippedLines } {
    const issues = { rejected: this.pendingRejected, skipped: this.pendingSkipped };
    this.pendingRejected = [];
    this.pendingSkipped = new SkippedLines();
    return issues;
  }

  get rowsSkipped(): number {
    return sum(this.skipped);
  }

  get rowsRejected(): number {
    return sum(this.rejected);
  }

  /** Throws when a row was lost or counted twice: a bug, never a property of the file. */
  assertBalanced(): void {
    const accounted = this.rowsImported + this.rowsSkipped + this.rowsRejected;
    if (accounted !== this.rowsRead) {
      throw new Error(`Import accounting broken: ${this.rowsImported} imported + ${this.rowsSkipped} skipped + ${this.rowsRejected} rejected ≠ ${this.rowsRead} read`);
    }
  }

  snapshot(): TallyCounters {
    return {
      rowsRead: this.rowsRead, rowsImported: this.rowsImported, rowsSkipped: this.rowsSkipped, rowsRejected: this.rowsRejected,
      blankLines: this.blankLines, skipped: { ...this.skipped }, rejected: { ...this.rejected }, flagged: { ...this.flagged },
    };
  }
}

function sum(counts: Record<string, number>): number {
  let total = 0;
  for (const value of Object.values(counts)) total += value;
  return total;
}
