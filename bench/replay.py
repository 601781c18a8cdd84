"""Replay daily demand night by night through replenishment policies; print the service.

No Odoo and no database: each demand series goes through the same pure function the
engine calls for each balance line (``balance_math.forecast_parameters``), night by night,
next to other policies. What the replay does, as a shop's books would see it:

- the history a policy reads is the *sales*, not the demand: demand beyond the units on
  hand is lost, neither sold nor recorded;
- each night, after the day's sales, the policy gives a reorder point and a max level from
  the history so far; when the position (on hand + on order) is below the reorder point, it
  orders up to the max, rounded up to the purchase multiple (Odoo's min/max rule);
- an order arrives after the lead time (the vendor's promise, or drawn around it with
  spread), at the start of that day.

Printed per demand profile, policy and target: achieved cycle service (share of the
periods between two receipts with no unmet demand), fill rate (units served / demanded),
stockout days a year (days with unmet demand), mean stock in days of mean demand, and
orders a year. See bench/README.md, "Replay".
"""

import argparse
import functools
import importlib.util
import math
import os
import random
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "jxc_balance"))
import balance_math  # noqa: E402  (plain Python, imported without Odoo)
import public_data  # noqa: E402  (real monthly series: --profiles m3,pbs)

HISTORY_DAYS = 730  # what the engine reads per line (two years)
WINDOW_DAYS = 90  # the default profile's demand history
COVER_DAYS = 30
PAST_RECEIPTS = 6  # receipts in the history that give the observed lead time
TARGETS = (0.90, 0.95, 0.98)
BEFORE_ENV = "JXC_REPLAY_BEFORE"  # the folder of the engine before, for the workers


# ------------------------------------------------------------------ demand profiles
def poisson(rng, lam):
    """A Poisson draw (Knuth for small means, rounded normal above 30)."""
    if lam <= 0:
        return 0
    if lam > 30:
        return max(0, round(rng.gauss(lam, math.sqrt(lam))))
    limit, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


WEEKDAY_SHAPE = (0.7, 0.7, 0.8, 0.9, 1.1, 1.4, 1.4)  # Monday first; mean 1.0


def weekday_of(day):
    """The synthetic calendar: day 0 of a series (its history's first day) is a Monday."""
    return day % 7


def smooth(rng, days):
    lam = rng.uniform(3, 20)
    return [poisson(rng, lam) for _ in range(days)], lam


def weekday(rng, days):
    lam = rng.uniform(3, 20)
    return [poisson(rng, lam * WEEKDAY_SHAPE[weekday_of(day)]) for day in range(days)], lam


def intermittent(rng, days):
    size = rng.uniform(1, 4)
    series = [1 + poisson(rng, size - 1) if rng.random() < 0.10 else 0 for _ in range(days)]
    return series, 0.10 * size


def lumpy(rng, days):
    # sold on ~3 % of days, sizes lognormal with a heavy right tail (mean ~ median · 1.65)
    median = rng.uniform(5, 30)
    series = [max(1, round(rng.lognormvariate(math.log(median), 1.0)))
              if rng.random() < 0.03 else 0 for _ in range(days)]
    return series, 0.03 * median * math.exp(0.5)


def seasonal(rng, days):
    lam = rng.uniform(3, 15)
    peak = 196  # mid-July, day of year
    return [poisson(rng, lam * (1 + 0.8 * math.cos(2 * math.pi * (day % 365 - peak) / 365)))
            for day in range(days)], lam


def trend(rng, days):
    start = rng.uniform(3, 10)
    # +50 % a year, day 0 being the start of the two-year history
    return [poisson(rng, start * (1 + 0.5 * day / 365)) for day in range(days)], None


def stockout(rng, days):
    """Smooth demand; the history's sales lack 30 days out of the last 90 (stockout)."""
    return smooth(rng, days)


PROFILES = {
    "smooth": smooth,
    "weekday": weekday,
    "intermittent": intermittent,
    "lumpy": lumpy,
    "seasonal": seasonal,
    "trend": trend,
    "stockout": stockout,
}


@dataclass(frozen=True)
class Series:
    """One product: its demand, its vendor's lead times and its purchase multiple."""

    demand: list  # HISTORY_DAYS of history, then the replayed days
    mean: float  # true mean daily demand over the replayed days
    promised: int
    spread: int  # lead time drawn uniformly in [promised, promised + spread]
    multiple: int
    stockout_days: range  # days of the history with nothing on the shelf


def make_series(profile, index, seed, days):
    rng = random.Random(f"{seed}-{profile}-{index}")
    demand, _lam = PROFILES[profile](rng, HISTORY_DAYS + days)
    replayed = demand[HISTORY_DAYS:]
    promised = rng.choice((3, 5, 7, 10, 14))
    stockout_days = range(0)
    if profile == "stockout":
        start = HISTORY_DAYS - rng.randint(31, WINDOW_DAYS)
        stockout_days = range(start, start + 30)
    return Series(
        demand=demand, mean=sum(replayed) / len(replayed), promised=promised,
        spread=rng.choice((0, 0, 2, 5)), multiple=rng.choice((1, 1, 1, 6, 12)),
        stockout_days=stockout_days)


# ------------------------------------------------------------------------ policies
def by_hand(history, in_stock, lead_times, promised, target):
    """What a shop sets by hand in Odoo: min = 7 days of average sales, max = 30 days."""
    window = history[-WINDOW_DAYS:]
    adu = sum(window) / len(window)
    return math.ceil(7 * adu), math.ceil(30 * adu)


def ddmrp(history, in_stock, lead_times, promised, target):
    """OCA ddmrp 18.0's buffer: min = top of yellow, max = top of green.

    ADU the past-looking mean over the window; DLT the vendor's lead time; lead-time
    factor 0.5 (medium); variability factor from the coefficient of variation of daily
    usage (low 0.25, medium 0.5, high 0.75); no order cycle and no minimum quantity.
    red = DLT·ADU·LTF·(1 + VF), yellow = DLT·ADU, green = DLT·ADU·LTF.
    """
    window = history[-WINDOW_DAYS:]
    adu = sum(window) / len(window)
    if adu <= 0:
        return 0, 0
    dlt = sum(lead_times) / len(lead_times) if lead_times else promised
    cv = math.sqrt(sum((q - adu) ** 2 for q in window) / len(window)) / adu
    vf = 0.25 if cv < 0.5 else 0.5 if cv < 1.0 else 0.75
    ltf = 0.5
    red = dlt * adu * ltf * (1 + vf)
    yellow = dlt * adu
    green = dlt * adu * ltf
    return math.ceil(red + yellow), math.ceil(red + yellow + green)


def _engine_levels(math_module, history, lead_times, promised, target, **options):
    """(ROP, max) of the engine's per-line math, default profile settings; ``options``:
    more arguments of ``forecast_parameters``."""
    params = math_module.forecast_parameters(
        daily=history[-WINDOW_DAYS:], history=history[-HISTORY_DAYS:], events=[],
        observed_lead_times=lead_times, promised_lead_time=promised, days_to_purchase=0.0,
        service_level=target, cover_days=COVER_DAYS, rounding=1.0, **options)
    return params["reorder_point"], params["max_qty"]


@functools.cache
def engine_before():
    """``balance_math`` as of the commit ``--before`` names (read from git by ``main``)."""
    folder = Path(os.environ[BEFORE_ENV])
    spec = importlib.util.spec_from_file_location(
        "balance_math_before", folder / "__init__.py", submodule_search_locations=[str(folder)])
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def extract_before(revision):
    """Write jxc_balance/balance_math as of ``revision`` to a temporary folder."""
    repo = Path(__file__).resolve().parent.parent
    folder = Path(tempfile.mkdtemp(prefix="replay-before-"))
    names = subprocess.run(
        ["git", "-C", str(repo), "ls-tree", "--name-only", revision,
         "jxc_balance/balance_math/"], capture_output=True, text=True, check=True).stdout
    for name in names.split():
        if name.endswith(".py"):
            source = subprocess.run(["git", "-C", str(repo), "show", f"{revision}:{name}"],
                                    capture_output=True, check=True).stdout
            (folder / Path(name).name).write_bytes(source)
    return folder


def engine(history, in_stock, lead_times, promised, target):
    """The engine as it was at ``--before``: told the stockout days of its window and the
    nightly review, its normal (z · σ) model for every line."""
    return _engine_levels(
        engine_before(), history, lead_times, promised, target,
        in_stock=in_stock[-WINDOW_DAYS:], review_days=balance_math.NIGHTLY_REVIEW_DAYS)


def new_engine(history, in_stock, lead_times, promised, target):
    """The engine as it runs now (``history`` holds every day from the series' first, so
    its last day's weekday is that of day len(history) − 1)."""
    return _engine_levels(
        balance_math, history, lead_times, promised, target,
        in_stock=in_stock[-WINDOW_DAYS:], history_in_stock=in_stock[-HISTORY_DAYS:],
        review_days=balance_math.NIGHTLY_REVIEW_DAYS,
        last_day_weekday=weekday_of(len(history) - 1))


# policy name -> (function, whether it reads the service target)
POLICIES = {
    "by hand (7/30 days)": (by_hand, False),
    "DDMRP (OCA ddmrp)": (ddmrp, False),
    "engine before": (engine, True),
    "new engine": (new_engine, True),
}


# --------------------------------------------------------------------------- replay
def replay(series, policy, target, days, seed_tag):
    """Replay one series; returns its counts (see ``Totals``)."""
    rng = random.Random(seed_tag)
    draw = (lambda: series.promised + rng.randint(0, series.spread)) if series.spread else (
        lambda: series.promised)
    history = [0.0 if day in series.stockout_days else float(qty)
               for day, qty in enumerate(series.demand[:HISTORY_DAYS])]
    in_stock = [day not in series.stockout_days for day in range(HISTORY_DAYS)]
    lead_times = [float(draw()) for _ in range(PAST_RECEIPTS)]
    rop, max_qty = policy(history, in_stock, lead_times, series.promised, target)
    on_hand = float(max_qty)
    arrivals = {}  # day -> qty
    demanded = served = stock_sum = 0.0
    stockout_days = orders = 0
    cycles = good_cycles = 0
    cycle_open = False  # the first cycle starts with the first receipt
    cycle_short = False
    for day in range(days):
        arrived = arrivals.pop(day, 0.0)
        if arrived:
            on_hand += arrived
            if cycle_open:
                cycles += 1
                good_cycles += not cycle_short
            cycle_open, cycle_short = True, False
        want = series.demand[HISTORY_DAYS + day]
        in_stock.append(on_hand > 0)  # the day began with something on the shelf
        sold = min(want, on_hand)
        on_hand -= sold
        demanded += want
        served += sold
        if sold < want:
            stockout_days += 1
            cycle_short = True
        stock_sum += on_hand
        history.append(float(sold))
        # the night: parameters from the sales so far, then Odoo's min/max trigger
        rop, max_qty = policy(history, in_stock, lead_times, series.promised, target)
        position = on_hand + sum(arrivals.values())
        if position < rop:
            qty = max_qty - position
            qty = math.ceil(qty / series.multiple - 1e-9) * series.multiple
            if qty > 0:
                lead_time = draw()
                arrivals[day + 1 + lead_time] = arrivals.get(day + 1 + lead_time, 0.0) + qty
                lead_times = (lead_times + [float(lead_time)])[-PAST_RECEIPTS * 4:]
                orders += 1
    return (cycles, good_cycles, demanded, served, stockout_days, stock_sum / days,
            series.mean, orders)


def first_night_mean(series):
    """The engine's d̄ on the first night, against the true mean (stockout check)."""
    history = [0.0 if day in series.stockout_days else float(qty)
               for day, qty in enumerate(series.demand[:HISTORY_DAYS])]
    in_stock = [day not in series.stockout_days for day in range(HISTORY_DAYS)]
    estimates = [balance_math.forecast_parameters(
        daily=history[-WINDOW_DAYS:], history=history, events=[], observed_lead_times=[],
        promised_lead_time=series.promised, days_to_purchase=0.0, service_level=0.95,
        cover_days=COVER_DAYS, rounding=1.0, in_stock=mask)["avg_daily_demand"]
        for mask in (None, in_stock[-WINDOW_DAYS:])]
    true_mean = sum(series.demand[HISTORY_DAYS - WINDOW_DAYS:HISTORY_DAYS]) / WINDOW_DAYS
    return estimates, true_mean


def run_job(job):
    """One (profile, policy, target) over all its series: summed counts."""
    profile, policy_name, target, count, seed, days = job
    policy = POLICIES[policy_name][0]
    totals = [0.0] * 8
    for index in range(count):
        series = make_series(profile, index, seed, days)
        result = replay(series, policy, target, days, f"{seed}-{profile}-{index}-lt")
        totals = [a + b for a, b in zip(totals, result, strict=True)]
    return job, totals


def format_row(profile, policy_name, target, totals, count, days):
    cycles, good, demanded, served, stockout_days, stock, mean, orders = totals
    years = days / 365
    service = f"{100 * good / cycles:5.1f}" if cycles else "    –"
    fill = f"{100 * served / demanded:5.1f}" if demanded else "    –"
    cover = f"{stock / mean:5.1f}" if mean else "    –"
    target_text = f"{target:.2f}" if POLICIES[policy_name][1] else "  – "
    return (f"| {profile} | {policy_name} | {target_text} | {service} | {fill} | "
            f"{stockout_days / count / years:5.1f} | {cover} | {orders / count / years:5.1f} |")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--series", type=int, default=200, help="series per profile")
    parser.add_argument("--days", type=int, default=365, help="days replayed")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--before", default="d77afd3",
                        help="the commit whose engine is the policy 'engine before'")
    parser.add_argument("--jobs", type=int, default=2, help="processes")
    parser.add_argument("--profiles", default=",".join(PROFILES),
                        help="comma-separated; or public series, per period: m3, pbs")
    parser.add_argument("--policies", default=",".join(POLICIES),
                        help="comma-separated policy names (see POLICIES)")
    args = parser.parse_args()
    profiles = args.profiles.split(",")
    policies = args.policies.split(",")
    os.environ[BEFORE_ENV] = str(extract_before(args.before))
    if set(profiles) & set(public_data.PROFILES):  # bench/public_data.py, README "Public data"
        return public_data.replay_main(parser, args, profiles, policies)
    unknown = [name for name in profiles if name not in PROFILES] + [
        name for name in policies if name not in POLICIES]
    if unknown:
        parser.error(f"unknown profile or policy: {', '.join(unknown)}")
    t0 = time.time()
    jobs = [
        (profile, policy, target, args.series, args.seed, args.days)
        for profile in profiles for policy in policies
        for target in (TARGETS if POLICIES[policy][1] else (None,))
    ]
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        results = dict(pool.map(run_job, jobs))
    print(f"replay: {args.series} series per profile, {args.days} days, seed {args.seed}")
    print()
    print("| demand | policy | target | cycle service % | fill rate % | stockout days/yr "
          "| stock (days of demand) | orders/yr |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for job in jobs:
        print(format_row(job[0], job[1], job[2], results[job], args.series, args.days))
    if "stockout" in profiles:
        errors = ([], [])
        for index in range(args.series):
            estimates, true_mean = first_night_mean(
                make_series("stockout", index, args.seed, args.days))
            for found, estimate in zip(errors, estimates, strict=True):
                found.append(estimate / true_mean - 1 if true_mean else 0.0)
        print()
        for name, found in zip(("sales read as demand", "new engine"), errors, strict=True):
            found.sort(key=abs)
            print(f"stockout history: {name} d̄ / true mean − 1 on the first night: median "
                  f"{100 * sorted(found)[len(found) // 2]:+.1f} %, worst "
                  f"{100 * found[-1]:+.1f} %")
    print()
    print(f"replay_seconds: {time.time() - t0:.1f}")


if __name__ == "__main__":
    main()
