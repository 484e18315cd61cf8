/** The learner a version's params choose, with the forest options it stores. */
import { ClassTransformation, TLearner, XLearner, type FittedUpliftModel, type UpliftForestOptions } from '../../ml/uplift/index.js';
import type { TrainingParams } from '../models/index.js';

export const LEARNER_NAMES = { t: 'T-learner', x: 'X-learner', 'class-transformation': 'class transformation' } as const;

export function upliftForestOptions(params: TrainingParams): UpliftForestOptions {
  const h = params.hyperparameters;
  return {
    nEstimators: h.nEstimators, maxDepth: h.maxDepth, minSamplesLeaf: h.minSamplesLeaf, minSamplesSplit: h.minSamplesSplit,
    maxFeatures: h.maxFeatures, bootstrap: h.bootstrap, criterion: h.criterion,
  };
}

export function createLearner(params: TrainingParams): FittedUpliftModel {
  const forest = upliftForestOptions(params);
  const seed = params.hyperparameters.seed;
  if (params.learner === 'x') return new XLearner({ outcomeForest: forest, effectForest: forest, seed });
  if (params.learner === 'class-transformation') return new ClassTransformation({ forest, seed, whenUnbalanced: params.whenUnbalanced });
  return new TLearner({ forest, seed });
}
