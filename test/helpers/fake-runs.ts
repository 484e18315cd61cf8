import type { DataSource } from 'typeorm';

const stamp = () => new Date().toISOString().slice(0, 19).replace('T', ' ');

/** `count` plain customers c-<start>… with email consent; returns their ids in order. */
export async function insertCustomers(ds: DataSource, count: number, start = 0): Promise<number[]> {
  const now = stamp();
  for (let i = 0; i < count; i += 500) {
    const rows = Array.from({ length: Math.min(500, count - i) }, (_, j) => start + i + j);
    await ds.query(`INSERT INTO customers (external_id, email, consent_email, consent_sms, consent_push, opted_out_email, opted_out_sms, opted_out_push, created_at, updated_at)
      VALUES ${rows.map(() => '(?, ?, 1, 1, 0, 0, 0, 0, ?, ?)').join(', ')}`, rows.flatMap((n) => [`c-${n}`, `c${n}@example.com`, now, now]));
  }
  const ids: Record<string, unknown>[] = await ds.query('SELECT id FROM customers WHERE external_id IN (' + Array.from({ length: count }, () => '?').join(',') + ') ORDER BY id',
    Array.from({ length: count }, (_, i) => `c-${start + i}`));
  return ids.map((r) => Number(r.id));
}

/**
 * A succeeded segmentation run written directly (no clustering): segment label L holds the
 * customers `labelOf` maps to L (undefined: not a member), each segment with persona `P<label>`
 * unless `personaOf` names it otherwise. Returns the run id and segment ids by label.
 */
export async function insertRun(ds: DataSource, customerIds: number[], labelOf: (customerId: number, index: number) => number | undefined,
  opts: { personaOf?: (label: number) => string | null } = {}): Promise<{ runId: number; segments: Map<number, number> }> {
  const now = stamp();
  await ds.query(`INSERT INTO segmentation_runs (data_set, status, algorithm, params, customer_count, created_at) VALUES ('default', 'succeeded', 'kmeans', '{}', ?, ?)`, [customerIds.length, now]);
  const [{ id }] = await ds.query('SELECT MAX(id) AS id FROM segmentation_runs');
  const runId = Number(id);
  const labels = new Map<number, number[]>();
  customerIds.forEach((c, i) => { const l = labelOf(c, i); if (l !== undefined) labels.set(l, [...(labels.get(l) ?? []), c]); });
  const segments = new Map<number, number>();
  for (const [label, members] of [...labels].sort((a, b) => a[0] - b[0])) {
    await ds.query(`INSERT INTO segments (run_id, label, size, revenue_share, share_of_customers, centroid, centroid_standardised, profile) VALUES (?, ?, ?, 0, 0, '{}', '[]', '{}')`, [runId, label, members.length]);
    const [{ sid }] = await ds.query('SELECT MAX(id) AS sid FROM segments');
    segments.set(label, Number(sid));
    const persona = opts.personaOf ? opts.personaOf(label) : `P${label}`;
    if (persona !== null) {
      await ds.query(`INSERT INTO personas (segment_id, name, description, rfm_vocabulary, edited, version, updated_at) VALUES (?, ?, '', 'Champions', 0, 1, ?)`, [Number(sid), persona, now]);
    }
    for (let i = 0; i < members.length; i += 500) {
      const chunk = members.slice(i, i + 500);
      await ds.query(`INSERT INTO segment_memberships (run_id, customer_id, segment_id, distance) VALUES ${chunk.map(() => '(?, ?, ?, 0)').join(', ')}`, chunk.flatMap((c) => [runId, c, Number(sid)]));
    }
  }
  return { runId, segments };
}
