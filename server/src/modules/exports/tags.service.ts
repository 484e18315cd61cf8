import type { DataSource } from 'typeorm';
import { sqlDate, sqlNumber } from '../../db/sql.js';
import { FeatureSnapshotEntity } from '../features/index.js';
import { LiveSegmentationEntity, SegmentationRunEntity } from '../segmentation/index.js';
import { csvLine } from '../../http/csv-cell.js';

/** One customer's tags for BI/CRM: no personal data, keyed by the source system's customer id. */
export interface CustomerTag {
  customerId: string;
  /** upsert, or remove for an erased customer (the CRM should drop its tags). */
  action: 'upsert' | 'remove';
  segment: number | null;
  persona: string | null;
  rfmGroup: string | null;
  responseProbability: number | null;
  modelVersion: string | null;
  /** Customer value (the active customer-value version's stored scores). */
  predictedClv: number | null;
  clvPercentile: number | null;
  churnRisk: number | null;
  probabilityAlive: number | null;
  expectedNextOrderAt: Date | null;
}

export const TAG_COLUMNS = ['customer_id', 'action', 'segment', 'persona', 'rfm_group', 'response_probability', 'model_version',
  'predicted_clv', 'clv_percentile', 'churn_risk', 'p_alive', 'expected_next_order_at'] as const;

const numberOrNull = (value: unknown) => (value === null || value === undefined ? null : sqlNumber(value));
const NO_VALUE = { predictedClv: null, clvPercentile: null, churnRisk: null, probabilityAlive: null, expectedNextOrderAt: null };

/** Tags of customers with internal id > afterId, in id order (keyset pages). */
export async function tagsPage(dataSource: DataSource, afterId: number, limit: number): Promise<{ tags: CustomerTag[]; lastId: number | null }> {
  const live = await dataSource.getRepository(LiveSegmentationEntity).findOneBy({ dataSet: 'default' });
  const run = live ? await dataSource.getRepository(SegmentationRunEntity).findOneBy({ id: live.runId }) : null;
  const snapshot = await dataSource.getRepository(FeatureSnapshotEntity).findOne({ where: {}, order: { id: 'DESC' } });
  const rows: Record<string, unknown>[] = await dataSource.query(
    `SELECT c.id, c.external_id, c.erased_at, s.label, p.name AS persona, f.rfm_group, sc.response_probability,
            sc.predicted_clv, sc.clv_percentile, sc.churn_risk, sc.p_alive, sc.expected_next_order_at
       FROM customers c
       LEFT JOIN segment_memberships m ON m.customer_id = c.id AND m.run_id = ?
       LEFT JOIN segments s ON s.id = m.segment_id
       LEFT JOIN personas p ON p.segment_id = s.id
       LEFT JOIN customer_features f ON f.customer_id = c.id AND f.snapshot_id = ?
       LEFT JOIN customer_scores sc ON sc.customer_id = c.id
      WHERE c.id > ? ORDER BY c.id LIMIT ?`, [run?.id ?? -1, snapshot?.id ?? -1, afterId, limit]);
  const tags = rows.map((r): CustomerTag => {
    if (sqlDate(r.erased_at)) return { customerId: String(r.external_id), action: 'remove', segment: null, persona: null, rfmGroup: null, responseProbability: null, modelVersion: null, ...NO_VALUE };
    return {
      customerId: String(r.external_id), action: 'upsert', segment: r.label === null || r.label === undefined ? null : sqlNumber(r.label),
      persona: (r.persona as string | null) ?? null, rfmGroup: (r.rfm_group as string | null) ?? null,
      responseProbability: r.response_probability === null || r.response_probability === undefined ? null : sqlNumber(r.response_probability),
      modelVersion: r.label === null || r.label === undefined ? null : run?.modelVersion ?? null,
      predictedClv: numberOrNull(r.predicted_clv), clvPercentile: numberOrNull(r.clv_percentile), churnRisk: numberOrNull(r.churn_risk),
      probabilityAlive: numberOrNull(r.p_alive), expectedNextOrderAt: sqlDate(r.expected_next_order_at),
    };
  });
  return { tags, lastId: rows.length ? sqlNumber(rows[rows.length - 1].id) : null };
}

/** The whole tags export as CSV, page by page: memory stays flat however many customers there are. */
export async function* streamTagsCsv(dataSource: DataSource, pageSize = 5000): AsyncGenerator<string> {
  yield csvLine([...TAG_COLUMNS]);
  let after = 0;
  for (;;) {
    const { tags, lastId } = await tagsPage(dataSource, after, pageSize);
    if (!tags.length || lastId === null) return;
    yield tags.map((t) => csvLine([t.customerId, t.action, t.segment, t.persona, t.rfmGroup, t.responseProbability, t.modelVersion,
      t.predictedClv, t.clvPercentile, t.churnRisk, t.probabilityAlive, t.expectedNextOrderAt?.toISOString() ?? null])).join('');
    after = lastId;
  }
}
