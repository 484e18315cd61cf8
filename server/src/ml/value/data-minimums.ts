import { invalidInput } from '../matrix.js';
import { DAYS_PER_UNIT, type PurchaseHistory, type TimeUnit } from './summaries.js';

/*
 * What the models need before their output means anything, stated the way marketers read it
 * (customers, repeat customers, days of history, recent orders), with the shortfall spelled out.
 * The defaults follow what commercial tools ask for before they show predictions (500 customers
 * with an order, 180 days of history, orders in the last 30 days, some customers with 3+ orders)
 * plus enough repeat buyers for the purchase and spend models' few parameters.
 */

export interface DataMinimums {
  /** Customers with at least one order in the calibration period. */
  customers: number;
  /** Customers with at least one repeat purchase (2+ orders). */
  repeatCustomers: number;
  /** Customers with at least two repeat purchases (3+ orders). */
  customersWithThreeOrders: number;
  /** Days from the earliest first purchase to the calibration end. */
  historyDays: number;
  /** At least one purchase this many days before the calibration end or later. */
  recentOrderWithinDays: number;
}

export const DEFAULT_DATA_MINIMUMS: Readonly<DataMinimums> = {
  customers: 500,
  repeatCustomers: 100,
  customersWithThreeOrders: 20,
  historyDays: 180,
  recentOrderWithinDays: 30,
};

export interface SpendMinimums {
  /** Customers with at least one repeat purchase of positive value. */
  repeatCustomersWithSpend: number;
}

export const DEFAULT_SPEND_MINIMUMS: Readonly<SpendMinimums> = { repeatCustomersWithSpend: 100 };

export type DataProblemCode =
  | 'too-few-customers' | 'too-few-repeat-customers' | 'too-few-customers-with-three-orders'
  | 'history-too-short' | 'no-recent-orders' | 'too-few-repeat-customers-with-spend';

export interface DataProblem {
  code: DataProblemCode;
  message: string;
  required: number;
  actual: number;
}

export interface DataCheck {
  ok: boolean;
  problems: DataProblem[];
  facts: { customers: number; repeatCustomers: number; customersWithThreeOrders: number; historyDays: number; daysSinceLastOrder: number };
}

/** Checks a purchase history against the minimums; `timeUnit` converts its times to days. */
export function checkPurchaseData(history: PurchaseHistory, timeUnit: TimeUnit, minimums: Partial<DataMinimums> = {}): DataCheck {
  const limits = { ...DEFAULT_DATA_MINIMUMS, ...minimums };
  const days = DAYS_PER_UNIT[timeUnit];
  const { frequency, recency, age } = history;
  let repeatCustomers = 0;
  let customersWithThreeOrders = 0;
  let maxAge = 0;
  let sinceLastOrder = Infinity;
  for (let i = 0; i < frequency.length; i++) {
    if (frequency[i] >= 1) repeatCustomers++;
    if (frequency[i] >= 2) customersWithThreeOrders++;
    maxAge = Math.max(maxAge, age[i]);
    sinceLastOrder = Math.min(sinceLastOrder, age[i] - recency[i]);
  }
  const facts = {
    customers: frequency.length,
    repeatCustomers,
    customersWithThreeOrders,
    historyDays: maxAge * days,
    daysSinceLastOrder: sinceLastOrder * days,
  };
  const problems: DataProblem[] = [];
  const need = (code: DataProblemCode, required: number, actual: number, message: string): void => {
    problems.push({ code, required, actual, message });
  };
  if (facts.customers < limits.customers) {
    need('too-few-customers', limits.customers, facts.customers, `${facts.customers} customers have ordered; the models need at least ${limits.customers}`);
  }
  if (repeatCustomers < limits.repeatCustomers) {
    need('too-few-repeat-customers', limits.repeatCustomers, repeatCustomers, `${repeatCustomers} customers have ordered more than once; at least ${limits.repeatCustomers} are needed to learn how often customers come back`);
  }
  if (customersWithThreeOrders < limits.customersWithThreeOrders) {
    need('too-few-customers-with-three-orders', limits.customersWithThreeOrders, customersWithThreeOrders, `${customersWithThreeOrders} customers have 3 or more orders; at least ${limits.customersWithThreeOrders} are needed to tell lapsed customers from slow ones`);
  }
  if (facts.historyDays < limits.historyDays) {
    need('history-too-short', limits.historyDays, facts.historyDays, `the order history spans ${Math.round(facts.historyDays)} days; at least ${limits.historyDays} are needed`);
  }
  if (!(facts.daysSinceLastOrder <= limits.recentOrderWithinDays)) {
    const actual = Number.isFinite(facts.daysSinceLastOrder) ? facts.daysSinceLastOrder : -1;
    need('no-recent-orders', limits.recentOrderWithinDays, actual, Number.isFinite(facts.daysSinceLastOrder)
      ? `the latest order is ${Math.round(facts.daysSinceLastOrder)} days before the end of the data; an order within the last ${limits.recentOrderWithinDays} days is needed (is the data up to date?)`
      : 'there are no orders');
  }
  return { ok: problems.length === 0, problems, facts };
}

/** Checks the spend data for the Gamma-Gamma model. */
export function checkSpendData(frequency: ArrayLike<number>, monetaryValue: ArrayLike<number>, minimums: Partial<SpendMinimums> = {}): DataCheck {
  const limits = { ...DEFAULT_SPEND_MINIMUMS, ...minimums };
  let withSpend = 0;
  for (let i = 0; i < frequency.length; i++) if (frequency[i] >= 1 && monetaryValue[i] > 0) withSpend++;
  const problems: DataProblem[] = [];
  if (withSpend < limits.repeatCustomersWithSpend) {
    problems.push({
      code: 'too-few-repeat-customers-with-spend', required: limits.repeatCustomersWithSpend, actual: withSpend,
      message: `${withSpend} customers have repeat purchases with a positive value; at least ${limits.repeatCustomersWithSpend} are needed to learn spend per order`,
    });
  }
  return {
    ok: problems.length === 0,
    problems,
    facts: { customers: frequency.length, repeatCustomers: withSpend, customersWithThreeOrders: NaN, historyDays: NaN, daysSinceLastOrder: NaN },
  };
}

/** Throws the check's explanation as a client error, listing every shortfall. */
export function assertDataCheck(check: DataCheck, model: string): void {
  if (check.ok) return;
  throw invalidInput(`not enough data to fit ${model}: ${check.problems.map((p) => p.message).join('; ')}`, { problems: check.problems });
}
