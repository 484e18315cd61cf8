// The auth module's public surface: the only file other modules, the API layer, the CLI, tests and benches import.
export { verifyPassword } from './password.js';
export { API_KEY_CACHE_MS, API_KEY_REFRESH_MS, principalFromApiKey } from './api-key-principals.js';
export { ApiKeyEntity } from './api-key.entity.js';
export { AuditEntryResolver, AuthResolver, SESSION_COOKIE } from './auth.resolver.js';
export { createApiKey, createUser, ensureBootstrapAdmin, isRole, login, MAX_ROTATION_OVERLAP_HOURS, principalFromSession, revokeApiKey, rotateApiKey } from './auth.service.js';
export { LOGIN_THROTTLE, delayAfterFailures, pruneLoginThrottles } from './login-throttle.js';
export { contextWords, withoutContextWords } from './password-policy.js';
export { sha256 } from './password.js';
export { SessionEntity } from './session.entity.js';
export { UserEntity } from './user.entity.js';
export { actorDisplayNames, authLoaders, displayName } from './actor-names.js';
