import { In, type EntityManager } from 'typeorm';
import { PersonaEditEntity, PersonaEntity } from './persona.entity.js';

/** A live segment and the new run's segment it was matched to. */
export interface SegmentMatch { fromSegmentId: number; toSegmentId: number }

export interface CarryOverResult { carried: number; fresh: number; keptOwnEdits: number }

/**
 * Gives a new run's personas the work people did on the live run's: each matched segment's
 * persona takes the live persona's name (and, once a person edited it, its description and plays),
 * its version and its whole edit history (copied rows, so both runs keep a complete history); an
 * unmatched segment's draft is marked `new`. Idempotent: run again (at activation) it picks up
 * edits made to the live persona since, but never overwrites an edit made to the new persona
 * itself after the last carry-over (its version went past the carried one).
 */
export async function carryOverPersonas(manager: EntityManager, input: { matches: SegmentMatch[]; unmatchedSegmentIds: number[] }): Promise<CarryOverResult> {
  const result: CarryOverResult = { carried: 0, fresh: 0, keptOwnEdits: 0 };
  const segmentIds = [...input.matches.flatMap((m) => [m.fromSegmentId, m.toSegmentId]), ...input.unmatchedSegmentIds];
  if (!segmentIds.length) return result;
  const personas = new Map((await manager.findBy(PersonaEntity, { segmentId: In(segmentIds) })).map((p) => [p.segmentId, p]));
  for (const match of input.matches) {
    const live = personas.get(match.fromSegmentId), next = personas.get(match.toSegmentId);
    if (!live || !next) continue;
    if (editedSinceCarry(next)) { result.keptOwnEdits++; continue; }
    const history = await manager.find(PersonaEditEntity, { where: { personaId: live.id }, order: { version: 'ASC' } });
    await manager.update(PersonaEntity, { id: next.id }, {
      name: live.name,
      ...(live.edited ? { description: live.description, plays: live.plays as never } : {}),
      edited: live.edited, version: live.version, updatedBy: live.updatedBy, updatedAt: live.updatedAt,
      origin: 'carried', carriedFromPersonaId: live.id, carriedVersion: live.version,
    });
    await manager.delete(PersonaEditEntity, { personaId: next.id });
    for (const edit of history) {
      await manager.insert(PersonaEditEntity, {
        personaId: next.id, version: edit.version, name: edit.name, description: edit.description, plays: edit.plays as never, editedBy: edit.editedBy, editedAt: edit.editedAt,
      });
    }
    result.carried++;
  }
  for (const segmentId of input.unmatchedSegmentIds) {
    const next = personas.get(segmentId);
    if (!next || next.edited) continue;
    await manager.update(PersonaEntity, { id: next.id }, { origin: 'new' });
    result.fresh++;
  }
  return result;
}

/** A person edited this persona itself: a drafted one at all, a carried one past the carried version. */
function editedSinceCarry(persona: PersonaEntity): boolean {
  if (persona.origin === 'carried') return persona.version > (persona.carriedVersion ?? 0);
  return persona.edited;
}
