/**
 * JSON persistence. Node arrays of all trees are concatenated per field and stored as base64
 * of their little-endian bytes: an order of magnitude smaller than JSON number arrays, and the
 * float64 thresholds and leaf values come back bit-for-bit, so a loaded model predicts
 * exactly like the one that was saved.
 */
import type { DecisionTree } from './decision-tree.js';
import type { RandomForestOptions } from './forest-options.js';
import { RandomForestClassifier } from './random-forest.js';
import { MlInputError } from '../errors.js';

export const FOREST_FORMAT = 'segmenta.random-forest';
export const FOREST_FORMAT_VERSION = 1;

export interface SerializedForest {
  format: typeof FOREST_FORMAT;
  version: number;
  params: RandomForestOptions;
  classes: number[];
  nFeaturesIn: number;
  featureImportances: number[];
  oobScore: number | null;
  /** base64 Float64 per feature. */
  binEdges: string[];
  /** Node count of each tree; field arrays below are the trees concatenated in order. */
  treeNodeCounts: number[];
  feature: string;
  threshold: string;
  thresholdBin: string;
  left: string;
  right: string;
  value: string;
}

type TypedArray = Int32Array | Float64Array | Uint8Array;

function toBase64(array: TypedArray): string {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength).toString('base64');
}

function fromBase64<T extends TypedArray>(text: string, Kind: { new (buffer: ArrayBuffer): T; BYTES_PER_ELEMENT: number }): T {
  const bytes = Buffer.from(text, 'base64');
  if (bytes.byteLength % Kind.BYTES_PER_ELEMENT !== 0) throw new MlInputError('corrupt model: array byte length is not a multiple of the element size');
  // Copy into a fresh, aligned buffer (Buffer's pool offset may not be aligned for Float64).
  const copy = new ArrayBuffer(bytes.byteLength);
  new Uint8Array(copy).set(bytes);
  return new Kind(copy);
}

function concat<T extends TypedArray>(parts: T[], Kind: { new (length: number): T }): T {
  const out = new Kind(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part as never, offset);
    offset += part.length;
  }
  return out;
}

export function saveForest(model: RandomForestClassifier): SerializedForest {
  const state = model.learned;
  const trees = state.trees;
  return {
    format: FOREST_FORMAT,
    version: FOREST_FORMAT_VERSION,
    params: { ...model.params },
    classes: [...state.classes],
    nFeaturesIn: state.nFeaturesIn,
    featureImportances: Array.from(state.featureImportances),
    oobScore: state.oobScore,
    binEdges: state.binEdges.map(toBase64),
    treeNodeCounts: trees.map((t) => t.nNodes),
    feature: toBase64(concat(trees.map((t) => t.feature), Int32Array)),
    threshold: toBase64(concat(trees.map((t) => t.threshold), Float64Array)),
    thresholdBin: toBase64(concat(trees.map((t) => t.thresholdBin), Uint8Array)),
    left: toBase64(concat(trees.map((t) => t.left), Int32Array)),
    right: toBase64(concat(trees.map((t) => t.right), Int32Array)),
    value: toBase64(concat(trees.map((t) => t.value), Float64Array)),
  };
}

export function loadForest(saved: SerializedForest): RandomForestClassifier {
  if (saved.format !== FOREST_FORMAT) throw new MlInputError(`not a saved forest (format ${String(saved.format)})`);
  if (saved.version !== FOREST_FORMAT_VERSION) throw new MlInputError(`unsupported forest format version ${saved.version}`);
  const K = saved.classes.length;
  const feature = fromBase64(saved.feature, Int32Array);
  const threshold = fromBase64(saved.threshold, Float64Array);
  const thresholdBin = fromBase64(saved.thresholdBin, Uint8Array);
  const left = fromBase64(saved.left, Int32Array);
  const right = fromBase64(saved.right, Int32Array);
  const value = fromBase64(saved.value, Float64Array);
  const totalNodes = saved.treeNodeCounts.reduce((a, b) => a + b, 0);
  if (feature.length !== totalNodes || value.length !== totalNodes * K) throw new MlInputError('corrupt model: node arrays do not match treeNodeCounts');
  const trees: DecisionTree[] = [];
  let offset = 0;
  for (const nNodes of saved.treeNodeCounts) {
    const end = offset + nNodes;
    trees.push({
      nNodes,
      nClasses: K,
      feature: feature.slice(offset, end),
      threshold: threshold.slice(offset, end),
      thresholdBin: thresholdBin.slice(offset, end),
      left: left.slice(offset, end),
      right: right.slice(offset, end),
      value: value.slice(offset * K, end * K),
    });
    offset = end;
  }
  return RandomForestClassifier.fromLearnedState(saved.params, {
    classes: [...saved.classes],
    nFeaturesIn: saved.nFeaturesIn,
    binEdges: saved.binEdges.map((e) => fromBase64(e, Float64Array)),
    trees,
    featureImportances: Float64Array.from(saved.featureImportances),
    oobScore: saved.oobScore,
    oobProbabilities: null,
  });
}
