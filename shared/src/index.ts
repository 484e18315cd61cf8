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
