#!/usr/bin/python3
"""Reference figures for server/src/ml/value (BG/NBD, Pareto/NBD, Gamma-Gamma) on the CDNOW sample.

Run from the repository root with Debian's Python (scipy, numpy):

    /usr/bin/python3 scripts/reference/customer_value.py [DATA_DIR]          writes the fixture
    /usr/bin/python3 scripts/reference/customer_value.py --bench [DATA_DIR]  prints fit timings as JSON
                                                                             (bench/customer-value.bench.ts runs it)

The data directory is the first argument, else $SEGMENTA_SHARED_DATA, else the repository's
datasets/. Writes test/fixtures/reference/customer-value.json.

Everything here is written from the papers, independently of the TypeScript code (the
hypergeometric test values come from mpmath at 40 digits):
  * BG/NBD: Fader, Hardie & Lee (2005), "Counting your customers the easy way", Marketing
    Science 24(2), eq. (6) for the likelihood, (10) for the conditional expectation and the
    P(alive) expression; 39-week calibration on the 2,357-customer sample, time in weeks,
    several purchases on one day counted as one.
  * Pareto/NBD: Fader & Hardie (2005), "A note on deriving the Pareto/NBD model and related
    expressions", the likelihood with the Gauss hypergeometric function (scipy.special.hyp2f1,
    the alpha >= beta and alpha < beta branches), P(alive) and the conditional expectation.
  * Gamma-Gamma: Fader & Hardie (2013), "The Gamma-Gamma model of monetary value": the
    likelihood of a customer's mean repeat-transaction value and its conditional expectation.
The optimiser is scipy.optimize.minimize (Nelder-Mead, then BFGS from its result) on the
log-parameters, from several starting points; standard errors come from a central-difference
Hessian of the negative log-likelihood in the natural parameters. Checks that need no optimiser
(the BG/NBD conditional expectation and the churn-by-horizon probability) are also computed by
numerical integration over the beta-distributed dropout probability (scipy.integrate.quad), so
the closed forms are verified against a second method here before they are written.
"""
import datetime as dt
import gzip
import json
import math
import os
import sys
import time
from pathlib import Path

import mpmath
import numpy as np
import scipy
from scipy import integrate, optimize, special, stats

REPO = Path(__file__).resolve().parents[2]
OUT = REPO / "test" / "fixtures" / "reference" / "customer-value.json"
FIRST_DAY = dt.date(1997, 1, 1)
CALIBRATION_END = dt.date(1997, 9, 30)   # inclusive: 39 weeks after the cohort's first day
HOLDOUT_END = dt.date(1998, 6, 30)       # inclusive: 39 further weeks
DAYS_PER_WEEK = 7.0
HOLDOUT_WEEKS = (HOLDOUT_END - CALIBRATION_END).days / DAYS_PER_WEEK
STARTS = {
    "bgnbd": [(1.0, 1.0, 1.0, 1.0), (0.5, 5.0, 0.5, 2.0), (2.0, 20.0, 2.0, 5.0)],
    "pareto": [(1.0, 1.0, 1.0, 1.0), (0.5, 10.0, 0.5, 10.0), (2.0, 3.0, 2.0, 30.0)],
    "gamma": [(1.0, 1.0, 1.0), (5.0, 3.0, 10.0), (2.0, 10.0, 50.0)],
}
CLV = {"horizonWeeks": 52.0, "stepWeeks": 52.0 / 12, "annualDiscountRate": 0.1, "margin": 0.3, "weeksPerYear": 365.25 / 7}


def data_dir(args) -> Path:
    if args:
        return Path(args[0])
    if os.environ.get("SEGMENTA_SHARED_DATA"):
        return Path(os.environ["SEGMENTA_SHARED_DATA"])
    return REPO / "datasets"


# ---------------------------------------------------------------------------------------------
# Data: per customer, purchase days (one purchase per day, its value the day's total).

def load_cdnow(directory: Path):
    days = {}
    with gzip.open(directory / "cdnow" / "CDNOW_sample.txt.gz", "rt") as f:
        for line in f:
            parts = line.split()
            if not parts:
                continue
            customer = int(parts[1])
            day = dt.datetime.strptime(parts[2], "%Y%m%d").date()
            value = float(parts[4])
            per_day = days.setdefault(customer, {})
            per_day[day] = per_day.get(day, 0.0) + value
    rows = []
    for customer in sorted(days):
        per_day = sorted(days[customer].items())
        first = per_day[0][0]
        calibration = [(d, v) for d, v in per_day if d <= CALIBRATION_END]
        holdout = [(d, v) for d, v in per_day if CALIBRATION_END < d <= HOLDOUT_END]
        x = len(calibration) - 1
        repeat_values = [v for _, v in calibration[1:]]
        rows.append({
            "customer": customer,
            "x": x,
            "tx": (calibration[-1][0] - first).days / DAYS_PER_WEEK,
            "T": (CALIBRATION_END - first).days / DAYS_PER_WEEK,
            "m": float(np.mean(repeat_values)) if repeat_values else 0.0,
            "holdout": len(holdout),
            "firstDay": first.isoformat(),
            "days": len(per_day),
        })
    return rows


# ---------------------------------------------------------------------------------------------
# Likelihoods (natural parameters), vectorised over customers.

def bgnbd_ll(params, x, tx, T):
    r, alpha, a, b = params
    common = special.gammaln(r + x) - special.gammaln(r) + r * np.log(alpha)
    beta_ab = special.betaln(a, b)
    term_T = special.betaln(a, b + x) - beta_ab - (r + x) * np.log(alpha + T)
    with np.errstate(divide="ignore", invalid="ignore"):
        term_tx = np.where(x > 0, special.betaln(a + 1, np.maximum(b + x - 1, 1e-300)) - beta_ab - (r + x) * np.log(alpha + tx), -np.inf)
    return common + np.logaddexp(term_T, term_tx)


def pareto_ll(params, x, tx, T):
    r, alpha, s, beta = params
    m = r + s + x
    # A0 of Fader & Hardie (2005), eq. (in the note) with the two branches on alpha vs beta.
    if alpha >= beta:
        rho, second = alpha, s + 1
        z1, z2 = (alpha - beta) / (alpha + tx), (alpha - beta) / (alpha + T)
    else:
        rho, second = beta, r + x
        z1, z2 = (beta - alpha) / (beta + tx), (beta - alpha) / (beta + T)
    log_part_tx = np.log(special.hyp2f1(m, second, m + 1, z1)) - m * np.log(rho + tx)
    log_part_T = np.log(special.hyp2f1(m, second, m + 1, z2)) - m * np.log(rho + T)
    with np.errstate(divide="ignore"):
        log_a0 = log_part_tx + np.log1p(-np.exp(log_part_T - log_part_tx))
    first = -(r + x) * np.log(alpha + T) - s * np.log(beta + T)
    second_term = np.log(s / m) + log_a0
    return (special.gammaln(r + x) - special.gammaln(r) + r * np.log(alpha) + s * np.log(beta)
            + np.logaddexp(first, second_term))


def gamma_gamma_ll(params, x, m):
    p, q, v = params
    px = p * x
    return (special.gammaln(px + q) - special.gammaln(px) - special.gammaln(q) + q * np.log(v)
            + (px - 1) * np.log(m) + px * np.log(x) - (px + q) * np.log(v + m * x))


# ---------------------------------------------------------------------------------------------
# Maximum likelihood in log-parameter space, several starting points.

def fit(ll, starts, data, method="nelder-mead+bfgs"):
    """Best of the starts; each Nelder-Mead then BFGS from its result, or BFGS alone (method="bfgs")."""
    def objective(log_params):
        if np.any(np.abs(log_params) > 30):
            return np.inf
        value = -np.sum(ll(np.exp(log_params), *data))
        return value if np.isfinite(value) else np.inf

    best = None
    runs = []
    for start in starts:
        if method == "bfgs":
            result = optimize.minimize(objective, np.log(start), method="BFGS", options={"gtol": 1e-6})
        else:
            nm = optimize.minimize(objective, np.log(start), method="Nelder-Mead")
            polished = optimize.minimize(objective, nm.x, method="BFGS", options={"gtol": 1e-8})
            result = polished if polished.fun <= nm.fun else nm
        runs.append({"start": list(start), "logLikelihood": float(-result.fun)})
        if best is None or result.fun < best.fun:
            best = result
    params = np.exp(best.x)
    return params, float(-best.fun), runs


def standard_errors(ll, params, data):
    """Central-difference Hessian of the negative log-likelihood in the natural parameters."""
    k = len(params)
    f = lambda p: -np.sum(ll(p, *data))
    h = 1e-4 * np.asarray(params)
    hessian = np.zeros((k, k))
    for i in range(k):
        for j in range(i, k):
            def shifted(si, sj):
                p = np.array(params, dtype=float)
                p[i] += si * h[i]
                p[j] += sj * h[j]
                return f(p)
            value = (shifted(1, 1) - shifted(1, -1) - shifted(-1, 1) + shifted(-1, -1)) / (4 * h[i] * h[j])
            hessian[i, j] = hessian[j, i] = value
    return np.sqrt(np.diag(np.linalg.inv(hessian)))


# ---------------------------------------------------------------------------------------------
# Per-customer quantities.

def bgnbd_p_alive(params, x, tx, T):
    r, alpha, a, b = params
    if x == 0:
        return 1.0
    return 1.0 / (1.0 + a / (b + x - 1) * ((alpha + T) / (alpha + tx)) ** (r + x))


def bgnbd_expected(params, t, x, tx, T):
    """FHL (2005) eq. (10): closed form with the Gauss hypergeometric function."""
    r, alpha, a, b = params
    z = t / (alpha + T + t)
    bracket = 1.0 - ((alpha + T) / (alpha + T + t)) ** (r + x) * special.hyp2f1(r + x, b + x, a + b + x - 1, z)
    return (a + b + x - 1) / (a - 1) * bracket * bgnbd_p_alive(params, x, tx, T)


def bgnbd_expected_by_integration(params, t, x, tx, T):
    """Same quantity as P(alive) * E_p[(1 - (1 + p t/(alpha+T))^-(r+x)) / p], p ~ Beta(a, b+x)."""
    r, alpha, a, b = params
    k = t / (alpha + T)
    g = lambda p: (-np.expm1(-(r + x) * np.log1p(p * k)) / p) * stats.beta.pdf(p, a, b + x)
    value, _ = integrate.quad(g, 0, 1, limit=200, epsabs=0, epsrel=1e-12)
    return value * bgnbd_p_alive(params, x, tx, T)


def bgnbd_alive_at(params, h, x, tx, T):
    """P(alive at T + h): alive at T, and no dropout after any purchase in (T, T+h]."""
    r, alpha, a, b = params
    k = h / (alpha + T)
    g = lambda p: np.exp(-(r + x) * np.log1p(p * k)) * stats.beta.pdf(p, a, b + x)
    value, _ = integrate.quad(g, 0, 1, limit=200, epsabs=0, epsrel=1e-12)
    return value * bgnbd_p_alive(params, x, tx, T)


def pareto_p_alive(params, x, tx, T):
    r, alpha, s, beta = params
    ll = pareto_ll(params, np.array([x], float), np.array([tx], float), np.array([T], float))[0]
    log_first = special.gammaln(r + x) - special.gammaln(r) + r * np.log(alpha) + s * np.log(beta) \
        - (r + x) * np.log(alpha + T) - s * np.log(beta + T)
    return float(np.exp(log_first - ll))


def pareto_expected(params, t, x, tx, T):
    r, alpha, s, beta = params
    factor = (r + x) * (beta + T) / ((alpha + T) * (s - 1)) * (1 - ((beta + T) / (beta + T + t)) ** (s - 1))
    return factor * pareto_p_alive(params, x, tx, T)


def pareto_alive_at(params, h, x, tx, T):
    r, alpha, s, beta = params
    return pareto_p_alive(params, x, tx, T) * ((beta + T) / (beta + T + h)) ** s


def gamma_gamma_expected(params, x, m):
    p, q, v = params
    if x == 0:
        return p * v / (q - 1)
    return (v + m * x) * p / (p * x + q - 1)


def median_wait(params_rate, x, T):
    r, alpha = params_rate
    return (alpha + T) * (2.0 ** (1.0 / (r + x)) - 1.0)


def clv(expected_fn, spend, margin, horizon, step, rate, per_year):
    steps = max(1, round(horizon / step))
    width = horizon / steps
    total, previous = 0.0, 0.0
    for k in range(1, steps + 1):
        t = k * width
        current = expected_fn(t)
        total += (current - previous) / (1 + rate) ** (t / per_year)
        previous = current
    return margin * spend * total


# ---------------------------------------------------------------------------------------------
# Hypergeometric values for the special-function tests: mpmath at 40 significant digits (scipy's
# hyp2f1 is given beside it; it returns NaN at some of these points, written as null).

def hyp2f1_grid():
    mpmath.mp.dps = 40
    points = []
    for b, c in [(0.5, 1.7), (1.3, 2.9), (5.2, 7.0), (40.5, 42.1), (0.61, 1.85), (300.2, 301.9)]:
        for z in [0.0, 0.1, 0.5, 0.9, 0.99, 0.999, 0.99999]:
            points.append((1.0, b, c, z))
    for a, b, c in [(0.243, 2.426, 2.219), (3.243, 5.426, 5.219), (20.24, 22.43, 22.22), (1.5, 0.7, 0.3), (0.8, 60.0, 61.5)]:
        for z in [0.0, 0.2, 0.5, 0.75, 0.9]:
            points.append((a, b, c, z))
    grid = []
    for a, b, c, z in points:
        exact = mpmath.hyp2f1(a, b, c, z)
        ours = float(special.hyp2f1(a, b, c, z))
        grid.append({"a": a, "b": b, "c": c, "z": z, "logValue": float(mpmath.log(exact)),
                     "scipy": ours if math.isfinite(ours) else None})
    return grid


def main():
    bench = "--bench" in sys.argv[1:]
    args = [a for a in sys.argv[1:] if a != "--bench"]
    rows = load_cdnow(data_dir(args))
    x = np.array([r["x"] for r in rows], float)
    tx = np.array([r["tx"] for r in rows], float)
    T = np.array([r["T"] for r in rows], float)
    m = np.array([r["m"] for r in rows], float)
    holdout = np.array([r["holdout"] for r in rows], float)
    repeaters = x > 0

    if bench:
        # Fit times only (data already in memory), from the same three starts per model, by the
        # reference method and by BFGS alone (scipy's numerical gradient; gtol 1e-6 on the total).
        timings = {"scipy": scipy.__version__, "starts": {k: len(v) for k, v in STARTS.items()}}
        for name, ll, data in [("bgnbd", bgnbd_ll, (x, tx, T)), ("paretoNbd", pareto_ll, (x, tx, T)),
                               ("gammaGamma", gamma_gamma_ll, (x[repeaters], m[repeaters]))]:
            key = {"bgnbd": "bgnbd", "paretoNbd": "pareto", "gammaGamma": "gamma"}[name]
            timings[name] = {}
            for method in ("bfgs", "nelder-mead+bfgs"):
                started, cpu = time.perf_counter(), time.process_time()
                params, value, _ = fit(ll, STARTS[key], data, method)
                timings[name][method] = {"seconds": time.perf_counter() - started, "cpuSeconds": time.process_time() - cpu,
                                         "logLikelihood": value, "params": list(map(float, params))}
        print(json.dumps(timings))
        return

    bg, bg_ll, bg_runs = fit(bgnbd_ll, STARTS["bgnbd"], (x, tx, T))
    pnbd, pnbd_ll, pnbd_runs = fit(pareto_ll, STARTS["pareto"], (x, tx, T))
    gg, gg_ll, gg_runs = fit(gamma_gamma_ll, STARTS["gamma"], (x[repeaters], m[repeaters]))

    bg_se = standard_errors(bgnbd_ll, bg, (x, tx, T))
    pnbd_se = standard_errors(pareto_ll, pnbd, (x, tx, T))
    gg_se = standard_errors(gamma_gamma_ll, gg, (x[repeaters], m[repeaters]))

    # Customers to compare one by one: the first twenty, the heaviest buyers, the latest starters.
    order_by_x = sorted(range(len(rows)), key=lambda i: (-rows[i]["x"], rows[i]["customer"]))
    order_by_T = sorted(range(len(rows)), key=lambda i: (rows[i]["T"], rows[i]["customer"]))
    chosen = sorted(set(list(range(20)) + order_by_x[:5] + order_by_T[:3]))
    customers = []
    horizon = HOLDOUT_WEEKS
    for i in chosen:
        row = rows[i]
        xi, txi, Ti, mi = row["x"], row["tx"], row["T"], row["m"]
        closed = bgnbd_expected(bg, horizon, xi, txi, Ti)
        integrated = bgnbd_expected_by_integration(bg, horizon, xi, txi, Ti)
        assert abs(closed - integrated) <= 1e-8 * max(1.0, abs(closed)), (closed, integrated)
        spend = gamma_gamma_expected(gg, xi, mi)
        customers.append({
            "customer": row["customer"], "x": xi, "tx": txi, "T": Ti, "m": mi,
            "bgnbd": {
                "pAlive": bgnbd_p_alive(bg, xi, txi, Ti),
                "expected": {"1": bgnbd_expected(bg, 1.0, xi, txi, Ti), "13": bgnbd_expected(bg, 13.0, xi, txi, Ti), "39": closed, "104": bgnbd_expected(bg, 104.0, xi, txi, Ti)},
                "aliveAt": {"13": bgnbd_alive_at(bg, 13.0, xi, txi, Ti), "52": bgnbd_alive_at(bg, 52.0, xi, txi, Ti)},
                "medianWeeksToNextPurchase": median_wait((bg[0], bg[1]), xi, Ti),
                "clv": clv(lambda t: bgnbd_expected(bg, t, xi, txi, Ti), spend, CLV["margin"], CLV["horizonWeeks"], CLV["stepWeeks"], CLV["annualDiscountRate"], CLV["weeksPerYear"]),
            },
            "paretoNbd": {
                "pAlive": pareto_p_alive(pnbd, xi, txi, Ti),
                "expected": {"1": pareto_expected(pnbd, 1.0, xi, txi, Ti), "39": pareto_expected(pnbd, horizon, xi, txi, Ti), "104": pareto_expected(pnbd, 104.0, xi, txi, Ti)},
                "aliveAt": {"13": pareto_alive_at(pnbd, 13.0, xi, txi, Ti), "52": pareto_alive_at(pnbd, 52.0, xi, txi, Ti)},
            },
            "expectedSpend": spend,
        })

    # Holdout check as in FHL (2005), figure 4: mean holdout purchases by calibration frequency.
    predicted = np.array([bgnbd_expected(bg, horizon, r["x"], r["tx"], r["T"]) for r in rows])
    predicted_pnbd = np.array([pareto_expected(pnbd, horizon, r["x"], r["tx"], r["T"]) for r in rows])
    groups = []
    for k in range(8):
        mask = x == k if k < 7 else x >= 7
        groups.append({"frequency": k, "orMore": k == 7, "customers": int(mask.sum()),
                       "actualMean": float(holdout[mask].mean()), "bgnbdPredictedMean": float(predicted[mask].mean()),
                       "paretoNbdPredictedMean": float(predicted_pnbd[mask].mean())})

    out = {
        "source": "CDNOW_sample.txt.gz (2,357 customers): weeks, calibration to 1997-09-30 inclusive, holdout to 1998-06-30, one purchase per customer-day",
        "scipy": scipy.__version__,
        "mpmath": mpmath.__version__,
        "calibrationEnd": CALIBRATION_END.isoformat(),
        "holdoutEnd": HOLDOUT_END.isoformat(),
        "holdoutWeeks": HOLDOUT_WEEKS,
        "summary": {
            "customers": len(rows), "repeaters": int(repeaters.sum()),
            "sumFrequency": float(x.sum()), "sumRecency": float(tx.sum()), "sumT": float(T.sum()),
            "sumMonetary": float(m.sum()), "sumHoldout": float(holdout.sum()),
            "first": rows[:5],
        },
        "bgnbd": {"params": dict(zip(["r", "alpha", "a", "b"], map(float, bg))), "logLikelihood": bg_ll,
                  "standardErrors": dict(zip(["r", "alpha", "a", "b"], map(float, bg_se))), "runs": bg_runs},
        "paretoNbd": {"params": dict(zip(["r", "alpha", "s", "beta"], map(float, pnbd))), "logLikelihood": pnbd_ll,
                      "standardErrors": dict(zip(["r", "alpha", "s", "beta"], map(float, pnbd_se))), "runs": pnbd_runs},
        "gammaGamma": {"params": dict(zip(["p", "q", "gamma"], map(float, gg))), "logLikelihood": gg_ll,
                       "standardErrors": dict(zip(["p", "q", "gamma"], map(float, gg_se))), "customers": int(repeaters.sum()), "runs": gg_runs},
        "clvSettings": CLV,
        "customers": customers,
        "holdout": {
            "horizonWeeks": horizon, "actualTotal": float(holdout.sum()),
            "bgnbdPredictedTotal": float(predicted.sum()), "paretoNbdPredictedTotal": float(predicted_pnbd.sum()),
            "bgnbdCorrelation": float(np.corrcoef(holdout, predicted)[0, 1]),
            "byFrequency": groups,
        },
        "hyp2f1": hyp2f1_grid(),
    }
    OUT.write_text(json.dumps(out, indent=1, allow_nan=False) + "\n")
    print(f"BG/NBD {bg} LL {bg_ll:.4f}; Pareto/NBD {pnbd} LL {pnbd_ll:.4f}; Gamma-Gamma {gg} LL {gg_ll:.4f}")
    print(f"wrote {OUT.relative_to(REPO)}")


if __name__ == "__main__":
    main()
