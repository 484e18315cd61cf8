import type { DataSource } from 'typeorm';
import { sqlNumber } from '../../db/sql.js';
import type { SegmentValueProfileType, ValueBandType } from './customer-value.types.js';

/** Fifths: CLV percentile 0–20 … 80–100, churn risk 0–0.2 … 0.8–1 (the top band includes its upper end). */
const FIFTHS = [0, 1, 2, 3, 4];

/** A CASE that puts `column` (scaled by `width` per band) in band 0…4, NULL when unscored. */
const bandOf = (column: string, width: number) =>
  `CASE WHEN ${column} IS NULL THEN NULL ${FIFTHS.slice(0, 4).map((k) => `WHEN ${column} < ${(k + 1) * width} THEN ${k}`).join(' ')} ELSE 4 END`;

/**
 * The value profile of one segment: how many members have value scores, their mean and total
 * predicted CLV, mean churn risk and P(alive), and how they spread over CLV percentile and churn
 * risk fifths. One pass over the segment's memberships (primary-key prefix run, then customer)
 * joined to their score rows.
 */
export async function segmentValueProfile(dataSource: DataSource, runId: number, segmentId: number): Promise<SegmentValueProfileType> {
  const clvBand = bandOf('s.clv_percentile', 20), churnBand = bandOf('s.churn_risk', 0.2);
  const [row] = await dataSource.query(`SELECT COUNT(*) AS members, COUNT(s.value_model_id) AS scored,
      AVG(s.predicted_clv) AS mean_clv, SUM(s.predicted_clv) AS total_clv, AVG(s.churn_risk) AS mean_churn, AVG(s.p_alive) AS mean_alive,
      ${FIFTHS.map((k) => `SUM(CASE WHEN ${clvBand} = ${k} THEN 1 ELSE 0 END) AS clv_${k}`).join(', ')},
      ${FIFTHS.map((k) => `SUM(CASE WHEN ${churnBand} = ${k} THEN 1 ELSE 0 END) AS churn_${k}`).join(', ')}
    FROM segment_memberships m LEFT JOIN customer_scores s ON s.customer_id = m.customer_id AND s.value_model_id IS NOT NULL
    WHERE m.run_id = ? AND m.segment_id = ?`, [runId, segmentId]);
  const nullable = (value: unknown) => (value === null || value === undefined ? null : Number(value));
  const bands = (prefix: string, width: number): ValueBandType[] =>
    FIFTHS.map((k) => ({ lower: k * width, upper: (k + 1) * width, customers: sqlNumber(row[`${prefix}_${k}`]) }));
  return {
    members: sqlNumber(row.members), scored: sqlNumber(row.scored), meanPredictedClv: nullable(row.mean_clv), totalPredictedClv: sqlNumber(row.total_clv),
    meanChurnRisk: nullable(row.mean_churn), meanProbabilityAlive: nullable(row.mean_alive),
    clvPercentileBands: bands('clv', 20), churnRiskBands: bands('churn', 0.2),
  };
}
