/**
 * Held-out rows for an uplift evaluation: stratified by arm × outcome, so the test part keeps
 * the treated share and both arms' response rates of the whole set (to a row per stratum).
 */
import { stratifiedTrainTestSplit, type TrainTestIndices } from '../evaluation/splits.js';
import { upliftOutcomes } from './uplift-sample.js';

export function upliftTrainTestSplit(treatment: ArrayLike<number>, outcome: ArrayLike<number>, testFraction: number, seed: number): TrainTestIndices {
  const { treatment: t, outcome: y } = upliftOutcomes(outcome, treatment);
  return stratifiedTrainTestSplit(Array.from(t, (arm, row) => 2 * arm + y[row]), testFraction, seed);
}
