#!/usr/bin/python3
"""Baseline for bench/segmentation-run.bench.ts: the same run in scikit-learn on the same features.

Reads a float64 matrix (n x d, row-major) from argv[1] with d = argv[2]; log1p on the columns listed
in argv[3] (comma-separated indices), winsorises at 1%/99%, standardises, then for k = 2..10 fits
KMeans(n_init=argv[4]) and computes inertia, silhouette (sampled above 20,000 points), Davies-Bouldin
and Calinski-Harabasz. Prints the seconds taken as JSON.
"""
import json
import sys
import time

import numpy as np
from sklearn.cluster import KMeans
from sklearn.metrics import calinski_harabasz_score, davies_bouldin_score, silhouette_score
from sklearn.preprocessing import StandardScaler

d = int(sys.argv[2])
X = np.fromfile(sys.argv[1], dtype=np.float64).reshape(-1, d)
log_cols = [int(c) for c in sys.argv[3].split(',') if c]
n_init = int(sys.argv[4])
start = time.perf_counter()
X = X.copy()
for c in log_cols:
    X[:, c] = np.log1p(np.maximum(X[:, c], 0))
lo, hi = np.quantile(X, 0.01, axis=0), np.quantile(X, 0.99, axis=0)
X = np.clip(X, lo, hi)
Z = StandardScaler().fit_transform(X)
results = []
for k in range(2, 11):
    km = KMeans(n_clusters=k, n_init=n_init, random_state=42).fit(Z)
    sample = 20000 if len(Z) > 20000 else None
    results.append({
        'k': k, 'inertia': km.inertia_,
        'silhouette': silhouette_score(Z, km.labels_, sample_size=sample, random_state=42),
        'db': davies_bouldin_score(Z, km.labels_), 'ch': calinski_harabasz_score(Z, km.labels_),
    })
print(json.dumps({'seconds': time.perf_counter() - start, 'results': results}))
