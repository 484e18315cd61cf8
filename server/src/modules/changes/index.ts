// The changes module's public surface: the only file other modules, the API layer, the CLI, tests and benches import.
export { CHANGE_KINDS, CHANGE_REASONS, CustomerChangeEntity, type ChangeKind, type ChangeReason } from './customer-change.entity.js';
export {
  CHANGE_LOG_COLUMNS, CHANGE_LOG_TABLE, consentChangeRow, recordActivationChanges, recordChanges, recordScoreChanges, scoreDecile, type CustomerChange,
} from './change-log.js';
export { changesAfter, latestChangeCursor, pruneChanges, MAX_FEED_PAGE, type ChangeRecord } from './change-feed.js';
export { parseSinceCursor, streamChangesCsv } from './change-csv.js';
export { ChangesResolver, parseChangeCursor } from './changes.resolver.js';
export { ChangesSubscriptionResolver } from './changes-subscription.resolver.js';
export { followChanges, FOLLOW_POLL_MS } from './change-follow.js';
export { ChangeFeedArgs, CustomerTagChangePageType, CustomerTagChangeType } from './changes.types.js';
