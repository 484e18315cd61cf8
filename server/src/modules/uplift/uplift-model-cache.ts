import type { DataSource } from 'typeorm';
import { loadUpliftModel, type FittedUpliftModel } from '../../ml/uplift/index.js';
import type { ModelVersionEntity } from '../models/index.js';

/** Loaded uplift models by version id, per database; an artefact never changes, so entries never go stale. */
const MAX_MODELS = 4;
const caches = new WeakMap<DataSource, Map<number, FittedUpliftModel>>();

export function loadedUpliftModel(dataSource: DataSource, model: Pick<ModelVersionEntity, 'id' | 'artefact'>): FittedUpliftModel {
  let cache = caches.get(dataSource);
  if (!cache) caches.set(dataSource, (cache = new Map()));
  const hit = cache.get(model.id);
  if (hit) return hit;
  if (!model.artefact) throw new Error(`model ${model.id} has no artefact`);
  const loaded = loadUpliftModel(model.artefact);
  cache.set(model.id, loaded);
  if (cache.size > MAX_MODELS) cache.delete(cache.keys().next().value!);
  return loaded;
}
