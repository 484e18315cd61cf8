#!/usr/bin/env python3
"""Reference figures for server/src/ml/forest and server/src/ml/evaluation.

Run from the repository root with Debian's Python (scikit-learn 1.2.1, pandas):

    /usr/bin/python3 scripts/reference/forest.py [DATA_DIR]

The data directory is the first argument, else $SEGMENTA_SHARED_DATA, else the repository's
datasets/. Writes test/fixtures/reference/forest.json with:
  * per data set: feature names, a checksum of the feature matrix (so the TypeScript loader can
    prove it builds the same matrix), the stratified 5-fold assignment (packed 4 bits per row,
    base64), the RandomForestClassifier hyperparameters and scikit-learn's per-fold ROC AUC;
    also the fold-mean AUC for a few other random_state values, to show seed-to-seed spread;
  * scikit-learn's values of the evaluation metrics on a fixed small score/label vector.
"""
import base64
import json
import os
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import sklearn
from sklearn.calibration import calibration_curve
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import (average_precision_score, confusion_matrix, f1_score, log_loss,
                             precision_recall_curve, precision_score, recall_score,
                             roc_auc_score, roc_curve, accuracy_score)
from sklearn.model_selection import StratifiedKFold

REPO = Path(__file__).resolve().parents[2]
OUT = REPO / "test" / "fixtures" / "reference" / "forest.json"
N_FOLDS = 5
FOLD_SEED = 0
FOREST_SEED = 0
SPREAD_SEEDS = [1, 2, 3]


def data_dir() -> Path:
    if len(sys.argv) > 1:
        return Path(sys.argv[1])
    if os.environ.get("SEGMENTA_SHARED_DATA"):
        return Path(os.environ["SEGMENTA_SHARED_DATA"])
    return REPO / "datasets"


def hillstrom(directory: Path):
    df = pd.read_csv(directory / "hillstrom" / "hillstrom.csv.gz")
    df = df[df["segment"] != "No E-Mail"].reset_index(drop=True)
    features = pd.DataFrame({
        "recency": df["recency"], "history": df["history"], "mens": df["mens"],
        "womens": df["womens"], "newbie": df["newbie"],
    })
    for zip_code in ["Rural", "Surburban", "Urban"]:
        features[f"zip_{zip_code}"] = (df["zip_code"] == zip_code).astype(int)
    for channel in ["Multichannel", "Phone", "Web"]:
        features[f"channel_{channel}"] = (df["channel"] == channel).astype(int)
    for segment in ["Mens E-Mail", "Womens E-Mail"]:
        features["segment_" + segment.split()[0].lower()] = (df["segment"] == segment).astype(int)
    return features, df["visit"].to_numpy()


EDUCATION_LEVEL = {"Basic": 0, "2n Cycle": 1, "Graduation": 2, "Master": 3, "PhD": 4}


def customer_personality(directory: Path):
    df = pd.read_csv(directory / "customer-personality" / "marketing_campaign.csv.gz", sep="\t")
    income = df["Income"].fillna(df["Income"].median())
    enrolled = pd.to_datetime(df["Dt_Customer"], format="%d-%m-%Y")
    features = pd.DataFrame({
        "age": 2014 - df["Year_Birth"],
        "income": income,
        "education_level": df["Education"].map(EDUCATION_LEVEL),
        "lives_with_partner": df["Marital_Status"].isin(["Married", "Together"]).astype(int),
        "kidhome": df["Kidhome"], "teenhome": df["Teenhome"],
        "tenure_days": (pd.Timestamp("2014-06-30") - enrolled).dt.days,
        "recency": df["Recency"],
    })
    for column in ["MntWines", "MntFruits", "MntMeatProducts", "MntFishProducts", "MntSweetProducts", "MntGoldProds",
                   "NumDealsPurchases", "NumWebPurchases", "NumCatalogPurchases", "NumStorePurchases", "NumWebVisitsMonth",
                   "AcceptedCmp1", "AcceptedCmp2", "AcceptedCmp3", "AcceptedCmp4", "AcceptedCmp5", "Complain"]:
        features[column] = df[column]
    assert features.notna().all().all()
    return features, df["Response"].to_numpy()


def pack_folds(folds: np.ndarray) -> str:
    """Two rows per byte, low nibble first."""
    padded = np.append(folds, 0) if len(folds) % 2 else folds
    packed = (padded[0::2] | (padded[1::2] << 4)).astype(np.uint8)
    return base64.b64encode(packed.tobytes()).decode("ascii")


def forest_reference(name, X: pd.DataFrame, y: np.ndarray, params: dict):
    folds = np.zeros(len(y), dtype=np.int64)
    for k, (_, test) in enumerate(StratifiedKFold(N_FOLDS, shuffle=True, random_state=FOLD_SEED).split(X, y)):
        folds[test] = k
    values = X.to_numpy(dtype=np.float64)

    def fold_aucs(seed):
        aucs = []
        for k in range(N_FOLDS):
            train, test = folds != k, folds == k
            model = RandomForestClassifier(**params, random_state=seed).fit(values[train], y[train])
            aucs.append(roc_auc_score(y[test], model.predict_proba(values[test])[:, 1]))
        return aucs

    aucs = fold_aucs(FOREST_SEED)
    spread = {str(seed): float(np.mean(fold_aucs(seed))) for seed in SPREAD_SEEDS}
    print(f"{name}: rows={len(y)} features={values.shape[1]} positives={int(y.sum())} mean AUC={np.mean(aucs):.5f} other seeds={spread}")
    return {
        "rows": int(len(y)),
        "positives": int(y.sum()),
        "featureNames": list(X.columns),
        "featureSum": float(values.sum()),
        "firstRow": values[0].tolist(),
        "lastRow": values[-1].tolist(),
        "nFolds": N_FOLDS,
        "foldsPacked": pack_folds(folds),
        "sklearnParams": params,
        "sklearnRandomState": FOREST_SEED,
        "sklearnFoldRocAuc": [float(a) for a in aucs],
        "sklearnMeanRocAuc": float(np.mean(aucs)),
        "sklearnMeanRocAucOtherSeeds": spread,
    }


def metrics_reference():
    # Ties (0.4, 0.7), scores exactly on calibration-bin edges (0.2, 0.4, 0.6), and 0/1
    # extremes with wrong labels (log-loss clipping).
    labels = np.array([0, 0, 1, 1, 0, 1, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 1, 1, 0, 1])
    scores = np.array([0.1, 0.4, 0.35, 0.8, 0.4, 0.7, 0.7, 0.9, 0.4, 0.2,
                       0.0, 1.0, 1.0, 0.6, 0.55, 0.05, 0.65, 0.2, 0.3, 0.7])
    predicted = (scores >= 0.5).astype(int)
    fpr, tpr, roc_thresholds = roc_curve(labels, scores)
    precision, recall, pr_thresholds = precision_recall_curve(labels, scores)
    prob_true, prob_pred = calibration_curve(labels, scores, n_bins=5, strategy="uniform")
    return {
        "labels": labels.tolist(),
        "scores": scores.tolist(),
        "threshold": 0.5,
        "rocAuc": float(roc_auc_score(labels, scores)),
        "averagePrecision": float(average_precision_score(labels, scores)),
        "logLoss": float(log_loss(labels, scores)),
        "accuracy": float(accuracy_score(labels, predicted)),
        "precision": float(precision_score(labels, predicted)),
        "recall": float(recall_score(labels, predicted)),
        "f1": float(f1_score(labels, predicted)),
        "confusionMatrix": confusion_matrix(labels, predicted).tolist(),
        "rocCurve": {"fpr": fpr.tolist(), "tpr": tpr.tolist(), "thresholds": roc_thresholds.tolist()},
        "precisionRecallCurve": {"precision": precision.tolist(), "recall": recall.tolist(), "thresholds": pr_thresholds.tolist()},
        "calibration": {"nBins": 5, "fractionPositive": prob_true.tolist(), "meanPredicted": prob_pred.tolist()},
    }


def main():
    directory = data_dir()
    hx, hy = hillstrom(directory)
    cx, cy = customer_personality(directory)
    reference = {
        "generator": "scripts/reference/forest.py",
        "sklearnVersion": sklearn.__version__,
        "pandasVersion": pd.__version__,
        "hillstrom": forest_reference("hillstrom", hx, hy, {
            "n_estimators": 100, "max_depth": 8, "min_samples_leaf": 20, "max_features": "sqrt"}),
        "customerPersonality": forest_reference("customer-personality", cx, cy, {
            "n_estimators": 300, "min_samples_leaf": 2, "max_features": "sqrt"}),
        "metrics": metrics_reference(),
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(reference, indent=1) + "\n")
    print(f"wrote {OUT.relative_to(REPO)} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
