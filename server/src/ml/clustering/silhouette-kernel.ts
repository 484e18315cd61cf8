/*
 * The O(n²) part of the silhouette. SELF-CONTAINED (no imports, no outside calls): the threaded
 * runner ships it to workers as source text, like the k-means kernels.
 *
 * Rows are pre-sorted by cluster, so cluster c is the contiguous run [starts[c], starts[c+1]).
 * For every row r in [blockStart, blockEnd) and every later row s, the distance is computed
 * once and credited to both sides: distanceSums[r·k + code(s)] and distanceSums[s·k + code(r)].
 * Blocks keep the j-range hot in cache; the caller may split blocks over threads as long as
 * each thread has its own distanceSums (they are summed afterwards).
 */
export function accumulateSilhouetteBlock(
  sorted: Float64Array, sortedCode: Int32Array, starts: Int32Array, d: number, k: number,
  blockStart: number, blockEnd: number, distanceSums: Float64Array,
): void {
  for (let r = blockStart; r < blockEnd; r++) {
    const cr = sortedCode[r];
    const rowOffset = r * d;
    for (let s = r + 1; s < blockEnd; s++) {
      let sum = 0;
      for (let t = 0; t < d; t++) {
        const delta = sorted[rowOffset + t] - sorted[s * d + t];
        sum += delta * delta;
      }
      const dist = Math.sqrt(sum);
      distanceSums[r * k + sortedCode[s]] += dist;
      distanceSums[s * k + cr] += dist;
    }
  }
  for (let c = 0; c < k; c++) {
    const from = starts[c] > blockEnd ? starts[c] : blockEnd;
    const to = starts[c + 1];
    if (from >= to) continue;
    for (let r = blockStart; r < blockEnd; r++) {
      const cr = sortedCode[r];
      const rowOffset = r * d;
      let acc = 0;
      for (let s = from; s < to; s++) {
        let sum = 0;
        for (let t = 0; t < d; t++) {
          const delta = sorted[rowOffset + t] - sorted[s * d + t];
          sum += delta * delta;
        }
        const dist = Math.sqrt(sum);
        acc += dist;
        distanceSums[s * k + cr] += dist;
      }
      distanceSums[r * k + c] += acc;
    }
  }
}
