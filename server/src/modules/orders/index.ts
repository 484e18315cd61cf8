// The orders module's public surface: the only file other modules, the API layer, the CLI, tests and benches import.
export { OrderLineEntity } from './order-line.entity.js';
export { OrderEntity } from './order.entity.js';
export { orderLoaders } from './order.loaders.js';
export { CustomerOrdersResolver, OrderLineResolver, OrderResolver } from './order.resolver.js';
