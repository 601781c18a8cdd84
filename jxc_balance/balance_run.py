"""The plain values a recompute passes around: its run, settings and batch statistics."""

import dataclasses
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from typing import Any


@dataclass(frozen=True)
class BalanceSettings:
    """The settings a company's recompute reads (``jxc.balance.engine._run_settings``)."""

    history_days: int  # the longest demand history of the company's profiles
    days_to_purchase: float
    slow_days: int
    dead_days: int
    overstock_days: int
    abc_threshold_a: float
    abc_threshold_b: float


@dataclass(frozen=True)
class AbcClasses:
    """ABC class and consumption value of every balanced product of a company."""

    classes: dict  # {product_id: "a" | "b" | "c"}
    consumption: dict  # {product_id: value of the lookback's net deliveries}


@dataclass(frozen=True)
class BalanceRun:
    """What every chunk of one company's recompute shares, read when the run starts.

    Only ``abc`` is left for later (``None``): the engine computes it while the first
    chunk's statistics are read, and goes on with ``with_abc``'s copy.
    """

    company: Any  # res.company
    today: date  # in the company's timezone
    tz: tzinfo
    since: datetime  # naive UTC start of the lookback window (lead times, ABC)
    warehouses: Any  # stock.warehouse of the company
    settings: BalanceSettings
    read_days: int  # days of daily sales read per product (the forecast's history)
    events: tuple  # the confirmed events the forecast applies (jxc.balance.event)
    abc: AbcClasses | None = None

    def with_abc(self, abc):
        """This run with the company's ABC classes."""
        return dataclasses.replace(self, abc=abc)

    def with_env(self, env):
        """This run with its records in ``env`` (the statistics' helper thread)."""
        return dataclasses.replace(
            self, company=self.company.with_env(env), warehouses=self.warehouses.with_env(env))


@dataclass(frozen=True)
class BatchStatistics:
    """What ``jxc.balance.statistics._read_batch`` reads for a chunk of products."""

    sales: dict  # {(product_id, warehouse_id): {day: net qty}}
    moved: dict  # {(product_id, warehouse_id): {day: qty in (+) and out (-) of it}}
    received: dict  # {(product_id, warehouse_id): {day: qty replenished}}, days with some
    last_dates: dict  # {(product_id, warehouse_id): (last sale, last outgoing, first in)}
    vendors: dict  # {product_id: (vendor_id, promised delay)}
    observed: dict  # {(product_id, vendor_id): [lead time days, ...]}
    facts: dict  # {product_id: (category parent_path, UoM rounding)}
    quantities: dict  # {warehouse_id: Odoo's _compute_quantities_dict of the chunk}
