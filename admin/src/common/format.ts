/**
 * The demo data (UCI Online Retail) is priced in pounds sterling. When the server stores a
 * currency per tenant, read it from there instead of this constant.
 */
export const CURRENCY = 'GBP';

export const MONEY_OPTIONS = { style: 'currency', currency: CURRENCY } as const;

const moneyFormat = new Intl.NumberFormat('en-GB', MONEY_OPTIONS);

export function formatMoney(amount: number | null | undefined): string {
  return amount === null || amount === undefined ? '—' : moneyFormat.format(amount);
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
