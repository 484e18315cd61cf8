import type { DataSource } from 'typeorm';
import { getAudience } from '../audiences/index.js';
import { DestinationEntity, DestinationRecordEntity } from './destination.entity.js';
import { requestSync } from './destination.job.js';
import { DEFAULT_FIELDS } from './destination-fields.js';
import { generateSecret } from './webhook-signing.js';

/**
 * The pull feed of an audience's membership changes: a destination with no url (`feed:audience:<id>`),
 * diffed by the same sync job as a webhook destination; readers page its records by id. It is made
 * the first time someone asks, and every read asks for a sync, so the feed follows the audience.
 * The first pages carry the whole audience as `added`.
 */
export async function audienceFeed(dataSource: DataSource, audienceId: number): Promise<DestinationEntity> {
  await getAudience(dataSource, audienceId);
  const name = `feed:audience:${audienceId}`;
  const repo = dataSource.getRepository(DestinationEntity);
  let feed = await repo.findOneBy({ name });
  if (!feed) {
    const now = new Date();
    try {
      await repo.insert(repo.create({
        name, url: null, secret: generateSecret(), previousSecret: null, previousSecretUntil: null, kind: 'audience', audienceId, fields: DEFAULT_FIELDS.audience,
        batchSize: 500, maxBatchBytes: 1024 * 1024, status: 'enabled', pausedReason: null, changeCursor: 0, initialSyncDone: false, stagedState: null,
        createdBy: 'segmenta', createdAt: now, updatedAt: now,
      }));
    } catch { /* made by a concurrent first read: read it back */ }
    feed = await repo.findOneByOrFail({ name });
  }
  return feed;
}

export async function audienceMembershipChanges(dataSource: DataSource, audienceId: number, after: number, first: number) {
  const feed = await audienceFeed(dataSource, audienceId);
  await requestSync(dataSource, feed.id);
  const rows = await dataSource.getRepository(DestinationRecordEntity).createQueryBuilder('r')
    .where('r.destination_id = :id AND r.id > :after', { id: feed.id, after }).orderBy('r.id', 'ASC').limit(first + 1).getMany();
  return { records: rows.slice(0, first), hasMore: rows.length > first, initialSyncDone: feed.initialSyncDone };
}
