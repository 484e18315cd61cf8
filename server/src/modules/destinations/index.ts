// The destinations module's public surface: the only file other modules, the API layer, the CLI, tests and benches import.
export { DestinationBatchEntity, DestinationEntity, DestinationMemberEntity, DestinationRecordEntity } from './destination.entity.js';
export { AUDIENCE_FIELDS, TAG_FIELDS } from './destination-fields.js';
export { DESTINATION_SYNC_JOB, destinationSyncJob, requestSync } from './destination.job.js';
export {
  createDestination, deadLetters, deleteDestination, deliveryLog, getDestination, listDestinations, replayDeadLetters, rotateSecret, sendTestEvent,
  setDestinationEnabled, updateDestination, type DestinationInput,
} from './destination.service.js';
export { RETRY_SCHEDULE_SECONDS } from './delivery.js';
export { audienceMembershipChanges } from './audience-feed.js';
export { refusedAddress } from './endpoint-policy.js';
export { generateSecret, signature, verifyWebhook, webhookHeaders } from './webhook-signing.js';
export { DestinationResolver } from './destination.resolver.js';
export { pruneChangeLog } from './change-retention.js';
