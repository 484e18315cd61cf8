#!/usr/bin/python3
"""Reference values for the Hillstrom e-mail experiment imported as two campaigns.

Each campaign is one treatment arm ("Womens E-Mail" or "Mens E-Mail") against the shared control
arm ("No E-Mail"). responded = visit, converted = conversion, revenue = spend. Lift is the
difference of proportions with the unpooled normal-approximation standard error and a 95%
Newcombe hybrid score interval (z = 1.959963984540054; the formulas are in
campaign_intervals.py), as docs/audiences-campaigns.md describes. Costs are the ones the test
gives the campaigns (COSTS below).

Run: /usr/bin/python3 scripts/reference/hillstrom_lift.py [path/to/hillstrom.csv.gz]
Writes test/fixtures/reference/hillstrom-lift.json.
"""
import json
import math
import os
import sys

import pandas as pd

from campaign_intervals import newcombe

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, '..', '..'))
DEFAULT = os.path.join(ROOT, 'datasets', 'hillstrom', 'hillstrom.csv.gz')
Z = 1.959963984540054
COSTS = {'fixedCost': 500.0, 'costPerContact': 0.25}


def lift(k_t, n_t, k_c, n_c):
    p_t, p_c = k_t / n_t, k_c / n_c
    se = math.sqrt(p_t * (1 - p_t) / n_t + p_c * (1 - p_c) / n_c)
    d = p_t - p_c
    lower, upper = newcombe(int(k_t), int(n_t), int(k_c), int(n_c))
    return {'treatmentRate': p_t, 'controlRate': p_c, 'difference': d, 'relative': d / p_c if p_c > 0 else None,
            'standardError': se, 'ciLower': lower, 'ciUpper': upper}


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else DEFAULT
    df = pd.read_csv(path)
    df['external_id'] = ['H%d' % (i + 1) for i in range(len(df))]
    control = df[df['segment'] == 'No E-Mail']
    out = {'source': 'hillstrom.csv.gz (64,000 rows); external id H<row>, 1-based', 'rows': int(len(df)), 'costs': COSTS, 'campaigns': {}}
    for name, arm in (('womens', 'Womens E-Mail'), ('mens', 'Mens E-Mail')):
        t = df[df['segment'] == arm]
        n_t, n_c = len(t), len(control)
        revenue_t, revenue_c = float(t['spend'].sum()), float(control['spend'].sum())
        cost = COSTS['fixedCost'] + COSTS['costPerContact'] * n_t
        incremental_revenue = (revenue_t / n_t - revenue_c / n_c) * n_t
        out['campaigns'][name] = {
            'arm': arm, 'contacts': int(n_t), 'controlMembers': int(n_c),
            'responses': int(t['visit'].sum()), 'controlResponses': int(control['visit'].sum()),
            'conversions': int(t['conversion'].sum()), 'controlConversions': int(control['conversion'].sum()),
            'revenue': revenue_t, 'controlRevenue': revenue_c, 'cost': cost, 'grossRoi': (revenue_t - cost) / cost,
            'responseLift': lift(t['visit'].sum(), n_t, control['visit'].sum(), n_c),
            'conversionLift': lift(t['conversion'].sum(), n_t, control['conversion'].sum(), n_c),
            'incrementalRevenue': incremental_revenue, 'incrementalRoi': (incremental_revenue - cost) / cost,
        }
    with open(os.path.join(ROOT, 'test', 'fixtures', 'reference', 'hillstrom-lift.json'), 'w') as f:
        json.dump(out, f, indent=2, default=float)
        f.write('\n')


if __name__ == '__main__':
    main()
