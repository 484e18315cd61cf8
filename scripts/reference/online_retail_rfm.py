#!/usr/bin/python3
"""Expected RFM of every Online Retail customer, by the rules of docs/rfm.md, computed with pandas.

The cleaning is the import reference's (online_retail_import.py, run here as a module); everything
from the cleaned lines on is computed independently of Segmenta's TypeScript and SQL.

usage: /usr/bin/python3 scripts/reference/online_retail_rfm.py [DATA_DIR] [OUT_JSON]
"""
import json
import os
import runpy
import sys
import tempfile

import numpy as np
import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
DATA_DIR = sys.argv[1] if len(sys.argv) > 1 else os.path.join(REPO, 'datasets')
OUT = sys.argv[2] if len(sys.argv) > 2 else os.path.join(REPO, 'test', 'fixtures', 'reference', 'online-retail-rfm.json')

with tempfile.TemporaryDirectory() as tmp:
    saved = sys.argv
    sys.argv = ['online_retail_import.py', DATA_DIR, os.path.join(tmp, 'import.json')]
    cleaned = runpy.run_path(os.path.join(HERE, 'online_retail_import.py'), run_name='reference')
    sys.argv = saved

lines = cleaned['k']          # kept order lines: invoice, customer, cents, ...
first = cleaned['first']      # first kept line of each invoice
utc = cleaned['utc']          # its time in UTC (the order's time)

orders = pd.DataFrame({'invoice': first['invoice'].values, 'customer': first['customer'].values, 'at': utc.dt.tz_localize(None).values})
orders['cents'] = orders['invoice'].map(lines.groupby('invoice')['cents'].sum())
orders['cancelled'] = orders['invoice'].str.startswith('C')

completed = orders[~orders['cancelled']]
per = pd.DataFrame({
    'frequency': completed.groupby('customer')['invoice'].nunique(),
    'last': completed.groupby('customer')['at'].max(),
    'cents': orders.groupby('customer')['cents'].sum(),
}).dropna(subset=['frequency'])
per['frequency'] = per['frequency'].astype(int)
per['cents'] = per['cents'].astype('int64')

as_of = (orders['at'].max().normalize() + pd.Timedelta(days=1))
per['recency'] = ((as_of - per['last']) // pd.Timedelta(days=1)).astype(int)
per = per.sort_index(key=lambda idx: idx.map(lambda s: [ord(ch) for ch in s]))  # code-point order of the id
n = len(per)
tie = np.arange(n)


def scores(values, higher_is_better):
    keyed = pd.DataFrame({'v': values if higher_is_better else -values, 't': tie})
    order = keyed.sort_values(['v', 't'], kind='mergesort').index.to_numpy()
    out = np.empty(n, dtype=int)
    out[order] = (5 * np.arange(n)) // n + 1
    return out


per = per.reset_index().rename(columns={'index': 'customer'})
r = scores(per['recency'].to_numpy(), False)
f = scores(per['frequency'].to_numpy(), True)
m = scores(per['cents'].to_numpy(), True)


def group(rs, fs):
    if rs == 1 and fs == 1: return 'Lost'
    if rs <= 2 and fs <= 2: return 'Hibernating'
    if rs <= 2 and fs <= 4: return 'At Risk'
    if rs <= 2: return "Can't Lose Them"
    if rs == 3 and fs <= 2: return 'About to Sleep'
    if rs == 3 and fs == 3: return 'Need Attention'
    if rs in (3, 4) and fs >= 4: return 'Loyal'
    if rs == 4 and fs == 1: return 'Promising'
    if rs == 5 and fs == 1: return 'New Customers'
    if fs <= 3: return 'Potential Loyalist'
    return 'Champions'


result = {
    'asOf': as_of.strftime('%Y-%m-%dT%H:%M:%S.000Z'),
    'customers': n,
    'columns': ['externalId', 'recencyDays', 'frequency', 'monetaryCents', 'r', 'f', 'm', 'group'],
    'rows': [[cid, int(rec), int(fr), int(c), int(a), int(b), int(cc), group(a, b)]
             for cid, rec, fr, c, a, b, cc in zip(per['customer'], per['recency'], per['frequency'], per['cents'], r, f, m)],
    'groups': pd.Series([group(a, b) for a, b in zip(r, f)]).value_counts().sort_index().to_dict(),
}
with open(OUT, 'w') as out:
    json.dump(result, out, separators=(',', ':'))
    out.write('\n')
print(json.dumps({k: v for k, v in result.items() if k != 'rows'}, indent=2))
