// The personas module's public surface: the only file other modules, the API layer, the CLI, tests and benches import.
export { carryOverPersonas, type CarryOverResult, type SegmentMatch } from './persona-carry-over.js';
export { writePersonaDrafts } from './persona-drafting.js';
export { PersonaEditEntity, PersonaEntity } from './persona.entity.js';
export { personaLoaders } from './persona.loaders.js';
export { ClassificationPersonaResolver, PersonaEditResolver, PersonaResolver, SegmentPersonaResolver } from './persona.resolver.js';
export { PersonaType } from './persona.types.js';
