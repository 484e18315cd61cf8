import type { QueryRunner } from 'typeorm';
import type { Dialect } from '../../db/dialect.js';
import { selectIds } from '../../db/sql-upsert.js';

/**
 * Natural key → database id, filled from the rows a batch upserts. Lives for one attempt only: ids
 * of a rolled-back batch never outlive the attempt that saw the rollback. Bounded: past `maxEntries`
 * it starts afresh (keys recur mostly within a few batches, and a miss costs one indexed SELECT).
 */
export class IdCache {
  private readonly ids = new Map<string, number>();

  constructor(private readonly maxEntries = 25_000) {}

  get(key: string): number {
    const id = this.ids.get(key);
    if (id === undefined) throw new Error(`No id resolved for "${key}"`);
    return id;
  }

  /** Records ids the caller learnt another way (an upsert that returned them). */
  remember(keys: readonly string[], ids: readonly number[]): void {
    if (this.ids.size > this.maxEntries) this.ids.clear();
    keys.forEach((key, i) => this.ids.set(key, ids[i]));
  }

  /** Looks up, in one query per 5,000 keys, the keys not cached yet. */
  async resolve(runner: QueryRunner, dialect: Dialect, table: string, keyColumn: string, keys: Iterable<string>): Promise<void> {
    if (this.ids.size > this.maxEntries) this.ids.clear();
    const missing = new Set<string>();
    for (const key of keys) if (!this.ids.has(key)) missing.add(key);
    if (missing.size === 0) return;
    for (const [key, id] of await selectIds(runner, dialect, table, keyColumn, [...missing])) this.ids.set(key, id);
  }
}
