import { AppError } from '../../errors.js';
import type { DestinationKind } from './destination.entity.js';

/** Fields an audience record may carry. `email` is personal: only when an admin allows it for the destination. */
export const AUDIENCE_FIELDS = ['segmentId', 'persona', 'rfmGroup', 'responseProbability', 'email'] as const;
export const PERSONAL_FIELDS: readonly string[] = ['email'];
/** Kinds of change a tags destination may receive (erasures always come: they are removals). */
export const TAG_FIELDS = ['segment', 'persona', 'scores', 'consent'] as const;

export const DEFAULT_FIELDS: Record<DestinationKind, string[]> = {
  audience: ['segmentId', 'persona', 'rfmGroup', 'responseProbability'],
  tags: [...TAG_FIELDS],
};

/** The fields list a destination may keep: known names, no duplicates, personal ones only when allowed. */
export function checkFields(kind: DestinationKind, fields: string[] | undefined, allowPersonalData: boolean): string[] {
  const known: readonly string[] = kind === 'audience' ? AUDIENCE_FIELDS : TAG_FIELDS;
  const list = fields ?? DEFAULT_FIELDS[kind];
  for (const field of list) {
    if (!known.includes(field)) throw new AppError('BAD_USER_INPUT', `fields: "${field}" is not a field a ${kind} destination can receive (one of ${known.join(', ')})`);
    if (PERSONAL_FIELDS.includes(field) && !allowPersonalData) {
      throw new AppError('BAD_USER_INPUT', `fields: "${field}" is personal data; set allowPersonalData for this destination to send it`);
    }
  }
  return [...new Set(list)];
}
