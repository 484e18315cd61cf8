import type { DataSource } from 'typeorm';
import { AppError, notFound } from '../../errors.js';
import { PersonaEditEntity, PersonaEntity } from './persona.entity.js';
import type { UpdatePersonaInput } from './persona.types.js';

/**
 * Edits a persona and records the new version in its history, in one transaction. The version is
 * compare-and-set: of two concurrent edits of the same version one wins, the other gets CONFLICT.
 */
export async function updatePersona(dataSource: DataSource, id: number, input: UpdatePersonaInput, actor: string): Promise<PersonaEntity> {
  return dataSource.transaction(async (manager) => {
    const persona = await manager.findOneBy(PersonaEntity, { id });
    if (!persona) throw notFound('Persona', id);
    const expected = input.expectedVersion ?? persona.version;
    const next = {
      name: input.name?.trim() || persona.name,
      description: input.description ?? persona.description,
      plays: input.plays ?? persona.plays,
    };
    const now = new Date();
    const result = await manager.createQueryBuilder().update(PersonaEntity)
      .set({ ...next, plays: next.plays as never, edited: true, version: expected + 1, updatedBy: actor, updatedAt: now })
      .where('id = :id AND version = :expected', { id, expected }).execute();
    if (result.affected !== 1) throw new AppError('CONFLICT', `persona ${id} was changed by someone else (now version ${persona.version}); reload and edit again`);
    await manager.save(manager.create(PersonaEditEntity, { personaId: id, version: expected + 1, ...next, editedBy: actor, editedAt: now }));
    return manager.findOneByOrFail(PersonaEntity, { id });
  });
}

export async function personaHistory(dataSource: DataSource, personaId: number) {
  return dataSource.getRepository(PersonaEditEntity).find({ where: { personaId }, order: { version: 'DESC' } });
}
