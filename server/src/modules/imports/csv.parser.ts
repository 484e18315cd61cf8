// Streaming CSV reader: any one-character delimiter, quoted fields with newlines, BOM, CRLF, gzip,
// UTF-8 or Latin-1. Memory stays flat: the file is read a chunk at a time as the caller consumes rows.
import fs from 'node:fs';
import { Transform, pipeline, type Readable } from 'node:stream';
import zlib from 'node:zlib';
import { CsvRecordSplitter, CsvSyntaxError } from './csv-records.js';
import { importInvalid } from './import.errors.js';
import type { ImportEncoding } from './import.types.js';
import type { SourceRow } from './import.types.js';

export interface CsvReadOptions {
  compressed: boolean;
  encoding: ImportEncoding;
  delimiter: string;
}

/** The records of the file, a parsed chunk at a time (one await per chunk, not per row). */
export async function* readCsvRows(filePath: string, options: CsvReadOptions): AsyncGenerator<SourceRow[]> {
  const stages: Array<Readable | Transform> = [fs.createReadStream(filePath, { highWaterMark: 1 << 20 })];
  if (options.compressed) stages.push(zlib.createGunzip({ chunkSize: 1 << 16 }));
  const bytes = stages.length === 1 ? stages[0] : pipeline(stages as unknown as [Readable, Transform], () => {});
  // "Latin-1" files from Excel are really Windows-1252. The decoder drops a UTF-8 BOM (ignoreBOM: false).
  const decoder = new TextDecoder(options.encoding === 'latin1' ? 'windows-1252' : 'utf-8');
  const splitter = new CsvRecordSplitter(options.delimiter);
  let first = true;
  try {
    for await (const chunk of bytes as AsyncIterable<Buffer>) {
      let text = decoder.decode(chunk, { stream: true });
      // A BOM in a Latin-1 file is a UTF-8 BOM read as Windows-1252.
      if (first && options.encoding === 'latin1' && text.startsWith('\u00ef\u00bb\u00bf')) text = text.slice(3);
      first = false;
      const records = splitter.push(text);
      if (records.length) yield records;
    }
    const rest = decoder.decode();
    if (rest) yield splitter.push(rest);
    yield splitter.end();
  } catch (error) {
    if (error instanceof CsvSyntaxError) throw importInvalid(`The CSV is malformed near line ${error.lines}: ${error.message}`, { line: error.lines });
    if ((error as { code?: string }).code?.startsWith('Z_')) throw importInvalid('The gzip data is corrupt or truncated');
    throw error;
  } finally {
    for (const stage of stages) stage.destroy();
  }
}
