// The first pass over a file: everything that can make it unusable is found here, before any write.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { Readable, pipeline } from 'node:stream';
import zlib from 'node:zlib';
import { importInvalid } from './import.errors.js';
import type { FileFormat, ImportEncoding } from './import.types.js';
import { GZIP_RATIO_FLOOR_BYTES, type ImportLimits } from '../../config/import-limits.js';
import { controlByteRatio, countByte, detectDelimiter, firstInvalidUtf8, incompleteUtf8Tail } from './text-checks.js';

const SAMPLE_BYTES = 64 * 1024;

export interface FileInspection {
  format: FileFormat;
  bytes: number;
  sha256: string;
  /** Physical lines of the decompressed text, header included; null for xlsx. */
  lines: number | null;
  /** Given or detected; null for xlsx. */
  delimiter: string | null;
}

export async function statImportFile(filePath: string, maxBytes: number): Promise<number> {
  let stat: fs.Stats;
  try {
    stat = await fs.promises.stat(filePath);
  } catch {
    throw importInvalid(`File not found: ${filePath}`);
  }
  if (!stat.isFile()) throw importInvalid(`Not a file: ${filePath}`);
  if (stat.size === 0) throw importInvalid('The file is empty');
  if (stat.size > maxBytes) throw importInvalid(`The file has ${stat.size} bytes, over the import limit of ${maxBytes}`, { bytes: stat.size, maxBytes });
  return stat.size;
}

async function readMagic(filePath: string): Promise<Buffer> {
  const handle = await fs.promises.open(filePath, 'r');
  try {
    const buffer = Buffer.alloc(4);
    const { bytesRead } = await handle.read(buffer, 0, 4, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

export async function sniffFormat(filePath: string): Promise<FileFormat> {
  const magic = await readMagic(filePath);
  if (magic[0] === 0x1f && magic[1] === 0x8b) return 'csv.gz';
  if (magic[0] === 0x50 && magic[1] === 0x4b && magic[2] === 0x03 && magic[3] === 0x04) return 'xlsx';
  return 'csv';
}

async function hashFile(filePath: string): Promise<string> {
  const hash = crypto.createHash('sha256');
  for await (const chunk of fs.createReadStream(filePath, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Runs on the first chunk, so junk is called junk rather than bad UTF-8. */
function checkNotBinary(head: Buffer): void {
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
    throw importInvalid('The file is UTF-16 text; save it as UTF-8 (or Latin-1 with encoding "latin1")');
  }
  if (head.indexOf(0) !== -1 || controlByteRatio(head) > 0.01) {
    throw importInvalid('The file is not CSV text (binary content); expected CSV, gzip-compressed CSV or .xlsx');
  }
}

/** Empty or header-only, judged on the whole text of a small file. */
function checkSmallFile(sample: Buffer, encoding: ImportEncoding): void {
  const bomless = sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf ? sample.subarray(3) : sample;
  const text = new TextDecoder(encoding === 'latin1' ? 'latin1' : 'utf-8').decode(bomless);
  const nonBlank = text.split('\n').filter((line) => line.trim() !== '').length;
  if (nonBlank === 0) throw importInvalid('The file is empty');
  if (nonBlank === 1) throw importInvalid('The file has a header but no data rows');
}

/**
 * Size limit, format by magic bytes, sha256, and for text: no binary junk, valid UTF-8 (unless
 * latin1 is declared) with the line of the first bad byte, gzip integrity, not empty, not header-only,
 * the delimiter, and a line count for progress. Streams the file once; memory stays flat.
 */
export async function inspectFile(filePath: string, opts: { encoding: ImportEncoding; delimiter: string | null; maxBytes: number; limits: ImportLimits }): Promise<FileInspection> {
  const bytes = await statImportFile(filePath, opts.maxBytes);
  const format = await sniffFormat(filePath);
  if (format === 'xlsx') return { format, bytes, sha256: await hashFile(filePath), lines: null, delimiter: null };

  const hash = crypto.createHash('sha256');
  async function* hashed() {
    for await (const chunk of fs.createReadStream(filePath, { highWaterMark: 1 << 20 })) {
      hash.update(chunk as Buffer);
      yield chunk as Buffer;
    }
  }
  const raw = Readable.from(hashed(), { objectMode: false });
  const text = format === 'csv.gz' ? pipeline(raw, zlib.createGunzip(), () => {}) : raw;

  const sampleParts: Buffer[] = [];
  let sampleSize = 0;
  let total = 0;
  let newlines = 0;
  let lastByte = 0x0a;
  let carry: Buffer | null = null;
  try {
    for await (const piece of text) {
      const chunk = piece as Buffer;
      total += chunk.length;
      if (format === 'csv.gz') checkExpansion(total, bytes, opts.limits);
      if (total === chunk.length) checkNotBinary(chunk.subarray(0, SAMPLE_BYTES));
      if (sampleSize < SAMPLE_BYTES) {
        sampleParts.push(chunk.subarray(0, SAMPLE_BYTES - sampleSize));
        sampleSize += Math.min(chunk.length, SAMPLE_BYTES - sampleSize);
      } else if (chunk.indexOf(0) !== -1) {
        throw importInvalid('The file is not CSV text (binary content after the first records)');
      }
      if (opts.encoding === 'utf8') {
        const data: Buffer = carry ? Buffer.concat([carry, chunk]) : chunk;
        const tail = incompleteUtf8Tail(data);
        const whole = data.subarray(0, data.length - tail);
        if (!isUtf8(whole)) throw invalidUtf8(whole, newlines);
        carry = tail ? Buffer.from(data.subarray(data.length - tail)) : null;
      }
      newlines += countByte(chunk, 0x0a);
      lastByte = chunk[chunk.length - 1];
    }
  } catch (error) {
    if ((error as { code?: string }).code?.startsWith('Z_')) throw importInvalid('The gzip data is corrupt or truncated');
    throw error;
  }
  if (carry) throw invalidUtf8(carry, newlines);
  if (sampleSize < SAMPLE_BYTES) checkSmallFile(Buffer.concat(sampleParts), opts.encoding);

  const sample = Buffer.concat(sampleParts);
  const sampleText = new TextDecoder(opts.encoding === 'latin1' ? 'latin1' : 'utf-8').decode(sample).replace(/^\uFEFF/, '');
  return {
    format, bytes, sha256: hash.digest('hex'),
    lines: newlines + (lastByte === 0x0a ? 0 : 1),
    delimiter: opts.delimiter ?? detectDelimiter(sampleText),
  };
}

/**
 * A gzip bomb is caught while it is read, before its text is parsed or stored: past the total, or
 * past the ratio to the compressed size once the text is over GZIP_RATIO_FLOOR_BYTES.
 */
function checkExpansion(decompressed: number, compressed: number, limits: ImportLimits): void {
  if (decompressed > limits.maxDecompressedBytes) {
    throw importInvalid(`The gzip file expands to more than ${limits.maxDecompressedBytes} bytes (SEGMENTA_IMPORT_MAX_DECOMPRESSED_BYTES); split it or import it uncompressed`, { maxDecompressedBytes: limits.maxDecompressedBytes });
  }
  if (decompressed > GZIP_RATIO_FLOOR_BYTES && decompressed > compressed * limits.maxGzipRatio) {
    throw importInvalid(`The gzip file expands more than ${limits.maxGzipRatio} times its size (${compressed} bytes to over ${decompressed}; SEGMENTA_IMPORT_MAX_GZIP_RATIO): refused as a possible decompression bomb`, { maxGzipRatio: limits.maxGzipRatio });
  }
}

function invalidUtf8(bytes: Buffer, newlinesBefore: number) {
  const offset = Math.max(0, firstInvalidUtf8(bytes));
  const line = newlinesBefore + countByte(bytes, 0x0a, offset) + 1;
  return importInvalid(`The file is not valid UTF-8: invalid byte sequence on line ${line}. If it is Latin-1 or Windows-1252, import it with encoding "latin1"`, { line });
}
