/**
 * The CDNOW sample (datasets/cdnow/CDNOW_sample.txt.gz, datasets/README.md) as order rows for
 * summariseTransactions: customer = the sample id, timestamp = the order date at 00:00 UTC,
 * amount = the dollar value. Calibration and holdout ends as the papers use them.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { SHARED_DATA_DIR } from './env.js';

export const CDNOW_CALIBRATION_END = Date.UTC(1997, 8, 30);
export const CDNOW_HOLDOUT_END = Date.UTC(1998, 5, 30);

export interface CdnowOrders {
  customerIds: Float64Array;
  timestamps: Float64Array;
  amounts: Float64Array;
}

export function loadCdnowSample(): CdnowOrders {
  const text = zlib.gunzipSync(fs.readFileSync(path.join(SHARED_DATA_DIR, 'cdnow', 'CDNOW_sample.txt.gz'))).toString('utf8');
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  const customerIds = new Float64Array(lines.length);
  const timestamps = new Float64Array(lines.length);
  const amounts = new Float64Array(lines.length);
  lines.forEach((line, i) => {
    const [, sampleId, date, , value] = line.trim().split(/\s+/);
    customerIds[i] = Number(sampleId);
    timestamps[i] = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(4, 6)) - 1, Number(date.slice(6, 8)));
    amounts[i] = Number(value);
  });
  return { customerIds, timestamps, amounts };
}
