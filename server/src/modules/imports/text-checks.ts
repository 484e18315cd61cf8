// Byte- and text-level checks used by the first pass over a file. Pure functions.

/** Offset of the first byte that is not part of a valid UTF-8 sequence, or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    if (b < 0x80) { i++; continue; }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) { need = 1; min = 0x80; } else if (b >= 0xe0 && b <= 0xef) { need = 2; min = 0x800; } else if (b >= 0xf0 && b <= 0xf4) { need = 3; min = 0x10000; } else return i;
    let code = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      code = (code << 6) | (c & 0x3f);
    }
    if (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

/** Length of a trailing, possibly incomplete multi-byte sequence to carry into the next chunk. */
export function incompleteUtf8Tail(bytes: Uint8Array): number {
  for (let back = 1; back <= 3 && back <= bytes.length; back++) {
    const b = bytes[bytes.length - back];
    if ((b & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead byte
    const length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return length > back ? back : 0;
  }
  return 0;
}

export function countByte(bytes: Uint8Array, byte: number, end = bytes.length): number {
  let count = 0;
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, end);
  for (let at = buffer.indexOf(byte); at !== -1; at = buffer.indexOf(byte, at + 1)) count++;
  return count;
}

/** Share of bytes that no text file has (C0 controls other than tab, CR, LF, FF; DEL). */
export function controlByteRatio(bytes: Uint8Array): number {
  if (bytes.length === 0) return 0;
  let bad = 0;
  for (const b of bytes) if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) || b === 0x7f) bad++;
  return bad / bytes.length;
}

const CANDIDATES = [',', ';', '\t', '|'];

/**
 * The delimiter that splits the first records most consistently: the header must contain it, and
 * the more records with the header's count the better (then the larger count). Quotes are honoured,
 * so a quoted "a,b" or a quoted newline does not mislead it. Comma when nothing fits.
 */
export function detectDelimiter(sample: string, maxRecords = 20): string {
  const counts: Array<Record<string, number>> = [];
  let current: Record<string, number> = {};
  let inQuotes = false;
  for (let i = 0; i < sample.length && counts.length < maxRecords; i++) {
    const ch = sample[i];
    if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && ch === '\n') { counts.push(current); current = {}; } else if (!inQuotes && CANDIDATES.includes(ch)) current[ch] = (current[ch] ?? 0) + 1;
  }
  if (counts.length < maxRecords && Object.keys(current).length) counts.push(current);
  let best = ',';
  let bestScore = -1;
  for (const candidate of CANDIDATES) {
    const headerCount = counts[0]?.[candidate] ?? 0;
    if (headerCount === 0) continue;
    const agreeing = counts.filter((record) => (record[candidate] ?? 0) === headerCount).length;
    const score = agreeing * 1000 + Math.min(headerCount, 999);
    if (score > bestScore) { best = candidate; bestScore = score; }
  }
  return best;
}
