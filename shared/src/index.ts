// Types and constants shared by the server and the admin UI.

/** Roles of the access model (see docs/security.md). */
export const ROLES = ['admin', 'marketer', 'analyst', 'integration'] as const;
export type Role = (typeof ROLES)[number];

/** Contact channels that carry their own consent and opt-out flags. */
export const CHANNELS = ['email', 'sms', 'push'] as const;
export type Channel = (typeof CHANNELS)[number];

/**
 * A customer's consent on one channel: `granted` (consent given, not opted out), `none` (never
 * given, or withdrawn) or `opted_out` (the customer asked not to be contacted; wins over consent).
 */
export const CONSENT_STATES = ['granted', 'none', 'opted_out'] as const;
export type ConsentState = (typeof CONSENT_STATES)[number];

/** Where a consent change came from (consent_changes.source). */
export const CONSENT_SOURCES = ['api', 'ui', 'link', 'import', 'erasure'] as const;
export type ConsentSource = (typeof CONSENT_SOURCES)[number];

export const JOB_STATUSES = ['queued', 'running', 'waiting', 'succeeded', 'failed', 'cancelled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export const IMPORT_KINDS = ['orders', 'customers', 'events'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export const ORDER_STATUSES = ['completed', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const EVENT_TYPES = ['page_view', 'product_view', 'search', 'add_to_cart', 'checkout', 'purchase'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** Largest page a list query may ask for. */
export const MAX_PAGE_SIZE = 100;

export { ERROR_CODES, errorRule, isErrorCode, type ErrorCode, type ErrorCodeRule } from './error-codes.js';
export { ownValue, hasOwnKey, nullProtoRecord } from './own-keys.js';
export { API_SCOPES, DEFAULT_READ_SCOPE, isApiScope, scopeAllows, type ApiScope } from './api-scopes.js';

/**
 * A customer has two "segment" answers; every screen and the schema name them the same way so
 * nobody mistakes one for the other.
 */
export const SEGMENT_ANSWERS = {
  live: {
    title: 'Segment (live run)',
    explanation: "The segment the customer is in: the nearest centroid of the live segmentation run, from their own purchase history (Customer.segment, classifyCustomer).",
  },
  predicted: {
    title: 'Predicted segment (classifier)',
    explanation: "The segment classifier's guess from what is known early (first order, country, browsing), for customers with too little history to cluster; it may name a segment of an older run (scoreCustomer.predictedSegment).",
  },
} as const;

/** How a segment is shown everywhere: its persona's name with the label, or the label alone before a persona exists. */
export function segmentDisplayName(label: number, personaName?: string | null): string {
  return personaName ? `${personaName} (segment ${label})` : `Segment ${label}`;
}

/**
 * Training defaults of the random-forest models: the one definition the API (when a parameter is
 * left out), the admin UI's training form and the CLI's usage line all read.
 */
export const TRAINING_DEFAULTS = {
  nEstimators: 100, maxDepth: 12, minSamplesLeaf: 3, minSamplesSplit: 2, maxFeatures: 'sqrt', classWeight: null, bootstrap: true, criterion: 'gini', seed: 42,
  testFraction: 0.25, cvFolds: 5, threshold: 0.5, target: 'responded', permutationRepeats: 5,
} as const;
