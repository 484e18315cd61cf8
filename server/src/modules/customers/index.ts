// The customers module's public surface: the only file other modules, the API layer, the CLI, tests and benches import.
export { readCustomerWithRelations } from './customer-with-relations.js';
export { CustomerEntity } from './customer.entity.js';
export { customerLoaders } from './customer.loaders.js';
export { CustomerResolver } from './customer.resolver.js';
export { CustomerType } from './customer.types.js';
