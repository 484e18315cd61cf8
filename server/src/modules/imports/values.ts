// Strict parsers for the scalar values of an import row. They return null for "not a valid value"
// so the caller can reject the row with the column name; none of them throws.

const INTEGER = /^[+-]?\d+(?:\.0*)?$/;

/** Largest quantity accepted: beyond it, quantity × price no longer fits the amount column exactly. */
export const MAX_ABS_QUANTITY = 1_000_000_000;

/**
 * A copy of row text that is kept for the whole import (a key in a set or map). The CSV reader cuts
 * fields out of ~64 KB chunks of the file, and V8 keeps a substring of 13+ characters as a view that
 * holds its whole chunk alive; concatenating first makes V8 copy it, so only the key stays in memory.
 */
export function ownCopy(text: string): string {
  return text.length < 13 ? text : (` ${text}`).slice(1);
}

export function parseInteger(raw: string): number | null {
  const text = raw.trim();
  if (!INTEGER.test(text)) return null;
  const value = Number.parseInt(text, 10);
  return Math.abs(value) <= MAX_ABS_QUANTITY ? value : null;
}

/**
 * A decimal as an integer number of thousandths, parsed from the digits (no binary floating point),
 * rounded half away from zero at the third decimal: unit_price is DECIMAL(12,3). A comma is accepted
 * as the decimal separator only when the file's delimiter is not a comma (European CSV).
 */
export function parseDecimalMilli(raw: string, allowDecimalComma = false): number | null {
  let text = raw.trim();
  if (allowDecimalComma && text.indexOf(',') !== -1 && text.indexOf('.') === -1) text = text.replace(',', '.');
  // [+-]digits[.digits], read character by character (this runs for every row).
  const length = text.length;
  let at = 0;
  let negative = false;
  if (at < length && (text.charCodeAt(at) === 43 /* + */ || text.charCodeAt(at) === 45 /* - */)) negative = text.charCodeAt(at++) === 45;
  let whole = 0;
  let wholeDigits = 0;
  for (let c = text.charCodeAt(at); at < length && c >= 48 && c <= 57; c = text.charCodeAt(++at)) {
    whole = whole * 10 + (c - 48);
    wholeDigits++;
  }
  let fraction = 0;
  let fractionDigits = 0;
  let roundUp = false;
  if (at < length && text.charCodeAt(at) === 46 /* . */) {
    at++;
    for (let c = text.charCodeAt(at); at < length && c >= 48 && c <= 57; c = text.charCodeAt(++at)) {
      if (fractionDigits < 3) fraction = fraction * 10 + (c - 48);
      else if (fractionDigits === 3) roundUp = c >= 53; // half away from zero at the third decimal
      fractionDigits++;
    }
  }
  if (at !== length || (wholeDigits === 0 && fractionDigits === 0) || wholeDigits > 9) return null;
  for (let d = Math.min(fractionDigits, 3); d < 3; d++) fraction *= 10;
  const milli = whole * 1000 + fraction + (roundUp ? 1 : 0);
  return negative ? -milli : milli;
}

/** Amount in cents of quantity × price (price in thousandths), half away from zero. */
export function lineAmountCents(quantity: number, priceMilli: number): number {
  const tenthsOfCent = quantity * priceMilli;
  return Math.sign(tenthsOfCent) * Math.floor((Math.abs(tenthsOfCent) + 5) / 10);
}

function fixed(value: number, scale: number): string {
  const sign = value < 0 ? '-' : '';
  const digits = String(Math.abs(value)).padStart(scale + 1, '0');
  return `${sign}${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
}

export const formatMilli = (milli: number): string => fixed(milli, 3);
export const formatCents = (cents: number): string => fixed(cents, 2);

const TRUE_WORDS = new Set(['1', 'true', 'yes', 'y', 't']);
const FALSE_WORDS = new Set(['0', 'false', 'no', 'n', 'f', '']);

/** Empty means false: consent is never assumed. Returns null for anything else unrecognised. */
export function parseFlag(raw: string): boolean | null {
  const text = raw.trim().toLowerCase();
  if (TRUE_WORDS.has(text)) return true;
  if (FALSE_WORDS.has(text)) return false;
  return null;
}

/** Online Retail exports written by pandas turn CustomerID into a float ("17850.0"). */
export function normalizeExternalId(raw: string): string | null {
  const text = raw.trim();
  if (text === '') return null;
  return /^\d+\.0+$/.test(text) ? text.slice(0, text.indexOf('.')) : text;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const isEmail = (text: string): boolean => EMAIL.test(text);
