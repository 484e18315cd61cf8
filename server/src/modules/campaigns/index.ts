// The campaigns module's public surface: the only file other modules, the API layer, the CLI, tests and benches import.
export { campaignResults } from './campaign-results.js';
export { CampaignEntity, CampaignMemberEntity, CampaignResultEntity } from './campaign.entity.js';
export { CampaignResolver } from './campaign.resolver.js';
export { mountCampaignRoutes } from './campaign.routes.js';
export { recordExternalSend } from './campaign-external-send.js';
export { attributeOrders } from './campaign-outcomes.js';
export { createCampaign, transitionCampaign } from './campaign.service.js';
