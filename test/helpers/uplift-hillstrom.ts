/**
 * Hillstrom's e-mail experiment as uplift data: one e-mail arm ("Womens E-Mail" or "Mens E-Mail")
 * with the "No E-Mail" control rows, in file order, as scripts/reference/uplift.py reads it. Also the
 * formula rankings that script computes the same way, and the features the uplift learners use.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { parse } from 'csv-parse/sync';
import type { FeatureMatrix } from '../../server/src/ml/forest/feature-matrix.js';
import { randomScores } from '../../server/src/ml/uplift/uplift-evaluation.js';
import { SHARED_DATA_DIR } from './env.js';

export type HillstromArm = 'womens' | 'mens';
export type HillstromTarget = 'visit' | 'conversion';

interface HillstromRecord {
  recency: string;
  history: string;
  mens: string;
  womens: string;
  zip_code: string;
  newbie: string;
  channel: string;
  segment: string;
  visit: string;
  conversion: string;
}

let cached: HillstromRecord[] | null = null;

function records(): HillstromRecord[] {
  cached ??= parse(zlib.gunzipSync(fs.readFileSync(path.join(SHARED_DATA_DIR, 'hillstrom', 'hillstrom.csv.gz'))).toString('utf8'), {
    columns: true,
    skip_empty_lines: true,
  }) as HillstromRecord[];
  return cached;
}

const ARM_SEGMENT: Record<HillstromArm, string> = { womens: 'Womens E-Mail', mens: 'Mens E-Mail' };
export const FEATURE_NAMES = ['recency', 'history', 'mens', 'womens', 'newbie', 'zip_Rural', 'zip_Surburban', 'zip_Urban', 'channel_Multichannel', 'channel_Phone', 'channel_Web'];

export interface HillstromUplift {
  X: FeatureMatrix;
  treatment: Uint8Array;
  outcomes: Record<HillstromTarget, Uint8Array>;
  /** Formula scores of scripts/reference/uplift.py's `formula_rankings`, in the same order of operations. */
  formulas: (randomSeed: number) => { name: string; scores: Float64Array }[];
}

export function loadHillstromUplift(arm: HillstromArm): HillstromUplift {
  const rows = records().filter((r) => r.segment === ARM_SEGMENT[arm] || r.segment === 'No E-Mail');
  const nFeatures = FEATURE_NAMES.length;
  const data = new Float64Array(rows.length * nFeatures);
  rows.forEach((r, i) => {
    data.set(
      [
        Number(r.recency), Number(r.history), Number(r.mens), Number(r.womens), Number(r.newbie),
        ...['Rural', 'Surburban', 'Urban'].map((z) => (r.zip_code === z ? 1 : 0)),
        ...['Multichannel', 'Phone', 'Web'].map((c) => (r.channel === c ? 1 : 0)),
      ],
      i * nFeatures,
    );
  });
  const column = (f: (r: HillstromRecord) => number): Float64Array => Float64Array.from(rows, f);
  return {
    X: { data, nRows: rows.length, nFeatures },
    treatment: Uint8Array.from(rows, (r) => (r.segment === ARM_SEGMENT[arm] ? 1 : 0)),
    outcomes: { visit: Uint8Array.from(rows, (r) => Number(r.visit)), conversion: Uint8Array.from(rows, (r) => Number(r.conversion)) },
    formulas: (randomSeed) => [
      { name: 'historyPerRecency', scores: column((r) => Number(r.history) / (1 + Number(r.recency))) },
      { name: 'recentFirst', scores: column((r) => -Number(r.recency)) },
      { name: 'profile', scores: column((r) => Number(r.mens) + 2 * Number(r.womens) + 0.5 * Number(r.newbie) + (r.channel === 'Web' ? 0.25 : 0)) },
      { name: 'random', scores: randomScores(rows.length, randomSeed) },
    ],
  };
}
