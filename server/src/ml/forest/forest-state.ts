import type { DecisionTree } from './decision-tree.js';

/** Everything `fit` learns. Loaded models have no OOB figures and trees without growth stats. */
export interface ForestLearnedState {
  classes: number[];
  nFeaturesIn: number;
  /** Per-feature bin edges used in training (kept for inspection and binned prediction). */
  binEdges: Float64Array[];
  trees: DecisionTree[];
  featureImportances: Float64Array;
  oobScore: number | null;
  oobProbabilities: Float64Array | null;
}
