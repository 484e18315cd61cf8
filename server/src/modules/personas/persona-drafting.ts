import type { EntityManager } from 'typeorm';
import type { SegmentsWritten } from '../segmentation/index.js';
import { draftPersonas } from './persona-naming.js';
import { PersonaEditEntity, PersonaEntity } from './persona.entity.js';

/**
 * Drafts a persona for every segment of a run that was just written, with version 1 of its edit
 * history, in the run's completion transaction (segmentation calls it through the listener the
 * worker registers): a run never shows up without its personas.
 */
export async function writePersonaDrafts(manager: EntityManager, written: SegmentsWritten): Promise<void> {
  const drafts = draftPersonas(written.segments.map((segment) => segment.summary), written.base);
  for (const [index, segment] of written.segments.entries()) {
    const draft = drafts[index]!;
    const persona = await manager.save(manager.create(PersonaEntity, {
      segmentId: segment.id, name: draft.name, description: draft.description, plays: draft.plays, rfmVocabulary: draft.rfmVocabulary,
      edited: false, version: 1, updatedBy: 'segmenta', updatedAt: written.writtenAt,
    }));
    await manager.save(manager.create(PersonaEditEntity, {
      personaId: persona.id, version: 1, name: draft.name, description: draft.description, plays: draft.plays, editedBy: 'segmenta', editedAt: written.writtenAt,
    }));
  }
}
