#!/usr/bin/python3
"""Reference values for server/src/ml tests, computed with scikit-learn (Debian's python3-sklearn 1.2.1).

Usage: /usr/bin/python3 scripts/reference/clustering.py [DATA_DIR]
DATA_DIR is the public-data folder (the one holding mall-customers/); it defaults to the
SEGMENTA_SHARED_DATA environment variable, else the repository's datasets/. Writes test/fixtures/reference/clustering.json.
Deterministic: fixed numpy seeds, fixed random_state everywhere.
"""
import gzip
import json
import os
import sys

import numpy as np
import pandas as pd
import sklearn
from sklearn.cluster import AgglomerativeClustering, KMeans
from sklearn.datasets import make_blobs
from sklearn.decomposition import PCA
from sklearn.metrics import (adjusted_rand_score, calinski_harabasz_score, davies_bouldin_score,
                             silhouette_score)
from sklearn.preprocessing import StandardScaler

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, 'test', 'fixtures', 'reference', 'clustering.json')


def data_dir():
    if len(sys.argv) > 1:
        return sys.argv[1]
    if os.environ.get('SEGMENTA_SHARED_DATA'):
        return os.environ['SEGMENTA_SHARED_DATA']
    return os.path.join(ROOT, 'datasets')


def rows(x):
    return [[float(v) for v in r] for r in np.asarray(x)]


def metrics(x, labels):
    return {
        'silhouette': float(silhouette_score(x, labels)),
        'daviesBouldin': float(davies_bouldin_score(x, labels)),
        'calinskiHarabasz': float(calinski_harabasz_score(x, labels)),
    }


def describe(name, x, ks, true_labels=None):
    entry = {'name': name, 'points': rows(x), 'kmeans': [], 'hierarchical': [], 'labelled': []}
    for k in ks:
        km = KMeans(n_clusters=k, n_init=10, random_state=0, algorithm='lloyd', tol=1e-4, max_iter=300).fit(x)
        entry['kmeans'].append({'k': k, 'nInit': 10, 'inertia': float(km.inertia_)})
        entry['labelled'].append({'source': f'kmeans-k{k}', 'labels': [int(v) for v in km.labels_], **metrics(x, km.labels_)})
        for linkage in ('ward', 'average', 'complete'):
            labels = AgglomerativeClustering(n_clusters=k, linkage=linkage).fit(x).labels_
            entry['hierarchical'].append({'k': k, 'linkage': linkage, 'labels': [int(v) for v in labels]})
    if true_labels is not None:
        entry['labelled'].append({'source': 'generator', 'labels': [int(v) for v in true_labels], **metrics(x, true_labels)})
    return entry


def main():
    mall_path = os.path.join(data_dir(), 'mall-customers', 'Mall_Customers.csv.gz')
    with gzip.open(mall_path, 'rt') as f:
        mall = pd.read_csv(f)
    mall_raw = mall[['Age', 'Annual Income (k$)', 'Spending Score (1-100)']].to_numpy(dtype=np.float64)

    scaler = StandardScaler().fit(mall_raw)
    mall_std = scaler.transform(mall_raw)
    pca = PCA(svd_solver='full').fit(mall_std)
    pca2 = PCA(n_components=0.8, svd_solver='full').fit(mall_std)

    blobs, blob_labels = make_blobs(n_samples=600, n_features=3, centers=4, cluster_std=1.2, random_state=7)
    overlap, overlap_labels = make_blobs(n_samples=1500, n_features=5, centers=5, cluster_std=2.5, random_state=11)
    blob_pca = PCA(svd_solver='full').fit(blobs)

    datasets = [
        describe('blobs-600x3', blobs, [2, 3, 4, 5], blob_labels),
        describe('mall-standardised-200x3', mall_std, [2, 3, 4, 5, 6]),
        describe('overlapping-blobs-1500x5', overlap, [3, 5, 8], overlap_labels),
    ]
    ari_pairs = []
    rng = np.random.RandomState(3)
    for _ in range(4):
        a = rng.randint(0, 4, size=300)
        b = np.where(rng.rand(300) < 0.7, a, rng.randint(0, 5, size=300))
        ari_pairs.append({'a': [int(v) for v in a], 'b': [int(v) for v in b], 'ari': float(adjusted_rand_score(a, b))})

    out = {
        'generatedBy': 'scripts/reference/clustering.py',
        'versions': {'sklearn': sklearn.__version__, 'numpy': np.__version__, 'pandas': pd.__version__},
        'mall': {
            'columns': ['Age', 'Annual Income (k$)', 'Spending Score (1-100)'],
            'raw': rows(mall_raw),
            'scaler': {'mean': [float(v) for v in scaler.mean_], 'scale': [float(v) for v in scaler.scale_],
                       'var': [float(v) for v in scaler.var_], 'transformed': rows(mall_std)},
            'pca': {'components': rows(pca.components_), 'explainedVariance': [float(v) for v in pca.explained_variance_],
                    'explainedVarianceRatio': [float(v) for v in pca.explained_variance_ratio_],
                    'transformed': rows(pca.transform(mall_std))},
            'pcaVarianceTarget': {'target': 0.8, 'nComponents': int(pca2.n_components_)},
        },
        'blobPca': {'components': rows(blob_pca.components_),
                    'explainedVarianceRatio': [float(v) for v in blob_pca.explained_variance_ratio_],
                    'transformed': rows(blob_pca.transform(blobs))},
        'datasets': datasets,
        'ari': ari_pairs,
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, 'w') as f:
        json.dump(out, f, separators=(',', ':'))
    print(f'wrote {os.path.relpath(OUT, ROOT)}')


if __name__ == '__main__':
    main()
