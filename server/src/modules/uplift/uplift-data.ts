/**
 * Uplift training rows: every outcome with its arm (contacted = treated, held out = control),
 * from Segmenta's own campaigns and imported outcomes files, with the response model's features
 * as of each row's send time (nothing at or after the send reaches a row).
 */
import type { DataSource } from 'typeorm';
import { AppError } from '../../errors.js';
import { featureMatrixFromRows, type FeatureMatrix } from '../../ml/forest/index.js';
import { RESPONSE_FEATURES, responseExamples, type TrainingParams } from '../models/index.js';

export interface UpliftTrainingData {
  X: FeatureMatrix;
  treatment: Float64Array;
  outcome: Float64Array;
  featureNames: string[];
  windowStart: Date | null;
  windowEnd: Date | null;
  summary: Record<string, unknown>;
}

/** Fewest rows per arm × outcome cell: below this a held-out evaluation says nothing. */
export const MIN_PER_CELL = 5;

const HOW_TO_RECORD = 'Record outcomes with a control group by launching a campaign with a control share and attributing its orders (campaign page: Attribute orders), '
  + 'or import past outcomes with a treatment column (treatment or control per row; docs/imports.md)';

export async function loadUpliftData(dataSource: DataSource, params: TrainingParams): Promise<UpliftTrainingData> {
  const examples = await responseExamples(dataSource, {
    sentFrom: params.sentFrom ? new Date(params.sentFrom) : null, sentTo: params.sentTo ? new Date(params.sentTo) : null,
    campaigns: params.campaigns, includeControl: true,
  });
  const target = params.target;
  const outcome = Float64Array.from(examples, (e) => ((target === 'converted' ? e.converted : e.responded) ? 1 : 0));
  const treatment = Float64Array.from(examples, (e) => (e.treated ? 1 : 0));
  const cells = [0, 0, 0, 0]; // control no, control yes, treated no, treated yes
  for (let i = 0; i < outcome.length; i++) cells[2 * treatment[i] + outcome[i]]++;
  const nTreated = cells[2] + cells[3];
  const nControl = cells[0] + cells[1];
  const scope = params.sentFrom || params.sentTo || params.campaigns?.length ? ' in the chosen window and campaigns' : '';
  if (!nControl) throw new AppError('BAD_USER_INPUT', `none of the ${examples.length} campaign outcomes${scope} is from a control group: an uplift model compares contacted customers with held-out ones. ${HOW_TO_RECORD}`);
  if (!nTreated) throw new AppError('BAD_USER_INPUT', `none of the ${examples.length} campaign outcomes${scope} is from a contacted customer. ${HOW_TO_RECORD}`);
  const names = ['control non-responders', `control ${target}`, 'contacted non-responders', `contacted ${target}`];
  cells.forEach((count, i) => {
    if (count < MIN_PER_CELL) throw new AppError('BAD_USER_INPUT', `only ${count} ${names[i]}${scope}: an uplift model needs at least ${MIN_PER_CELL} of each arm with and without a response`);
  });
  let start = Infinity, end = -Infinity;
  for (const e of examples) { const t = e.asOf.getTime(); if (t < start) start = t; if (t > end) end = t; }
  const rate = (yes: number, no: number) => yes / (yes + no);
  return {
    X: featureMatrixFromRows(examples.map((e) => e.features)), treatment, outcome, featureNames: [...RESPONSE_FEATURES],
    windowStart: new Date(start), windowEnd: new Date(end),
    summary: {
      examples: examples.length, treated: nTreated, control: nControl, treatedShare: nTreated / examples.length, target,
      treatedRate: rate(cells[3], cells[2]), controlRate: rate(cells[1], cells[0]), averageUplift: rate(cells[3], cells[2]) - rate(cells[1], cells[0]),
      campaigns: new Set(examples.map((e) => e.campaignKey)).size, customers: new Set(examples.map((e) => e.customerId)).size,
    },
  };
}
