/**
 * An audience definition, as stored (JSON in audiences.definition and, frozen, in
 * campaigns.audience_definition). The GraphQL input (audience.inputs.ts) validates bounds; this
 * module normalises it so equal definitions are stored equally.
 */
import { AppError } from '../../errors.js';
export const CHANNELS = ['email', 'sms', 'push'] as const;
export type Channel = (typeof CHANNELS)[number];

/** responseProbability: likeliest buyers first; expectedProfit: the same, unprofitable dropped; uplift: persuadables first (highest predicted uplift; with margin and cost, those whose uplift × margin ≤ cost dropped). */
export const CAP_ORDERS = ['responseProbability', 'expectedProfit', 'uplift'] as const;
export type CapOrder = (typeof CAP_ORDERS)[number];

export interface AudienceFilters {
  countries?: string[];
  ageBands?: string[];
  recencyDaysMin?: number; recencyDaysMax?: number;
  frequencyMin?: number; frequencyMax?: number;
  monetaryMin?: number; monetaryMax?: number;
  /** ISO timestamps (UTC); inclusive lower, exclusive upper bound on the last order. */
  lastOrderFrom?: string; lastOrderTo?: string;
  topCategories?: string[];
  responseProbabilityMin?: number; responseProbabilityMax?: number;
  predictedSegmentIds?: number[];
  /** Predicted uplift (−1..1) from the active uplift model; unscored customers match neither bound. */
  upliftMin?: number; upliftMax?: number;
  /** Customer value (stored scores of the active customer-value version). */
  churnRiskMin?: number; churnRiskMax?: number;
  /** 0 … 100; "top 20 %" is clvPercentileMin 80. */
  clvPercentileMin?: number; clvPercentileMax?: number;
  predictedClvMin?: number; predictedClvMax?: number;
}

export interface AudienceCap {
  by: CapOrder;
  size: number;
  /** expectedProfit: members with response probability × margin ≤ cost are dropped; uplift: members with uplift × margin ≤ cost. */
  marginPerConversion?: number;
  costPerContact?: number;
}

export interface AudienceDefinition {
  channel: Channel;
  /** Any of (OR); all empty means every customer. */
  include: { segmentIds: number[]; personaIds: number[]; rfmGroups: string[] };
  exclude: { segmentIds: number[]; audienceIds: number[] };
  filters: AudienceFilters;
  cap: AudienceCap | null;
}

/** A positive integer row id, else BAD_USER_INPUT naming the entry (never NaN into SQL; the rule of graphql's toId). */
function rowId(value: number | string, path: string): number {
  const id = typeof value === 'number' ? value : /^\d{1,15}$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(id) || id < 1) throw new AppError('BAD_USER_INPUT', `${path} must be a positive integer id, got "${String(value).slice(0, 40)}"`);
  return id;
}

/** Row ids, each checked, distinct and sorted. */
const ids = (values: readonly (number | string)[] | undefined, path: string): number[] =>
  [...new Set((values ?? []).map((value, i) => rowId(value, `${path}[${i}]`)))].sort((a, b) => a - b);
const texts = (values: readonly string[] | undefined): string[] => [...new Set(values ?? [])].sort();

export function normaliseDefinition(input: {
  channel: string;
  include?: { segmentIds?: (number | string)[]; personaIds?: (number | string)[]; rfmGroups?: string[] } | null;
  exclude?: { segmentIds?: (number | string)[]; audienceIds?: (number | string)[] } | null;
  filters?: Partial<Record<keyof AudienceFilters, unknown>> | null;
  cap?: AudienceCap | null;
}): AudienceDefinition {
  const filters: AudienceFilters = {};
  for (const [key, value] of Object.entries(input.filters ?? {})) {
    if (value === undefined || value === null) continue;
    if (key === 'predictedSegmentIds') filters.predictedSegmentIds = ids(value as number[], 'filters.predictedSegmentIds');
    else if (Array.isArray(value)) (filters as Record<string, unknown>)[key] = texts(value as string[]);
    else if (value instanceof Date) (filters as Record<string, unknown>)[key] = value.toISOString();
    else (filters as Record<string, unknown>)[key] = value;
  }
  return {
    channel: input.channel as Channel,
    include: { segmentIds: ids(input.include?.segmentIds, 'include.segmentIds'), personaIds: ids(input.include?.personaIds, 'include.personaIds'), rfmGroups: texts(input.include?.rfmGroups) },
    exclude: { segmentIds: ids(input.exclude?.segmentIds, 'exclude.segmentIds'), audienceIds: ids(input.exclude?.audienceIds, 'exclude.audienceIds') },
    filters,
    cap: input.cap ? { by: input.cap.by, size: input.cap.size, marginPerConversion: input.cap.marginPerConversion, costPerContact: input.cap.costPerContact } : null,
  };
}
