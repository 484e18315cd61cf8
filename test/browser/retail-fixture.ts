/**
 * Small Online Retail files for the browser tests, generated deterministically: customers in
 * three behaviour groups (loyal, lapsed, new) so a segmentation finds structure, plus a few
 * lines the cleaning rules act on (no customer id, a duplicate line, a cancellation).
 */
const PRODUCTS = [
  ['85123A', 'WHITE HANGING HEART T-LIGHT HOLDER', 2.55], ['71053', 'WHITE METAL LANTERN', 3.39], ['84406B', 'CREAM CUPID HEARTS COAT HANGER', 2.75],
  ['22752', 'SET 7 BABUSHKA NESTING BOXES', 7.65], ['21730', 'GLASS STAR FROSTED T-LIGHT HOLDER', 4.25], ['22633', 'HAND WARMER UNION JACK', 1.85],
  ['84879', 'ASSORTED COLOUR BIRD ORNAMENT', 1.69], ['22745', "POPPY'S PLAYHOUSE BEDROOM", 2.1],
] as const;

export const ONLINE_RETAIL_HEADER = ['InvoiceNo', 'StockCode', 'Description', 'Quantity', 'InvoiceDate', 'UnitPrice', 'CustomerID', 'Country'];

/** A tiny seeded generator (LCG): the same file on every run. */
function lcg(seed: number) {
  let state = seed >>> 0;
  return () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

/** M/D/YYYY H:MM, the Online Retail date format. */
const retailDate = (d: Date) => `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()} ${d.getUTCHours()}:${String(d.getUTCMinutes()).padStart(2, '0')}`;

const csvLine = (cells: (string | number)[]) => cells.map((c) => (/[",]/.test(String(c)) ? `"${String(c).replace(/"/g, '""')}"` : String(c))).join(',');

export interface RetailFileOptions {
  customersPerGroup: number;
  firstCustomerId: number;
  firstInvoice: number;
  seed: number;
  header?: string[];
}

export function onlineRetailCsv({ customersPerGroup, firstCustomerId, firstInvoice, seed, header = ONLINE_RETAIL_HEADER }: RetailFileOptions): string {
  const random = lcg(seed);
  const end = Date.UTC(2011, 11, 9, 12);
  const lines: string[] = [csvLine(header)];
  let invoice = firstInvoice;
  let customerId = firstCustomerId;
  for (const group of ['loyal', 'lapsed', 'new'] as const) {
    for (let c = 0; c < customersPerGroup; c++, customerId++) {
      const orders = group === 'loyal' ? 6 + Math.floor(random() * 5) : group === 'lapsed' ? 1 + Math.floor(random() * 2) : 1;
      for (let o = 0; o < orders; o++) {
        const daysAgo = group === 'loyal' ? 2 + o * 20 + random() * 10 : group === 'lapsed' ? 220 + random() * 90 : 1 + random() * 20;
        const at = new Date(end - Math.round(daysAgo * 24) * 3_600_000);
        for (let l = 0; l < 2; l++) {
          const [code, description, price] = PRODUCTS[Math.floor(random() * PRODUCTS.length)];
          const quantity = group === 'loyal' ? 12 + Math.floor(random() * 24) : 1 + Math.floor(random() * 6);
          lines.push(csvLine([invoice, code, description, quantity, retailDate(at), price, customerId, 'United Kingdom']));
        }
        invoice++;
      }
    }
  }
  const [code, description, price] = PRODUCTS[0];
  const at = retailDate(new Date(end - 5 * 86_400_000));
  lines.push(csvLine([invoice, code, description, 3, at, price, '', 'United Kingdom'])); // missing_customer_id
  lines.push(lines[1]); // duplicate_line
  lines.push(csvLine([`C${invoice + 1}`, code, description, -2, at, price, firstCustomerId, 'United Kingdom'])); // a cancellation
  return lines.join('\n') + '\n';
}
