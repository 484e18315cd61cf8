// The privacy module's public surface: the only file other modules, the API layer, the CLI, tests and benches import.
export { eraseCustomer } from './erase.service.js';
export { PrivacyResolver } from './privacy.resolver.js';
