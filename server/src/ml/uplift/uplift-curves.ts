/**
 * Uplift and Qini curves and their normalised areas as scikit-uplift 0.5.1 defines them
 * (`sklift/metrics/metrics.py`: `uplift_curve`, `qini_curve`, `perfect_uplift_curve`,
 * `perfect_qini_curve`, `uplift_auc_score`, `qini_auc_score`). Re-implemented from the definitions,
 * checked against scripts/reference/uplift.py to 1e-9.
 *
 * Rows are ranked by score, best first; a point is taken after each run of equal scores (so tied
 * rows enter together, as with ROC), and the curve starts at (0, 0). At a point with N rows
 * targeted, of which nT treated (yT responders) and nC control (yC responders):
 *   uplift curve  (yT/nT − yC/nC) · N       (a rate of an empty arm counts as 0)
 *   Qini curve    yT − yC · (nT/nC)         (nT/nC counts as 0 while nC = 0)
 * Areas are trapezoids over the points in row units (sklearn.metrics.auc).
 */
import type { RankedSample, RowWeights, UpliftOutcomes } from './uplift-sample.js';

/** Cumulative counts at each curve point (row units; weighted by bootstrap multiplicity when given). */
interface CumulativeCounts {
  n: number[];
  nTreated: number[];
  yTreated: number[];
  yControl: number[];
}

export interface UpliftCurve {
  /** Rows targeted at each point (0 first). */
  x: number[];
  y: number[];
  /** Score of the rows entering at each point (best score + 1 for the origin). */
  thresholds: number[];
}

function cumulativeAtRunEnds(sample: RankedSample, weights: RowWeights): CumulativeCounts & { thresholds: number[] } {
  const { order, runEnd, outcome, treatment, rankedScores } = sample;
  // The origin's threshold is the best score + 1 ("nothing targeted"), as scikit-learn's roc_curve.
  const out = { n: [0], nTreated: [0], yTreated: [0], yControl: [0], thresholds: [order.length > 0 ? rankedScores[0] + 1 : 0] };
  let n = 0;
  let nT = 0;
  let yT = 0;
  let yC = 0;
  for (let p = 0; p < order.length; p++) {
    const row = order[p];
    const w = weights ? weights[row] : 1;
    if (w !== 0) {
      n += w;
      if (treatment[row] === 1) {
        nT += w;
        yT += w * outcome[row];
      } else yC += w * outcome[row];
    }
    // A run whose rows were all left out of a replicate repeats the previous point: no area.
    if (runEnd[p] === 1 && n > 0) {
      out.n.push(n);
      out.nTreated.push(nT);
      out.yTreated.push(yT);
      out.yControl.push(yC);
      out.thresholds.push(rankedScores[p]);
    }
  }
  return out;
}

function upliftValues(c: CumulativeCounts): number[] {
  return c.n.map((n, i) => {
    const nT = c.nTreated[i];
    const nC = n - nT;
    return ((nT !== 0 ? c.yTreated[i] / nT : 0) - (nC !== 0 ? c.yControl[i] / nC : 0)) * n;
  });
}

function qiniValues(c: CumulativeCounts): number[] {
  return c.n.map((n, i) => {
    const nT = c.nTreated[i];
    const nC = n - nT;
    return c.yTreated[i] - c.yControl[i] * (nC !== 0 ? nT / nC : 0);
  });
}

/** Trapezoid area under (x, y), x non-decreasing (sklearn.metrics.auc). */
export function trapezoidArea(x: readonly number[], y: readonly number[]): number {
  let area = 0;
  for (let i = 1; i < x.length; i++) area += ((x[i] - x[i - 1]) * (y[i] + y[i - 1])) / 2;
  return area;
}

export function upliftCurve(sample: RankedSample, weights: RowWeights = null): UpliftCurve {
  const c = cumulativeAtRunEnds(sample, weights);
  return { x: c.n, y: upliftValues(c), thresholds: c.thresholds };
}

export function qiniCurve(sample: RankedSample, weights: RowWeights = null): UpliftCurve {
  const c = cumulativeAtRunEnds(sample, weights);
  return { x: c.n, y: qiniValues(c), thresholds: c.thresholds };
}

/** Weighted counts of the four (arm, outcome) cells: the perfect curves depend on nothing else. */
export interface CellCounts {
  treatedResponders: number;
  treatedNonResponders: number;
  controlResponders: number;
  controlNonResponders: number;
}

export function cellCounts(outcomes: UpliftOutcomes, weights: RowWeights = null): CellCounts {
  const cells = { treatedResponders: 0, treatedNonResponders: 0, controlResponders: 0, controlNonResponders: 0 };
  const { outcome, treatment } = outcomes;
  for (let row = 0; row < outcome.length; row++) {
    const w = weights ? weights[row] : 1;
    if (treatment[row] === 1) {
      if (outcome[row] === 1) cells.treatedResponders += w;
      else cells.treatedNonResponders += w;
    } else if (outcome[row] === 1) cells.controlResponders += w;
    else cells.controlNonResponders += w;
  }
  return cells;
}

type Cell = { treated: boolean; responders: boolean; count: number };

/** Cumulative counts when whole groups of cells enter in turn (empty groups add no point). */
function cumulativeOfGroups(groups: Cell[][]): CumulativeCounts {
  const out: CumulativeCounts = { n: [0], nTreated: [0], yTreated: [0], yControl: [0] };
  let n = 0;
  let nT = 0;
  let yT = 0;
  let yC = 0;
  for (const group of groups) {
    let size = 0;
    for (const cell of group) {
      size += cell.count;
      n += cell.count;
      if (cell.treated) nT += cell.count;
      if (cell.responders && cell.treated) yT += cell.count;
      if (cell.responders && !cell.treated) yC += cell.count;
    }
    if (size === 0) continue;
    out.n.push(n);
    out.nTreated.push(nT);
    out.yTreated.push(yT);
    out.yControl.push(yC);
  }
  return out;
}

function cells(c: CellCounts) {
  return {
    tr: { treated: true, responders: true, count: c.treatedResponders },
    tn: { treated: true, responders: false, count: c.treatedNonResponders },
    cr: { treated: false, responders: true, count: c.controlResponders },
    cn: { treated: false, responders: false, count: c.controlNonResponders },
  };
}

/**
 * scikit-uplift's `perfect_uplift_curve`: the ranking by 2·[y = t] + (y if control responders
 * outnumber treated non-responders, else t), i.e. treated responders, control non-responders,
 * then the larger "negative" cell last.
 */
export function perfectUpliftCurve(counts: CellCounts): { x: number[]; y: number[] } {
  const { tr, tn, cr, cn } = cells(counts);
  const tail = counts.controlResponders > counts.treatedNonResponders ? [[cr], [tn]] : [[tn], [cr]];
  const c = cumulativeOfGroups([[tr], [cn], ...tail]);
  return { x: c.n, y: upliftValues(c) };
}

/** scikit-uplift's `perfect_qini_curve(negative_effect=True)`: treated responders, then all non-responders, control responders last. */
export function perfectQiniCurve(counts: CellCounts): { x: number[]; y: number[] } {
  const { tr, tn, cr, cn } = cells(counts);
  const c = cumulativeOfGroups([[tr], [tn, cn], [cr]]);
  return { x: c.n, y: qiniValues(c) };
}

/** (area − random area) / (perfect area − random area); the random line joins (0, 0) to the perfect curve's end. NaN when the perfect curve is the random line. */
function normalisedArea(actualArea: number, perfect: { x: number[]; y: number[] }): number {
  const last = perfect.x.length - 1;
  const randomArea = (perfect.x[last] * perfect.y[last]) / 2;
  const perfectGain = trapezoidArea(perfect.x, perfect.y) - randomArea;
  if (perfectGain === 0) return NaN;
  return (actualArea - randomArea) / perfectGain;
}

/**
 * Areas under the uplift and the Qini curve in one walk, without building the curves (the
 * bootstrap's inner loop), plus the cell counts the perfect curves need. Same points and the
 * same trapezoids as `upliftCurve` / `qiniCurve`.
 */
export function curveAreas(sample: RankedSample, weights: RowWeights = null): { uplift: number; qini: number; cells: CellCounts } {
  const { order, runEnd, outcome, treatment } = sample;
  let n = 0;
  let nT = 0;
  let yT = 0;
  let yC = 0;
  let prevN = 0;
  let prevUplift = 0;
  let prevQini = 0;
  let upliftArea = 0;
  let qiniArea = 0;
  for (let p = 0; p < order.length; p++) {
    const row = order[p];
    const w = weights ? weights[row] : 1;
    if (w !== 0) {
      n += w;
      if (treatment[row] === 1) {
        nT += w;
        yT += w * outcome[row];
      } else yC += w * outcome[row];
    }
    if (runEnd[p] === 1 && n > prevN) {
      const nC = n - nT;
      const uplift = ((nT !== 0 ? yT / nT : 0) - (nC !== 0 ? yC / nC : 0)) * n;
      const qini = yT - yC * (nC !== 0 ? nT / nC : 0);
      upliftArea += ((n - prevN) * (uplift + prevUplift)) / 2;
      qiniArea += ((n - prevN) * (qini + prevQini)) / 2;
      prevN = n;
      prevUplift = uplift;
      prevQini = qini;
    }
  }
  const cells = { treatedResponders: yT, treatedNonResponders: nT - yT, controlResponders: yC, controlNonResponders: n - nT - yC };
  return { uplift: upliftArea, qini: qiniArea, cells };
}

/** scikit-uplift's `uplift_auc_score` and `qini_auc_score(negative_effect=True)` (the Qini coefficient): 0 for a random ranking in expectation, 1 for the perfect one. */
export function aucsScikitUplift(sample: RankedSample, weights: RowWeights = null): { uplift: number; qini: number } {
  const areas = curveAreas(sample, weights);
  return { uplift: normalisedArea(areas.uplift, perfectUpliftCurve(areas.cells)), qini: normalisedArea(areas.qini, perfectQiniCurve(areas.cells)) };
}

export function upliftAucScikitUplift(sample: RankedSample, weights: RowWeights = null): number {
  return aucsScikitUplift(sample, weights).uplift;
}

export function qiniAucScikitUplift(sample: RankedSample, weights: RowWeights = null): number {
  return aucsScikitUplift(sample, weights).qini;
}
