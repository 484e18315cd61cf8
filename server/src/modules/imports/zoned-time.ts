// Local wall-clock times of a declared IANA zone → UTC instants, with Intl only (no tz database of ours).

const MINUTE = 60_000;
const DAY = 86_400_000;
/** Offsets and their transitions fall on quarter hours in every zone in use today. */
const OFFSET_BUCKET = 15 * MINUTE;

import type { DeclaredDateFormat, WallTime } from './date-format.js';

export type { WallTime };

const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/;
const US = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function valid(w: WallTime): boolean {
  return w.year >= 1000 && w.month >= 1 && w.month <= 12 && w.day >= 1 && w.day <= daysInMonth(w.year, w.month)
    && w.hour <= 23 && w.minute <= 59 && w.second <= 59;
}

/**
 * `YYYY-MM-DD[ HH:MM[:SS]]` (ISO, optionally with Z or ±HH:MM) or `M/D/YYYY[ H:MM[:SS]]` (US, as in
 * Kaggle's copy of Online Retail). Returns the wall time and an explicit offset in minutes when the
 * text carries one; null when the text is not a valid date.
 */
export function parseWallTime(text: string): { wall: WallTime; offsetMinutes: number | null } | null {
  const trimmed = text.trim();
  let m = ISO.exec(trimmed);
  let wall: WallTime;
  let offsetMinutes: number | null = null;
  if (m) {
    wall = { year: +m[1], month: +m[2], day: +m[3], hour: +(m[4] ?? 0), minute: +(m[5] ?? 0), second: +(m[6] ?? 0) };
    if (m[7]) {
      const zone = m[7];
      if (zone === 'Z') offsetMinutes = 0;
      else {
        const digits = zone.replace(':', '');
        offsetMinutes = (zone[0] === '-' ? -1 : 1) * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5)));
      }
    }
  } else {
    m = US.exec(trimmed);
    if (!m) return null;
    wall = { year: +m[3], month: +m[1], day: +m[2], hour: +(m[4] ?? 0), minute: +(m[5] ?? 0), second: +(m[6] ?? 0) };
  }
  return valid(wall) ? { wall, offsetMinutes } : null;
}

function declaredWallTime(declared: DeclaredDateFormat, text: string): { wall: WallTime; offsetMinutes: null } | null {
  const wall = declared.parse(text);
  return wall && valid(wall) ? { wall, offsetMinutes: null } : null;
}

/** The zone's offset (local − UTC, in ms) at an instant, straight from Intl, without any cache. */
export function exactOffset(format: Intl.DateTimeFormat, utcMs: number): number {
  const parts: Record<string, number> = {};
  for (const part of format.formatToParts(new Date(utcMs))) if (part.type !== 'literal') parts[part.type] = Number(part.value);
  return Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second) - utcMs;
}

/** The formatter exactOffset reads a zone's local time with. */
export function zoneFormat(timeZone: string): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
  });
}

export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Converts wall times of one zone to UTC; caches offsets per UTC day (per quarter hour on days with a clock change) and the last text parsed. */
export class ZonedDateParser {
  private readonly format: Intl.DateTimeFormat | null;
  /** Offset at the start of a quarter hour (days with a clock change only), and at the start of a UTC day. */
  private readonly offsets = new Map<number, number>();
  private readonly dayOffsets = new Map<number, number>();
  private lastBucket = Number.NaN;
  private lastOffset = 0;
  private lastWallBucket = Number.NaN;
  private lastWallOffset = 0;
  private lastText = '';
  private lastValue: number | null = null;

  /** With a declared format, only text in that format is a date (never zone-suffixed ISO or M/D/YYYY). */
  constructor(readonly timeZone: string, readonly declared: DeclaredDateFormat | null = null) {
    this.format = timeZone === 'UTC' ? null : zoneFormat(timeZone);
  }

  /** UTC epoch milliseconds, or null when the text is not a valid date. */
  parse(text: string): number | null {
    if (text === this.lastText) return this.lastValue;
    const parsed = this.declared ? declaredWallTime(this.declared, text) : parseWallTime(text);
    let value: number | null = null;
    if (parsed) {
      const { wall, offsetMinutes } = parsed;
      const wallMs = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
      value = offsetMinutes !== null ? wallMs - offsetMinutes * MINUTE : this.wallToUtc(wallMs);
    }
    this.lastText = text;
    this.lastValue = value;
    return value;
  }

  /**
   * Offset (local − UTC, in ms) of the zone at a UTC instant. A UTC day whose two ends have the same
   * offset takes it throughout (no zone changes its offset twice within a day and back); only a day
   * with a clock change is resolved per quarter hour. That is ~400 Intl calls a year of data instead
   * of one per quarter hour.
   */
  offsetAt(utcMs: number): number {
    if (!this.format) return 0;
    const bucket = Math.floor(utcMs / OFFSET_BUCKET);
    if (bucket === this.lastBucket) return this.lastOffset; // rows come roughly in time order
    const day = Math.floor(utcMs / DAY);
    const start = this.cachedOffset(this.dayOffsets, day, DAY);
    const offset = start === this.cachedOffset(this.dayOffsets, day + 1, DAY) ? start : this.cachedOffset(this.offsets, bucket, OFFSET_BUCKET);
    this.lastBucket = bucket;
    this.lastOffset = offset;
    return offset;
  }

  private cachedOffset(cache: Map<number, number>, bucket: number, size: number): number {
    let offset = cache.get(bucket);
    if (offset === undefined) {
      offset = exactOffset(this.format!, bucket * size);
      cache.set(bucket, offset);
    }
    return offset;
  }

  /**
   * A wall time (given as if it were UTC) → UTC. An ambiguous time (the repeated hour when clocks go
   * back) takes the earlier instant; a time skipped when clocks go forward is moved forward by the gap.
   * This is what java.time and Temporal call "compatible" disambiguation.
   */
  wallToUtc(wallMs: number): number {
    if (!this.format) return wallMs;
    // Offsets change on quarter-hour boundaries, so one answer holds for a whole quarter hour of wall time.
    const bucket = Math.floor(wallMs / OFFSET_BUCKET);
    if (bucket === this.lastWallBucket) return wallMs - this.lastWallOffset;
    const before = this.offsetAt(wallMs - DAY);
    const after = this.offsetAt(wallMs + DAY);
    let best: number | null = null;
    for (const offset of before === after ? [before] : [before, after]) {
      const candidate = wallMs - offset;
      if (this.offsetAt(candidate) === offset && (best === null || candidate < best)) best = candidate;
    }
    const utc = best ?? wallMs - before;
    this.lastWallBucket = bucket;
    this.lastWallOffset = wallMs - utc;
    return utc;
  }
}

/** A Date read from an xlsx cell holds the wall time in its UTC fields (Excel dates have no zone). */
export function excelDateToWallText(date: Date): string {
  // Excel stores days as a float: 08:26 can come back as 08:25:59.999, so round to the second.
  return new Date(Math.round(date.getTime() / 1000) * 1000).toISOString().slice(0, 19).replace('T', ' ');
}
