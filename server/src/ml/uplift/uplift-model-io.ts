/**
 * Fitted uplift models as plain JSON (the forests inside in their own saved form, typed arrays as
 * base64), so a stored model version predicts exactly like the model that was trained. Bump
 * UPLIFT_MODEL_FORMAT_VERSION on any incompatible change and keep a reader for old versions.
 */
import { invalidInput } from '../matrix.js';
import { ClassTransformation, type SerializedClassTransformation } from './class-transformation.js';
import type { UpliftModel } from './meta-learners.js';
import { TLearner, type SerializedTLearner } from './t-learner.js';
import { XLearner, type SerializedXLearner } from './x-learner.js';

export const UPLIFT_MODEL_FORMAT = 'segmenta.uplift-model';
export const UPLIFT_MODEL_FORMAT_VERSION = 1;

export type SerializedUpliftModel = { format: typeof UPLIFT_MODEL_FORMAT; version: number } & (SerializedTLearner | SerializedXLearner | SerializedClassTransformation);

export type FittedUpliftModel = TLearner | XLearner | ClassTransformation;

export function saveUpliftModel(model: FittedUpliftModel): SerializedUpliftModel {
  return { format: UPLIFT_MODEL_FORMAT, version: UPLIFT_MODEL_FORMAT_VERSION, ...model.toJSON() };
}

export function loadUpliftModel(input: string | SerializedUpliftModel): FittedUpliftModel & UpliftModel {
  const saved = (typeof input === 'string' ? JSON.parse(input) : input) as SerializedUpliftModel;
  if (saved?.format !== UPLIFT_MODEL_FORMAT) throw invalidInput(`not a saved uplift model (format ${String(saved?.format)})`);
  if (saved.version !== UPLIFT_MODEL_FORMAT_VERSION) throw invalidInput(`unsupported uplift model version ${saved.version} (this build reads ${UPLIFT_MODEL_FORMAT_VERSION})`);
  switch (saved.kind) {
    case 't-learner': return TLearner.fromJSON(saved);
    case 'x-learner': return XLearner.fromJSON(saved);
    case 'class-transformation': return ClassTransformation.fromJSON(saved);
    default: throw invalidInput(`unknown uplift model kind '${(saved as { kind: string }).kind}'`);
  }
}
