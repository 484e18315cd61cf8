/**
 * The one place the UI formats dates and money. Every screen formats through these, so a page
 * never shows 12/1/2010 beside 07/12/2026: one locale (the browser's), unambiguous month names,
 * UTC (the server stores times in UTC; "as of" dates are days, not local midnights).
 */
export const UI_LOCALE: string = (typeof navigator !== 'undefined' && navigator.language) || 'en-GB';

/**
 * The reporting currency. The demo data (UCI Online Retail) is priced in pounds sterling; until a
 * data set's settings record holds the currency, this is the one definition every amount uses.
 */
export const CURRENCY = 'GBP';

export const MONEY_OPTIONS = { style: 'currency', currency: CURRENCY } as const;

const moneyFormat = new Intl.NumberFormat(UI_LOCALE, MONEY_OPTIONS);
const wholeMoneyFormat = new Intl.NumberFormat(UI_LOCALE, { ...MONEY_OPTIONS, maximumFractionDigits: 0 });

/** £1,234.50 (with the reporting currency's symbol); `whole` drops the pence for large figures. */
export function formatMoney(amount: number | null | undefined, opts: { whole?: boolean } = {}): string {
  if (amount === null || amount === undefined || Number.isNaN(amount)) return '—';
  return (opts.whole ? wholeMoneyFormat : moneyFormat).format(amount);
}

const dateFormat = new Intl.DateTimeFormat(UI_LOCALE, { dateStyle: 'medium', timeZone: 'UTC' });
const dateTimeFormat = new Intl.DateTimeFormat(UI_LOCALE, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
const monthFormat = new Intl.DateTimeFormat(UI_LOCALE, { month: 'short', year: 'numeric', timeZone: 'UTC' });

/** "1 Dec 2010" (en-GB) or "Dec 1, 2010" (en-US); with `time`, "1 Dec 2010, 14:05" in UTC. */
export function formatDate(value: string | number | Date | null | undefined, opts: { time?: boolean } = {}): string {
  if (value === null || value === undefined || value === '') return '—';
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return '—';
  return (opts.time ? dateTimeFormat : dateFormat).format(date);
}

/** "Dec 2010": for monthly series. */
export function formatMonth(value: string | number | Date): string {
  return monthFormat.format(value instanceof Date ? value : new Date(value));
}

/** "2 h 05 min", "3 min 20 s", "45 s": for job ETAs. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '—';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}

export const toChoices = (values: readonly string[]) => values.map((value) => ({ id: value, name: value.replace(/_/g, ' ') }));

/** 0.1234 → "12.3%". */
export function formatPercent(share: number | null | undefined, digits = 1): string {
  return share === null || share === undefined ? '—' : `${(share * 100).toFixed(digits)}%`;
}
