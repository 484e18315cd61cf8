import { checkPurchaseData, checkSpendData, type DataCheck } from './data-minimums.js';
import { BgNbd } from './bg-nbd.js';
import { GammaGamma, type GammaGammaModel } from './gamma-gamma.js';
import { ParetoNbd } from './pareto-nbd.js';
import type { CustomerSummaries } from './summaries.js';
import type { PurchaseFitOptions, PurchaseModel, PurchaseModelKind, SpendFitOptions } from './value-model.js';

/*
 * The whole fit in one call, for the job that refreshes customer value: check the data against
 * the minimums (a clear list of what is missing, before any fitting), then fit the chosen
 * purchase model and the spend model on the same summaries.
 */

export interface CustomerValueFitOptions {
  /** Default 'bg-nbd'. */
  purchaseModel?: PurchaseModelKind;
  purchase?: PurchaseFitOptions;
  spend?: SpendFitOptions;
}

export type CustomerValueFit =
  | { ok: true; purchase: PurchaseModel; spend: GammaGammaModel; purchaseCheck: DataCheck; spendCheck: DataCheck }
  | { ok: false; purchaseCheck: DataCheck; spendCheck: DataCheck };

export function fitCustomerValueModels(summaries: CustomerSummaries, options: CustomerValueFitOptions = {}): CustomerValueFit {
  const purchaseOptions = options.purchase ?? {};
  const spendOptions = options.spend ?? {};
  const purchaseCheck = purchaseOptions.dataMinimums === false
    ? checkPurchaseData(summaries, summaries.timeUnit, { customers: 0, repeatCustomers: 0, customersWithThreeOrders: 0, historyDays: 0, recentOrderWithinDays: Infinity })
    : checkPurchaseData(summaries, summaries.timeUnit, purchaseOptions.dataMinimums ?? {});
  const spendCheck = spendOptions.dataMinimums === false
    ? checkSpendData(summaries.frequency, summaries.monetaryValue, { repeatCustomersWithSpend: 0 })
    : checkSpendData(summaries.frequency, summaries.monetaryValue, spendOptions.dataMinimums ?? {});
  if (!purchaseCheck.ok || !spendCheck.ok) return { ok: false, purchaseCheck, spendCheck };
  const estimator = (options.purchaseModel ?? 'bg-nbd') === 'pareto-nbd' ? new ParetoNbd(purchaseOptions) : new BgNbd(purchaseOptions);
  const purchase = estimator.fit(summaries);
  const spend = new GammaGamma(spendOptions).fit(summaries);
  return { ok: true, purchase, spend, purchaseCheck, spendCheck };
}
