/**
 * The audience builder's state and the AudienceDefinitionInput it sends (pure, unit-tested).
 * Numbers are kept as the text typed, so an empty box means "no bound".
 */
export const CHANNELS = ['email', 'sms', 'push'] as const;
export const RFM_GROUPS = ['Champions', 'Loyal', 'Potential Loyalist', 'New Customers', 'Promising', 'Need Attention', 'About to Sleep', 'At Risk', "Can't Lose Them", 'Hibernating', 'Lost'] as const;
export const AGE_BANDS = ['under 18', '18-24', '25-34', '35-44', '45-54', '55-64', '65+'] as const;
export const RANGE_FILTERS = [
  ['recencyDays', 'Recency (days)'], ['frequency', 'Orders'], ['monetary', 'Spend'], ['responseProbability', 'P(response)'], ['uplift', 'Predicted uplift (−1..1)'],
  // Customer value: churn risk 0–1, CLV percentile 0–100 ("top 20 %" is a minimum of 80), predicted CLV.
  ['churnRisk', 'Churn risk (0–1)'], ['clvPercentile', 'CLV percentile (0–100)'], ['predictedClv', 'Predicted CLV'],
] as const;

export interface AudienceForm {
  name: string;
  channel: string;
  includeSegmentIds: string[];
  includePersonaIds: string[];
  rfmGroups: string[];
  excludeSegmentIds: string[];
  excludeAudienceIds: string[];
  /** Countries as spelled in the data (picked from customerCountries, never typed). */
  countries: string[];
  ageBands: string[];
  /** `${filter}Min` / `${filter}Max` → typed text */
  ranges: Record<string, string>;
  capBy: '' | 'responseProbability' | 'expectedProfit' | 'uplift';
  capSize: string;
}

export const EMPTY_AUDIENCE: AudienceForm = {
  name: '', channel: 'email', includeSegmentIds: [], includePersonaIds: [], rfmGroups: [], excludeSegmentIds: [], excludeAudienceIds: [],
  countries: [], ageBands: [], ranges: {}, capBy: '', capSize: '',
};

const nonEmpty = <T>(values: T[]) => (values.length ? values : undefined);
const numberOrUndefined = (text: string | undefined) => (text === undefined || text.trim() === '' || !Number.isFinite(Number(text)) ? undefined : Number(text));

/** Drops undefined keys and empty objects so the server sees only what the user chose. */
function compact<T extends Record<string, unknown>>(object: T): T | undefined {
  const entries = Object.entries(object).filter(([, v]) => v !== undefined);
  return entries.length ? (Object.fromEntries(entries) as T) : undefined;
}

export function toDefinition(form: AudienceForm, costs: { marginPerConversion?: number; costPerContact?: number } = {}): Record<string, unknown> {
  const filters: Record<string, unknown> = {
    countries: nonEmpty(form.countries),
    ageBands: nonEmpty(form.ageBands),
  };
  for (const [key] of RANGE_FILTERS) {
    // The server names integer bounds recencyDaysMin, frequencyMin...; the same pattern for floats.
    filters[`${key}Min`] = numberOrUndefined(form.ranges[`${key}Min`]);
    filters[`${key}Max`] = numberOrUndefined(form.ranges[`${key}Max`]);
  }
  const capSize = numberOrUndefined(form.capSize);
  return compact({
    channel: form.channel,
    include: compact({ segmentIds: nonEmpty(form.includeSegmentIds), personaIds: nonEmpty(form.includePersonaIds), rfmGroups: nonEmpty(form.rfmGroups) }),
    exclude: compact({ segmentIds: nonEmpty(form.excludeSegmentIds), audienceIds: nonEmpty(form.excludeAudienceIds) }),
    filters: compact(filters),
    cap: form.capBy && capSize !== undefined ? { by: form.capBy, size: capSize, ...(form.capBy === 'expectedProfit' || form.capBy === 'uplift' ? costs : {}) } : undefined,
  })!;
}

/** A saved definition (JSON from the server) back into the form. */
export function fromDefinition(name: string, definition: Record<string, any>): AudienceForm {
  const filters = definition.filters ?? {};
  const ranges: Record<string, string> = {};
  for (const [key] of RANGE_FILTERS) {
    for (const bound of ['Min', 'Max']) if (filters[`${key}${bound}`] !== undefined && filters[`${key}${bound}`] !== null) ranges[`${key}${bound}`] = String(filters[`${key}${bound}`]);
  }
  const ids = (values: unknown) => (Array.isArray(values) ? values.map(String) : []);
  return {
    name,
    channel: definition.channel ?? 'email',
    includeSegmentIds: ids(definition.include?.segmentIds),
    includePersonaIds: ids(definition.include?.personaIds),
    rfmGroups: definition.include?.rfmGroups ?? [],
    excludeSegmentIds: ids(definition.exclude?.segmentIds),
    excludeAudienceIds: ids(definition.exclude?.audienceIds),
    countries: [...(filters.countries ?? [])],
    ageBands: filters.ageBands ?? [],
    ranges,
    capBy: definition.cap?.by ?? '',
    capSize: definition.cap?.size !== undefined ? String(definition.cap.size) : '',
  };
}
