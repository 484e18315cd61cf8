import { Brackets, type DataSource } from 'typeorm';
import { whereIds } from '../../graphql/list-query.js';
import { applyListArgs, decodeCursor, encodeCursor, keysetSize, type KeysetArgs, type PageArgs, toId } from '../../graphql/pagination.js';
import { sqlDate, sqlNumber } from '../../db/sql.js';
import { containsPattern, LIKE_ESCAPE } from '../../db/like-pattern.js';
import { SingleFlight } from '../../db/single-flight.js';
import { CustomerEntity } from './customer.entity.js';
import type { CustomerFilter } from './customer.types.js';

const SORTABLE = { id: 'c.id', externalId: 'c.external_id', country: 'c.country', createdAt: 'c.created_at', signupAt: 'c.signup_at' };

function filtered(dataSource: DataSource, filter: CustomerFilter | undefined, personalSearch: boolean) {
  const qb = dataSource.getRepository(CustomerEntity).createQueryBuilder('c');
  whereIds(qb, 'c.id', filter?.ids);
  if (filter?.externalId) qb.andWhere('c.external_id = :externalId', { externalId: filter.externalId });
  if (filter?.country) qb.andWhere('c.country = :country', { country: filter.country });
  // Segment and persona filters read memberships (any run: a segment belongs to one run).
  if (filter?.segmentId) qb.andWhere('c.id IN (SELECT m.customer_id FROM segment_memberships m WHERE m.segment_id = :segmentId)', { segmentId: toId(filter.segmentId) });
  if (filter?.personaId) qb.andWhere('c.id IN (SELECT m.customer_id FROM segment_memberships m JOIN personas p ON p.segment_id = m.segment_id WHERE p.id = :personaId)', { personaId: toId(filter.personaId) });
  if (filter?.rfmGroup) qb.andWhere('c.id IN (SELECT f.customer_id FROM customer_features f WHERE f.rfm_group = :rfmGroup AND f.snapshot_id = (SELECT MAX(id) FROM feature_snapshots))', { rfmGroup: filter.rfmGroup });
  if (filter?.responseProbability_gte !== undefined && filter.responseProbability_gte !== null) qb.andWhere('c.id IN (SELECT s.customer_id FROM customer_scores s WHERE s.response_probability >= :minScore)', { minScore: filter.responseProbability_gte });
  if (filter?.q) {
    const like = containsPattern(filter.q, 'filter.q');
    // Searching by e-mail or name would leak personal data to roles that may not see it.
    qb.andWhere(new Brackets((w) => {
      w.where(`c.external_id LIKE :like ${LIKE_ESCAPE}`, { like });
      if (personalSearch) w.orWhere(`c.email LIKE :like ${LIKE_ESCAPE}`, { like }).orWhere(`c.name LIKE :like ${LIKE_ESCAPE}`, { like });
    }));
  }
  return qb;
}

export async function listCustomers(dataSource: DataSource, args: PageArgs, filter: CustomerFilter | undefined, personalSearch: boolean) {
  return applyListArgs(filtered(dataSource, filter, personalSearch), args, SORTABLE, 'id', 'c.id').getMany();
}

/**
 * The admin list asks for the total on every page. Identical counts in flight share one query, and
 * a count that took 25 ms or more (a country filter over a million customers) is reused for 2 s;
 * cheap counts are always exact. Per data source.
 */
const counts = new WeakMap<DataSource, SingleFlight<number>>();
const COUNT_REUSE = { reuseSlowerThanMs: 25, reuseForMs: 2000 };

export async function countCustomers(dataSource: DataSource, filter: CustomerFilter | undefined, personalSearch: boolean) {
  const query = filtered(dataSource, filter, personalSearch);
  let flight = counts.get(dataSource);
  if (!flight) counts.set(dataSource, (flight = new SingleFlight<number>(COUNT_REUSE)));
  return flight.run(JSON.stringify(query.getQueryAndParameters()), () => query.getCount());
}

export async function customersAfter(dataSource: DataSource, args: KeysetArgs) {
  const afterId = decodeCursor(args.after);
  const first = keysetSize(args);
  const rows = await dataSource.getRepository(CustomerEntity).createQueryBuilder('c')
    .where('c.id > :afterId', { afterId }).orderBy('c.id', 'ASC').limit(first + 1).getMany();
  const hasMore = rows.length > first;
  const nodes = rows.slice(0, first);
  return { nodes, nextCursor: hasMore ? encodeCursor(nodes[nodes.length - 1].id) : null };
}

/** Customers by external id, in the order asked: null where none has that id (one query). */
export async function customersByExternalIds(dataSource: DataSource, externalIds: readonly string[]): Promise<(CustomerEntity | null)[]> {
  if (!externalIds.length) return [];
  const rows = await dataSource.getRepository(CustomerEntity).createQueryBuilder('c')
    .where('c.external_id IN (:...externalIds)', { externalIds: [...new Set(externalIds)] }).getMany();
  const byExternalId = new Map(rows.map((row) => [row.externalId, row]));
  return externalIds.map((externalId) => byExternalId.get(externalId) ?? null);
}

export interface CustomerSummaryValues { orderCount: number; returnCount: number; revenue: number; firstOrderAt: Date | null; lastOrderAt: Date | null }

/**
 * Orders and net revenue of several customers in one query (returns are negative and net the revenue).
 * First and last order are completed orders: a return is not the customer's last purchase.
 */
export async function customerSummaries(dataSource: DataSource, customerIds: readonly number[]): Promise<CustomerSummaryValues[]> {
  const rows: Record<string, unknown>[] = customerIds.length ? await dataSource.query(
    `SELECT customer_id, SUM(CASE WHEN status = 'completed' THEN 1 ELSE 0 END) AS orders, SUM(CASE WHEN status = 'cancelled' THEN 1 ELSE 0 END) AS returns,
            COALESCE(SUM(total_amount), 0) AS revenue,
            MIN(CASE WHEN status = 'completed' THEN ordered_at END) AS first_at, MAX(CASE WHEN status = 'completed' THEN ordered_at END) AS last_at
       FROM orders WHERE customer_id IN (${customerIds.map(() => '?').join(', ')}) GROUP BY customer_id`, [...customerIds]) : [];
  const byId = new Map(rows.map((row) => [sqlNumber(row.customer_id), row]));
  return customerIds.map((id) => {
    const row = byId.get(id);
    return {
      orderCount: sqlNumber(row?.orders), returnCount: sqlNumber(row?.returns), revenue: Math.round(sqlNumber(row?.revenue) * 100) / 100,
      firstOrderAt: sqlDate(row?.first_at), lastOrderAt: sqlDate(row?.last_at),
    };
  });
}

/**
 * Every succeeded run's segment for this customer, newest run first, with the persona name. Walks
 * the runs and probes each one's memberships by primary key: memberships have no index by customer.
 */
export async function segmentHistory(dataSource: DataSource, customerId: number) {
  const rows: Record<string, unknown>[] = await dataSource.query(
    `SELECT r.id AS run_id, r.created_at, s.id AS segment_id, s.label, p.name AS persona, l.run_id AS live_run
       FROM segmentation_runs r
       JOIN segment_memberships m ON m.run_id = r.id AND m.customer_id = ?
       JOIN segments s ON s.id = m.segment_id
       LEFT JOIN personas p ON p.segment_id = s.id
       LEFT JOIN live_segmentations l ON l.data_set = r.data_set AND l.run_id = r.id
      ORDER BY r.id DESC LIMIT 50`, [customerId]);
  return rows.map((r) => ({
    runId: sqlNumber(r.run_id), runCreatedAt: sqlDate(r.created_at)!, segmentId: sqlNumber(r.segment_id), label: sqlNumber(r.label),
    persona: (r.persona as string | null) ?? null, isLive: r.live_run !== null && r.live_run !== undefined,
  }));
}
