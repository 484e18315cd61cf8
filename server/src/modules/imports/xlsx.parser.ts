// Streaming .xlsx reader (exceljs WorkbookReader): the first worksheet, one row at a time.
import ExcelJS from 'exceljs';
import { importInvalid } from './import.errors.js';
import type { SourceRow } from './import.types.js';
import { excelDateToWallText } from './zoned-time.js';

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return excelDateToWallText(value);
  if (typeof value === 'object') {
    const cell = value as { richText?: Array<{ text: string }>; text?: unknown; result?: unknown; error?: string };
    if (cell.richText) return cell.richText.map((run) => run.text).join('');
    if ('result' in cell) return cellText(cell.result);
    if (cell.text !== undefined) return cellText(cell.text);
    if (cell.error) return '';
  }
  return String(value);
}

/** The rows of the first worksheet, a few hundred at a time. */
export async function* readXlsxRows(filePath: string): AsyncGenerator<SourceRow[]> {
  // styles: 'cache' is what turns date-formatted numbers into Date values.
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(filePath, { sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit', entries: 'emit' });
  let width = 0;
  let rows: SourceRow[] = [];
  try {
    for await (const worksheet of reader) {
      for await (const row of worksheet as AsyncIterable<ExcelJS.Row>) {
        const cells = row.values as unknown[]; // 1-based and sparse
        if (width === 0) width = cells.length - 1;
        const values: string[] = [];
        for (let i = 1; i <= Math.max(width, cells.length - 1); i++) values.push(cellText(cells[i]));
        rows.push({ line: row.number, values });
        if (rows.length === 512) { yield rows; rows = []; }
      }
      break; // only the first worksheet holds the data
    }
    if (rows.length) yield rows;
  } catch (error) {
    if ((error as { code?: string }).code === 'IMPORT_INVALID') throw error;
    throw importInvalid(`The .xlsx workbook cannot be read: ${(error as Error).message}`);
  }
}
