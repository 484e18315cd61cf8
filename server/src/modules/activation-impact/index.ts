// The activation-impact module's public surface: the only file other modules, the API layer, the CLI, tests and benches import.
export { activationImpact, type ActivationImpact } from './activation-impact.service.js';
export { ActivationImpactResolver, ImpactedPersonaEditResolver } from './activation-impact.resolver.js';
