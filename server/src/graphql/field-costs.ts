/**
 * Declared costs of fields whose work is more than reading a column, for the query cost estimate
 * (graphql/limits.ts), keyed `Type.field`:
 * - `cost`: what the field costs per parent row beyond its selection (default 1);
 * - `listSize`: the rows a list field returns when no page argument (perPage, first, limit…)
 *   says (default 1, for short fixed lists).
 * Figures are relative to reading one row, measured with test/event-loop.test.ts (docs/api.md).
 */
export interface FieldCost { cost?: number; listSize?: number }

export const FIELD_COSTS: ReadonlyMap<string, FieldCost> = new Map<string, FieldCost>([
  // Ranks the segment's products against the run's buyer counts (read once per request, in
  // customer ranges) minus what this customer owns.
  ['Customer.recommendedProducts', { cost: 10 }],
  // The most recent orders, up to 50, each with its lines.
  ['Customer.orders', { listSize: 50 }],
  ['Order.lines', { listSize: 20 }],
  // One statement per customer over every run's memberships, up to 50 runs.
  ['Customer.segmentHistory', { cost: 2, listSize: 50 }],
  ['Segment.recommendations', { cost: 200 }],
  // A batch lookup of up to 100 external ids.
  ['Query.customersByExternalIds', { listSize: 100 }],
]);
