import { AppError } from '../../errors.js';
import { TIME_UNITS, type PurchaseModelKind, type TimeUnit } from '../../ml/value/index.js';

/**
 * What a customer-value version is fitted and scored with, as the version stores it (enough to
 * reproduce it). The CLV settings are the defaults until per-data-set settings exist.
 */
export interface CustomerValueParams {
  /** Orders before this instant are read (ISO; null = the day after the last order). */
  asOf: string | null;
  timeUnit: TimeUnit;
  purchaseModel: PurchaseModelKind;
  /** CLV and expected-purchases horizon, days. */
  horizonDays: number;
  /** Share of revenue kept as profit, (0, 1]. */
  margin: number;
  annualDiscountRate: number;
  /** Churn risk = 1 − P(alive this many days after the as-of date). */
  churnHorizonDays: number;
  /** The holdout report fits on the orders before as-of − this many days and checks the rest (0 = no report). */
  holdoutDays: number;
  restarts: number;
  seed: number;
  /**
   * Whether the new version becomes active and scores everyone when it succeeds. Null: only when
   * no version is active yet (later ones wait for activation, like the other kinds).
   */
  activate: boolean | null;
}

export const DEFAULT_VALUE_PARAMS: CustomerValueParams = {
  asOf: null, timeUnit: 'weeks', purchaseModel: 'bg-nbd', horizonDays: 365, margin: 1, annualDiscountRate: 0.1, churnHorizonDays: 0,
  holdoutDays: 90, restarts: 3, seed: 0, activate: null,
};

const defined = <T extends object>(input: Partial<T> | undefined): Partial<T> =>
  Object.fromEntries(Object.entries(input ?? {}).filter(([, v]) => v !== undefined && v !== null)) as Partial<T>;

/** Fills the defaults and checks every value; each problem names its parameter. */
export function resolveValueParams(input: Partial<CustomerValueParams> = {}): CustomerValueParams {
  const params: CustomerValueParams = { ...DEFAULT_VALUE_PARAMS, ...defined(input), activate: input.activate ?? null };
  const bad = (message: string) => new AppError('BAD_USER_INPUT', message);
  if (params.asOf !== null && Number.isNaN(Date.parse(params.asOf))) throw bad(`asOf must be a date (YYYY-MM-DD), got "${String(params.asOf).slice(0, 40)}"`);
  if (!TIME_UNITS.includes(params.timeUnit)) throw bad(`timeUnit must be one of ${TIME_UNITS.join(', ')}`);
  if (params.purchaseModel !== 'bg-nbd' && params.purchaseModel !== 'pareto-nbd') throw bad('purchaseModel must be bg-nbd or pareto-nbd');
  const range = (name: keyof CustomerValueParams, min: number, max: number, integer = false) => {
    const value = params[name] as number;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
      throw bad(`${name} must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max}`);
    }
  };
  range('horizonDays', 1, 3650);
  range('annualDiscountRate', 0, 1);
  range('churnHorizonDays', 0, 3650);
  range('holdoutDays', 0, 3650, true);
  range('restarts', 1, 20, true);
  range('seed', 0, 2 ** 31 - 1, true);
  if (!(typeof params.margin === 'number' && params.margin > 0 && params.margin <= 1)) throw bad('margin must be a share of revenue in (0, 1]');
  return params;
}
