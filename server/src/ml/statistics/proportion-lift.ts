/**
 * Treatment-versus-control statistics. Pure functions: counts in, rates and intervals out.
 *
 * Lift is the difference of two proportions, p_T − p_C, in proportion points (0.01 = one
 * percentage point). Its 95% interval is Newcombe's hybrid score interval, which keeps its
 * coverage with small groups and rates near 0 or 1; `standardError` is the unpooled
 * normal-approximation one, √(p_T(1−p_T)/n_T + p_C(1−p_C)/n_C), for reference. With an empty
 * group everything is undefined (null). Incremental revenue gets a seeded bootstrap interval
 * (ml/statistics/incremental-revenue.ts), and incremental ROI the same interval mapped through
 * (revenue − cost) / cost.
 */
import { incrementalRevenueInterval, type IncrementalRevenueInterval } from './incremental-revenue.js';
import { newcombeDifference, Z_95 } from './proportion-intervals.js';

export { Z_95 };

export interface GroupTally {
  members: number; responses: number; conversions: number; revenue: number;
  /** The members' non-zero revenues, for the incremental revenue interval (absent: no interval). */
  nonZeroRevenues?: number[];
}

export interface Lift {
  treatmentRate: number | null;
  controlRate: number | null;
  /** p_T − p_C, in proportion points (0.01 = one percentage point). */
  difference: number | null;
  /** (p_T − p_C) / p_C; null when the control rate is 0. */
  relative: number | null;
  standardError: number | null;
  ciLower: number | null;
  ciUpper: number | null;
  /** The 95% interval excludes 0. */
  significant: boolean;
}

const rate = (k: number, n: number): number | null => (n > 0 ? k / n : null);

export function proportionLift(kT: number, nT: number, kC: number, nC: number): Lift {
  const pT = rate(kT, nT), pC = rate(kC, nC);
  if (pT === null || pC === null) return { treatmentRate: pT, controlRate: pC, difference: null, relative: null, standardError: null, ciLower: null, ciUpper: null, significant: false };
  const difference = pT - pC;
  const standardError = Math.sqrt((pT * (1 - pT)) / nT + (pC * (1 - pC)) / nC);
  const { lower: ciLower, upper: ciUpper } = newcombeDifference(kT, nT, kC, nC)!;
  return { treatmentRate: pT, controlRate: pC, difference, relative: pC > 0 ? difference / pC : null, standardError, ciLower, ciUpper, significant: ciLower > 0 || ciUpper < 0 };
}

export interface CampaignStats {
  contacts: number;
  controlMembers: number;
  responses: number;
  conversions: number;
  revenue: number;
  cost: number;
  /** Gross ROI, (revenue − cost) / cost, counting every treatment order as the campaign's; null when nothing was spent. */
  grossRoi: number | null;
  responseLift: Lift;
  conversionLift: Lift;
  revenuePerContact: number | null;
  revenuePerControlMember: number | null;
  /** (revenue per contact − revenue per control member) × contacts. */
  incrementalRevenue: number | null;
  /** 95% interval of the incremental revenue; null without a control group or without revenue values. */
  incrementalRevenueInterval: IncrementalRevenueInterval | null;
  incrementalResponses: number | null;
  incrementalConversions: number | null;
  /** (incremental revenue − cost) / cost: the headline ROI. */
  incrementalRoi: number | null;
  /** The incremental revenue interval mapped through (x − cost) / cost. */
  incrementalRoiLower: number | null;
  incrementalRoiUpper: number | null;
}

/** `cost` is what the contacts cost (the caller allocates fixed cost to breakdown groups). */
export interface CampaignStatsOptions {
  seed?: number;
  samples?: number;
  /** How the incremental revenue interval is computed (a caller may put a memo in front of it). */
  interval?: typeof incrementalRevenueInterval;
}

export function campaignStats(treatment: GroupTally, control: GroupTally, cost: number, opts: CampaignStatsOptions = {}): CampaignStats {
  const responseLift = proportionLift(treatment.responses, treatment.members, control.responses, control.members);
  const conversionLift = proportionLift(treatment.conversions, treatment.members, control.conversions, control.members);
  const revenuePerContact = rate(treatment.revenue, treatment.members);
  const revenuePerControlMember = rate(control.revenue, control.members);
  const incrementalRevenue = revenuePerContact !== null && revenuePerControlMember !== null ? (revenuePerContact - revenuePerControlMember) * treatment.members : null;
  const interval = treatment.nonZeroRevenues && control.nonZeroRevenues
    ? (opts.interval ?? incrementalRevenueInterval)({ members: treatment.members, nonZero: treatment.nonZeroRevenues }, { members: control.members, nonZero: control.nonZeroRevenues }, { seed: opts.seed ?? 1, samples: opts.samples })
    : null;
  const roiOf = (revenue: number | null) => (revenue !== null && cost > 0 ? (revenue - cost) / cost : null);
  return {
    contacts: treatment.members, controlMembers: control.members, responses: treatment.responses, conversions: treatment.conversions,
    revenue: treatment.revenue, cost, grossRoi: roiOf(treatment.revenue),
    responseLift, conversionLift, revenuePerContact, revenuePerControlMember, incrementalRevenue, incrementalRevenueInterval: interval,
    incrementalRoiLower: roiOf(interval?.lower ?? null), incrementalRoiUpper: roiOf(interval?.upper ?? null),
    incrementalResponses: responseLift.difference === null ? null : responseLift.difference * treatment.members,
    incrementalConversions: conversionLift.difference === null ? null : conversionLift.difference * treatment.members,
    incrementalRoi: roiOf(incrementalRevenue),
  };
}
