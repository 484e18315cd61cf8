// The events module's public surface: the only file other modules, the API layer, the CLI, tests and benches import.
export { EventEntity } from './event.entity.js';
export { EventResolver } from './event.resolver.js';
