/*
 * Public surface of the customer-value models (pure: typed arrays in, typed arrays and JSON out):
 * summaries from orders, data minimums, BG/NBD, Pareto/NBD and Gamma-Gamma estimators and their
 * fitted models, per-customer scores (expected purchases, P(alive), churn risk, next order, CLV,
 * percentile), the holdout report, model persistence and synthetic data.
 */
export {
  DAYS_PER_UNIT, MS_PER_DAY, TIME_UNITS, daysToUnits, summariseTransactions, validatePurchaseHistory,
  type CustomerSummaries, type PurchaseHistory, type PurchasePeriod, type SummariseOptions, type TimeUnit, type Transactions,
} from './summaries.js';
export {
  DEFAULT_DATA_MINIMUMS, DEFAULT_SPEND_MINIMUMS, assertDataCheck, checkPurchaseData, checkSpendData,
  type DataCheck, type DataMinimums, type DataProblem, type DataProblemCode, type SpendMinimums,
} from './data-minimums.js';
export {
  VALUE_MODEL_FORMAT, VALUE_MODEL_FORMAT_VERSION,
  type HistoryInput, type PurchaseFitOptions, type PurchaseModel, type PurchaseModelKind, type SpendFitOptions, type ValueModelKind, type ValueModelState,
} from './value-model.js';
export type { FitDiagnostics, MaximumLikelihoodOptions, RunDiagnostics } from './maximum-likelihood.js';
export {
  BG_NBD_PARAMS, BgNbd, BgNbdModel, bgNbdExpectedPurchases, bgNbdLogLikelihood, bgNbdProbabilityAlive, bgNbdProbabilityAliveAt,
  type BgNbdParams, type BgNbdState,
} from './bg-nbd.js';
export {
  PARETO_NBD_PARAMS, ParetoNbd, ParetoNbdModel, paretoNbdExpectedPurchases, paretoNbdLogLikelihood, paretoNbdProbabilityAlive, paretoNbdProbabilityAliveAt,
  type ParetoNbdParams, type ParetoNbdState,
} from './pareto-nbd.js';
export {
  GAMMA_GAMMA_PARAMS, GammaGamma, GammaGammaModel, gammaGammaExpectedSpend, gammaGammaLogLikelihood,
  type GammaGammaParams, type GammaGammaState, type SpendFacts, type SpendInput,
} from './gamma-gamma.js';
export {
  DEFAULT_CLV_SETTINGS, customerLifetimeValue, percentileRanks, resolveScoringSettings, scoreCustomers,
  type ClvSettings, type CustomerScores, type ScoringSettings,
} from './scoring.js';
export { holdoutReport, type FrequencyGroup, type HoldoutReport, type HoldoutReportOptions } from './evaluation.js';
export { fitCustomerValueModels, type CustomerValueFit, type CustomerValueFitOptions } from './customer-value.js';
export { loadValueModel, serializeValueModel, type ValueModel } from './value-model-io.js';
export { sampleGamma, simulateBgNbd, type BgNbdSimulationOptions, type SimulatedCustomers } from './synthetic.js';
