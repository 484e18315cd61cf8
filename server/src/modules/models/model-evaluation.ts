/**
 * The evaluation stored with every model version, computed on the held-out test rows. Binary
 * models (response) get threshold metrics, curves, calibration and lift; multiclass models
 * (segment) get macro averages (unweighted mean over classes) and one-vs-rest ROC AUC.
 */
import type { RandomForestClassifier, FeatureMatrix } from '../../ml/forest/index.js';
import {
  averagePrecision, calibrationBins, confusionMatrix, downsampleCurve, liftTable, logLoss, multiclassLogLoss, permutationImportance,
  precisionRecallCurve, rocAuc, rocCurve, thresholdMetrics, type CalibrationBin, type ConfusionMatrix, type CurvePoint, type LiftRow,
} from '../../ml/evaluation/index.js';

export interface ClassMetrics { label: number; name: string; precision: number; recall: number; f1: number; support: number }
export interface FeatureImportance { feature: string; impurity: number; permutationMean: number; permutationStd: number }
export interface CrossValidationSummary { folds: number; metric: string; mean: number; std: number; perFold: number[] }

export interface ModelEvaluation {
  task: 'binary' | 'multiclass';
  trainingRows: number;
  testRows: number;
  /** Binary: the decision threshold of the threshold metrics; null for multiclass (argmax). */
  threshold: number | null;
  /** Binary: share of positives among the test rows. */
  positiveRate: number | null;
  accuracy: number;
  /** Binary: of the positive class at the threshold; multiclass: macro averages. */
  precision: number;
  recall: number;
  f1: number;
  /** Binary: ROC AUC; multiclass: macro one-vs-rest ROC AUC over classes present in the test rows. */
  rocAuc: number | null;
  /** Average precision (area under the PR curve, no interpolation); multiclass: macro one-vs-rest. */
  prAuc: number | null;
  logLoss: number;
  confusionMatrix: ConfusionMatrix & { names: string[] };
  perClass: ClassMetrics[];
  /** Binary only: x = false positive rate, y = true positive rate (both non-decreasing). */
  rocCurve: CurvePoint[];
  /** Binary only: x = recall (non-increasing), y = precision, by increasing threshold. */
  prCurve: CurvePoint[];
  calibration: CalibrationBin[];
  lift: LiftRow[];
  featureImportance: FeatureImportance[];
  /** Out-of-bag accuracy of the training rows (bootstrap only). */
  oobScore: number | null;
  crossValidation: CrossValidationSummary | null;
}

function perClassMetrics(cm: ConfusionMatrix, names: string[]): ClassMetrics[] {
  return cm.labels.map((label, i) => {
    const tp = cm.matrix[i][i];
    const support = cm.matrix[i].reduce((a, b) => a + b, 0);
    const predicted = cm.matrix.reduce((sum, row) => sum + row[i], 0);
    const precision = predicted ? tp / predicted : 0;
    const recall = support ? tp / support : 0;
    return { label, name: names[i], precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0, support };
  });
}

const mean = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0);

/** Column k of an nRows × K probability matrix. */
function column(proba: Float64Array, K: number, k: number): Float64Array {
  const out = new Float64Array(proba.length / K);
  for (let r = 0; r < out.length; r++) out[r] = proba[r * K + k];
  return out;
}

/** One-vs-rest score of each class present with both outcomes, averaged. */
function macroOneVsRest(labels: Float64Array, proba: Float64Array, classes: readonly number[], metric: (y: Float64Array, s: Float64Array) => number): number | null {
  const values: number[] = [];
  classes.forEach((c, k) => {
    const y = Float64Array.from(labels, (v) => (v === c ? 1 : 0));
    const positives = y.reduce((a, b) => a + b, 0);
    if (positives > 0 && positives < y.length) values.push(metric(y, column(proba, classes.length, k)));
  });
  return values.length ? mean(values) : null;
}

export interface EvaluationInput {
  model: RandomForestClassifier;
  featureNames: readonly string[];
  /** Display name of each class of the model, in model.classes order. */
  classNames: string[];
  XTest: FeatureMatrix;
  yTest: Float64Array;
  trainingRows: number;
  threshold: number;
  permutationRepeats: number;
  seed: number;
  crossValidation: CrossValidationSummary | null;
}

export function evaluateModel(input: EvaluationInput): ModelEvaluation {
  const { model, XTest, yTest } = input;
  const classes = model.classes;
  const K = classes.length;
  const proba = model.predictProba(XTest);
  const names = input.classNames;
  const impurity = model.featureImportances;
  if (K === 2) {
    const scores = column(proba, 2, 1);
    const positive = classes[1];
    const labels = Float64Array.from(yTest, (v) => (v === positive ? 1 : 0));
    const at = thresholdMetrics(labels, scores, input.threshold);
    const predicted = Float64Array.from(scores, (s) => (s >= input.threshold ? 1 : 0));
    const cm = confusionMatrix(labels, predicted, [0, 1]);
    const hasBoth = labels.some((v) => v === 1) && labels.some((v) => v === 0);
    const roc = hasBoth ? rocCurve(labels, scores) : null;
    const pr = hasBoth ? precisionRecallCurve(labels, scores) : null;
    const score = (m: FeatureMatrix) => (hasBoth ? rocAuc(labels, column(model.predictProba(m), 2, 1)) : 0);
    const permutation = permutationImportance(XTest, score, { nRepeats: input.permutationRepeats, seed: input.seed });
    return {
      task: 'binary', trainingRows: input.trainingRows, testRows: XTest.nRows, threshold: input.threshold,
      positiveRate: mean(Array.from(labels)), accuracy: at.accuracy, precision: at.precision, recall: at.recall, f1: at.f1,
      rocAuc: hasBoth ? rocAuc(labels, scores) : null, prAuc: hasBoth ? averagePrecision(labels, scores) : null,
      logLoss: logLoss(labels, scores),
      confusionMatrix: { ...cm, names }, perClass: perClassMetrics(cm, names),
      rocCurve: roc ? downsampleCurve(roc.fpr, roc.tpr, roc.thresholds) : [],
      prCurve: pr ? downsampleCurve(pr.recall, pr.precision, pr.thresholds) : [],
      calibration: calibrationBins(labels, scores), lift: liftTable(labels, scores),
      featureImportance: input.featureNames.map((feature, f) => ({
        feature, impurity: impurity[f], permutationMean: permutation.importancesMean[f], permutationStd: permutation.importancesStd[f],
      })),
      oobScore: model.oobScore, crossValidation: input.crossValidation,
    };
  }
  const predicted = model.predict(XTest);
  const cm = confusionMatrix(yTest, predicted, [...classes]);
  const perClass = perClassMetrics(cm, names);
  const accuracyOf = (m: FeatureMatrix) => {
    const p = model.predict(m);
    let hits = 0;
    for (let i = 0; i < p.length; i++) if (p[i] === yTest[i]) hits++;
    return hits / p.length;
  };
  const permutation = permutationImportance(XTest, accuracyOf, { nRepeats: input.permutationRepeats, seed: input.seed });
  return {
    task: 'multiclass', trainingRows: input.trainingRows, testRows: XTest.nRows, threshold: null, positiveRate: null,
    accuracy: accuracyOf(XTest), precision: mean(perClass.map((c) => c.precision)), recall: mean(perClass.map((c) => c.recall)), f1: mean(perClass.map((c) => c.f1)),
    rocAuc: macroOneVsRest(yTest, proba, classes, rocAuc), prAuc: macroOneVsRest(yTest, proba, classes, averagePrecision),
    logLoss: multiclassLogLoss(yTest, proba, classes),
    confusionMatrix: { ...cm, names }, perClass, rocCurve: [], prCurve: [], calibration: [], lift: [],
    featureImportance: input.featureNames.map((feature, f) => ({
      feature, impurity: impurity[f], permutationMean: permutation.importancesMean[f], permutationStd: permutation.importancesStd[f],
    })),
    oobScore: model.oobScore, crossValidation: input.crossValidation,
  };
}
