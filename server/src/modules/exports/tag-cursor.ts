import { AppError } from '../../errors.js';

/** What a pull of the tags feed is fixed to: the segmentation run and the feature snapshot (null: none existed). */
export interface TagPin { runId: number | null; snapshotId: number | null }

/**
 * A tags cursor carries the pin and the last internal id seen, so a pull that spans an
 * activation (or a new snapshot) reads one consistent snapshot to its end.
 */
export function encodeTagCursor(pin: TagPin, lastId: number): string {
  return Buffer.from(`tags:r${pin.runId ?? '-'}:s${pin.snapshotId ?? '-'}:id${lastId}`).toString('base64url');
}

export function decodeTagCursor(cursor: string): { pin: TagPin; afterId: number } {
  const match = /^tags:r(\d+|-):s(\d+|-):id(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match) throw new AppError('BAD_USER_INPUT', 'after is not a cursor returned by customerTags');
  const id = (part: string) => (part === '-' ? null : Number(part));
  return { pin: { runId: id(match[1]), snapshotId: id(match[2]) }, afterId: Number(match[3]) };
}
