/**
 * The job types the worker runs, by name. A module that starts another module's work (a follow-up,
 * an activation that makes targeting rows stale) names the job here instead of importing that
 * module: the queue is the meeting point, so the modules stay free of each other.
 */
export const JOB_TYPES = {
  import: 'import',
  segmentation: 'segmentation',
  modelTraining: 'model-training',
  scoring: 'scoring',
  targetingRebuild: 'targeting-rebuild',
  driftReport: 'drift-report',
  activationDecision: 'activation-decision',
  upliftTraining: 'uplift-training',
  upliftScoring: 'uplift-scoring',
  customerValue: 'customer-value',
  tagsExport: 'tags-export',
} as const;

export type JobTypeName = (typeof JOB_TYPES)[keyof typeof JOB_TYPES];

/** A job to enqueue when another succeeds: the worker adds it in the completion transaction. */
export interface FollowUp {
  type: string;
  payload?: Record<string, unknown>;
  concurrencyKey?: string;
  maxAttempts?: number;
  createdBy?: string;
}
