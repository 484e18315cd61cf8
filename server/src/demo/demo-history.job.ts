/**
 * The demo's first start after its import: consent (demo data), a past campaign with a control
 * group whose outcomes are the orders customers really placed, an example audience and campaign,
 * then the segmentation and the response model's training (followed by scoring) queued as jobs.
 * Every step goes through the modules' services and is skipped when its result already exists,
 * so a retried attempt, or a second start, adds nothing twice.
 */
import type { DataSource } from 'typeorm';
import { sqlDate, sqlNumber, dateParam } from '../db/sql.js';
import { enqueueJob, JOB_TYPES, type JobHandler } from '../modules/jobs/index.js';
import { normaliseDefinition, saveAudience, AudienceEntity } from '../modules/audiences/index.js';
import { CampaignEntity, createCampaign, transitionCampaign, attributeOrders, recordExternalSend } from '../modules/campaigns/index.js';
import { ModelVersionEntity, startTraining } from '../modules/models/index.js';
import { seedDemoConsent } from './demo-consent.js';

export const DEMO_HISTORY_JOB = 'demo-history';
/** Who the demo's rows are created by: how a later start recognises them. */
export const DEMO_ACTOR = 'demo';

/** The past campaign: sent this many days before the last order, with this window and control share. */
export const DEMO_HISTORY = {
  name: 'Autumn newsletter (demo history)', daysBeforeDataEnd: 90, attributionDays: 30, controlShare: 0.3, controlSeed: 2011, fixedCost: 250, costPerContact: 0.15,
} as const;
export const DEMO_SEGMENTATION = { params: { kMin: 2, kMax: 8, seed: 42 } };
export const DEMO_AUDIENCE = { name: 'E-mail: ordered in the last 90 days (example)', definition: { channel: 'email', filters: { recencyDaysMax: 90 } } };
export const DEMO_CAMPAIGN = { name: 'Winter offer (example draft)', controlShare: 0.2, controlSeed: 42, fixedCost: 100, costPerContact: 0.15, attributionDays: 14 };

const DAY = 86_400_000;

async function demoCampaign(db: DataSource, name: string) {
  return db.getRepository(CampaignEntity).findOneBy({ name, createdBy: DEMO_ACTOR });
}

/**
 * The past campaign: e-mail to every consenting customer who had ordered before the send date,
 * 30% held out as control by a fixed seed; outcomes by order attribution in the 30 days after.
 * Its treatment outcomes become the response model's training labels (attributeOrders does that).
 */
export async function recordDemoHistory(db: DataSource): Promise<{ campaignId: number; members: number; control: number; attributed: number } | null> {
  if (await demoCampaign(db, DEMO_HISTORY.name)) return null;
  const [{ last }] = await db.query(`SELECT MAX(ordered_at) AS last FROM orders WHERE status <> 'cancelled'`);
  const dataEnd = sqlDate(last);
  if (!dataEnd) return null;
  const sentAt = new Date(Math.floor(dataEnd.getTime() / DAY) * DAY - DEMO_HISTORY.daysBeforeDataEnd * DAY);
  const campaign = await createCampaign(db, {
    name: DEMO_HISTORY.name, channel: 'email', audienceId: null, startsAt: sentAt, endsAt: new Date(sentAt.getTime() + DEMO_HISTORY.attributionDays * DAY),
    fixedCost: DEMO_HISTORY.fixedCost, costPerContact: DEMO_HISTORY.costPerContact, attributionDays: DEMO_HISTORY.attributionDays,
    controlShare: DEMO_HISTORY.controlShare, controlSeed: DEMO_HISTORY.controlSeed,
  }, DEMO_ACTOR);
  await transitionCampaign(db, campaign.id, 'running', { sentAt });
  const recipients: number[] = (await db.query(`SELECT c.id FROM customers c WHERE c.consent_email = 1 AND c.opted_out_email = 0 AND c.erased_at IS NULL
      AND EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id AND o.ordered_at < ? AND o.status <> 'cancelled') ORDER BY c.id`, [dateParam(db, sentAt)]))
    .map((r: { id: unknown }) => sqlNumber(r.id));
  const send = await recordExternalSend(db, campaign.id, recipients);
  const { attributed } = await attributeOrders(db, campaign.id);
  await transitionCampaign(db, campaign.id, 'completed');
  return { campaignId: campaign.id, members: send.members, control: send.control, attributed };
}

/** A saved audience and a draft campaign on it, for the marketer to start from. */
export async function createDemoExamples(db: DataSource): Promise<{ audienceId: number; campaignId: number } | null> {
  if (await demoCampaign(db, DEMO_CAMPAIGN.name)) return null;
  const audience = (await db.getRepository(AudienceEntity).findOneBy({ name: DEMO_AUDIENCE.name, createdBy: DEMO_ACTOR }))
    ?? await saveAudience(db, { name: DEMO_AUDIENCE.name, definition: normaliseDefinition(DEMO_AUDIENCE.definition) }, DEMO_ACTOR);
  const campaign = await createCampaign(db, { ...DEMO_CAMPAIGN, channel: 'email', audienceId: audience.id }, DEMO_ACTOR);
  return { audienceId: audience.id, campaignId: campaign.id };
}

/**
 * Job 'demo-history' (queued by the demo's import). The first segmentation and the response
 * model's training are queued at the end, the training with scoring as its follow-up.
 */
export const demoHistoryJob: JobHandler = async (ctx) => {
  const db = ctx.dataSource;
  ctx.progress(0, 4, 'seeding demo consent');
  const consent = await seedDemoConsent(db);
  ctx.checkpoint();
  ctx.progress(1, 4, 'recording the demo campaign history');
  const history = await recordDemoHistory(db);
  ctx.checkpoint();
  ctx.progress(2, 4, 'saving the example audience and campaign');
  const examples = await createDemoExamples(db);
  ctx.progress(3, 4, 'queueing segmentation and training');
  // The version row is written with the job: a retried attempt finds it and queues no second training.
  const trained = await db.getRepository(ModelVersionEntity).countBy({ kind: 'response' });
  const training = trained === 0
    ? await startTraining(db, { kind: 'response', hyperparameters: { seed: 42 } }, DEMO_ACTOR, { type: JOB_TYPES.scoring, payload: { asOf: null }, concurrencyKey: 'scoring' })
    : null;
  const [{ n: segmentations }] = await db.query(`SELECT COUNT(*) AS n FROM jobs WHERE type = 'segmentation'`);
  return {
    result: { consent, history, examples, trainingModelId: training?.model.id ?? null },
    commit: sqlNumber(segmentations) > 0 ? undefined : async (manager) => {
      await enqueueJob(manager, JOB_TYPES.segmentation, DEMO_SEGMENTATION, { concurrencyKey: 'segmentation:default', createdBy: DEMO_ACTOR });
    },
  };
};
