import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { AppError } from '../../errors.js';
import { loadForest } from '../../ml/forest/index.js';
import { ModelVersionEntity } from './model-version.entity.js';
import { getModel } from './model.service.js';

/**
 * A model version as a file that travels between Segmenta installations (staging → production):
 * versioned, checksummed JSON with everything scoring needs — the forest, the feature names in
 * input order, their units and the categorical encoding. Imported, it scores identically: the
 * forest's numbers are written by JSON.stringify, which gives back the same doubles on parsing.
 *
 * Only response models travel: a segment classifier's classes are segment ids of one database's
 * segmentation run, which means nothing in another.
 */
export const MODEL_ARTEFACT_FORMAT = 'segmenta-model';
export const MODEL_ARTEFACT_SCHEMA_VERSION = 1;

/** Units of the response model's inputs, as scoring reads them. */
const FEATURE_UNITS: Record<string, string> = {
  recencyDays: 'days since the last completed order (−1: none)', frequency: 'completed orders', monetary: 'net revenue, reporting currency',
  avgOrderValue: 'reporting currency per order', tenureDays: 'days since the first order (−1: none)', returns: 'cancelled orders',
  sessions: 'browsing sessions', productViews: 'product views', cartAdds: 'add-to-cart events',
  priorContacts: 'campaign contacts before the as-of date', priorResponses: 'campaign responses before the as-of date',
};

interface ArtefactBody {
  format: string;
  schemaVersion: number;
  kind: string;
  sourceVersion: number | null;
  params: unknown;
  featureNames: string[];
  featureUnits: Record<string, string | null>;
  featureEncoding: unknown;
  windowStart: string | null;
  windowEnd: string | null;
  trainingRows: number;
  testRows: number;
  metrics: unknown;
  forest: unknown;
}

const checksumOf = (body: ArtefactBody): string => `sha256:${createHash('sha256').update(JSON.stringify(body)).digest('hex')}`;

/** The artefact of a succeeded response model version, as JSON text. */
export async function exportModelArtefact(dataSource: DataSource, id: number): Promise<string> {
  const model = await getModel(dataSource, id);
  if (model.status !== 'succeeded' || !model.artefact) throw new AppError('CONFLICT', `model ${id} is ${model.status}; only a trained version can be exported`);
  if (model.kind !== 'response') throw new AppError('BAD_USER_INPUT', `model ${id} is a ${model.kind} model; only response models can be exported (a segment classifier's classes belong to one database's run)`);
  const featureNames = model.featureNames ?? [];
  const body: ArtefactBody = {
    format: MODEL_ARTEFACT_FORMAT, schemaVersion: MODEL_ARTEFACT_SCHEMA_VERSION, kind: model.kind, sourceVersion: model.version,
    params: model.params, featureNames, featureUnits: Object.fromEntries(featureNames.map((name) => [name, FEATURE_UNITS[name] ?? null])),
    featureEncoding: model.featureEncoding ?? null, windowStart: model.windowStart?.toISOString() ?? null, windowEnd: model.windowEnd?.toISOString() ?? null,
    trainingRows: model.trainingRows, testRows: model.testRows, metrics: model.metrics ?? null, forest: JSON.parse(model.artefact),
  };
  return JSON.stringify({ ...body, checksum: checksumOf(body) });
}

function invalid(problem: string): AppError {
  return new AppError('BAD_USER_INPUT', `not a model artefact Segmenta can import: ${problem}`);
}

/** Imports an artefact as a new, inactive version of its kind (activate it to score with it). */
export async function importModelArtefact(dataSource: DataSource, text: string, actor: string, now = new Date()): Promise<ModelVersionEntity> {
  let parsed: Record<string, unknown>;
  try { parsed = JSON.parse(text); } catch { throw invalid('the text is not JSON'); }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw invalid('the JSON is not an object');
  const { checksum, ...rest } = parsed;
  const body = rest as unknown as ArtefactBody;
  if (body.format !== MODEL_ARTEFACT_FORMAT) throw invalid(`format is ${JSON.stringify(body.format)}, not "${MODEL_ARTEFACT_FORMAT}"`);
  if (body.schemaVersion !== MODEL_ARTEFACT_SCHEMA_VERSION) throw invalid(`schemaVersion ${JSON.stringify(body.schemaVersion)} is not ${MODEL_ARTEFACT_SCHEMA_VERSION}`);
  if (body.kind !== 'response') throw invalid(`kind ${JSON.stringify(body.kind)}: only response models can be imported`);
  if (!Array.isArray(body.featureNames) || !body.forest || typeof body.forest !== 'object') throw invalid('featureNames or forest is missing');
  if (checksum !== checksumOf(body)) throw invalid('the checksum does not match the content (the file was changed or cut short)');
  try { loadForest(body.forest as never); } catch { throw invalid('its forest cannot be loaded'); }
  const repo = dataSource.getRepository(ModelVersionEntity);
  return dataSource.transaction(async (manager) => {
    const models = manager.getRepository(ModelVersionEntity);
    const [{ top }] = await manager.query('SELECT MAX(version) AS top FROM model_versions WHERE kind = ?', [body.kind]);
    return models.save(repo.create({
      kind: 'response', version: Number(top ?? 0) + 1, status: 'succeeded', jobId: null,
      params: { ...(body.params as Record<string, unknown>), importedFrom: { version: body.sourceVersion, checksum } } as never,
      windowStart: body.windowStart ? new Date(body.windowStart) : null, windowEnd: body.windowEnd ? new Date(body.windowEnd) : null,
      trainingRows: body.trainingRows ?? 0, testRows: body.testRows ?? 0, segmentationRunId: null, dataSummary: null,
      metrics: (body.metrics ?? null) as never, featureNames: body.featureNames, featureEncoding: (body.featureEncoding ?? null) as never,
      artefact: JSON.stringify(body.forest), error: null, createdBy: actor, createdAt: now, finishedAt: now,
    }));
  });
}
