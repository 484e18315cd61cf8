/** Helpers for DataLoader batch functions: answers in the order of the keys asked. */
export function byId<T extends { id: number }>(rows: T[], ids: readonly number[]): (T | null)[] {
  const map = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => map.get(id) ?? null);
}

export function grouped<T>(rows: T[], ids: readonly number[], key: (row: T) => number): T[][] {
  const map = new Map<number, T[]>();
  for (const row of rows) {
    const k = key(row);
    let list = map.get(k);
    if (!list) map.set(k, (list = []));
    list.push(row);
  }
  return ids.map((id) => map.get(id) ?? []);
}

/** One row per key, matched on a column other than the id; null where there is none. */
export function byKey<T>(rows: T[], ids: readonly number[], key: (row: T) => number): (T | null)[] {
  const map = new Map(rows.map((row) => [key(row), row]));
  return ids.map((id) => map.get(id) ?? null);
}
