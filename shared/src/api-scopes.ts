/**
 * What an API key may do (docs/security.md). A key holds a list of these; the server checks the
 * one each root field and route asks for. `read` is the umbrella every key had before scopes were
 * enforced: every read-only scope, never a write.
 */
export const API_SCOPES = {
  read: 'Every read-only scope below (read:tags, read:customers, read:segments, score, export)',
  'read:tags': 'The tags feed (customerTags)',
  'read:customers': 'Customer lookups and lists (customer, customersByExternalIds, Customer, allCustomers, customersAfter)',
  'read:segments': 'Everything else that reads: runs, segments, personas, models, analytics',
  score: 'Scoring and classifying on request (classifyCustomer, scoreCustomer, segmentFit)',
  export: 'Files: tags.csv and bulk export jobs',
  'write:ingest': 'Batch ingest of orders and events (never implied by read)',
} as const;

export type ApiScope = keyof typeof API_SCOPES;

/** The scope a root field asks for when it names none: reads are read:segments. */
export const DEFAULT_READ_SCOPE: ApiScope = 'read:segments';

const READ_IMPLIES: ReadonlySet<string> = new Set(['read:tags', 'read:customers', 'read:segments', 'score', 'export']);

export function isApiScope(value: string): value is ApiScope {
  return Object.hasOwn(API_SCOPES, value);
}

/** Whether a key holding `scopes` may use something that asks for `needed`. */
export function scopeAllows(scopes: readonly string[], needed: string): boolean {
  if (scopes.includes(needed)) return true;
  return scopes.includes('read') && READ_IMPLIES.has(needed);
}
