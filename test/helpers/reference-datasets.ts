/**
 * Loads the public data sets used by the forest reference tests and builds exactly the feature
 * matrices that scripts/reference/forest.py builds with pandas (the fixture's checksums prove it).
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { SHARED_DATA_DIR } from './env.js';
import type { FeatureMatrix } from '../../server/src/ml/forest/feature-matrix.js';

export interface ReferenceDataset {
  X: FeatureMatrix;
  y: Float64Array;
  featureNames: string[];
}

function readGzipRecords(relativePath: string, delimiter: string): Record<string, string>[] {
  const text = zlib.gunzipSync(fs.readFileSync(path.join(SHARED_DATA_DIR, relativePath))).toString('utf8');
  return parse(text, { columns: true, delimiter, skip_empty_lines: true, record_delimiter: ['\r\n', '\n'] }) as Record<string, string>[];
}

function build(rows: number[][], labels: number[], featureNames: string[]): ReferenceDataset {
  const nFeatures = featureNames.length;
  const data = new Float64Array(rows.length * nFeatures);
  rows.forEach((row, r) => data.set(row, r * nFeatures));
  return { X: { data, nRows: rows.length, nFeatures }, y: Float64Array.from(labels), featureNames };
}

/** Hillstrom e-mail rows (segment != 'No E-Mail'); target `visit`. */
export function loadHillstromVisits(): ReferenceDataset {
  const records = readGzipRecords('hillstrom/hillstrom.csv.gz', ',').filter((r) => r.segment !== 'No E-Mail');
  const featureNames = ['recency', 'history', 'mens', 'womens', 'newbie', 'zip_Rural', 'zip_Surburban', 'zip_Urban', 'channel_Multichannel', 'channel_Phone', 'channel_Web', 'segment_mens', 'segment_womens'];
  const rows = records.map((r) => [
    Number(r.recency), Number(r.history), Number(r.mens), Number(r.womens), Number(r.newbie),
    ...['Rural', 'Surburban', 'Urban'].map((z) => (r.zip_code === z ? 1 : 0)),
    ...['Multichannel', 'Phone', 'Web'].map((c) => (r.channel === c ? 1 : 0)),
    r.segment === 'Mens E-Mail' ? 1 : 0,
    r.segment === 'Womens E-Mail' ? 1 : 0,
  ]);
  return build(rows, records.map((r) => Number(r.visit)), featureNames);
}

const EDUCATION_LEVEL: Record<string, number> = { Basic: 0, '2n Cycle': 1, Graduation: 2, Master: 3, PhD: 4 };
const PASS_THROUGH = ['MntWines', 'MntFruits', 'MntMeatProducts', 'MntFishProducts', 'MntSweetProducts', 'MntGoldProds', 'NumDealsPurchases', 'NumWebPurchases', 'NumCatalogPurchases', 'NumStorePurchases', 'NumWebVisitsMonth', 'AcceptedCmp1', 'AcceptedCmp2', 'AcceptedCmp3', 'AcceptedCmp4', 'AcceptedCmp5', 'Complain'];

/** Customer Personality Analysis; target `Response`; missing Income imputed with the median. */
export function loadCustomerPersonality(): ReferenceDataset {
  const records = readGzipRecords('customer-personality/marketing_campaign.csv.gz', '\t');
  const incomes = records.filter((r) => r.Income !== '').map((r) => Number(r.Income)).sort((a, b) => a - b);
  const mid = incomes.length >> 1;
  const medianIncome = incomes.length % 2 ? incomes[mid] : (incomes[mid - 1] + incomes[mid]) / 2;
  const asOf = Date.UTC(2014, 5, 30);
  const rows = records.map((r) => {
    const [day, month, year] = r.Dt_Customer.split('-').map(Number);
    const education = EDUCATION_LEVEL[r.Education];
    if (education === undefined) throw new Error(`unknown Education ${r.Education}`);
    return [
      2014 - Number(r.Year_Birth),
      r.Income === '' ? medianIncome : Number(r.Income),
      education,
      r.Marital_Status === 'Married' || r.Marital_Status === 'Together' ? 1 : 0,
      Number(r.Kidhome), Number(r.Teenhome),
      Math.round((asOf - Date.UTC(year, month - 1, day)) / 86_400_000),
      Number(r.Recency),
      ...PASS_THROUGH.map((c) => Number(r[c])),
    ];
  });
  const featureNames = ['age', 'income', 'education_level', 'lives_with_partner', 'kidhome', 'teenhome', 'tenure_days', 'recency', ...PASS_THROUGH];
  return build(rows, records.map((r) => Number(r.Response)), featureNames);
}

/** Fold ids packed two per byte (low nibble first), base64 — as written by forest.py. */
export function unpackFolds(packed: string, nRows: number): Int32Array {
  const bytes = Buffer.from(packed, 'base64');
  const folds = new Int32Array(nRows);
  for (let i = 0; i < nRows; i++) folds[i] = (bytes[i >> 1] >> ((i & 1) * 4)) & 0xf;
  return folds;
}
