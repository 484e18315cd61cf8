// Streaming CSV reader over csv-parse: any one-character delimiter, quoted fields with newlines,
// BOM, CRLF, gzip, UTF-8 or Latin-1. Memory stays flat: records are pulled as the caller consumes them.
import fs from 'node:fs';
import { Transform, pipeline, type Readable } from 'node:stream';
import zlib from 'node:zlib';
import { parse, type Options as CsvOptions } from 'csv-parse';
import { importInvalid } from './import.errors.js';
import type { ImportEncoding } from './import.types.js';
import type { SourceRow } from './row-source.js';

export interface CsvReadOptions {
  compressed: boolean;
  encoding: ImportEncoding;
  delimiter: string;
}

/** Latin-1 (read as Windows-1252, which is what "Latin-1" files from Excel really are) → UTF-8. */
function latin1ToUtf8(): Transform {
  const decoder = new TextDecoder('windows-1252');
  let first = true;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      let bytes = chunk;
      if (first && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
      first = false;
      done(null, Buffer.from(decoder.decode(bytes, { stream: true }), 'utf8'));
    },
  });
}

export async function* readCsvRows(filePath: string, options: CsvReadOptions): AsyncGenerator<SourceRow> {
  const csvOptions: CsvOptions = {
    delimiter: options.delimiter,
    bom: true,
    // Row width is checked by the importer, which rejects the one row instead of the whole file.
    relax_column_count: true,
    // A stray quote inside an unquoted field ("5" pipe) is data, not a reason to stop.
    relax_quotes: true,
  };
  const stages: Array<Readable | Transform> = [fs.createReadStream(filePath, { highWaterMark: 1 << 20 })];
  if (options.compressed) stages.push(zlib.createGunzip());
  if (options.encoding === 'latin1') stages.push(latin1ToUtf8());
  const parser = parse(csvOptions);
  pipeline([...stages, parser] as unknown as [Readable, Transform], () => {});

  // csv-parse's per-record `info` costs ~40% of the parse time, so lines are counted here instead:
  // a record spans one line plus the newlines inside its quoted fields.
  let nextLine = 1;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      const line = nextLine;
      nextLine++;
      for (let i = 0; i < record.length; i++) {
        const value = record[i];
        if (value.length > 0 && value.indexOf('\n') !== -1) nextLine += value.split('\n').length - 1;
      }
      yield { line, values: record };
    }
  } catch (error) {
    const err = error as { code?: string; message: string; lines?: number };
    if (err.code?.startsWith('CSV_')) {
      throw importInvalid(`The CSV is malformed near line ${err.lines ?? nextLine}: ${err.message}`, { line: err.lines ?? nextLine });
    }
    if (err.code?.startsWith('Z_')) throw importInvalid('The gzip data is corrupt or truncated');
    throw error;
  } finally {
    parser.destroy();
  }
}
