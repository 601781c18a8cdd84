#!/usr/bin/env python3
"""Time jxc_balance on a database filled by bench/generate.py; print one ``name: value`` a line.

In one transaction, as the admin user (a Balance Manager), in this order:

1. Odoo's own Replenishment refresh (``stock.warehouse.orderpoint.action_open_orderpoints``,
   what opening Inventory > Operations > Replenishment does), rolled back;
2. the daily cron, ``_cron_recompute(batch_size)`` called until nothing remains (as the
   cron's user, counting calls), then Odoo's refresh again over the rules the cron wrote;
   both rolled back;
3. a full ``action_recompute()`` (no line exists yet: create path), then the same call
   again (update path);
4. Odoo's Replenishment refresh again, now that the balance's reordering rules exist,
   rolled back;
5. ``action_generate_reorder_drafts()``.

The transaction is rolled back at the end unless ``--commit`` is given, so that the same
database serves many runs.

    PYTHONPATH=/opt/odoo .venv/bin/python bench/run.py -d jxc_bench_5k
"""

import argparse
import cProfile
import functools
import io
import os
import pstats
import resource
import sys
import threading
import time
from datetime import datetime, timedelta

from benchlib import (
    add_odoo_arguments,
    addon_fingerprint,
    check_schema,
    open_registry,
    vacuum_analyze,
)

# methods timed (wall seconds, calls) during the steps of BREAKDOWN_STEPS
BREAKDOWN = {
    "jxc.balance.engine": [
        "_prepare_company_run", "_balance_products", "_abc_by_product", "_compute_batch",
        "_archive_obsolete", "_stale_products", "_recompute_products",
    ],
    "jxc.balance.statistics": [
        "_read_batch", "_daily_net_sales", "_last_move_dates", "_main_vendors",
        "_observed_lead_times",
    ],
    "jxc.balance.pipeline": ["_read_chunks"],
    "jxc.balance.writer": [
        "_write_lines", "_bulk_update", "_bulk_create", "_sync_orderpoints",
        "_next_orderpoint_names",
    ],
    "jxc.balance.line": ["create", "_procure_lines", "_filter_draftable"],
    "product.product": ["_compute_quantities_dict"],
    "stock.warehouse.orderpoint": ["create", "write", "_procure_orderpoint_confirm"],
}
BREAKDOWN_STEPS = {"cron_recompute_total", "recompute_full", "recompute_again",
                   "recompute_next_day", "recompute_nightly", "reorder_drafts",
                   "reorder_drafts_cron",
                   "alert_scan"}
PROFILABLE = ["odoo_refresh", "cron_recompute_total", "odoo_refresh_after_cron",
              "recompute_full", "recompute_again", "recompute_next_day", "recompute_nightly",
              "odoo_refresh_nightly",
              "odoo_refresh_after_recompute",
              "reorder_drafts", "reorder_drafts_cron", "alert_scan", "alert_scan_again",
              "odoo_scheduler"]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_odoo_arguments(parser)
    parser.add_argument("--batch-size", type=int, default=2000,
                        help="products per _cron_recompute call (default: 2000, the cron's)")
    parser.add_argument("--now", help="'YYYY-MM-DD HH:MM:SS' (UTC) the balance computes at; "
                        "default: 01:00 on the generator's anchor day (jxc_bench.today), or "
                        "the real time if the database has none")
    parser.add_argument("--skip", action="append", default=[],
                        choices=["odoo_refresh", "cron", "drafts", "alerts", "nightly"],
                        help="leave a step out (repeatable)")
    parser.add_argument("--profile", action="append", default=[], choices=PROFILABLE,
                        help="cProfile this step and print its top functions (repeatable)")
    parser.add_argument("--breakdown", action="store_true",
                        help="also print the wall time and calls of the engine's main methods "
                        "(and Odoo's creates) inside the recompute, cron and drafts steps")
    parser.add_argument("--profile-out",
                        help="also dump each profile (pstats) to PROFILE_OUT.<step>")
    parser.add_argument("--odoo-scheduler", action="store_true",
                        help="also time Odoo's own scheduler on the balance's rules (slow: "
                        "Odoo computes every rule's quantity one at a time)")
    parser.add_argument("--commit", action="store_true",
                        help="commit at the end (default: roll everything back)")
    return parser.parse_args()


def process_cpu_s():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


class Breakdown:
    """Wall time spent in chosen methods (wrapped on the registry's classes), per step.

    Nested methods count in their callers too (e.g. _read_batch includes the SQL query
    methods); a method missing from the code is skipped. Methods the recompute's helper
    thread runs (_read_chunks and what it calls) overlap the caller's: their
    seconds are not part of the step's wall time.
    """

    def __init__(self, env):
        self.spent = {}
        self.lock = threading.Lock()
        for model, methods in BREAKDOWN.items():
            cls = type(env[model])
            for method in methods:
                if callable(getattr(cls, method, None)):
                    setattr(cls, method, self._wrap(f"{model}.{method}", getattr(cls, method)))
        try:
            from odoo.addons.jxc_balance import balance_math  # noqa: PLC0415
        except ImportError:
            return
        for function in ("compute_parameters", "balance_state"):
            if hasattr(balance_math, function):
                setattr(balance_math, function, self._wrap(
                    f"balance_math.{function}", getattr(balance_math, function)))

    def _wrap(self, name, function):
        spent, lock = self.spent, self.lock

        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                with lock:  # the recompute's helper thread adds to it too
                    calls, seconds = spent.get(name, (0, 0.0))
                    spent[name] = (calls + 1, seconds + time.perf_counter() - started)
        return wrapper

    def reset(self):
        self.spent.clear()

    def report(self):
        """[(method, (calls, seconds))], longest first."""
        return sorted(((name.replace(".", "_"), value) for name, value in self.spent.items()),
                      key=lambda item: -item[1][1])


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # KiB on Linux


def print_figure(name, value):
    """Print one ``name: value`` line (floats to 3 decimals, 1 from 100 up); return the text."""
    if isinstance(value, float):
        value = f"{value:.3f}" if abs(value) < 100 else f"{value:.1f}"
    print(f"{name}: {value}", flush=True)
    return value


class Bench:
    def __init__(self, env, args):
        self.env = env
        self.args = args
        self.figures = {}
        self.breakdown = Breakdown(env) if args.breakdown else None

    def emit(self, name, value):
        self.figures[name] = print_figure(name, value)

    def timed(self, name, function):
        """Run ``function`` and flush; emit wall seconds, SQL queries and time, CPU time."""
        from odoo import sql_db  # noqa: PLC0415

        profiler = cProfile.Profile() if name in self.args.profile else None
        thread = threading.current_thread()
        thread.query_count, thread.query_time = 0, 0.0  # sql_db.Cursor.execute adds to them
        queries = sql_db.sql_counter
        if self.breakdown:
            self.breakdown.reset()
        cpu = process_cpu_s()
        started = time.perf_counter()
        if profiler:
            profiler.enable()
        result = function()
        self.env.flush_all()
        if profiler:
            profiler.disable()
        seconds = time.perf_counter() - started
        self.emit(f"{name}_s", seconds)
        self.emit(f"{name}_queries", sql_db.sql_counter - queries)
        self.emit(f"{name}_sql_s", thread.query_time)
        self.emit(f"{name}_python_cpu_s", process_cpu_s() - cpu)
        if self.args.breakdown and name in BREAKDOWN_STEPS:
            for method, (calls, spent) in self.breakdown.report():
                self.emit(f"{name}_in_{method}_s", spent)
                self.emit(f"{name}_in_{method}_calls", calls)
        if profiler:
            self.print_profile(name, profiler)
        return result, seconds

    def print_profile(self, name, profiler):
        if self.args.profile_out:
            profiler.dump_stats(f"{self.args.profile_out}.{name}")
        for order in ("tottime", "cumulative"):
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats(order).print_stats(15)
            print(f"--- profile of {name}, top 15 by {order}")
            lines = out.getvalue().splitlines()
            start = next(i for i, line in enumerate(lines) if line.lstrip().startswith("ncalls"))
            print("\n".join(line[:160] for line in lines[start:] if line.strip()))
        print("--- end of profile", flush=True)

    # ------------------------------------------------------------------- steps
    def describe_database(self):
        cr = self.env.cr
        cr.execute("SELECT count(*) FROM product_product p JOIN product_template t "
                   "ON t.id = p.product_tmpl_id WHERE t.is_storable AND p.active")
        self.emit("storable_products", cr.fetchone()[0])
        cr.execute("SELECT count(*) FROM stock_warehouse WHERE active")
        self.emit("warehouses", cr.fetchone()[0])
        cr.execute("SELECT state, count(*) FROM stock_move GROUP BY state ORDER BY state")
        for state, count in cr.fetchall():
            self.emit(f"stock_moves_{state}", count)
        cr.execute("SELECT count(*) FROM stock_quant")
        self.emit("stock_quants", cr.fetchone()[0])

    def warm_up(self):
        # the same cold start for every run: read the tables the recompute reads once
        def scan():
            self.env.cr.execute("SELECT count(*), sum(product_qty) FROM stock_move")
            self.env.cr.execute("SELECT count(*) FROM stock_quant")
        self.timed("warmup_scan", scan)

    def odoo_refresh(self, name):
        """Odoo's Replenishment refresh, in a savepoint rolled back afterwards."""
        env = self.env
        Orderpoint = env["stock.warehouse.orderpoint"].with_context(active_test=False)
        before = Orderpoint.search_count([])
        savepoint = env.cr.savepoint()
        try:
            _action, seconds = self.timed(name, Orderpoint.action_open_orderpoints)
            self.emit(f"{name}_orderpoints_before", before)
            self.emit(f"{name}_orderpoints_after", Orderpoint.search_count([]))
            self.emit(f"{name}_manual_orderpoints_to_order", Orderpoint.search_count(
                [("trigger", "=", "manual"), ("qty_to_order", ">", 0)]))
        finally:
            savepoint.close(rollback=True)
            env.invalidate_all()
        return seconds

    def run_cron(self, step, prefix, xmlid, call):
        """Call ``call(Line)`` as the cron framework calls the cron ``xmlid``, until nothing
        remains (as the cron's user, with an ``ir.cron.progress`` record); timed as ``step``.

        Each call is a unit of work for Odoo's ``limit_time_cpu``: emits ``<prefix>_calls``,
        ``<prefix>_longest_call_s`` and ``<prefix>_longest_call_cpu_s``.
        """
        env = self.env
        cron = env.ref(xmlid)
        progress = env["ir.cron.progress"].sudo().create(
            {"cron_id": cron.id, "remaining": 0, "done": 0})
        Line = env["jxc.balance.line"].with_user(cron.user_id).with_context(
            ir_cron_progress_id=progress.id)
        calls, longest, longest_cpu = 0, 0.0, 0.0

        def run_all():
            nonlocal calls, longest, longest_cpu
            while True:
                calls += 1
                started, cpu = time.perf_counter(), process_cpu_s()
                call(Line)
                env.flush_all()
                longest = max(longest, time.perf_counter() - started)
                longest_cpu = max(longest_cpu, process_cpu_s() - cpu)
                progress.invalidate_recordset()
                if not progress.remaining:
                    return
                if calls > 1000:
                    raise RuntimeError(f"{xmlid} never finishes")

        self.timed(step, run_all)
        self.emit(f"{prefix}_calls", calls)
        self.emit(f"{prefix}_longest_call_s", longest)
        self.emit(f"{prefix}_longest_call_cpu_s", longest_cpu)

    def cron(self):
        """_cron_recompute as the cron framework calls it, until nothing remains."""
        env = self.env
        self.run_cron("cron_recompute_total", "cron_recompute",
                      "jxc_balance.ir_cron_balance_recompute",
                      lambda Line: Line._cron_recompute(batch_size=self.args.batch_size))
        self.emit("cron_recompute_batch_size", self.args.batch_size)
        self.emit("cron_recompute_lines", env["jxc.balance.line"].search_count([]))

    def recompute(self):
        Line = self.env["jxc.balance.line"]
        _result, first = self.timed("recompute_full", Line.action_recompute)
        self.emit("recompute_full_peak_rss_mb", peak_rss_mb())
        self.timed("recompute_again", Line.action_recompute)
        self.emit("recompute_again_peak_rss_mb", peak_rss_mb())
        # what the nightly run meets: one day later, every window has moved by a day and
        # many reorder points and reordering rules change
        now = self.env.context.get("jxc_now")
        if now:
            next_day = datetime.strptime(now, "%Y-%m-%d %H:%M:%S") + timedelta(days=1)
            savepoint = self.env.cr.savepoint()
            try:
                self.timed("recompute_next_day", Line.with_context(
                    jxc_now=next_day.strftime("%Y-%m-%d %H:%M:%S")).action_recompute)
            finally:
                # the steps below work on today's lines again
                savepoint.close(rollback=True)
                self.env.invalidate_all()
        lines = Line.search_count([])
        self.emit("lines", lines)
        self.emit("recompute_full_lines_per_s", lines / first if first else 0.0)
        for field in ("state", "abc_class", "xyz_class", "lead_time_source"):
            for value, count in sorted(Line._read_group([], [field], ["__count"]),
                                       key=lambda row: str(row[0])):
                self.emit(f"lines_{field}_{value or 'none'}", count)
        Orderpoint = self.env["stock.warehouse.orderpoint"].with_context(active_test=False)
        self.emit("orderpoints_jxc_managed", Orderpoint.search_count([("jxc_managed", "=", True)]))
        return first

    def odoo_scheduler(self):
        """Odoo's scheduler (its orderpoint phase) on the same rules, rolled back.

        The balance's rules are manual; set to automatic, they are what Odoo's nightly
        scheduler would replenish: ``_procure_orderpoint_confirm`` over all of them, as
        ``procurement.group._run_scheduler_tasks`` calls it.
        """
        env = self.env
        Orderpoint = env["stock.warehouse.orderpoint"]
        savepoint = env.cr.savepoint()
        try:
            rules = Orderpoint.search([("jxc_managed", "=", True)])
            rules.write({"trigger": "auto"})
            env.flush_all()
            self.emit("odoo_scheduler_rules", len(rules))
            _result, seconds = self.timed("odoo_scheduler", lambda: rules.sudo()
                                          ._procure_orderpoint_confirm(
                                              company_id=env.company, raise_user_error=False))
            self.emit("odoo_scheduler_rfq_lines", env["purchase.order.line"].search_count(
                [("orderpoint_id", "in", rules.ids)]))
        finally:
            savepoint.close(rollback=True)
            env.invalidate_all()
        return seconds

    def drafts(self):
        env = self.env
        Line = env["jxc.balance.line"]
        self.emit("lines_needing_stock", Line.search_count(
            [("state", "in", ("shortage", "reorder"))]))
        savepoint = env.cr.savepoint()
        try:
            self.drafts_cron()
        finally:
            savepoint.close(rollback=True)  # the button below drafts the same needs
            env.invalidate_all()
        self.timed("reorder_drafts", Line.action_generate_reorder_drafts)
        orders = env["purchase.order"].search([("jxc_drafted", "=", True)])
        self.emit("reorder_drafts_rfqs", len(orders))
        self.emit("reorder_drafts_rfq_lines", len(orders.order_line))

    def drafts_cron(self):
        """The 02:00 cron (1,000 lines a call) as the cron framework calls it."""
        env = self.env
        self.run_cron("reorder_drafts_cron", "reorder_drafts_cron",
                      "jxc_balance.ir_cron_balance_reorder",
                      lambda Line: Line._cron_generate_reorder_drafts())
        orders = env["purchase.order"].search([("jxc_drafted", "=", True)])
        self.emit("reorder_drafts_cron_rfq_lines", len(orders.order_line))

    def alerts(self):
        """The alert scan (first: creates alerts and to-dos; again: nothing new to raise)."""
        Alert = self.env["jxc.balance.alert"]
        self.timed("alert_scan", Alert.action_scan)
        self.emit("alerts_open", Alert.search_count([("state", "=", "open")]))
        for alert_type, count in sorted(Alert._read_group([], ["alert_type"], ["__count"])):
            self.emit(f"alerts_{alert_type}", count)
        self.timed("alert_scan_again", Alert.action_scan)


def nightly(registry, args, now, odoo_before):
    """The nightly recompute as it really runs: on lines and rules committed the day before.

    In the main transaction every recompute rewrites rows inserted by that same
    transaction: PostgreSQL then checks every foreign key again and keeps each row's
    earlier versions. Here the first recompute is committed, the tables are vacuumed (what
    autovacuum does between two nights), and a new transaction times Odoo's refresh and
    the next day's recompute on them. Everything the first recompute created is deleted
    afterwards, so the database serves further runs.

    Odoo's refresh of the database before any rule exists is timed just before and just
    after (``odoo_refresh_no_rules_before/after``, each on a freshly vacuumed database): a
    shared machine's speed drifts over the minutes of a run, so the nightly recompute is
    compared with the mean of the two refreshes that bracket it
    (``ratio_nightly_to_odoo_refresh_bracket``).
    """
    from odoo import SUPERUSER_ID, api  # noqa: PLC0415

    def admin_env(cr, when):
        root = api.Environment(cr, SUPERUSER_ID, {})
        return api.Environment(cr, root.ref("base.user_admin").id, {"jxc_now": when})

    def refresh_without_rules(name):
        with registry.cursor() as cr:
            # on a vacuumed database: the rows that the rolled-back steps above (or a
            # previous run) inserted would otherwise still be read by Odoo's searches
            vacuum_analyze(cr)
            seconds = Bench(admin_env(cr, now), args).odoo_refresh(name)
            cr.rollback()
        return seconds

    with registry.cursor() as cr:
        cr.execute("SELECT COALESCE(MAX(id), 0) FROM jxc_balance_line")
        last_line = cr.fetchone()[0]
        cr.execute("SELECT COALESCE(MAX(id), 0) FROM stock_warehouse_orderpoint")
        last_rule = cr.fetchone()[0]
    bracket = []
    if "odoo_refresh" not in args.skip:
        bracket.append(refresh_without_rules("odoo_refresh_no_rules_before"))
    seconds = None
    try:
        with registry.cursor() as cr:
            admin_env(cr, now)["jxc.balance.line"].action_recompute()
            cr.commit()
        with registry.cursor() as cr:
            vacuum_analyze(cr, ("jxc_balance_line", "stock_warehouse_orderpoint"))
        next_day = datetime.strptime(now, "%Y-%m-%d %H:%M:%S") + timedelta(days=1)
        with registry.cursor() as cr:
            bench = Bench(admin_env(cr, next_day.strftime("%Y-%m-%d %H:%M:%S")), args)
            refresh = None
            if "odoo_refresh" not in args.skip:
                refresh = bench.odoo_refresh("odoo_refresh_nightly")
            _result, seconds = bench.timed(
                "recompute_nightly", bench.env["jxc.balance.line"].action_recompute)
            bench.emit("recompute_nightly_lines", bench.env["jxc.balance.line"].search_count([]))
            if odoo_before:
                bench.emit("ratio_nightly_to_odoo_refresh", seconds / odoo_before)
            if refresh:
                bench.emit("ratio_nightly_to_odoo_refresh_nightly", seconds / refresh)
            cr.rollback()
    finally:
        with registry.cursor() as cr:
            cr.execute("DELETE FROM jxc_balance_line WHERE id > %s", (last_line,))
            cr.execute("DELETE FROM stock_warehouse_orderpoint WHERE id > %s", (last_rule,))
            cr.commit()
    if bracket and seconds:
        bracket.append(refresh_without_rules("odoo_refresh_no_rules_after"))
        bracket_mean = sum(bracket) / len(bracket)
        print_figure("odoo_refresh_no_rules_bracket_mean_s", bracket_mean)
        print_figure("ratio_nightly_to_odoo_refresh_bracket", seconds / bracket_mean)


def main():
    args = parse_args()
    wall = time.perf_counter()
    registry = open_registry(args)
    from odoo import SUPERUSER_ID, api  # noqa: PLC0415

    with registry.cursor() as cr:
        root = api.Environment(cr, SUPERUSER_ID, {})
        admin = root.ref("base.user_admin")
        now = args.now
        anchor = root["ir.config_parameter"].get_param("jxc_bench.today")
        if not now and anchor:
            now = f"{anchor} 01:00:00"
        env = api.Environment(cr, admin.id, {"jxc_now": now} if now else {})
        bench = Bench(env, args)
        print(f"database: {args.database}")
        print(f"generated_with: {root['ir.config_parameter'].get_param('jxc_bench.args')}")
        print(f"now: {now or 'real time'}")
        print(f"addon_fingerprint: {addon_fingerprint()}")
        check_schema(root)
        if not admin.has_group("jxc_balance.group_jxc_balance_manager"):
            sys.exit("the admin user is not a Balance Manager")
        bench.emit("load_average_1min_at_start", os.getloadavg()[0])
        bench.describe_database()
        bench.warm_up()
        start = cr.savepoint()
        odoo_before = None
        if "odoo_refresh" not in args.skip:
            odoo_before = bench.odoo_refresh("odoo_refresh")
        if "cron" not in args.skip:
            bench.cron()
            if "odoo_refresh" not in args.skip:
                # what users meet every day: the rules written by the cron (as its user)
                bench.odoo_refresh("odoo_refresh_after_cron")
            start.rollback()  # the recompute below starts from no line again
        recompute = bench.recompute()
        if odoo_before:
            bench.emit("ratio_recompute_to_odoo_refresh", recompute / odoo_before)
        if "odoo_refresh" not in args.skip:
            after = bench.odoo_refresh("odoo_refresh_after_recompute")
            bench.emit("ratio_recompute_to_odoo_refresh_after_recompute", recompute / after)
        if args.odoo_scheduler:
            scheduler = bench.odoo_scheduler()
            bench.emit("ratio_recompute_to_odoo_scheduler", recompute / scheduler)
        if "drafts" not in args.skip:
            bench.drafts()
        if "alerts" not in args.skip:
            bench.alerts()
        start.close(rollback=False)
        bench.emit("peak_rss_mb", peak_rss_mb())
        bench.emit("load_average_1min_at_end", os.getloadavg()[0])
        if args.commit:
            cr.commit()
            print("transaction: committed")
        else:
            cr.rollback()
            print("transaction: rolled back")
    if "nightly" not in args.skip and now and not args.commit:
        nightly(registry, args, now, odoo_before)
    bench.emit("script_wall_s", time.perf_counter() - wall)


if __name__ == "__main__":
    main()
