// Own-property lookups for keys that come from outside (request arguments, file headers, stored
// JSON). A plain object inherits `__proto__`, `constructor`, `toString`…, so `table[key]` answers
// for names nobody put there, and writing through such a key can reach Object.prototype itself.

/** The value stored under `key` on the object itself, never an inherited one. */
export function ownValue<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** Whether `key` is an own property of `record` (the safe form of `key in record`). */
export function hasOwnKey(record: object, key: PropertyKey): boolean {
  return Object.hasOwn(record, key);
}

/**
 * An object without a prototype: writes under any key (even `__proto__`) stay ordinary data, and
 * reads of unset keys are undefined. Optionally filled from entries.
 */
export function nullProtoRecord<T>(entries?: Iterable<readonly [string, T]>): Record<string, T> {
  const record = Object.create(null) as Record<string, T>;
  if (entries) for (const [key, value] of entries) record[key] = value;
  return record;
}
