import type { DataSource } from 'typeorm';
import { sqlNumber } from '../../db/sql.js';
import type { Matrix } from '../../ml/index.js';
import type { ProfileColumns } from './segment-profiles.js';
import { SEGMENTATION_FEATURES, type SegmentationFeature } from './segmentation.params.js';
import type { CustomerFeaturesEntity } from '../features/index.js';

export interface FeatureTable { customerIds: Int32Array; raw: Matrix; cols: ProfileColumns }

/** Profile columns for n customers, to be filled row by row. */
function emptyProfileColumns(n: number): ProfileColumns {
  return {
    recencyDays: new Float64Array(n), frequency: new Float64Array(n), monetary: new Float64Array(n), avgOrderValue: new Float64Array(n),
    rScore: new Uint8Array(n), fScore: new Uint8Array(n), mScore: new Uint8Array(n), rfmGroup: new Array(n), country: new Array(n), ageBand: new Array(n),
    categoryShares: new Array(n), sessions: new Float64Array(n), productViews: new Float64Array(n), cartAdds: new Float64Array(n),
  };
}

/** One snapshot's features as a dense matrix (customers in id order) plus the profile columns. */
export async function loadFeatureTable(dataSource: DataSource, snapshotId: number, features: SegmentationFeature[]): Promise<FeatureTable> {
  const rows: Record<string, unknown>[] = await dataSource.query(
    `SELECT customer_id, recency_days, frequency, monetary, avg_order_value, tenure_days, mean_days_between_orders, return_rate,
            sessions, product_views, cart_adds, r_score, f_score, m_score, rfm_group, country, age_band, category_shares
       FROM customer_features WHERE snapshot_id = ? ORDER BY customer_id`, [snapshotId]);
  const n = rows.length;
  const d = features.length;
  const data = new Float64Array(n * d);
  const columns = features.map((f) => SEGMENTATION_FEATURES[f]);
  const cols = emptyProfileColumns(n);
  const customerIds = new Int32Array(n);
  rows.forEach((row, i) => {
    customerIds[i] = sqlNumber(row.customer_id);
    for (let j = 0; j < d; j++) data[i * d + j] = sqlNumber(row[columns[j]]);
    cols.recencyDays[i] = sqlNumber(row.recency_days); cols.frequency[i] = sqlNumber(row.frequency);
    cols.monetary[i] = sqlNumber(row.monetary); cols.avgOrderValue[i] = sqlNumber(row.avg_order_value);
    cols.rScore[i] = sqlNumber(row.r_score); cols.fScore[i] = sqlNumber(row.f_score); cols.mScore[i] = sqlNumber(row.m_score);
    cols.rfmGroup[i] = String(row.rfm_group); cols.country[i] = (row.country as string | null) ?? null; cols.ageBand[i] = (row.age_band as string | null) ?? null;
    cols.categoryShares[i] = row.category_shares ? JSON.parse(String(row.category_shares)) : null;
    cols.sessions[i] = sqlNumber(row.sessions); cols.productViews[i] = sqlNumber(row.product_views); cols.cartAdds[i] = sqlNumber(row.cart_adds);
  });
  return { customerIds, raw: { data, rows: n, cols: d }, cols };
}

/** The same table from rows just computed (no second read of a snapshot this process wrote). */
export function featureTableFromRows(rows: CustomerFeaturesEntity[], features: SegmentationFeature[]): FeatureTable {
  const n = rows.length;
  const d = features.length;
  const data = new Float64Array(n * d);
  const cols = emptyProfileColumns(n);
  const customerIds = new Int32Array(n);
  rows.forEach((row, i) => {
    customerIds[i] = row.customerId;
    for (let j = 0; j < d; j++) data[i * d + j] = Number((row as unknown as Record<string, unknown>)[features[j]] ?? 0);
    cols.recencyDays[i] = row.recencyDays; cols.frequency[i] = row.frequency; cols.monetary[i] = row.monetary; cols.avgOrderValue[i] = row.avgOrderValue ?? 0;
    cols.rScore[i] = row.rScore; cols.fScore[i] = row.fScore; cols.mScore[i] = row.mScore;
    cols.rfmGroup[i] = row.rfmGroup; cols.country[i] = row.country; cols.ageBand[i] = row.ageBand; cols.categoryShares[i] = row.categoryShares;
    cols.sessions[i] = row.sessions; cols.productViews[i] = row.productViews; cols.cartAdds[i] = row.cartAdds;
  });
  return { customerIds, raw: { data, rows: n, cols: d }, cols };
}
