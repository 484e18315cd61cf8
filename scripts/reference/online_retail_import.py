#!/usr/bin/python3
"""Expected figures of importing Online Retail with the cleaning rules of docs/cleaning.md.

An independent implementation (pandas) of the same rules as server/src/modules/imports/cleaning.ts;
test/imports tests compare the importer's report and database against its output.

usage: /usr/bin/python3 scripts/reference/online_retail_import.py [DATA_DIR] [OUT_JSON]
DATA_DIR defaults to the repository's datasets/.
"""
import json
import os
import sys
from decimal import Decimal, ROUND_HALF_UP

import pandas as pd

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA_DIR = sys.argv[1] if len(sys.argv) > 1 else os.path.join(REPO, 'datasets')
OUT = sys.argv[2] if len(sys.argv) > 2 else os.path.join(REPO, 'test', 'fixtures', 'reference', 'online-retail-import.json')

NON_PRODUCT_CODES = {'POST', 'DOT', 'M', 'AMAZONFEE', 'BANK CHARGES', 'CRUK', 'D', 'C2', 'S', 'PADS', 'B'}
NON_PRODUCT_PREFIXES = ('GIFT_0001_', 'DCGS')
OUTLIER_QUANTITY = 10_000
OUTLIER_AMOUNT_CENTS = 10_000 * 100

df = pd.read_csv(os.path.join(DATA_DIR, 'online-retail', 'online_retail.csv.gz'), dtype=str, keep_default_na=False)
rows_read = len(df)

invoice = df['InvoiceNo'].str.strip().str.upper()
code = df['StockCode'].str.strip().str.upper()
quantity = pd.to_numeric(df['Quantity'].str.strip(), errors='coerce')
# Prices as integer thousandths, from the text (half away from zero), as unit_price is DECIMAL(12,3).
price_milli = df['UnitPrice'].map(lambda s: int((Decimal(s.strip()) * 1000).quantize(Decimal(1), rounding=ROUND_HALF_UP)))
customer = df['CustomerID'].str.strip().str.replace(r'^(\d+)\.0+$', r'\1', regex=True)
when = pd.to_datetime(df['InvoiceDate'].str.strip(), format='%Y-%m-%d %H:%M:%S', errors='coerce')
assert quantity.notna().all() and when.notna().all(), 'the file has rows the importer would reject'

is_cancel = invoice.str.startswith('C')
non_product = code.isin(NON_PRODUCT_CODES) | code.str.startswith(NON_PRODUCT_PREFIXES)
rules = [
    ('bad_debt_adjustment', invoice.str.startswith('A')),
    ('non_product_code', non_product),
    ('missing_customer_id', customer == ''),
    ('non_positive_quantity', ~is_cancel & (quantity <= 0)),
    ('cancellation_quantity_not_negative', is_cancel & (quantity >= 0)),
    ('non_positive_price', price_milli <= 0),
]
remaining = pd.Series(True, index=df.index)
skipped = {}
for name, mask in rules:
    hit = remaining & mask
    skipped[name] = int(hit.sum())
    remaining &= ~hit
key = pd.DataFrame({'i': invoice, 'c': code, 'q': quantity, 'p': price_milli})
duplicate = remaining & key[remaining].duplicated(keep='first').reindex(df.index, fill_value=False)
skipped['duplicate_line'] = int(duplicate.sum())
kept = remaining & ~duplicate

k = pd.DataFrame({
    'invoice': invoice[kept], 'code': code[kept], 'quantity': quantity[kept].astype('int64'), 'price_milli': price_milli[kept].astype('int64'),
    'customer': customer[kept], 'when': when[kept], 'raw_code': df['StockCode'][kept], 'raw_desc': df['Description'][kept],
})
tenths = k['quantity'] * k['price_milli']
k['cents'] = tenths.abs().add(5).floordiv(10) * tenths.apply(lambda v: (v > 0) - (v < 0))
outliers = int(((k['quantity'].abs() > OUTLIER_QUANTITY) | (k['cents'].abs() > OUTLIER_AMOUNT_CENTS)).sum())
desc_trimmed = int(((k['raw_desc'].str.strip() != '') & (k['raw_desc'].str.strip() != k['raw_desc'])).sum())
code_changed = int((k['code'] != k['raw_code']).sum())

# An order's time is its first imported line's; local UK time → UTC, the earlier instant when ambiguous.
first = k.drop_duplicates('invoice', keep='first')
utc = first['when'].dt.tz_localize('Europe/London', ambiguous=first['when'].map(lambda _: True).values, nonexistent='shift_forward').dt.tz_convert('UTC')
epoch = (utc - pd.Timestamp('1970-01-01', tz='UTC')) // pd.Timedelta(seconds=1)
revenue = int(k['cents'].sum())

result = {
    'file': 'online-retail/online_retail.csv.gz',
    'timezone': 'Europe/London',
    'rowsRead': rows_read,
    'rowsImported': int(kept.sum()),
    'rowsSkipped': int(sum(skipped.values())),
    'rowsRejected': 0,
    'skipped': skipped,
    'flagged': {'outlier': outliers, 'description_trimmed': desc_trimmed, 'stock_code_uppercased': code_changed},
    'totals': {
        'customers': int(k['customer'].nunique()),
        'products': int(k['code'].nunique()),
        'orders': int(k['invoice'].nunique()),
        'cancelledOrders': int(k.loc[k['invoice'].str.startswith('C'), 'invoice'].nunique()),
        'orderLines': int(kept.sum()),
        'revenueNet': f"{'-' if revenue < 0 else ''}{abs(revenue) // 100}.{abs(revenue) % 100:02d}",
    },
    'orders': {
        'firstOrderedAtUtc': utc.min().strftime('%Y-%m-%d %H:%M:%S'),
        'lastOrderedAtUtc': utc.max().strftime('%Y-%m-%d %H:%M:%S'),
        'sumOrderedAtEpochSeconds': int(epoch.sum()),
        'itemCountSum': int(k['quantity'].sum()),
    },
}
assert result['rowsImported'] + result['rowsSkipped'] + result['rowsRejected'] == rows_read
os.makedirs(os.path.dirname(OUT), exist_ok=True)
with open(OUT, 'w') as out:
    json.dump(result, out, indent=2)
    out.write('\n')
print(json.dumps(result, indent=2))
