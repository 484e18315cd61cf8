export { ActivationNotices } from './activation-notices';
export { DriftPanel } from './drift-panel';
