// The audit module's public surface: the only file other modules, the API layer, the CLI, tests and benches import.
export { AuditEntryEntity } from './audit-entry.entity.js';
export { auditMutations } from './audit.middleware.js';
