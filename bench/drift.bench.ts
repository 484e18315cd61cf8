// npm run bench -- drift [--quick] [--values N]
// The drift report's numeric parts, each beside a numpy/scipy baseline timed in the same run:
//  1. PSI of N values against N reference values (default 1,000,000; --quick 100,000), 10 bins.
//  2. Minimum-cost assignment of k×k and k×(k+3) centroid distance matrices (k = 10, 50, 200).
import { spawnSync } from 'node:child_process';
import { centroidDistances, createRng, linearSumAssignment, populationStabilityIndex } from '../server/src/ml/index.js';

const args = process.argv.slice(2);
const valuesArg = args.indexOf('--values');
const n = valuesArg >= 0 ? Number(args[valuesArg + 1]) : args.includes('--quick') ? 100_000 : 1_000_000;

function best(repeats: number, fn: () => void): number {
  let fastest = Infinity;
  for (let r = 0; r < repeats; r++) {
    const start = performance.now();
    fn();
    fastest = Math.min(fastest, performance.now() - start);
  }
  return fastest;
}

const rng = createRng(1);
const normal = () => Math.sqrt(-2 * Math.log(1 - rng.nextFloat())) * Math.cos(2 * Math.PI * rng.nextFloat());
const reference = Float64Array.from({ length: n }, () => 50 + 10 * normal());
const actual = Float64Array.from({ length: n }, () => 55 + 10 * normal());
const psiMs = best(3, () => populationStabilityIndex(reference, actual));
const sortMs = best(3, () => { Float64Array.from(reference).sort(); });

const sizes = [10, 50, 200];
const assignmentMs = sizes.map((k) => {
  const points = (m: number) => Array.from({ length: m }, () => Array.from({ length: 5 }, () => normal()));
  const square = centroidDistances(points(k), points(k)), wide = centroidDistances(points(k), points(k + 3));
  return { k, square: best(5, () => linearSumAssignment(square)), wide: best(5, () => linearSumAssignment(wide)) };
});

const python = `
import json, time, numpy as np
from scipy.optimize import linear_sum_assignment
n = ${n}
rng = np.random.default_rng(1)
ref, act = rng.normal(50, 10, n), rng.normal(55, 10, n)
def psi(r, a, bins=10):
    edges = np.unique(np.quantile(r, np.arange(1, bins) / bins))
    e = np.maximum(np.bincount(np.searchsorted(edges, r), minlength=len(edges) + 1) / len(r), 1e-4)
    s = np.maximum(np.bincount(np.searchsorted(edges, a), minlength=len(edges) + 1) / len(a), 1e-4)
    return float(np.sum((s - e) * np.log(s / e)))
def best(repeats, fn):
    t = []
    for _ in range(repeats):
        s = time.perf_counter(); fn(); t.append((time.perf_counter() - s) * 1000)
    return min(t)
out = {'psi': best(3, lambda: psi(ref, act)), 'assignment': []}
for k in ${JSON.stringify(sizes)}:
    sq, wide = rng.uniform(0, 1, (k, k)), rng.uniform(0, 1, (k, k + 3))
    out['assignment'].append({'k': k, 'square': best(5, lambda: linear_sum_assignment(sq)), 'wide': best(5, lambda: linear_sum_assignment(wide))})
print(json.dumps(out))
`;
const baseline = spawnSync('/usr/bin/python3', ['-c', python], { encoding: 'utf8' });
const numpy = baseline.status === 0 ? JSON.parse(baseline.stdout) as { psi: number; assignment: { k: number; square: number; wide: number }[] } : null;
if (!numpy) console.error(baseline.stderr);

const ms = (v: number | undefined) => (v === undefined ? 'n/a' : `${v.toFixed(v < 10 ? 2 : 0)} ms`);
console.log(`PSI, ${n.toLocaleString('en-GB')} vs ${n.toLocaleString('en-GB')} values, 10 bins (best of 3)`);
console.log(`  segmenta ${ms(psiMs)} · numpy ${ms(numpy?.psi)} · one plain Float64Array sort of the reference ${ms(sortMs)}`);
console.log('Minimum-cost assignment (best of 5)');
for (const row of assignmentMs) {
  const base = numpy?.assignment.find((a) => a.k === row.k);
  console.log(`  k=${row.k}: ${row.k}×${row.k} segmenta ${ms(row.square)} · scipy ${ms(base?.square)};  ${row.k}×${row.k + 3} segmenta ${ms(row.wide)} · scipy ${ms(base?.wide)}`);
}
