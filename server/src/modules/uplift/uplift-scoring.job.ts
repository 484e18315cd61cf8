import type { EntityManager } from 'typeorm';
import { AppError } from '../../errors.js';
import { featureMatrixFromRows } from '../../ml/forest/index.js';
import { defaultAsOf } from '../features/index.js';
import type { JobHandler } from '../jobs/index.js';
import { activeModel, responseFeaturesAsOf } from '../models/index.js';
import { refreshTargetingScores } from '../targeting/index.js';
import { loadedUpliftModel } from './uplift-model-cache.js';

const BATCH = 500;

/**
 * Job 'uplift-scoring' (a follow-up of the scoring job when an uplift model is active): every
 * customer's predicted uplift from the response features as of the scoring date, written to
 * customer_scores.uplift (with the version's id) and customer_targeting in one fenced transaction.
 */
export const upliftScoringJob: JobHandler = async (ctx) => {
  const { dataSource } = ctx;
  const model = await activeModel(dataSource, 'uplift');
  if (!model) throw new AppError('BAD_USER_INPUT', 'no active uplift model: train one with kind uplift first');
  const asOfText = ctx.job.payload?.asOf as string | null | undefined;
  const asOf = asOfText ? new Date(asOfText) : await defaultAsOf(dataSource);
  ctx.progress(0, 100, 'computing features');
  const features = await responseFeaturesAsOf(dataSource, asOf);
  ctx.checkpoint();
  ctx.progress(50, 100, 'predicting uplift');
  const ids = [...features.keys()];
  const uplift = ids.length ? loadedUpliftModel(dataSource, model).predictUplift(featureMatrixFromRows(ids.map((id) => features.get(id)!))) : new Float64Array(0);
  ctx.progress(90, 100, 'writing uplift scores');
  return {
    result: { customers: ids.length, asOf: asOf.toISOString(), upliftModelId: model.id, upliftModel: `uplift:v${model.version}` },
    commit: async (manager: EntityManager) => {
      await manager.query('UPDATE customer_scores SET uplift = NULL, uplift_model_id = NULL WHERE uplift_model_id IS NOT NULL');
      for (let start = 0; start < ids.length; start += BATCH) {
        const slice = ids.slice(start, start + BATCH);
        const cases = slice.map(() => 'WHEN ? THEN ?').join(' ');
        await ctx.pace(() => manager.query(
          `UPDATE customer_scores SET uplift = CASE customer_id ${cases} END, uplift_model_id = ? WHERE customer_id IN (${slice.map(() => '?').join(', ')})`,
          [...slice.flatMap((id, i) => [id, uplift[start + i]]), model.id, ...slice]));
      }
      await refreshTargetingScores(manager, undefined, ctx.pace);
    },
  };
};
