#!/usr/bin/python3
"""Reference values for server/src/ml/drift tests: PSI written out in numpy, scipy's
linear_sum_assignment and scikit-learn's adjusted_rand_score.

Usage: /usr/bin/python3 scripts/reference/drift.py
Writes test/fixtures/reference/drift.json. Deterministic: fixed numpy seeds.
"""
import json
import os

import numpy as np
import scipy
import sklearn
from scipy.optimize import linear_sum_assignment
from sklearn.metrics import adjusted_rand_score

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, 'test', 'fixtures', 'reference', 'drift.json')
EMPTY_BIN_SHARE = 1e-4


def psi(reference, actual, bins=10):
    """Bins on the reference's quantiles (numpy's linear interpolation), repeated edges dropped,
    (-inf, e1], (e1, e2], ..., (e_last, inf); empty bins count as EMPTY_BIN_SHARE."""
    reference = np.asarray(reference, dtype=float)
    actual = np.asarray(actual, dtype=float)
    edges = np.unique(np.quantile(reference, np.arange(1, bins) / bins))
    expected = np.bincount(np.searchsorted(edges, reference, side='left'), minlength=len(edges) + 1) / len(reference)
    shares = np.bincount(np.searchsorted(edges, actual, side='left'), minlength=len(edges) + 1) / len(actual)
    e = np.maximum(expected, EMPTY_BIN_SHARE)
    a = np.maximum(shares, EMPTY_BIN_SHARE)
    return float(np.sum((a - e) * np.log(a / e))), [float(x) for x in edges]


def main():
    rng = np.random.default_rng(20261207)
    cases = []
    base = rng.normal(50, 10, 500)
    for name, actual, bins in [
        ('same distribution, new sample', rng.normal(50, 10, 400), 10),
        ('mean shifted by half a deviation', rng.normal(55, 10, 400), 10),
        ('mean shifted by two deviations', rng.normal(70, 10, 400), 10),
        ('wider spread, five bins', rng.normal(50, 20, 300), 5),
    ]:
        value, edges = psi(base, actual, bins)
        cases.append({'name': name, 'reference': [float(x) for x in base], 'actual': [float(x) for x in actual], 'bins': bins, 'psi': value, 'edges': edges})
    # Ties: a count feature with few distinct values (edges collapse), and scores in [0, 1].
    counts_ref = rng.poisson(2, 300).astype(float)
    counts_new = rng.poisson(3, 300).astype(float)
    value, edges = psi(counts_ref, counts_new)
    cases.append({'name': 'poisson counts with ties', 'reference': [float(x) for x in counts_ref], 'actual': [float(x) for x in counts_new], 'bins': 10, 'psi': value, 'edges': edges})
    scores_ref = rng.beta(2, 8, 400)
    scores_new = rng.beta(3, 7, 400)
    value, edges = psi(scores_ref, scores_new)
    cases.append({'name': 'response probabilities', 'reference': [float(x) for x in scores_ref], 'actual': [float(x) for x in scores_new], 'bins': 10, 'psi': value, 'edges': edges})

    assignments = []
    for rows, cols in [(4, 4), (6, 6), (3, 5), (5, 3), (7, 7), (2, 6)]:
        cost = rng.uniform(0, 10, (rows, cols))
        r, c = linear_sum_assignment(cost)
        assignments.append({'cost': cost.tolist(), 'rows': r.tolist(), 'columns': c.tolist(), 'totalCost': float(cost[r, c].sum())})

    ari = []
    for n, ka, kb in [(60, 3, 3), (100, 4, 5), (50, 2, 6)]:
        a = rng.integers(0, ka, n)
        b = np.where(rng.uniform(size=n) < 0.7, a, rng.integers(0, kb, n))
        ari.append({'a': a.tolist(), 'b': b.tolist(), 'ari': float(adjusted_rand_score(a, b))})

    with open(OUT, 'w') as f:
        json.dump({'versions': {'numpy': np.__version__, 'scipy': scipy.__version__, 'sklearn': sklearn.__version__},
                   'emptyBinShare': EMPTY_BIN_SHARE, 'psi': cases, 'assignments': assignments, 'ari': ari}, f)
        f.write('\n')


if __name__ == '__main__':
    main()
