// One interface over CSV, gzip-compressed CSV and xlsx: the header, then data rows with line numbers.
import type { FileFormat, ImportEncoding, SourceRow } from './import.types.js';
import { readCsvRows } from './csv.parser.js';

export interface RowSourceOptions {
  format: FileFormat;
  encoding: ImportEncoding;
  delimiter: string | null;
}

/** Every record of the file, header first, in chunks. Blank records are included (the caller counts them). */
export function readRows(filePath: string, options: RowSourceOptions): AsyncIterable<SourceRow[]> {
  if (options.format === 'xlsx') return xlsxRows(filePath);
  return readCsvRows(filePath, { compressed: options.format === 'csv.gz', encoding: options.encoding, delimiter: options.delimiter ?? ',' });
}

export function isBlank(values: string[]): boolean {
  for (const value of values) if (value.trim() !== '') return false;
  return true;
}

/** exceljs is loaded only when an xlsx file is read. */
async function* xlsxRows(filePath: string): AsyncGenerator<SourceRow[]> {
  const { readXlsxRows } = await import('./xlsx.parser.js');
  yield* readXlsxRows(filePath);
}
