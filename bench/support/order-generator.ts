// A seeded generator of Online Retail-shaped order files, for benchmarks (never committed output).
import fs from 'node:fs';
import zlib from 'node:zlib';
import { once } from 'node:events';

/** mulberry32: a small seeded generator, so the 5M-row file is the same on every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Online Retail-shaped rows: 20-line invoices, 2% cancellations, 20% anonymous, a few duplicates. */
export async function generateOrdersFile(file: string, rows: number, seed = 42): Promise<void> {
  const random = rng(seed);
  const gzip = zlib.createGzip({ level: 1 });
  const out = gzip.pipe(fs.createWriteStream(file));
  const start = Date.UTC(2009, 11, 1, 8);
  let chunk = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n';
  let invoice = 0;
  let header = { no: '', customer: '', when: '', country: '' };
  for (let i = 0; i < rows; i++) {
    if (i % 20 === 0) {
      invoice++;
      const cancelled = random() < 0.02;
      const when = new Date(start + Math.floor(random() * 730 * 24 * 60) * 60_000).toISOString();
      header = {
        no: `${cancelled ? 'C' : ''}${1_000_000 + invoice}`, customer: random() < 0.2 ? '' : String(10_000 + Math.floor(random() * 50_000)),
        when: `${when.slice(0, 10)} ${when.slice(11, 19)}`, country: random() < 0.9 ? 'United Kingdom' : 'France',
      };
    }
    const product = Math.floor(random() * 5_000);
    const quantity = (1 + Math.floor(random() * 24)) * (header.no.startsWith('C') ? -1 : 1);
    const price = (0.5 + product % 200 / 10).toFixed(2);
    const line = `${header.no},${20_000 + product},PRODUCT ${product} ,${quantity},${header.when},${price},${header.customer},${header.country}\n`;
    chunk += line;
    if (random() < 0.01) chunk += line; // an exact duplicate
    if (chunk.length > 1 << 20) {
      if (!gzip.write(chunk)) await once(gzip, 'drain');
      chunk = '';
    }
  }
  gzip.end(chunk);
  await once(out, 'finish');
}

