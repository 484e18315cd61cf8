/** The shape of Segment.profile (server: segment-profiles.ts), as the persona cards read it. */
export interface SegmentProfile {
  mean?: Record<string, number>;
  median?: Record<string, number>;
  meanScores?: { r: number; f: number; m: number };
  topCategories?: { category: string; share: number }[];
  countries?: { country: string; share: number }[];
  ageBands?: { band?: string; ageBand?: string; share: number }[];
  rfmGroups?: { group: string; share: number }[];
  browsing?: { sessions: number; productViews: number; cartAdds: number };
}

export interface PersonaRecord {
  id: string;
  name: string;
  description: string;
  plays: string[];
  rfmVocabulary: string;
  edited: boolean;
  version: number;
  segment: {
    id: string; label: number; size: number; revenueShare: number; shareOfCustomers: number; profile: SegmentProfile;
  };
}

export interface SegmentRecommendations {
  products: { product: { stockCode: string; description: string | null } | null; penetration: number; lift: number }[];
  categories: { key: string; penetration: number; lift: number }[];
}

/** Base-wide mean R, F and M scores: the size-weighted mean over every segment of the run. */
export function baseScores(personas: PersonaRecord[]): { r: number; f: number; m: number } | null {
  let n = 0, r = 0, f = 0, m = 0;
  for (const p of personas) {
    const s = p.segment?.profile?.meanScores;
    if (!s) continue;
    n += p.segment.size; r += s.r * p.segment.size; f += s.f * p.segment.size; m += s.m * p.segment.size;
  }
  return n ? { r: r / n, f: f / n, m: m / n } : null;
}
