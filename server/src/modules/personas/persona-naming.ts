import { rfmGroup, type RfmGroup } from '../features/index.js';
import type { BaseSummary, SegmentSummary } from '../segmentation/index.js';

export interface PersonaDraft { rfmVocabulary: RfmGroup; name: string; description: string; plays: string[] }

/** Suggested plays per RFM group: what a marketer would do next with these customers. */
export const PLAYS: Record<RfmGroup, string[]> = {
  Champions: ['Reward them: loyalty perks and early access to new products', 'Ask for reviews and referrals', 'Avoid discounts they do not need'],
  Loyal: ['Upsell higher-value products', 'Invite them to a loyalty programme', 'Ask for reviews'],
  'Potential Loyalist': ['Offer a membership or loyalty programme', 'Recommend products from their favourite categories'],
  'New Customers': ['Onboarding series: welcome, how-to, second-purchase incentive', 'Build the relationship before pushing offers'],
  Promising: ['Create brand awareness', 'Free trials or samples of best sellers'],
  'Need Attention': ['Limited-time offers', 'Recommendations based on past purchases'],
  'About to Sleep': ['Reactivate with popular products and a modest discount', 'Share relevant new arrivals'],
  'At Risk': ['Personalised win-back e-mails', 'Offer a renewal or comeback incentive', 'Ask what went wrong'],
  "Can't Lose Them": ['Win them back with new products or a strong offer', 'Reach out personally; do not lose them to a competitor'],
  Hibernating: ['Relevant offers at a low contact cost', 'Recreate brand value with special discounts'],
  Lost: ['One last reactivation campaign', 'Otherwise stop spending on them (suppress from paid channels)'],
};

function relative(value: number, base: number): string {
  if (!(base > 0)) return '';
  const ratio = value / base;
  if (ratio >= 1.15) return `${ratio.toFixed(1)}× the base average`;
  if (ratio <= 0.85) return `${Math.round(ratio * 100)}% of the base average`;
  return 'about the base average';
}

const money = (v: number) => v.toLocaleString('en-GB', { maximumFractionDigits: 0 });

/** Names and describes each segment from its centroid relative to the base, in the RFM vocabulary. */
export function draftPersonas(segments: SegmentSummary[], base: BaseSummary): PersonaDraft[] {
  const groups = segments.map((s) => rfmGroup(Math.round(s.meanRScore), Math.round(s.meanFScore)));
  const names = groups.map((group, i) => {
    const same = groups.filter((g) => g === group).length > 1;
    if (!same) return group;
    const m = segments[i].meanMScore;
    return m >= 3.5 ? `High-spending ${group}` : m <= 2.5 ? `Low-spending ${group}` : group;
  });
  // Still equal after the spend qualifier: number them by size.
  const seen = new Map<string, number>();
  const unique = names.map((name) => {
    const count = (seen.get(name) ?? 0) + 1;
    seen.set(name, count);
    return count === 1 ? name : `${name} ${count}`;
  });
  return segments.map((s, i) => {
    const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
    const description = [
      `${s.size.toLocaleString('en-GB')} customers (${pct(s.shareOfCustomers)} of the base) bringing ${pct(s.revenueShare)} of revenue.`,
      `They last bought ${Math.round(s.meanRecencyDays)} days ago on average (${relative(s.meanRecencyDays, base.meanRecencyDays)}),`,
      `ordered ${s.meanFrequency.toFixed(1)} times (${relative(s.meanFrequency, base.meanFrequency)})`,
      `and spent ${money(s.meanMonetary)} each (${relative(s.meanMonetary, base.meanMonetary)}).`,
      s.topCategories.length ? `Top categories: ${s.topCategories.slice(0, 3).join(', ')}.` : '',
    ].filter(Boolean).join(' ');
    return { rfmVocabulary: groups[i], name: unique[i], description, plays: PLAYS[groups[i]] };
  });
}
