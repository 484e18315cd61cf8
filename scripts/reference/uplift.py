#!/usr/bin/python3
"""Reference values for server/src/ml/uplift (uplift and Qini curves, their AUCs, uplift@k and
their bootstrap intervals), computed with numpy/pandas from the libraries' definitions:

  * scikit-uplift 0.5.1, sklift/metrics/metrics.py: uplift_curve, qini_curve, perfect_uplift_curve,
    perfect_qini_curve(negative_effect=True), uplift_auc_score, qini_auc_score, uplift_at_k;
    areas with sklearn.metrics.auc (trapezoids).
  * causalml, causalml/metrics/visualize.py: get_cumlift, get_cumgain, get_qini, auuc_score and
    qini_score with normalize=True (their default); qini_score's random line is
    np.linspace(first, last, n + 1), as in causalml since its random columns were dropped.

Neither library is imported (neither is installed here); this is an independent implementation
of the same definitions in the libraries' own vectorised style, so the TypeScript loops are
checked against different code. One choice is ours: tied scores are ranked later row first
(scikit-uplift's np.argsort(kind="mergesort")[::-1]); causalml's pandas quicksort leaves that order
unspecified, so its per-row curves use the same order here.

Bootstrap: replicate b draws, from xoshiro128** seeded with deriveSeed(seed, b) (the generator of
server/src/ml/rng.ts and forest/random.ts, re-implemented below), nT indices into the treated rows
and then nC into the control rows; the replicate is written out in row order and every metric is
recomputed on it. Intervals are np.nanquantile's linear percentiles.

Usage (from the repository root, Debian's /usr/bin/python3 with numpy 1.24 and pandas 1.5):

  /usr/bin/python3 scripts/reference/uplift.py [DATA_DIR]
      Hillstrom (datasets/hillstrom/hillstrom.csv.gz, or DATA_DIR/hillstrom/...): each e-mail arm
      against the No E-Mail control, targets visit and conversion, rankings from formulas the
      TypeScript test computes the same way. Writes test/fixtures/reference/uplift-hillstrom.json.

  /usr/bin/python3 scripts/reference/uplift.py --predictions IN.json
      Metrics and intervals of the rankings in IN.json ({outcome, treatment, rankings: {name: scores},
      kFractions, bootstrap: {replicates, seed, confidence}}; replicates 0 for point values only), with
      the seconds they took, as JSON on stdout (bench/uplift.bench.ts, on the learned models' predictions).
"""
import json
import os
import sys
import time

import numpy as np
import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, '..', '..'))
OUT = os.path.join(ROOT, 'test', 'fixtures', 'reference', 'uplift-hillstrom.json')

K_FRACTIONS = [0.1, 0.2, 0.3]
BOOTSTRAP = {'replicates': 100, 'seed': 11, 'confidence': 0.95}
RANDOM_SEED = 7
CURVE_SAMPLES = 40

# ---------------------------------------------------------------- the generator (uint32 arithmetic)
U32 = np.uint32


def mix32(h):
    h = np.atleast_1d(np.asarray(h, dtype=U32))
    h = h ^ (h >> U32(16))
    h = h * U32(0x85EBCA6B)
    h = h ^ (h >> U32(13))
    h = h * U32(0xC2B2AE35)
    return h ^ (h >> U32(16))


def derive_seed(seed, index):
    """forest/random.ts deriveSeed, vectorised over index."""
    low = mix32(U32(seed & 0xFFFFFFFF) ^ U32(0x9E3779B9))
    index = np.asarray(index, dtype=np.uint64)
    return mix32(low ^ mix32(((index + np.uint64(1)) * np.uint64(0x27D4EB2D) & np.uint64(0xFFFFFFFF)).astype(U32) ^ U32(0x165667B1)))


class Xoshiro:
    """ml/rng.ts Rng (splitmix32 seeding, xoshiro128**) over a vector of non-negative seeds < 2^32."""

    def __init__(self, seeds):
        x = np.asarray(seeds, dtype=U32).copy()

        def next_state():
            nonlocal x
            x = x + U32(0x9E3779B9)
            z = x
            z = (z ^ (z >> U32(16))) * U32(0x85EBCA6B)
            z = (z ^ (z >> U32(13))) * U32(0xC2B2AE35)
            return z ^ (z >> U32(16))

        self.s = [next_state() for _ in range(4)]
        zero = (self.s[0] | self.s[1] | self.s[2] | self.s[3]) == 0
        self.s[0] = np.where(zero, U32(1), self.s[0])

    @staticmethod
    def rotl(v, k):
        return (v << U32(k)) | (v >> U32(32 - k))

    def next_uint32(self):
        s0, s1, s2, s3 = self.s
        result = self.rotl(s1 * U32(5), 7) * U32(9)
        t = s1 << U32(9)
        s2 = s2 ^ s0
        s3 = s3 ^ s1
        s1 = s1 ^ s2
        s0 = s0 ^ s3
        s2 = s2 ^ t
        s3 = self.rotl(s3, 11)
        self.s = [s0, s1, s2, s3]
        return result

    def next_float(self):
        """forest/random.ts SeededRandom.nextFloat: 32 bits / 2^32."""
        return self.next_uint32().astype(np.float64) / 4294967296.0

    def next_int(self, bound):
        return np.floor(self.next_float() * bound).astype(np.int64)


def random_scores(n, seed):
    rng = Xoshiro([seed])
    return np.array([rng.next_float()[0] for _ in range(n)])


def bootstrap_counts(treatment, seed, replicates):
    """(replicates × n) draw counts; replicate b uses its own stream deriveSeed(seed, b)."""
    n = len(treatment)
    rng = Xoshiro(derive_seed(seed, np.arange(replicates)))
    counts = np.zeros((replicates, n), dtype=np.int64)
    for arm_rows in (np.flatnonzero(treatment == 1), np.flatnonzero(treatment == 0)):
        draws = np.empty((replicates, len(arm_rows)), dtype=np.int64)
        for i in range(len(arm_rows)):
            draws[:, i] = rng.next_int(len(arm_rows))
        for b in range(replicates):
            counts[b] += np.bincount(arm_rows[draws[b]], minlength=n)
    return counts


# ---------------------------------------------------------------- scikit-uplift 0.5.1 definitions
def ranked(y, score, t):
    order = np.argsort(score, kind='mergesort')[::-1]
    return y[order], score[order], t[order]


def cumulative_at_thresholds(y, score, t):
    """Counts after each run of equal scores: rows, treated, treated responders, control responders."""
    y, score, t = ranked(y, score, t)
    ends = np.r_[np.flatnonzero(np.diff(score)), score.size - 1]
    n_all = (ends + 1).astype(np.float64)
    n_trt = np.cumsum(t, dtype=np.float64)[ends]
    y_trt = np.cumsum(y * t, dtype=np.float64)[ends]
    y_ctl = np.cumsum(y * (1 - t), dtype=np.float64)[ends]
    return n_all, n_trt, y_trt, y_ctl


def safe_ratio(a, b):
    return np.divide(a, b, out=np.zeros_like(a), where=b != 0)


def with_origin(x, v):
    if x.size == 0 or v[0] != 0 or x[0] != 0:
        return np.r_[0.0, x], np.r_[0.0, v]
    return x, v


def sk_uplift_curve(y, score, t):
    n_all, n_trt, y_trt, y_ctl = cumulative_at_thresholds(y, score, t)
    return with_origin(n_all, (safe_ratio(y_trt, n_trt) - safe_ratio(y_ctl, n_all - n_trt)) * n_all)


def sk_qini_curve(y, score, t):
    n_all, n_trt, y_trt, y_ctl = cumulative_at_thresholds(y, score, t)
    return with_origin(n_all, y_trt - y_ctl * safe_ratio(n_trt, n_all - n_trt))


def sk_perfect_uplift_curve(y, t):
    control_responders = np.sum((y == 1) & (t == 0))
    treated_non_responders = np.sum((y == 0) & (t == 1))
    tail = y if control_responders > treated_non_responders else t
    return sk_uplift_curve(y, 2 * (y == t) + tail, t)


def sk_perfect_qini_curve(y, t):
    return sk_qini_curve(y, y * t - y * (1 - t), t)


def trapezoid(x, v):
    return float(np.sum(np.diff(x) * (v[1:] + v[:-1]) / 2.0))


def normalised_area(actual, perfect):
    random_area = trapezoid(np.array([0.0, perfect[0][-1]]), np.array([0.0, perfect[1][-1]]))
    return (trapezoid(*actual) - random_area) / (trapezoid(*perfect) - random_area)


def sk_uplift_auc(y, score, t):
    return normalised_area(sk_uplift_curve(y, score, t), sk_perfect_uplift_curve(y, t))


def sk_qini_auc(y, score, t):
    return normalised_area(sk_qini_curve(y, score, t), sk_perfect_qini_curve(y, t))


def sk_uplift_at_k(y, score, t, k, strategy='overall'):
    order = np.argsort(score, kind='mergesort')[::-1]
    y, t = y[order], t[order]
    with np.errstate(invalid='ignore', divide='ignore'):
        if strategy == 'overall':
            top = int(len(y) * k)
            y_top, t_top = y[:top], t[:top]
            return mean_or_nan(y_top[t_top == 1]) - mean_or_nan(y_top[t_top == 0])
        n_ctl, n_trt = int((t == 0).sum() * k), int((t == 1).sum() * k)
        return mean_or_nan(y[t == 1][:n_trt]) - mean_or_nan(y[t == 0][:n_ctl])


def sk_uplift_by_percentile(y, score, t, bins=10):
    """uplift_by_percentile(strategy='overall', std=True): np.array_split of the ranked rows."""
    order = np.argsort(score, kind='mergesort')[::-1]
    rows = []
    with np.errstate(invalid='ignore', divide='ignore'):
        for y_bin, t_bin in zip(np.array_split(y[order], bins), np.array_split(t[order], bins)):
            n_t, n_c = int((t_bin == 1).sum()), int((t_bin == 0).sum())
            p_t, p_c = mean_or_nan(y_bin[t_bin == 1]), mean_or_nan(y_bin[t_bin == 0])
            rows.append([n_t, n_c, p_t, p_c, p_t - p_c, float(np.sqrt(p_t * (1 - p_t) / n_t + p_c * (1 - p_c) / n_c))])
    return rows


def mean_or_nan(values):
    return float(values.mean()) if values.size else float('nan')


# ---------------------------------------------------------------- causalml definitions (normalize=True)
def causalml_scores(y, score, t):
    order = np.argsort(score, kind='mergesort')[::-1]
    frame = pd.DataFrame({'y': y[order], 'w': t[order]})
    frame.index = frame.index + 1
    cum_tr = frame['w'].cumsum()
    cum_ct = frame.index.values - cum_tr
    cum_y_tr = (frame['y'] * frame['w']).cumsum()
    cum_y_ct = (frame['y'] * (1 - frame['w'])).cumsum()
    with np.errstate(invalid='ignore', divide='ignore'):
        lift = cum_y_tr / cum_tr - cum_y_ct / cum_ct
        qini = cum_y_tr - cum_y_ct * cum_tr / cum_ct
    lift.loc[0] = 0.0
    lift = lift.sort_index().interpolate()
    gain = lift * lift.index.values
    gain = gain / np.abs(gain.iloc[-1])
    qini.loc[0] = 0.0
    qini = qini.sort_index().interpolate()
    qini = qini / np.abs(qini.iloc[-1])
    random_area = np.linspace(qini.iloc[0], qini.iloc[-1], qini.shape[0]).sum()
    return float(gain.sum() / gain.shape[0]), float((qini.sum() - random_area) / qini.shape[0])


# ---------------------------------------------------------------- one ranking, one sample
def metric_names(k_fractions):
    return ['qiniAucScikitUplift', 'qiniAucCausalml', 'upliftAucScikitUplift', 'upliftAucCausalml'] + \
        ['upliftAt%g' % (round(k * 1000) / 10) for k in k_fractions]


def metrics(y, score, t, k_fractions):
    auuc, qini = causalml_scores(y, score, t)
    values = [sk_qini_auc(y, score, t), qini, sk_uplift_auc(y, score, t), auuc]
    values += [sk_uplift_at_k(y, score, t, k) for k in k_fractions]
    return dict(zip(metric_names(k_fractions), values))


def curve_summary(x, v):
    picks = sorted(set(np.linspace(0, len(x) - 1, CURVE_SAMPLES).round().astype(int).tolist()))
    return {'points': int(len(x)), 'area': trapezoid(x, v), 'sumY': float(v.sum()), 'indices': picks,
            'x': [float(x[i]) for i in picks], 'y': [float(v[i]) for i in picks]}


def evaluate(y, t, rankings, k_fractions, bootstrap, with_curves):
    """Point metrics, percentile intervals and paired differences against 'random'."""
    names = metric_names(k_fractions)
    counts = bootstrap_counts(t, bootstrap['seed'], bootstrap['replicates'])
    tail = (1 - bootstrap['confidence']) / 2
    replicate_values = {}
    out = {'rankings': {}, 'comparisons': {}}
    for name, score in rankings.items():
        estimate = metrics(y, score, t, k_fractions)
        reps = np.empty((len(counts), len(names)))
        for b, row_counts in enumerate(counts):
            rows = np.repeat(np.arange(len(y)), row_counts)
            values = metrics(y[rows], score[rows], t[rows], k_fractions)
            reps[b] = [values[m] for m in names]
        replicate_values[name] = reps
        entry = {'metrics': {m: [estimate[m], *np.nanquantile(reps[:, i], [tail, 1 - tail]).tolist()] for i, m in enumerate(names)}}
        if with_curves:
            entry['upliftCurve'] = curve_summary(*sk_uplift_curve(y, score, t))
            entry['qiniCurve'] = curve_summary(*sk_qini_curve(y, score, t))
            entry['deciles'] = sk_uplift_by_percentile(y, score, t)
        out['rankings'][name] = entry
    if 'random' in rankings:
        for name in rankings:
            if name == 'random':
                continue
            diff = replicate_values[name] - replicate_values['random']
            out['comparisons'][name] = {
                m: [out['rankings'][name]['metrics'][m][0] - out['rankings']['random']['metrics'][m][0],
                    *np.nanquantile(diff[:, i], [tail, 1 - tail]).tolist()] for i, m in enumerate(names)}
    return out


# ---------------------------------------------------------------- Hillstrom
def formula_rankings(frame, seed):
    """Scores both languages compute the same way (test/helpers/uplift-hillstrom.ts)."""
    return {
        # continuous, few ties
        'historyPerRecency': frame['history'].to_numpy() / (1.0 + frame['recency'].to_numpy()),
        # twelve values: heavy ties
        'recentFirst': -frame['recency'].to_numpy().astype(np.float64),
        # a handful of values from the categorical columns
        'profile': (frame['mens'] + 2 * frame['womens'] + 0.5 * frame['newbie']).to_numpy().astype(np.float64)
        + (frame['channel'] == 'Web').to_numpy() * 0.25,
        'random': random_scores(len(frame), seed),
    }


def hillstrom(data_dir):
    # round_trip: correctly rounded decimals, as JavaScript's Number() parses them, so ratios tie alike.
    df = pd.read_csv(os.path.join(data_dir, 'hillstrom', 'hillstrom.csv.gz'), float_precision='round_trip')
    out = {'source': 'hillstrom.csv.gz: each e-mail arm with the No E-Mail rows, in file order',
           'kFractions': K_FRACTIONS, 'bootstrap': BOOTSTRAP, 'randomSeed': RANDOM_SEED, 'curveSamples': CURVE_SAMPLES,
           'cases': {}}
    for arm_key, arm in (('womens', 'Womens E-Mail'), ('mens', 'Mens E-Mail')):
        frame = df[df['segment'].isin([arm, 'No E-Mail'])].reset_index(drop=True)
        t = (frame['segment'] == arm).to_numpy().astype(np.int64)
        rankings = formula_rankings(frame, RANDOM_SEED)
        for target in ('visit', 'conversion'):
            y = frame[target].to_numpy().astype(np.int64)
            started = time.time()
            case = evaluate(y, t, rankings, K_FRACTIONS, BOOTSTRAP, with_curves=True)
            case.update({'arm': arm, 'target': target, 'rows': int(len(y)), 'treated': int(t.sum()),
                         'treatedResponders': int((y * t).sum()), 'controlResponders': int((y * (1 - t)).sum())})
            out['cases']['%s-%s' % (arm_key, target)] = case
            print('%s %s: %.1f s' % (arm_key, target, time.time() - started), file=sys.stderr)
    return out


def self_check():
    """The hand-worked example of uplift-metrics.test.ts."""
    y = np.array([1, 0, 0, 1, 1, 0])
    t = np.array([1, 0, 1, 0, 1, 0])
    s = np.array([0.9, 0.8, 0.8, 0.5, 0.3, 0.1])
    assert abs(sk_uplift_auc(y, s, t) + 0.05) < 1e-12
    assert abs(sk_qini_auc(y, s, t) - 1 / 6.5) < 1e-12
    auuc, qini = causalml_scores(y, s, t)
    assert abs(auuc - 31 / 84) < 1e-12 and abs(qini) < 1e-12
    assert abs(sk_uplift_at_k(y, s, t, 0.5) - 0.5) < 1e-12 and sk_uplift_at_k(y, s, t, 0.5, 'by_group') == 1


def generator_sample():
    """A few outputs of the re-implemented generator; the TypeScript test compares them with its own."""
    rng = Xoshiro([42])
    return {'deriveSeed11': [int(v) for v in derive_seed(11, np.arange(5))],
            'xoshiro42': [int(rng.next_uint32()[0]) for _ in range(5)],
            'randomScores7': random_scores(5, 7).tolist()}


def json_safe(value):
    """NaN (a metric undefined on a sample) as null: JSON has no NaN."""
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, dict):
        return {k: json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_safe(v) for v in value]
    return value


def from_predictions(path):
    with open(path) as f:
        spec = json.load(f)
    y = np.asarray(spec['outcome'], dtype=np.int64)
    t = np.asarray(spec['treatment'], dtype=np.int64)
    rankings = {name: np.asarray(scores, dtype=np.float64) for name, scores in spec['rankings'].items()}
    started = time.time()
    point = {name: metrics(y, score, t, spec['kFractions']) for name, score in rankings.items()}
    point_seconds = time.time() - started
    if spec['bootstrap']['replicates'] == 0:
        return {'pointSeconds': point_seconds, 'point': point}
    started = time.time()
    full = evaluate(y, t, rankings, spec['kFractions'], spec['bootstrap'], with_curves=False)
    return {'pointSeconds': point_seconds, 'bootstrapSeconds': time.time() - started, 'point': point, **full}


def main():
    np.seterr(over='ignore')  # uint32 arithmetic wraps on purpose
    self_check()
    if len(sys.argv) > 2 and sys.argv[1] == '--predictions':
        print(json.dumps(json_safe(from_predictions(sys.argv[2]))))
        return
    data_dir = sys.argv[1] if len(sys.argv) > 1 else os.environ.get('SEGMENTA_SHARED_DATA', os.path.join(ROOT, 'datasets'))
    result = json_safe({'generator': generator_sample(), **hillstrom(data_dir)})
    with open(OUT, 'w') as f:
        json.dump(result, f, indent=1)
        f.write('\n')


if __name__ == '__main__':
    main()
