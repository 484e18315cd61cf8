import { describe, expect, it } from 'vitest';
import { addLineKey, invoiceKind, isNonProductCode, isOutlier, normalizeStockCode, skipRuleFor, type OrderLineInput } from './cleaning.js';
import { StringHashSet } from './hash-set.js';
import { detectLayout } from './layouts.js';
import { controlByteRatio, detectDelimiter, firstInvalidUtf8, incompleteUtf8Tail } from './text-checks.js';
import { formatCents, formatMilli, lineAmountCents, normalizeExternalId, parseDecimalMilli, parseFlag, parseInteger } from './values.js';
import { exactOffset, parseWallTime, ZonedDateParser, zoneFormat } from './zoned-time.js';

const line = (over: Partial<OrderLineInput>): OrderLineInput => ({ invoiceNo: '536365', stockCode: '85123A', quantity: 6, priceMilli: 2550, customerId: '17850', ...over });

describe('order cleaning rules', () => {
  it('classifies invoices by prefix', () => {
    expect(invoiceKind('536365')).toBe('sale');
    expect(invoiceKind('C536379')).toBe('cancellation');
    expect(invoiceKind('A563186')).toBe('adjustment');
  });

  it('recognises non-merchandise stock codes, and not products', () => {
    for (const code of ['POST', 'DOT', 'M', 'AMAZONFEE', 'BANK CHARGES', 'CRUK', 'D', 'C2', 'S', 'PADS', 'B', 'GIFT_0001_10', 'DCGSSBOY']) expect(isNonProductCode(code), code).toBe(true);
    for (const code of ['85123A', '22423', '15056BL', 'POSTAGE', 'MA']) expect(isNonProductCode(code), code).toBe(false);
    expect(normalizeStockCode(' 85123a ')).toBe('85123A');
  });

  it('applies the rules in their documented order', () => {
    expect(skipRuleFor(line({}))).toBeNull();
    expect(skipRuleFor(line({ invoiceNo: 'A563186', stockCode: 'B', customerId: null }))).toBe('bad_debt_adjustment');
    expect(skipRuleFor(line({ stockCode: 'POST', customerId: null }))).toBe('non_product_code');
    expect(skipRuleFor(line({ customerId: null, quantity: -1 }))).toBe('missing_customer_id');
    expect(skipRuleFor(line({ quantity: 0 }))).toBe('non_positive_quantity');
    expect(skipRuleFor(line({ quantity: -3 }))).toBe('non_positive_quantity');
    expect(skipRuleFor(line({ invoiceNo: 'C536379', quantity: -3 }))).toBeNull();
    expect(skipRuleFor(line({ invoiceNo: 'C536379', quantity: 3 }))).toBe('cancellation_quantity_not_negative');
    expect(skipRuleFor(line({ priceMilli: 0 }))).toBe('non_positive_price');
    expect(skipRuleFor(line({ invoiceNo: 'C536379', quantity: -1, priceMilli: -5 }))).toBe('non_positive_price');
  });

  it('keys duplicates by the order_lines natural key', () => {
    const keys = new StringHashSet();
    expect(addLineKey(keys, line({}))).toBe(true);
    expect(addLineKey(keys, line({ customerId: 'other' }))).toBe(false); // the customer is not part of the key
    for (const other of [{ quantity: 7 }, { priceMilli: 2551 }, { stockCode: '85123B' }, { invoiceNo: '536366' }, { quantity: -6 }]) {
      expect(addLineKey(keys, line(other)), JSON.stringify(other)).toBe(true);
    }
    expect(keys.size).toBe(6);
  });

  it('hashes tuples by their parts, not by their concatenation', () => {
    const keys = new StringHashSet(16);
    expect(keys.addTuple('ab', 'c', 1, 2)).toBe(true);
    expect(keys.addTuple('a', 'bc', 1, 2)).toBe(true);
    expect(keys.addTuple('ab', 'c', 2, 1)).toBe(true);
    expect(keys.addTuple('ab', 'c', 1, 2 + 2 ** 32)).toBe(true); // above 32 bits
    expect(keys.addTuple('ab', 'c', -1, 2)).toBe(true);
    expect(keys.addTuple('ab', 'c', 1, 2)).toBe(false);
    // Grows past its initial size and keeps every key.
    for (let i = 0; i < 10_000; i++) expect(keys.addTuple('x', String(i % 100), i, 999_999_999_999)).toBe(true);
    for (let i = 0; i < 10_000; i += 997) expect(keys.addTuple('x', String(i % 100), i, 999_999_999_999)).toBe(false);
    expect(keys.size).toBe(10_005);
  });

  it('flags outliers beyond 10,000 units or 10,000.00 per line', () => {
    expect(isOutlier(10_000, 100)).toBe(false);
    expect(isOutlier(-80_995, -16_846_960)).toBe(true);
    expect(isOutlier(60, 3_897_000)).toBe(true);
    expect(isOutlier(12, 1_000_000)).toBe(false);
  });
});

describe('values', () => {
  it('parses prices exactly as thousandths, half away from zero', () => {
    expect(parseDecimalMilli('2.55')).toBe(2550);
    expect(parseDecimalMilli('0.001')).toBe(1);
    expect(parseDecimalMilli('-11062.06')).toBe(-11_062_060);
    expect(parseDecimalMilli('1.2345')).toBe(1235);
    expect(parseDecimalMilli('-1.2345')).toBe(-1235);
    expect(parseDecimalMilli('.5')).toBe(500);
    expect(parseDecimalMilli('2,55')).toBeNull();
    expect(parseDecimalMilli('2,55', true)).toBe(2550);
    for (const bad of ['', 'abc', '1e3', '1.2.3', '£2']) expect(parseDecimalMilli(bad), bad).toBeNull();
  });

  it('parses decimals as the grammar [+-]digits[.digits] says, on random text', () => {
    // The grammar as a regular expression: an independent statement of what the hand-written parser reads.
    const reference = (raw: string): number | null => {
      const match = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(raw.trim());
      if (!match || (match[2] === '' && (match[3] ?? '') === '') || match[2].length > 9) return null;
      const fraction = match[3] ?? '';
      const milli = Number(match[2] || '0') * 1000 + Number((fraction + '000').slice(0, 3)) + (fraction.length > 3 && fraction[3] >= '5' ? 1 : 0);
      return match[1] === '-' ? -milli : milli;
    };
    let seed = 12345;
    const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const alphabet = '0123456789012345678901234567890123456789.+-, x';
    for (let i = 0; i < 20_000; i++) {
      let text = '';
      for (let n = Math.floor(random() * 14); n > 0; n--) text += alphabet[Math.floor(random() * alphabet.length)];
      expect(parseDecimalMilli(text), JSON.stringify(text)).toBe(reference(text));
    }
    for (const edge of ['0', '-0.0005', '999999999.9995', '1234567890', '+.5', '-.', '.', '5.', ' 7.25 ']) expect(parseDecimalMilli(edge), edge).toBe(reference(edge));
  });

  it('parses whole numbers, accepting a ".0" suffix', () => {
    expect(parseInteger(' 6 ')).toBe(6);
    expect(parseInteger('-74215')).toBe(-74215);
    expect(parseInteger('12.0')).toBe(12);
    for (const bad of ['1.5', 'x', '', '1,000', '99999999999']) expect(parseInteger(bad), bad).toBeNull();
  });

  it('computes line amounts in cents without floating-point drift', () => {
    expect(lineAmountCents(6, 2550)).toBe(1530);
    expect(lineAmountCents(3, 1005)).toBe(302); // 3.015 → 3.02 (half away from zero)
    expect(lineAmountCents(-3, 1005)).toBe(-302);
    expect(formatCents(-1530)).toBe('-15.30');
    expect(formatCents(5)).toBe('0.05');
    expect(formatMilli(1)).toBe('0.001');
  });

  it('reads flags and external ids', () => {
    expect(parseFlag('Yes')).toBe(true);
    expect(parseFlag('')).toBe(false);
    expect(parseFlag('maybe')).toBeNull();
    expect(normalizeExternalId('17850.0')).toBe('17850');
    expect(normalizeExternalId('  ')).toBeNull();
    expect(normalizeExternalId('A-1.0x')).toBe('A-1.0x');
  });
});

describe('dates and time zones', () => {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

  it('reads ISO and M/D/YYYY, rejects impossible dates', () => {
    expect(parseWallTime('2010-12-01 08:26:00')?.wall).toEqual({ year: 2010, month: 12, day: 1, hour: 8, minute: 26, second: 0 });
    expect(parseWallTime('12/1/2010 8:26')?.wall).toEqual({ year: 2010, month: 12, day: 1, hour: 8, minute: 26, second: 0 });
    for (const bad of ['2011-02-29 10:00', '13/1/2010 8:26', '2010-12-01 24:00', 'yesterday', '2010-12-01 8:61']) expect(parseWallTime(bad), bad).toBeNull();
  });

  it('converts London local time to UTC across daylight saving', () => {
    const london = new ZonedDateParser('Europe/London');
    expect(iso(london.parse('2010-12-01 08:26:00'))).toBe('2010-12-01T08:26:00.000Z'); // GMT
    expect(iso(london.parse('6/1/2011 10:00'))).toBe('2011-06-01T09:00:00.000Z'); // BST
    expect(iso(london.parse('2011-03-27 01:30'))).toBe('2011-03-27T01:30:00.000Z'); // skipped hour → moved forward
    expect(iso(london.parse('2011-10-30 01:30'))).toBe('2011-10-30T00:30:00.000Z'); // repeated hour → the earlier
    expect(iso(london.parse('2011-10-30 02:00'))).toBe('2011-10-30T02:00:00.000Z');
    expect(iso(london.parse('2011-06-01T10:00:00Z'))).toBe('2011-06-01T10:00:00.000Z'); // explicit zone wins
  });

  it('gives the same instants from its caches as a fresh parser, across both clock changes', () => {
    for (const zone of ['Europe/London', 'America/New_York', 'Australia/Lord_Howe']) {
      const cached = new ZonedDateParser(zone);
      for (const day of ['2011-03-13', '2011-03-27', '2011-04-03', '2011-10-02', '2011-10-30', '2011-11-06']) {
        for (let minute = 0; minute < 24 * 60; minute += 7) {
          const text = `${day} ${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
          expect(cached.parse(text), `${zone} ${text}`).toBe(new ZonedDateParser(zone).parse(text));
        }
      }
    }
  });

  it('caches offsets per day only where they hold: the same as Intl at 24,000 random instants', () => {
    // Half-hour DST (Lord Howe), a 45-minute zone, a day skipped (Apia, Dec 2011), southern and northern DST.
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (const zone of ['Europe/London', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Pacific/Apia', 'America/Santiago']) {
      const parser = new ZonedDateParser(zone);
      const format = zoneFormat(zone);
      const from = Date.UTC(2010, 0, 1), span = Date.UTC(2013, 0, 1) - from;
      // Forwards, as rows mostly come, then backwards.
      const instants = Array.from({ length: 2_000 }, () => from + Math.floor(random() * span / 60_000) * 60_000).sort((a, b) => a - b);
      for (const at of [...instants, ...instants.reverse()]) expect(parser.offsetAt(at), `${zone} ${new Date(at).toISOString()}`).toBe(exactOffset(format, at));
    }
  });

  it('handles zones west of UTC and UTC itself', () => {
    expect(iso(new ZonedDateParser('America/New_York').parse('2011-07-04 12:00'))).toBe('2011-07-04T16:00:00.000Z');
    expect(iso(new ZonedDateParser('Asia/Kolkata').parse('2011-07-04 12:00'))).toBe('2011-07-04T06:30:00.000Z');
    expect(iso(new ZonedDateParser('UTC').parse('2011-07-04 12:00'))).toBe('2011-07-04T12:00:00.000Z');
  });
});

describe('text checks', () => {
  it('finds the first invalid UTF-8 byte', () => {
    expect(firstInvalidUtf8(Buffer.from('a£b€c😀', 'utf8'))).toBe(-1);
    expect(firstInvalidUtf8(Buffer.from([0x61, 0x62, 0xa3, 0x63]))).toBe(2); // Latin-1 £
    expect(firstInvalidUtf8(Buffer.from([0xc0, 0x80]))).toBe(0); // overlong
    expect(firstInvalidUtf8(Buffer.from([0xed, 0xa0, 0x80]))).toBe(0); // surrogate
    expect(incompleteUtf8Tail(Buffer.from([0x61, 0xe2, 0x82]))).toBe(2);
    expect(incompleteUtf8Tail(Buffer.from('a€', 'utf8'))).toBe(0);
  });

  it('detects the delimiter, honouring quotes', () => {
    expect(detectDelimiter('a,b,c\n1,2,3\n')).toBe(',');
    expect(detectDelimiter('a;b;c\n"1,5";2;3\n"x\ny;";4;5\n')).toBe(';');
    expect(detectDelimiter('a\tb\tc\n1\t2,5\t3\n')).toBe('\t');
    expect(detectDelimiter('a|b\n1|2\n')).toBe('|');
    expect(detectDelimiter('single\n1\n')).toBe(',');
  });

  it('measures control bytes', () => {
    expect(controlByteRatio(Buffer.from('a,b\r\n1,2\n'))).toBe(0);
    expect(controlByteRatio(Buffer.from([1, 2, 3, 0x61]))).toBe(0.75);
  });
});

describe('layouts', () => {
  it('recognises Online Retail and Online Retail II', () => {
    expect(detectLayout('orders', ['InvoiceNo', 'StockCode', 'Description', 'Quantity', 'InvoiceDate', 'UnitPrice', 'CustomerID', 'Country']).name).toBe('online_retail');
    const ii = detectLayout('orders', ['Invoice', 'StockCode', 'Description', 'Quantity', 'InvoiceDate', 'Price', 'Customer ID', 'Country']);
    expect(ii.name).toBe('online_retail_ii');
    expect(ii.index.customer_id).toBe(6);
  });

  it('uses a mapping, and explains an unknown layout', () => {
    const header = ['order', 'sku', 'qty', 'when', 'each', 'client'];
    expect(() => detectLayout('orders', header)).toThrow(/Unrecognised orders file layout.*mapping/);
    const layout = detectLayout('orders', header, { invoice_no: 'order', stock_code: 'sku', quantity: 'qty', ordered_at: 'when', unit_price: 'each', customer_id: 'client' });
    expect(layout.name).toBe('mapping');
    expect(layout.index.unit_price).toBe(4);
    expect(() => detectLayout('orders', header, { invoice_no: 'order' })).toThrow(/required/);
    expect(() => detectLayout('orders', header, { invoice_no: 'order', stock_code: 'sku', quantity: 'qty', ordered_at: 'when', unit_price: 'each', customer_id: 'missing' })).toThrow(/not in the file/);
    expect(() => detectLayout('orders', header, { colour: 'sku' })).toThrow(/Unknown orders field/);
  });

  it('reads canonical customer and event headers, keeping extra customer columns', () => {
    const customers = detectLayout('customers', ['customer_id', 'Email', 'loyalty_tier']);
    expect(customers.index.external_id).toBe(0);
    expect(customers.extra).toEqual([{ name: 'loyalty_tier', index: 2 }]);
    expect(detectLayout('events', ['customer_id', 'session_id', 'type', 'product', 'occurred_at']).index.stock_code).toBe(3);
    expect(() => detectLayout('events', ['customer_id', 'when'])).toThrow(/IMPORT|Unrecognised/);
  });
});

describe('StringHashSet', () => {
  it('behaves like a set across growth', () => {
    const set = new StringHashSet(4);
    let added = 0;
    let again = 0;
    for (let i = 0; i < 50_000; i++) if (set.add(`key-${i}`)) added++;
    for (let i = 0; i < 50_000; i += 7) if (set.add(`key-${i}`)) again++;
    expect([added, again]).toEqual([50_000, 0]);
    expect(set.size).toBe(50_000);
  });
});
