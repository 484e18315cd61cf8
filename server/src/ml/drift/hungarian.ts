import { invalidInput } from '../errors.js';

export interface Assignment {
  /** Matched (row, column) pairs in row order, min(rows, columns) of them (scipy's linear_sum_assignment shape). */
  rows: number[];
  columns: number[];
  totalCost: number;
}

/**
 * Minimum-cost assignment (Kuhn–Munkres with potentials, O(n²·m)) of a rows × columns cost matrix.
 * Rectangular input is allowed: every row of the smaller side is matched, the rest of the larger
 * side stays unmatched. Costs must be finite.
 */
export function linearSumAssignment(cost: number[][]): Assignment {
  const rowCount = cost.length;
  const columnCount = rowCount ? cost[0].length : 0;
  for (const [r, row] of cost.entries()) {
    if (row.length !== columnCount) throw invalidInput(`assignment: row ${r} has ${row.length} costs, expected ${columnCount}`);
    for (const [c, v] of row.entries()) if (!Number.isFinite(v)) throw invalidInput(`assignment: cost [${r}][${c}] is not finite`);
  }
  if (!rowCount || !columnCount) return { rows: [], columns: [], totalCost: 0 };
  // The algorithm wants rows ≤ columns: solve the transpose otherwise.
  const transposed = rowCount > columnCount;
  const a = transposed ? Array.from({ length: columnCount }, (_, c) => cost.map((row) => row[c])) : cost;
  const n = a.length, m = a[0].length;
  // 1-based arrays; column 0 is the virtual start of each augmenting path.
  const u = new Float64Array(n + 1), v = new Float64Array(m + 1);
  const rowOfColumn = new Int32Array(m + 1), way = new Int32Array(m + 1);
  for (let i = 1; i <= n; i++) {
    rowOfColumn[0] = i;
    let column = 0;
    const minSlack = new Float64Array(m + 1).fill(Infinity);
    const used = new Uint8Array(m + 1);
    do {
      used[column] = 1;
      const row = rowOfColumn[column];
      let delta = Infinity, next = 0;
      for (let j = 1; j <= m; j++) {
        if (used[j]) continue;
        const slack = a[row - 1][j - 1] - u[row] - v[j];
        if (slack < minSlack[j]) { minSlack[j] = slack; way[j] = column; }
        if (minSlack[j] < delta) { delta = minSlack[j]; next = j; }
      }
      for (let j = 0; j <= m; j++) {
        if (used[j]) { u[rowOfColumn[j]] += delta; v[j] -= delta; } else minSlack[j] -= delta;
      }
      column = next;
    } while (rowOfColumn[column] !== 0);
    do {
      const previous = way[column];
      rowOfColumn[column] = rowOfColumn[previous];
      column = previous;
    } while (column !== 0);
  }
  const pairs: Array<[number, number]> = [];
  for (let j = 1; j <= m; j++) if (rowOfColumn[j]) pairs.push(transposed ? [j - 1, rowOfColumn[j] - 1] : [rowOfColumn[j] - 1, j - 1]);
  pairs.sort((x, y) => x[0] - y[0]);
  return { rows: pairs.map((p) => p[0]), columns: pairs.map((p) => p[1]), totalCost: pairs.reduce((s, [r, c]) => s + cost[r][c], 0) };
}

/** Euclidean distances between two sets of points of the same dimension: the cost matrix for matching centroids. */
export function centroidDistances(from: number[][], to: number[][]): number[][] {
  return from.map((p, r) => to.map((q, c) => {
    if (p.length !== q.length) throw invalidInput(`centroid distances: point ${r} has ${p.length} coordinates, point ${c} has ${q.length}`);
    let sum = 0;
    for (let d = 0; d < p.length; d++) sum += (p[d] - q[d]) ** 2;
    return Math.sqrt(sum);
  }));
}
