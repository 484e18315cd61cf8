#!/usr/bin/env python3
"""scikit-learn baseline for bench/forest.bench.ts (run by it; not meant to be run by hand).

    /usr/bin/python3 bench/forest-sklearn.py PARAMS_JSON

PARAMS_JSON names raw little-endian float64 files written by the benchmark (train X/y, test
X/y, optionally a large scoring matrix) and the forest hyperparameters. Only `fit` is timed for
training; scoring and single-row latency are timed separately. Prints one JSON object.
"""
import json
import sys
import time

import numpy as np
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import roc_auc_score


def load(path, n_features):
    values = np.fromfile(path, dtype="<f8")
    return values.reshape(-1, n_features) if n_features else values


def main():
    params = json.loads(open(sys.argv[1]).read())
    f = params["nFeatures"]
    X, y = load(params["trainX"], f), load(params["trainY"], 0)
    X_test, y_test = load(params["testX"], f), load(params["testY"], 0)
    model = RandomForestClassifier(**params["sklearn"])
    start = time.perf_counter()
    model.fit(X, y)
    fit_seconds = time.perf_counter() - start
    auc = roc_auc_score(y_test, model.predict_proba(X_test)[:, 1])
    result = {"fitSeconds": fit_seconds, "rocAuc": auc}
    if params.get("scoreX"):
        X_score = load(params["scoreX"], f)
        start = time.perf_counter()
        model.predict_proba(X_score)
        result["scoreSeconds"] = time.perf_counter() - start
        result["scoreRows"] = int(X_score.shape[0])
        latencies = []
        for i in range(200):
            row = X_test[i:i + 1]
            start = time.perf_counter()
            model.predict_proba(row)
            latencies.append(time.perf_counter() - start)
        latencies.sort()
        result["rowLatencyP50Ms"] = latencies[len(latencies) // 2] * 1000
        result["rowLatencyP99Ms"] = latencies[int(len(latencies) * 0.99) - 1] * 1000
    print(json.dumps(result))


if __name__ == "__main__":
    main()
