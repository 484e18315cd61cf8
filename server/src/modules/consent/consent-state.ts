import type { Channel, ConsentState } from '@segmenta/shared';

/** The customer columns behind one channel's consent. */
export const CONSENT_COLUMNS: Record<Channel, { consent: string; optedOut: string }> = {
  email: { consent: 'consent_email', optedOut: 'opted_out_email' },
  sms: { consent: 'consent_sms', optedOut: 'opted_out_sms' },
  push: { consent: 'consent_push', optedOut: 'opted_out_push' },
};

const truthy = (value: unknown) => value === true || Number(value) === 1;

/** The state of a channel from a raw customers row (snake_case columns, 0/1 or booleans). */
export function stateOfRow(row: Record<string, unknown>, channel: Channel): ConsentState {
  const { consent, optedOut } = CONSENT_COLUMNS[channel];
  if (truthy(row[optedOut])) return 'opted_out';
  return truthy(row[consent]) ? 'granted' : 'none';
}

/** The column values that put a channel in `state`: opting out also withdraws consent. */
export function columnValuesFor(state: ConsentState): { consent: number; optedOut: number } {
  if (state === 'granted') return { consent: 1, optedOut: 0 };
  if (state === 'opted_out') return { consent: 0, optedOut: 1 };
  return { consent: 0, optedOut: 0 };
}
