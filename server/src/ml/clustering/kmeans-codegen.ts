import { assignWithBounds } from './kmeans-kernels.js';

/*
 * A copy of `assignWithBounds` specialised for one (d, k): the centres are loaded into local
 * variables once per pass and the distance loops are fully unrolled. V8 neither unrolls the
 * short, variable-length d-loop nor keeps the k×d centre values in registers, and the full
 * nearest-centre scan is the hot path of every k-means pass: specialising makes it ~2× faster.
 *
 * It computes exactly the same floating-point operations in the same order as the generic
 * kernel (tests compare the two), so results do not depend on which one ran. The source text is
 * also what the worker threads compile, so every thread runs identical code.
 */

export type AssignKernel = typeof assignWithBounds;

/** Past this many centre coordinates the unrolled locals would spill anyway; use the generic loop. */
const MAX_UNROLLED_COORDINATES = 256;

export function canSpecialise(d: number, k: number): boolean {
  return d * k <= MAX_UNROLLED_COORDINATES && d <= 32;
}

/** Body of a function with `assignWithBounds`'s parameters, specialised for (d, k). */
export function assignKernelSource(d: number, k: number): string {
  const range = (count: number): number[] => Array.from({ length: count }, (_, i) => i);
  const distanceTo = (centre: (t: number) => string): string =>
    range(d).map((t) => `(x${t} - ${centre(t)}) * (x${t} - ${centre(t)})`).join(' + ');
  const scan = range(k).map((j) => `
      dist = ${distanceTo((t) => `c${j}_${t}`)};
      if (dist < best) { second = best; best = dist; bestJ = ${j}; } else if (dist < second) { second = dist; }`).join('');
  return `
  if (firstPass === 1) { sums.fill(0, 0, ${k * d}); counts.fill(0, 0, ${k}); }
  let maxShift = 0, secondShift = 0, argMaxShift = -1;
  for (let j = 0; j < ${k}; j++) {
    if (shifts[j] > maxShift) { secondShift = maxShift; maxShift = shifts[j]; argMaxShift = j; }
    else if (shifts[j] > secondShift) { secondShift = shifts[j]; }
  }
  ${range(k).map((j) => range(d).map((t) => `const c${j}_${t} = centroids[${j * d + t}];`).join(' ')).join('\n  ')}
  let changed = 0;
  for (let i = start; i < end; i++) {
    const row = i * ${d};
    const label = labels[i];
    ${range(d).map((t) => `const x${t} = data[row + ${t}];`).join(' ')}
    let needsScan = firstPass === 1;
    if (!needsScan) {
      upper[i] += shifts[label];
      lower[i] -= label === argMaxShift ? secondShift : maxShift;
      const bound = halfSeparation[label] > lower[i] ? halfSeparation[label] : lower[i];
      if (upper[i] > bound) {
        const c = label * ${d};
        upper[i] = Math.sqrt(${distanceTo((t) => `centroids[c + ${t}]`)});
        needsScan = upper[i] > bound;
      }
    }
    if (needsScan) {
      let best = Infinity, second = Infinity, bestJ = 0, dist = 0;${scan}
      upper[i] = Math.sqrt(best);
      lower[i] = Math.sqrt(second);
      if (firstPass === 1) {
        changed++;
        labels[i] = bestJ;
        counts[bestJ] += 1;
        const to = bestJ * ${d};
        ${range(d).map((t) => `sums[to + ${t}] += x${t};`).join(' ')}
      } else if (bestJ !== label) {
        changed++;
        labels[i] = bestJ;
        counts[label] -= 1;
        counts[bestJ] += 1;
        const from = label * ${d}, to = bestJ * ${d};
        ${range(d).map((t) => `sums[from + ${t}] -= x${t}; sums[to + ${t}] += x${t};`).join(' ')}
      }
    }
  }
  return changed;`;
}

export const ASSIGN_KERNEL_PARAMETERS = [
  'data', 'd', 'start', 'end', 'centroids', 'k', 'halfSeparation', 'shifts',
  'labels', 'upper', 'lower', 'sums', 'counts', 'firstPass',
] as const;

const compiled = new Map<string, AssignKernel>();

/** The specialised kernel for (d, k) when worthwhile, else the generic one. Cached. */
export function assignKernelFor(d: number, k: number): AssignKernel {
  if (!canSpecialise(d, k)) return assignWithBounds;
  const key = `${d}x${k}`;
  let kernel = compiled.get(key);
  if (!kernel) {
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- generated from numbers only, see file comment
    kernel = new Function(...ASSIGN_KERNEL_PARAMETERS, assignKernelSource(d, k)) as AssignKernel;
    compiled.set(key, kernel);
  }
  return kernel;
}
