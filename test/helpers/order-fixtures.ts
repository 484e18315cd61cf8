// A small orders data set exercising every rule, and writers for it in several file formats.
import zlib from 'node:zlib';
import ExcelJS from 'exceljs';

export const ORDER_HEADER = ['InvoiceNo', 'StockCode', 'Description', 'Quantity', 'InvoiceDate', 'UnitPrice', 'CustomerID', 'Country'];

/** [invoice, code, description, quantity, ISO local time, price, customer, country] — UK local times. */
export const ORDER_ROWS: string[][] = [
  ['540001', '85123a', 'WHITE HANGING HEART T-LIGHT HOLDER ', '6', '2011-06-01 10:00:00', '2.55', '17850', 'United Kingdom'],
  ['540001', '71053', 'LANTERN\nTWO LINES', '6', '2011-06-01 10:00:00', '3.39', '17850', 'United Kingdom'],
  ['540001', '71053', 'LANTERN\nTWO LINES', '6', '2011-06-01 10:00:00', '3.39', '17850', 'United Kingdom'], // duplicate
  ['C540002', '85123A', 'WHITE HANGING HEART T-LIGHT HOLDER', '-2', '2011-06-02 11:00:00', '2.55', '17850', 'United Kingdom'],
  ['540003', '22423', 'REGENCY CAKESTAND', '1', '2011-12-01 09:00:00', '12.75', '', 'United Kingdom'], // no customer
  ['540003', 'POST', 'POSTAGE', '1', '2011-12-01 09:00:00', '18', '12583', 'France'], // not merchandise
  ['540004', '22423', 'REGENCY CAKESTAND', '2', '2011-12-01 09:00:00', '12.75', '12583', 'France'],
  ['540004', '22424', 'BAD QUANTITY', 'two', '2011-12-01 09:00:00', '1.00', '12583', 'France'], // rejected
  ['540004', '22425', 'BAD DATE', '1', '2011-13-01 09:00:00', '1.00', '12583', 'France'], // rejected
];

/** What importing ORDER_ROWS must give, whatever the file format. */
export const ORDER_EXPECTED = {
  rowsRead: 9, rowsImported: 4, rowsSkipped: 3, rowsRejected: 2,
  skipped: { bad_debt_adjustment: 0, non_product_code: 1, missing_customer_id: 1, non_positive_quantity: 0, cancellation_quantity_not_negative: 0, non_positive_price: 0, duplicate_line: 1 },
  rejected: { bad_number: 1, bad_date: 1 },
  flagged: { outlier: 0, description_trimmed: 1, stock_code_uppercased: 1 },
  totals: { customers: 2, products: 3, orders: 3, cancelledOrders: 1, orderLines: 4, revenueNet: '56.04' },
};

function quote(value: string, delimiter: string): string {
  return value.includes(delimiter) || value.includes('"') || value.includes('\n') ? `"${value.replace(/"/g, '""')}"` : value;
}

export function toCsv(rows: string[][], opts: { delimiter?: string; eol?: string; bom?: boolean } = {}): string {
  const delimiter = opts.delimiter ?? ',';
  const eol = opts.eol ?? '\n';
  const body = rows.map((row) => row.map((value) => quote(value, delimiter)).join(delimiter)).join(eol) + eol;
  return (opts.bom ? '\uFEFF' : '') + body;
}

/** ISO local time → the M/D/YYYY H:MM spelling of Kaggle's copy of Online Retail. */
export function toUsDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})/.exec(iso);
  return m ? `${Number(m[2])}/${Number(m[3])}/${m[1]} ${Number(m[4])}:${m[5]}` : iso;
}

export const semicolonVariant = (): string => toCsv(
  [ORDER_HEADER, ...ORDER_ROWS.map((r) => [r[0], r[1], r[2], r[3], toUsDate(r[4]), r[5].replace('.', ','), r[6], r[7]])],
  { delimiter: ';', eol: '\r\n', bom: true },
);

export const gzipTabVariant = (): Buffer => zlib.gzipSync(toCsv([ORDER_HEADER, ...ORDER_ROWS], { delimiter: '\t' }));

/** An .xlsx with numbers as numbers and valid dates as Excel dates, like a workbook saved by Excel. */
export async function xlsxVariant(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Online Retail');
  sheet.addRow(ORDER_HEADER);
  for (const r of ORDER_ROWS) {
    const date = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(r[4]);
    const when = date && Number(date[2]) <= 12 ? new Date(Date.UTC(+date[1], +date[2] - 1, +date[3], +date[4], +date[5], +date[6])) : r[4];
    const num = (text: string) => (text !== '' && Number.isFinite(Number(text)) ? Number(text) : text);
    const row = sheet.addRow([r[0], r[1], r[2], num(r[3]), when, num(r[5]), num(r[6]), r[7]]);
    if (when instanceof Date) row.getCell(5).numFmt = 'yyyy-mm-dd hh:mm:ss';
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
