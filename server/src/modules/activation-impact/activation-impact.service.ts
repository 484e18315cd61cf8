/**
 * What activating a run affects, read before the switch so the activation dialog can list it:
 * saved audiences whose segment or persona choices belong to another run (they match nobody
 * through those ids once this run is live), draft and scheduled campaigns built on those
 * audiences (a launch freezes the audience as it evaluates then), and persona edits made on the
 * live run's segments, each marked with whether it carries over: a live segment matched to one of
 * the new run's (the drift report's centroid matching) hands its persona's edits on at activation;
 * an unmatched one's edits stay with the old run.
 */
import { In, type DataSource } from 'typeorm';
import { notFound } from '../../errors.js';
import { AudienceEntity, runsReferencedBy, type AudienceDefinition } from '../audiences/index.js';
import { CampaignEntity } from '../campaigns/index.js';
import { PersonaEntity } from '../personas/index.js';
import { driftReportOf } from '../drift/index.js';
import { LiveSegmentationEntity, SegmentationRunEntity, SegmentEntity } from '../segmentation/index.js';

export interface ActivationImpact {
  runId: number;
  liveRunId: number | null;
  audiences: { id: number; name: string; runIds: number[] }[];
  campaigns: { id: number; name: string; status: string; audienceId: number }[];
  personaEdits: { personaId: number; name: string; segmentId: number; segmentLabel: number; updatedBy: string | null; updatedAt: Date; carriedToSegmentId: number | null }[];
}

export async function activationImpact(dataSource: DataSource, runId: number): Promise<ActivationImpact> {
  const run = await dataSource.getRepository(SegmentationRunEntity).findOneBy({ id: runId });
  if (!run) throw notFound('SegmentationRun', String(runId));
  const live = await dataSource.getRepository(LiveSegmentationEntity).findOneBy({ dataSet: run.dataSet });
  const liveRunId = live?.runId ?? null;
  if (liveRunId === runId) return { runId, liveRunId, audiences: [], campaigns: [], personaEdits: [] };

  const saved = await dataSource.getRepository(AudienceEntity).find({ order: { name: 'ASC', id: 'ASC' } });
  const runs = await runsReferencedBy(dataSource, saved.map((a) => a.definition as AudienceDefinition));
  const audiences = saved.map((a, i) => ({ id: a.id, name: a.name, runIds: runs[i] }))
    .filter((a) => a.runIds.some((id) => id !== runId));

  const campaigns = audiences.length === 0 ? [] : (await dataSource.getRepository(CampaignEntity).find({
    where: { audienceId: In(audiences.map((a) => a.id)), status: In(['draft', 'scheduled']) }, order: { id: 'ASC' },
  })).map((c) => ({ id: c.id, name: c.name, status: c.status, audienceId: c.audienceId! }));

  let personaEdits: ActivationImpact['personaEdits'] = [];
  if (liveRunId !== null) {
    const segments = await dataSource.getRepository(SegmentEntity).find({ where: { runId: liveRunId }, select: { id: true, label: true } });
    const labelOf = new Map(segments.map((s) => [s.id, s.label]));
    const edited = segments.length === 0 ? [] : await dataSource.getRepository(PersonaEntity).find({
      where: { segmentId: In([...labelOf.keys()]), edited: true }, order: { id: 'ASC' },
    });
    // Matches of a report made against another live run say nothing about this switch.
    const report = await driftReportOf(dataSource, runId);
    const matchOf = new Map((report && report.liveRunId === liveRunId ? report.matches : []).map((m) => [m.fromSegmentId, m.toSegmentId]));
    personaEdits = edited.map((p) => ({
      personaId: p.id, name: p.name, segmentId: p.segmentId, segmentLabel: labelOf.get(p.segmentId)!, updatedBy: p.updatedBy, updatedAt: p.updatedAt,
      carriedToSegmentId: matchOf.get(p.segmentId) ?? null,
    }));
  }
  return { runId, liveRunId, audiences, campaigns, personaEdits };
}
