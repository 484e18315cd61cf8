import type { DataSource, EntityManager } from 'typeorm';
import { AppError } from '../../errors.js';
import { DataSetSettingsEntity } from './settings.entity.js';
import { DEFAULT_SETTINGS, validateSettings, type DataSetSettings } from './settings-schema.js';

export interface SettingsRecord {
  dataSet: string;
  /** 0 while the data set runs on the defaults (nothing saved yet). */
  version: number;
  settings: DataSetSettings;
  updatedBy: string | null;
  updatedAt: Date | null;
}

/** The settings in force for a data set: its newest saved version, defaults filled in for fields added since. */
export async function readSettings(db: DataSource | EntityManager, dataSet = 'default'): Promise<SettingsRecord> {
  const row = await db.getRepository(DataSetSettingsEntity).findOne({ where: { dataSet }, order: { version: 'DESC' } });
  if (!row) return { dataSet, version: 0, settings: { ...DEFAULT_SETTINGS }, updatedBy: null, updatedAt: null };
  return { dataSet, version: row.version, settings: { ...DEFAULT_SETTINGS, ...(row.settings as Partial<DataSetSettings>) }, updatedBy: row.updatedBy, updatedAt: row.updatedAt };
}

/**
 * Saves a new version: the change merged into the current settings and validated as a whole.
 * `expectedVersion` (the version the editor read) is compare-and-set: a stale one is refused
 * with CONFLICT, as is losing a race to another save of the same version (the primary key).
 */
export async function updateSettings(dataSource: DataSource, dataSet: string, change: Partial<Record<keyof DataSetSettings, unknown>>, actor: string, expectedVersion?: number): Promise<SettingsRecord> {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(dataSet)) throw new AppError('BAD_USER_INPUT', `dataSet must be 1–64 letters, digits, "_" or "-", got ${JSON.stringify(dataSet)}`);
  const current = await readSettings(dataSource, dataSet);
  if (expectedVersion !== undefined && expectedVersion !== current.version) {
    throw new AppError('CONFLICT', `settings of ${dataSet} were changed by someone else (now version ${current.version}); reload and edit again`);
  }
  const settings = validateSettings(current.settings, change);
  const version = current.version + 1;
  try {
    await dataSource.getRepository(DataSetSettingsEntity).insert({ dataSet, version, settings: settings as never, updatedBy: actor, updatedAt: new Date() });
  } catch (error) {
    if (/duplicate|unique/i.test(String((error as Error).message))) throw new AppError('CONFLICT', `settings of ${dataSet} were saved by someone else at the same time; reload and edit again`);
    throw error;
  }
  return readSettings(dataSource, dataSet);
}

/** Every saved version, newest first. */
export async function settingsHistory(db: DataSource | EntityManager, dataSet = 'default', limit = 50) {
  return db.getRepository(DataSetSettingsEntity).find({ where: { dataSet }, order: { version: 'DESC' }, take: limit });
}
