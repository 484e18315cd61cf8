/**
 * Treatment-versus-control statistics. Pure functions: counts in, rates and intervals out.
 *
 * Lift is the difference of two proportions, p_T − p_C, with the unpooled normal-approximation
 * (Wald) standard error SE = √(p_T(1−p_T)/n_T + p_C(1−p_C)/n_C) and the 95% interval
 * (p_T − p_C) ± 1.959963984540054·SE. It is a large-sample approximation: with few members or
 * rates near 0 or 1 the interval is too narrow, and with an empty group it is undefined (null).
 */
export const Z_95 = 1.959963984540054;

export interface GroupTally { members: number; responses: number; conversions: number; revenue: number }

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
  const ciLower = difference - Z_95 * standardError, ciUpper = difference + Z_95 * standardError;
  return { treatmentRate: pT, controlRate: pC, difference, relative: pC > 0 ? difference / pC : null, standardError, ciLower, ciUpper, significant: ciLower > 0 || ciUpper < 0 };
}

export interface CampaignStats {
  contacts: number;
  controlMembers: number;
  responses: number;
  conversions: number;
  revenue: number;
  cost: number;
  /** (revenue − cost) / cost; null when nothing was spent. */
  roi: number | null;
  responseLift: Lift;
  conversionLift: Lift;
  revenuePerContact: number | null;
  revenuePerControlMember: number | null;
  /** (revenue per contact − revenue per control member) × contacts. */
  incrementalRevenue: number | null;
  incrementalResponses: number | null;
  incrementalConversions: number | null;
  /** (incremental revenue − cost) / cost. */
  incrementalRoi: number | null;
}

/** `cost` is what the contacts cost (the caller allocates fixed cost to breakdown groups). */
export function campaignStats(treatment: GroupTally, control: GroupTally, cost: number): CampaignStats {
  const responseLift = proportionLift(treatment.responses, treatment.members, control.responses, control.members);
  const conversionLift = proportionLift(treatment.conversions, treatment.members, control.conversions, control.members);
  const revenuePerContact = rate(treatment.revenue, treatment.members);
  const revenuePerControlMember = rate(control.revenue, control.members);
  const incrementalRevenue = revenuePerContact !== null && revenuePerControlMember !== null ? (revenuePerContact - revenuePerControlMember) * treatment.members : null;
  return {
    contacts: treatment.members, controlMembers: control.members, responses: treatment.responses, conversions: treatment.conversions,
    revenue: treatment.revenue, cost, roi: cost > 0 ? (treatment.revenue - cost) / cost : null,
    responseLift, conversionLift, revenuePerContact, revenuePerControlMember, incrementalRevenue,
    incrementalResponses: responseLift.difference === null ? null : responseLift.difference * treatment.members,
    incrementalConversions: conversionLift.difference === null ? null : conversionLift.difference * treatment.members,
    incrementalRoi: incrementalRevenue !== null && cost > 0 ? (incrementalRevenue - cost) / cost : null,
  };
}
