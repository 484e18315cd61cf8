#!/usr/bin/python3
"""scikit-learn side of bench/segmentation.bench.ts. Times only the fit / score call.

usage: sklearn-baseline.py kmeans     DATA N D K TOL REPEATS   (run r uses random_state=r)
       sklearn-baseline.py ward       DATA N D K REPEATS LABELS_OUT
       sklearn-baseline.py silhouette DATA N D LABELS REPEATS
DATA is little-endian float64 row-major (n×d); LABELS is little-endian int32.
Prints one JSON object: {"seconds": [...], ...}.
"""
import json
import sys
import time

import numpy as np
import sklearn
from sklearn.cluster import AgglomerativeClustering, KMeans
from sklearn.metrics import silhouette_score


def load(path, n, d):
    return np.fromfile(path, dtype='<f8', count=n * d).reshape(n, d)


def main():
    task = sys.argv[1]
    x = load(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    out = {'sklearn': sklearn.__version__, 'seconds': []}
    if task == 'kmeans':
        k, tol, repeats = int(sys.argv[5]), float(sys.argv[6]), int(sys.argv[7])
        out.update(inertia=[], nIter=[])
        for seed in range(repeats):
            model = KMeans(n_clusters=k, n_init=1, algorithm='lloyd', tol=tol, max_iter=300, random_state=seed)
            start = time.perf_counter()
            model.fit(x)
            out['seconds'].append(time.perf_counter() - start)
            out['inertia'].append(float(model.inertia_))
            out['nIter'].append(int(model.n_iter_))
    elif task == 'ward':
        k, repeats, labels_out = int(sys.argv[5]), int(sys.argv[6]), sys.argv[7]
        for _ in range(repeats):
            model = AgglomerativeClustering(n_clusters=k, linkage='ward')
            start = time.perf_counter()
            model.fit(x)
            out['seconds'].append(time.perf_counter() - start)
        model.labels_.astype('<i4').tofile(labels_out)
    elif task == 'silhouette':
        labels = np.fromfile(sys.argv[5], dtype='<i4')
        repeats = int(sys.argv[6])
        for _ in range(repeats):
            start = time.perf_counter()
            score = silhouette_score(x, labels)
            out['seconds'].append(time.perf_counter() - start)
        out['score'] = float(score)
    else:
        sys.exit(f'unknown task {task}')
    print(json.dumps(out))


if __name__ == '__main__':
    main()
