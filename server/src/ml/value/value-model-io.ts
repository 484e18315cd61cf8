import { invalidInput } from '../matrix.js';
import { BgNbdModel, type BgNbdState } from './bg-nbd.js';
import { GammaGammaModel, type GammaGammaState } from './gamma-gamma.js';
import { ParetoNbdModel, type ParetoNbdState } from './pareto-nbd.js';
import { VALUE_MODEL_FORMAT, type ValueModelState } from './value-model.js';

/*
 * Reading a stored customer-value model back: the JSON of `toJSON()` (or its string) to the
 * model class its kind names. Bump VALUE_MODEL_FORMAT_VERSION on an incompatible change.
 */

export type ValueModel = BgNbdModel | ParetoNbdModel | GammaGammaModel;

export function serializeValueModel(model: ValueModel): string {
  return JSON.stringify(model.toJSON());
}

export function loadValueModel(input: string | ValueModelState): ValueModel {
  let state: ValueModelState;
  try {
    state = (typeof input === 'string' ? JSON.parse(input) : input) as ValueModelState;
  } catch {
    throw invalidInput('customer-value model: not valid JSON');
  }
  if (state?.format !== VALUE_MODEL_FORMAT) throw invalidInput(`customer-value model: not a ${VALUE_MODEL_FORMAT} document`);
  switch (state.kind) {
    case 'bg-nbd': return BgNbdModel.fromJSON(state as BgNbdState);
    case 'pareto-nbd': return ParetoNbdModel.fromJSON(state as ParetoNbdState);
    case 'gamma-gamma': return GammaGammaModel.fromJSON(state as GammaGammaState);
    default: throw invalidInput(`customer-value model: unknown kind '${String((state as { kind: unknown }).kind)}'`);
  }
}
