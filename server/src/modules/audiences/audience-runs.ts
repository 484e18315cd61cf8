/**
 * Which segmentation runs a saved definition points at. Segment and persona ids belong to one run
 * each (memberships are per run), so a definition written against one run matches nobody through
 * those ids once another run is live: the audience page and the activation dialog say so.
 */
import { In, type DataSource } from 'typeorm';
import { PersonaEntity } from '../personas/index.js';
import { SegmentEntity } from '../segmentation/index.js';
import type { AudienceDefinition } from './audience-definition.js';

/** Every segment id a definition names: included, excluded, by persona, or as a predicted segment. */
function segmentIdsOf(definition: AudienceDefinition): { segmentIds: number[]; personaIds: number[] } {
  return {
    segmentIds: [...(definition.include?.segmentIds ?? []), ...(definition.exclude?.segmentIds ?? []), ...(definition.filters?.predictedSegmentIds ?? [])],
    personaIds: [...(definition.include?.personaIds ?? [])],
  };
}

/** For each definition (in order), the sorted ids of the runs its segments and personas belong to. */
export async function runsReferencedBy(dataSource: DataSource, definitions: readonly AudienceDefinition[]): Promise<number[][]> {
  const parts = definitions.map(segmentIdsOf);
  const personaIds = [...new Set(parts.flatMap((p) => p.personaIds))];
  const personas = personaIds.length ? await dataSource.getRepository(PersonaEntity).find({ where: { id: In(personaIds) }, select: { id: true, segmentId: true } }) : [];
  const segmentOfPersona = new Map(personas.map((p) => [p.id, p.segmentId]));
  const segmentIds = [...new Set([...parts.flatMap((p) => p.segmentIds), ...personas.map((p) => p.segmentId)])];
  const segments = segmentIds.length ? await dataSource.getRepository(SegmentEntity).find({ where: { id: In(segmentIds) }, select: { id: true, runId: true } }) : [];
  const runOfSegment = new Map(segments.map((s) => [s.id, s.runId]));
  return parts.map((p) => {
    const runs = new Set<number>();
    for (const id of [...p.segmentIds, ...p.personaIds.map((personaId) => segmentOfPersona.get(personaId) ?? -1)]) {
      const run = runOfSegment.get(id);
      if (run !== undefined) runs.add(run);
    }
    return [...runs].sort((a, b) => a - b);
  });
}
