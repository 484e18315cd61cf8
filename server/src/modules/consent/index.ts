// The consent module's public surface: the only file other modules, the API layer, the CLI, tests and benches import.
export { ConsentChangeEntity } from './consent-change.entity.js';
export { ConsentResolver } from './consent.resolver.js';
export { mountConsentRoutes } from './consent.routes.js';
export { signConsentLink, verifyConsentLink, type ConsentLinkClaims } from './consent-link.js';
export { CONSENT_COLUMNS, stateOfRow } from './consent-state.js';
export { changeConsent, consentHistory, consentStateOf, recordErasureConsent, type ConsentChangeRequest } from './consent.service.js';
