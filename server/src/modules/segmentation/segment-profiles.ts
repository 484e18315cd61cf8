import type { Matrix } from '../../ml/index.js';
import type { SegmentationFeature } from './segmentation.params.js';

/** What a reader of a segment (persona naming) needs to know of it, relative to the whole base. */
export interface SegmentSummary {
  size: number;
  shareOfCustomers: number;
  revenueShare: number;
  meanRScore: number;
  meanFScore: number;
  meanMScore: number;
  meanRecencyDays: number;
  meanFrequency: number;
  meanMonetary: number;
  topCategories: string[];
}

export interface BaseSummary { meanRecencyDays: number; meanFrequency: number; meanMonetary: number }

/** The per-customer values profiles are made of, aligned with the feature matrix rows. */
export interface ProfileColumns {
  recencyDays: Float64Array; frequency: Float64Array; monetary: Float64Array; avgOrderValue: Float64Array;
  rScore: Uint8Array; fScore: Uint8Array; mScore: Uint8Array;
  rfmGroup: string[]; country: (string | null)[]; ageBand: (string | null)[];
  categoryShares: (Record<string, number> | null)[];
  sessions: Float64Array; productViews: Float64Array; cartAdds: Float64Array;
}

export interface SegmentProfile {
  size: number; shareOfCustomers: number; revenueShare: number;
  centroid: Record<string, number>;
  profile: {
    mean: Record<string, number>; median: Record<string, number>; meanScores: { r: number; f: number; m: number };
    topCategories: { category: string; share: number }[]; countries: { country: string; share: number }[];
    ageBands: { band: string; share: number }[]; rfmGroups: { group: string; share: number }[];
    browsing: { sessions: number; productViews: number; cartAdds: number };
  };
  summary: SegmentSummary;
}

function median(values: number[]): number {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function shares(values: (string | null)[], top: number): { key: string; share: number }[] {
  const counts = new Map<string, number>();
  for (const v of values) if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
  const total = values.length || 1;
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, top).map(([key, n]) => ({ key, share: n / total }));
}

const round = (v: number, digits = 4) => Math.round(v * 10 ** digits) / 10 ** digits;

/** Size, revenue share, centroid in original units and a readable profile for every segment. */
export function profileSegments(raw: Matrix, features: SegmentationFeature[], labels: Int32Array, k: number, cols: ProfileColumns): SegmentProfile[] {
  const members: number[][] = Array.from({ length: k }, () => []);
  for (let i = 0; i < labels.length; i++) members[labels[i]].push(i);
  const totalRevenue = cols.monetary.reduce((s, v) => s + Math.max(0, v), 0) || 1;
  const n = labels.length || 1;
  return members.map((rows) => {
    const mean = (a: ArrayLike<number>) => (rows.length ? rows.reduce((s, i) => s + a[i], 0) / rows.length : 0);
    const centroid = Object.fromEntries(features.map((f, j) => [f, round(rows.reduce((s, i) => s + raw.data[i * raw.cols + j], 0) / Math.max(1, rows.length))]));
    const categoryTotals = new Map<string, number>();
    for (const i of rows) for (const [cat, share] of Object.entries(cols.categoryShares[i] ?? {})) categoryTotals.set(cat, (categoryTotals.get(cat) ?? 0) + share);
    const topCategories = [...categoryTotals].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 5)
      .map(([category, total]) => ({ category, share: round(total / Math.max(1, rows.length)) }));
    const revenue = rows.reduce((s, i) => s + Math.max(0, cols.monetary[i]), 0);
    const meanOf = { recencyDays: mean(cols.recencyDays), frequency: mean(cols.frequency), monetary: mean(cols.monetary), avgOrderValue: mean(cols.avgOrderValue) };
    const meanScores = { r: mean(cols.rScore), f: mean(cols.fScore), m: mean(cols.mScore) };
    return {
      size: rows.length, shareOfCustomers: round(rows.length / n), revenueShare: round(revenue / totalRevenue), centroid,
      profile: {
        mean: Object.fromEntries(Object.entries(meanOf).map(([key, v]) => [key, round(v, 2)])),
        median: {
          recencyDays: median(rows.map((i) => cols.recencyDays[i])), frequency: median(rows.map((i) => cols.frequency[i])),
          monetary: round(median(rows.map((i) => cols.monetary[i])), 2), avgOrderValue: round(median(rows.map((i) => cols.avgOrderValue[i])), 2),
        },
        meanScores: { r: round(meanScores.r, 2), f: round(meanScores.f, 2), m: round(meanScores.m, 2) },
        topCategories,
        countries: shares(rows.map((i) => cols.country[i]), 5).map(({ key, share }) => ({ country: key, share: round(share) })),
        ageBands: shares(rows.map((i) => cols.ageBand[i]), 8).map(({ key, share }) => ({ band: key, share: round(share) })),
        rfmGroups: shares(rows.map((i) => cols.rfmGroup[i]), 11).map(({ key, share }) => ({ group: key, share: round(share) })),
        browsing: { sessions: round(mean(cols.sessions), 2), productViews: round(mean(cols.productViews), 2), cartAdds: round(mean(cols.cartAdds), 2) },
      },
      summary: {
        size: rows.length, shareOfCustomers: rows.length / n, revenueShare: revenue / totalRevenue,
        meanRScore: meanScores.r, meanFScore: meanScores.f, meanMScore: meanScores.m,
        meanRecencyDays: meanOf.recencyDays, meanFrequency: meanOf.frequency, meanMonetary: meanOf.monetary,
        topCategories: topCategories.map((c) => c.category),
      },
    };
  });
}
