// Growable columns of numbers: the buffers that hold per-row or per-node values without an object each.

export type NumberArray = Int32Array | Float64Array | Uint8Array | Uint32Array | Float32Array | Uint16Array;

/** A copy of `array` with room for `size` values (the new ones zero), of the same type. */
export function resized<T extends NumberArray>(array: T, size: number): T {
  const next = new (array.constructor as new (n: number) => T)(size);
  next.set(array.length > size ? array.subarray(0, size) as T : array);
  return next;
}
