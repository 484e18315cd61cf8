import type { EntityManager } from 'typeorm';
import { AppError } from '../../errors.js';
import { enqueueJob, JOB_TYPES, type JobEntity, type JobHandler } from '../jobs/index.js';
import { MODEL_KINDS } from '../models/index.js';
import { REFRESH_JOB } from '../refresh/index.js';
import { transitionCampaign } from '../campaigns/index.js';
import type { ScheduleAction } from './schedule.entity.js';

export const INBOX_JOB = 'inbox-import';
export const CAMPAIGN_LAUNCH_JOB = 'campaign-launch';

/** Checks an action's parameters; returns them normalised. */
export function checkActionParams(action: ScheduleAction, params: Record<string, unknown> | null | undefined): Record<string, unknown> {
  const p = params ?? {};
  if (action === 'retrain') {
    if (!MODEL_KINDS.includes(p.kind as never)) throw new AppError('SCHEDULE_INVALID', `retrain needs params.kind, one of ${MODEL_KINDS.join(', ')}`);
    return { kind: p.kind };
  }
  if (action === 'campaign') {
    const campaignId = Number(p.campaignId);
    if (!Number.isInteger(campaignId) || campaignId <= 0) throw new AppError('SCHEDULE_INVALID', 'campaign needs params.campaignId (a campaign id)');
    return { campaignId };
  }
  return {};
}

/**
 * Enqueues the job of one tick, in the tick's transaction. Each action has a concurrency key, so
 * a second one (another schedule's, a person's) while one is active gets the active job back:
 * `existing` then means the tick is skipped.
 */
export async function enqueueAction(manager: EntityManager, action: ScheduleAction, params: Record<string, unknown>, actor: string): Promise<{ job: JobEntity; existing: boolean }> {
  switch (action) {
    case 'refresh':
      return enqueueJob(manager, REFRESH_JOB, {}, { concurrencyKey: 'refresh:default', createdBy: actor, maxAttempts: 3 });
    case 'retrain':
      return enqueueJob(manager, JOB_TYPES.modelTraining, { params: { kind: params.kind } }, { concurrencyKey: `model-training:${params.kind}`, createdBy: actor, maxAttempts: 2 });
    case 'rescore':
      return enqueueJob(manager, JOB_TYPES.scoring, { asOf: null }, { concurrencyKey: 'scoring', createdBy: actor, maxAttempts: 2 });
    case 'inbox':
      return enqueueJob(manager, INBOX_JOB, {}, { concurrencyKey: 'inbox', createdBy: actor, maxAttempts: 3 });
    case 'campaign':
      return enqueueJob(manager, CAMPAIGN_LAUNCH_JOB, { campaignId: params.campaignId }, { concurrencyKey: `campaign:${params.campaignId}`, createdBy: actor, maxAttempts: 3 });
  }
}

/** Job 'campaign-launch': launches a scheduled campaign (its audience frozen now, as a manual launch). */
export const campaignLaunchJob: JobHandler = async (ctx) => {
  const campaignId = Number(ctx.job.payload?.campaignId);
  const campaign = await transitionCampaign(ctx.dataSource, campaignId, 'running');
  return { result: { campaignId, status: campaign.status, members: campaign.memberCount } };
};

