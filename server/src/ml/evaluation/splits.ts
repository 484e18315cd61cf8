/**
 * Seeded, stratified data splits. Every class is shuffled on its own and dealt out in turn,
 * so each fold (or the test part) keeps the class proportions to within one row per class.
 */
import { SeededRandom } from '../forest/random.js';
import { MlInputError } from '../errors.js';

function rowsByClass(labels: ArrayLike<number>): number[][] {
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < labels.length; i++) {
    const list = byClass.get(labels[i]);
    if (list) list.push(i);
    else byClass.set(labels[i], [i]);
  }
  return [...byClass.entries()].sort((a, b) => a[0] - b[0]).map(([, rows]) => rows);
}

/** Fold index (0..nFolds-1) of each row. */
export function stratifiedKFoldAssignment(labels: ArrayLike<number>, nFolds: number, seed: number): Int32Array {
  if (!Number.isInteger(nFolds) || nFolds < 2) throw new MlInputError(`nFolds must be an integer ≥ 2, got ${nFolds}`);
  const rng = new SeededRandom(seed);
  const fold = new Int32Array(labels.length);
  // Continue the deal across classes so fold sizes stay within one row of each other.
  let next = 0;
  for (const rows of rowsByClass(labels)) {
    rng.shuffle(rows);
    for (const row of rows) {
      fold[row] = next;
      next = (next + 1) % nFolds;
    }
  }
  return fold;
}

export interface TrainTestIndices {
  train: Int32Array;
  test: Int32Array;
}

/** Train/test index pairs for each fold of a fold assignment. */
export function foldsFromAssignment(fold: ArrayLike<number>): TrainTestIndices[] {
  let nFolds = 0;
  for (let i = 0; i < fold.length; i++) nFolds = Math.max(nFolds, fold[i] + 1);
  const result: TrainTestIndices[] = [];
  for (let k = 0; k < nFolds; k++) {
    const train: number[] = [];
    const test: number[] = [];
    for (let i = 0; i < fold.length; i++) (fold[i] === k ? test : train).push(i);
    result.push({ train: Int32Array.from(train), test: Int32Array.from(test) });
  }
  return result;
}

export function stratifiedKFold(labels: ArrayLike<number>, nFolds: number, seed: number): TrainTestIndices[] {
  return foldsFromAssignment(stratifiedKFoldAssignment(labels, nFolds, seed));
}

/** Stratified holdout: round(testFraction × class size) rows of each class go to the test part. */
export function stratifiedTrainTestSplit(labels: ArrayLike<number>, testFraction: number, seed: number): TrainTestIndices {
  if (!(testFraction > 0 && testFraction < 1)) throw new MlInputError(`testFraction must be in (0, 1), got ${testFraction}`);
  const rng = new SeededRandom(seed);
  const train: number[] = [];
  const test: number[] = [];
  for (const rows of rowsByClass(labels)) {
    rng.shuffle(rows);
    const nTest = Math.round(testFraction * rows.length);
    for (let i = 0; i < rows.length; i++) (i < nTest ? test : train).push(rows[i]);
  }
  const ascending = (a: number, b: number): number => a - b;
  return { train: Int32Array.from(train.sort(ascending)), test: Int32Array.from(test.sort(ascending)) };
}
