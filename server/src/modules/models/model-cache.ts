import type { DataSource } from 'typeorm';
import { loadForest, type RandomForestClassifier } from '../../ml/forest/index.js';
import type { ModelVersionEntity } from './model-version.entity.js';

/**
 * Loaded forests by model id, per database (ids are only unique within one). A version's
 * artefact never changes once written, so an entry can never go stale; the cache is only bounded
 * (least recently used goes first) to cap memory.
 */
const MAX_MODELS = 8;
const caches = new WeakMap<DataSource, Map<number, RandomForestClassifier>>();

export function loadedForest(dataSource: DataSource, model: Pick<ModelVersionEntity, 'id' | 'artefact'>): RandomForestClassifier {
  let cache = caches.get(dataSource);
  if (!cache) caches.set(dataSource, (cache = new Map()));
  const hit = cache.get(model.id);
  if (hit) {
    cache.delete(model.id);
    cache.set(model.id, hit);
    return hit;
  }
  if (!model.artefact) throw new Error(`model ${model.id} has no artefact`);
  const forest = loadForest(JSON.parse(model.artefact));
  cache.set(model.id, forest);
  if (cache.size > MAX_MODELS) cache.delete(cache.keys().next().value!);
  return forest;
}
