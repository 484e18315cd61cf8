import type { DataSource, EntityManager } from 'typeorm';
import { FeatureSnapshotEntity } from '../features/index.js';
import { LiveSegmentationEntity } from '../segmentation/index.js';
import { TargetingStateEntity } from './targeting-state.entity.js';

/** What targeting rows are built from: the newest feature snapshot and the live run of 'default'. */
export interface TargetingSources { snapshotId: number | null; liveRunId: number | null }

export async function currentSources(db: DataSource | EntityManager): Promise<TargetingSources> {
  const snapshot = await db.getRepository(FeatureSnapshotEntity).findOne({ where: {}, order: { id: 'DESC' }, select: { id: true } });
  const live = await db.getRepository(LiveSegmentationEntity).findOneBy({ dataSet: 'default' });
  return { snapshotId: snapshot?.id ?? null, liveRunId: live?.runId ?? null };
}

export async function readTargetingState(db: DataSource | EntityManager): Promise<TargetingStateEntity> {
  return db.getRepository(TargetingStateEntity).findOneByOrFail({ id: 1 });
}

/** Whether the rows are complete and built from exactly these sources. */
export function reflects(state: TargetingStateEntity, sources: TargetingSources): boolean {
  return state.status === 'ready' && state.snapshotId === sources.snapshotId && state.liveRunId === sources.liveRunId;
}
