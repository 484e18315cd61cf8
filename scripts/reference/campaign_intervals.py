#!/usr/bin/python3
"""Reference values for the campaign intervals (server/src/ml/statistics/).

- Wilson score interval of a rate, and Newcombe's hybrid score interval (1998, method 10) of a
  difference of two rates, from their formulas (no statsmodels). The script first checks itself
  against the worked examples published by Newcombe (Statistics in Medicine 17, 873-890, Table II).
- Incremental revenue, (mean_T - mean_C) * n_T, for small zero-inflated groups: the normal
  (Welch) interval, and the percentile bootstrap computed with numpy by resampling all members
  (200,000 resamples), so the TypeScript bootstrap, which resamples only the non-zero values,
  is checked against the plain definition.

Run: /usr/bin/python3 scripts/reference/campaign_intervals.py
Writes test/fixtures/reference/campaign-intervals.json.
"""
import json
import math
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, '..', '..'))
Z = 1.959963984540054


def wilson(k, n, z=Z):
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return [0.0 if k == 0 else max(0.0, centre - half), 1.0 if k == n else min(1.0, centre + half)]


def newcombe(k1, n1, k2, n2, z=Z):
    p1, p2 = k1 / n1, k2 / n2
    l1, u1 = wilson(k1, n1, z)
    l2, u2 = wilson(k2, n2, z)
    d = p1 - p2
    return [d - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2), d + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)]


# Newcombe (1998), Table II, method 10, to 4 decimals.
PUBLISHED = [
    {'k1': 56, 'n1': 70, 'k2': 48, 'n2': 80, 'interval': [0.0524, 0.3339]},
    {'k1': 9, 'n1': 10, 'k2': 3, 'n2': 10, 'interval': [0.1705, 0.8090]},
    {'k1': 5, 'n1': 56, 'k2': 0, 'n2': 29, 'interval': [-0.0381, 0.1926]},
]

WILSON_CASES = [(0, 10), (1, 10), (5, 10), (10, 10), (3, 25), (81, 263), (0, 1), (1, 1), (12, 4000)]
NEWCOMBE_CASES = [(56, 70, 48, 80), (9, 10, 3, 10), (5, 56, 0, 29), (0, 10, 0, 20), (10, 10, 0, 10), (3, 40, 7, 45), (120, 3300, 105, 1100)]

# Zero-inflated revenue per member: the non-zero values; the rest of each group ordered nothing.
REVENUE_CASES = [
    {'name': 'small', 'treatment': {'members': 60, 'nonZero': [12.5, 40.0, 8.99, 150.0, 22.0, 61.3, 9.5, 300.0, 18.0, 44.4, 27.5, 75.0]},
     'control': {'members': 40, 'nonZero': [15.0, 33.0, 120.0, 9.0, 52.5]}},
    {'name': 'tiny', 'treatment': {'members': 12, 'nonZero': [20.0, 35.0, 410.0]}, 'control': {'members': 8, 'nonZero': [25.0]}},
]


def revenue_reference(case, samples=200_000, seed=20251207):
    def full(g):
        values = np.zeros(g['members'])
        values[:len(g['nonZero'])] = g['nonZero']
        return values
    t, c = full(case['treatment']), full(case['control'])
    n_t, n_c = len(t), len(c)
    estimate = (t.mean() - c.mean()) * n_t
    se = math.sqrt(t.var(ddof=1) / n_t + c.var(ddof=1) / n_c) * n_t
    rng = np.random.default_rng(seed)
    boot = np.empty(samples)
    for start in range(0, samples, 10_000):
        size = min(10_000, samples - start)
        bt = t[rng.integers(0, n_t, size=(size, n_t))].mean(axis=1)
        bc = c[rng.integers(0, n_c, size=(size, n_c))].mean(axis=1)
        boot[start:start + size] = (bt - bc) * n_t
    return {
        **case, 'estimate': estimate, 'normal': {'lower': estimate - Z * se, 'upper': estimate + Z * se, 'standardError': se},
        'bootstrap': {'samples': samples, 'lower': float(np.quantile(boot, 0.025)), 'upper': float(np.quantile(boot, 0.975)), 'standardError': float(boot.std(ddof=1))},
    }


def main():
    for case in PUBLISHED:
        got = newcombe(case['k1'], case['n1'], case['k2'], case['n2'])
        assert all(abs(a - b) < 6e-5 for a, b in zip(got, case['interval'])), (case, got)
    out = {
        'z': Z,
        'published': PUBLISHED,
        'wilson': [{'k': k, 'n': n, 'interval': wilson(k, n)} for k, n in WILSON_CASES],
        'newcombe': [{'k1': a, 'n1': b, 'k2': c, 'n2': d, 'interval': newcombe(a, b, c, d)} for a, b, c, d in NEWCOMBE_CASES],
        'incrementalRevenue': [revenue_reference(case) for case in REVENUE_CASES],
    }
    with open(os.path.join(ROOT, 'test', 'fixtures', 'reference', 'campaign-intervals.json'), 'w') as f:
        json.dump(out, f, indent=2)
        f.write('\n')


if __name__ == '__main__':
    main()
