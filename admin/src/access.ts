/**
 * What each role may do in the UI, mirroring the server's @Allow rules so the UI hides what the
 * server would refuse anyway (the server stays the authority). Admin may do everything.
 * Actions are react-admin's (list, show, create, edit, delete) plus custom ones (cancel, retry).
 */
export type UiRole = 'admin' | 'marketer' | 'analyst' | 'integration';

const STAFF: readonly UiRole[] = ['admin', 'marketer', 'analyst'];
const ADMIN_ONLY: readonly UiRole[] = ['admin'];
const MODELLING: readonly UiRole[] = STAFF;
const MARKETING: readonly UiRole[] = ['admin', 'marketer'];
const PERSONA_EDITORS: readonly UiRole[] = ['admin', 'analyst'];
const READ_ONLY = { list: STAFF, show: STAFF };

/** resource → action → roles; `*` is the fallback for actions not listed. */
export const ACCESS_RULES: Record<string, Record<string, readonly UiRole[]>> = {
  // consent: change a channel's consent (setConsent); erase: GDPR erasure.
  // export: the list as CSV (the roles that may export audiences with e-mail addresses).
  customers: { ...READ_ONLY, consent: MARKETING, erase: ADMIN_ONLY, export: MARKETING },
  orders: READ_ONLY,
  products: READ_ONLY,
  events: READ_ONLY,
  imports: { ...READ_ONLY, create: MODELLING },
  segmentationRuns: { ...READ_ONLY, create: MODELLING, activate: MODELLING },
  personas: { ...READ_ONLY, edit: PERSONA_EDITORS },
  models: { ...READ_ONLY, create: MODELLING, activate: MODELLING, score: MODELLING },
  audiences: { ...READ_ONLY, create: MARKETING, edit: MARKETING, delete: MARKETING },
  campaigns: { ...READ_ONLY, create: MARKETING, launch: MARKETING },
  schedules: { ...READ_ONLY, create: MARKETING, edit: MARKETING },
  explore: READ_ONLY,
  categoryRules: { ...READ_ONLY, create: MARKETING, delete: MARKETING, apply: MARKETING },
  jobs: { ...READ_ONLY, cancel: STAFF, retry: STAFF },
  users: { '*': ADMIN_ONLY },
  apiKeys: { '*': ADMIN_ONLY },
  settings: { '*': ADMIN_ONLY },
  audit: { '*': ADMIN_ONLY },
};

export function canRoleAccess(role: string | null | undefined, resource: string, action: string): boolean {
  if (!role) return false;
  if (role === 'admin') return true;
  const rules = ACCESS_RULES[resource];
  const roles = rules?.[action] ?? rules?.['*'];
  return roles?.includes(role as UiRole) ?? false;
}
