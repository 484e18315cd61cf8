import type { DecisionTree } from './decision-tree.js';
import { resized } from '../typed-arrays.js';

/** Growable node arrays; trimmed to the exact node count at the end. */
export class TreeArrays {
  nNodes = 0;
  feature: Int32Array;
  threshold: Float64Array;
  thresholdBin: Uint8Array;
  left: Int32Array;
  right: Int32Array;
  value: Float64Array;
  impurity: Float64Array;
  nNodeSamples: Int32Array;
  weightedNodeSamples: Float64Array;

  constructor(private readonly nClasses: number, private capacity: number) {
    this.feature = new Int32Array(capacity);
    this.threshold = new Float64Array(capacity);
    this.thresholdBin = new Uint8Array(capacity);
    this.left = new Int32Array(capacity);
    this.right = new Int32Array(capacity);
    this.value = new Float64Array(capacity * nClasses);
    this.impurity = new Float64Array(capacity);
    this.nNodeSamples = new Int32Array(capacity);
    this.weightedNodeSamples = new Float64Array(capacity);
  }

  addNode(classWeight: Float64Array, total: number, nodeImpurity: number, nSamples: number): number {
    if (this.nNodes === this.capacity) this.grow();
    const node = this.nNodes++;
    this.feature[node] = -1;
    this.left[node] = -1;
    this.right[node] = -1;
    const K = this.nClasses;
    for (let k = 0; k < K; k++) this.value[node * K + k] = total > 0 ? classWeight[k] / total : 1 / K;
    this.impurity[node] = nodeImpurity;
    this.nNodeSamples[node] = nSamples;
    this.weightedNodeSamples[node] = total;
    return node;
  }

  setSplit(node: number, feature: number, bin: number, threshold: number): void {
    this.feature[node] = feature;
    this.thresholdBin[node] = bin;
    this.threshold[node] = threshold;
  }

  private grow(): void {
    const capacity = this.capacity * 2;
    this.feature = resized(this.feature, capacity);
    this.threshold = resized(this.threshold, capacity);
    this.thresholdBin = resized(this.thresholdBin, capacity);
    this.left = resized(this.left, capacity);
    this.right = resized(this.right, capacity);
    this.value = resized(this.value, capacity * this.nClasses);
    this.impurity = resized(this.impurity, capacity);
    this.nNodeSamples = resized(this.nNodeSamples, capacity);
    this.weightedNodeSamples = resized(this.weightedNodeSamples, capacity);
    this.capacity = capacity;
  }

  finish(): DecisionTree {
    const n = this.nNodes;
    return {
      nNodes: n,
      nClasses: this.nClasses,
      feature: this.feature.slice(0, n),
      threshold: this.threshold.slice(0, n),
      thresholdBin: this.thresholdBin.slice(0, n),
      left: this.left.slice(0, n),
      right: this.right.slice(0, n),
      value: this.value.slice(0, n * this.nClasses),
      stats: {
        impurity: this.impurity.slice(0, n),
        nNodeSamples: this.nNodeSamples.slice(0, n),
        weightedNodeSamples: this.weightedNodeSamples.slice(0, n),
      },
    };
  }
}
