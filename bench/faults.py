#!/usr/bin/env python3
"""Fault drills for jxc_balance on real Odoo processes; prints one ``name: value`` a line.

What it shows, on a database of its own (default ``jxc_faults``):

1. **SIGKILL mid-run.** For each of the three crons (recompute, alert scan, reorder drafts)
   a real server (``odoo --workers=0 --max-cron-threads=1``) is started with only that cron
   due, woken with ``NOTIFY cron_trigger`` and SIGKILLed:

   - the recompute once its first batch is committed, while a later batch holds the
     recompute lock (``pg_try_advisory_xact_lock(hashtext('jxc_balance.recompute'))``)
     and has begun writing (PostgreSQL gave its transaction an id);
   - the alert scan while its transaction holds the alerts lock and writes;
   - the reorder drafts while their transaction writes;

   the last two ``--kill-delay`` seconds after the writing began (0.2).

   Then a fresh server runs the cron until Odoo reschedules it to its next day, and the
   scan and the drafts run a second time. Checked: every line row is either untouched by
   the killed batch or fully recomputed (no half-written line), one line per balanced
   product and active warehouse, every line computed by this run, no duplicate line,
   reordering rule, alert (one current/open per product, warehouse and type), alert to-do
   or drafted RFQ line (one per product and warehouse), and the killed scan and drafts
   left nothing behind.
2. **``-u jxc_balance``** (``odoo -u jxc_balance --stop-after-init``) after pinning a
   product and changing settings and the recompute cron: all of it is still there.
3. **Uninstall** on a throwaway copy (``CREATE DATABASE ... TEMPLATE``): ``odoo shell``
   runs ``button_immediate_uninstall()``; a fresh ``odoo shell`` then finds the
   balance's tables and its index on done moves gone, the reordering rules the balance
   drove, opens Odoo's Replenishment
   (``action_open_orderpoints()``) and confirms a drafted RFQ. Printed, not checked: how
   many of those rules Odoo's Replenishment refresh then deletes itself (it removes the
   manual rules OdooBot created that have nothing left to order, which the balance's
   cron-made rules are once the balance no longer protects them).

The database is made once (``-i jxc_balance`` with its demo data, Xiao Zhang's
supermarket) and reused; ``--products`` storable products with a vendor, stock and 30 days
of sales are added with the ORM (and the sales in SQL), so that a recompute lasts long
enough to be killed. The drills leave it usable for the next run. Server and shell logs go
to ``.local/logs/faults-<pid>/``.

Run from the repository root (2 cores: about 6 minutes the first time, 3 of them to
install, then 2 to 3)::

    PYTHONPATH=/opt/odoo .venv/bin/python bench/faults.py
    PYTHONPATH=/opt/odoo .venv/bin/python bench/faults.py --reset --products 3000
    PYTHONPATH=/opt/odoo .venv/bin/python bench/faults.py --drop   # drop jxc_faults after

Options: ``-d/--database``, ``--products`` (1500), ``--batch-size`` (products per
recompute batch, 100), ``--kill-delay`` (seconds, 0.2), ``--skip-update``,
``--skip-uninstall``, ``--reset`` (rebuild the database), ``--drop`` (drop it at the end).
Exits 1 when an invariant is violated or a drill could not kill mid-run.
"""

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import psycopg2

REPO_ROOT = Path(__file__).resolve().parent.parent
ODOO_SRC = Path(os.environ.get("ODOO_SRC", "/opt/odoo"))
LAUNCHER = ODOO_SRC / "setup" / "odoo" if (ODOO_SRC / "setup" / "odoo").exists() \
    else ODOO_SRC / "odoo-bin"
ODOO_ADDONS = ODOO_SRC / "odoo" / "addons" if (ODOO_SRC / "odoo" / "addons").is_dir() \
    else ODOO_SRC / "addons"
DATA_DIR = REPO_ROOT / ".local" / "data"
CRONS = {"recompute": "ir_cron_balance_recompute", "reorder": "ir_cron_balance_reorder",
         "alerts": "ir_cron_balance_alerts"}
PREFIX = "FLT-"  # default code of the products added for the drills
RESULT = "JXC_RESULT "

# --------------------------------------------------------------- odoo shell code
POPULATE = r'''
import json, random
from odoo import Command
P = json.loads(PARAMS)
env = env(context=dict(env.context, tracking_disable=True, mail_create_nolog=True,
                       mail_notrack=True, mail_create_nosubscribe=True))
company = env.ref("base.main_company")
warehouse = env["stock.warehouse"].search([("company_id", "=", company.id)], order="id", limit=1)
Product = env["product.product"].with_company(company)
have = Product.with_context(active_test=False).search_count(
    [("default_code", "=like", P["prefix"] + "%")])
vendors = env["res.partner"].search([("name", "=like", "Fault Drill Vendor %")], order="id")
if not vendors:
    vendors = env["res.partner"].create([
        {"name": f"Fault Drill Vendor {i}", "is_company": True, "supplier_rank": 1}
        for i in range(3)])
rng = random.Random(have)
for start in range(have, P["products"], 250):
    numbers = list(range(start, min(start + 250, P["products"])))
    costs = {n: round(rng.uniform(1, 80), 2) for n in numbers}
    products = Product.create([{
        "name": f"Fault Drill Item {n:05d}", "default_code": f"{P['prefix']}{n:05d}",
        "is_storable": True, "type": "consu", "company_id": company.id,
        "standard_price": costs[n], "list_price": round(costs[n] * 1.4, 2),
        "seller_ids": [Command.create({"partner_id": vendors[n % len(vendors)].id,
                                       "delay": 2 + n % 9, "price": costs[n],
                                       "company_id": company.id})],
    } for n in numbers])
    for n, product in zip(numbers, products):
        on_hand = (1 + n % 8) * 30 * rng.choice([0.1, 0.4, 0.8, 1.5, 3.0, 6.0])
        env["stock.quant"]._update_available_quantity(
            product, warehouse.lot_stock_id, round(on_hand))
    env.cr.commit()
# 30 days of sales from the first warehouse, in SQL: done moves are all the engine reads
env.cr.execute("""
    SELECT setseed(0.42);
    INSERT INTO stock_move (name, company_id, date, product_id, product_uom, product_uom_qty,
                            product_qty, quantity, location_id, location_dest_id,
                            procure_method, state, picked, create_uid, write_uid,
                            create_date, write_date)
    SELECT 'Fault drill sale', %(company)s,
           (now() AT TIME ZONE 'UTC') - make_interval(days => d, hours => 3), pp.id,
           pt.uom_id, q.qty, q.qty, q.qty, %(stock)s, %(customer)s, 'make_to_stock', 'done',
           true, 1, 1, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
      FROM product_product pp
      JOIN product_template pt ON pt.id = pp.product_tmpl_id
     CROSS JOIN generate_series(1, 30) AS d
     CROSS JOIN LATERAL (SELECT (1 + floor(random() * (1 + 2 * (pp.id %% 8))))::numeric AS qty,
                                random() + pp.id * 0 AS draw) q
     WHERE pp.default_code LIKE %(pattern)s AND q.draw < 0.8
       AND NOT EXISTS (SELECT 1 FROM stock_move m WHERE m.product_id = pp.id)
""", {"company": company.id, "stock": warehouse.lot_stock_id.id,
      "customer": env.ref("stock.stock_location_customers").id,
      "pattern": P["prefix"] + "%"})
env.cr.commit()
print(RESULT + json.dumps({"products": Product.search_count(
    [("default_code", "=like", P["prefix"] + "%")])}))
'''

PIN_AND_SETTINGS = r'''
import json
P = json.loads(PARAMS)
company = env.ref("base.main_company")
product = env["product.product"].search([("default_code", "=", P["prefix"] + "00000")])
profile = env.ref("jxc_balance.profile_class_a")
settings = {name: profile[name] for name in P["settings"]}
product.with_company(company).write({"jxc_pin_safety_stock": True,
                                     "jxc_safety_stock_pinned": 42.0,
                                     "jxc_abc_class_pinned": "a"})
profile.write({"history_days": 77, "cover_days": 21, "service_level": 0.97})
env.cr.commit()
print(RESULT + json.dumps({"product": product.id, "company": company.id,
                           "profile": profile.id, "settings": settings}))
'''

UNINSTALL = r'''
import json
module = env["ir.module.module"].search([("name", "=", "jxc_balance")])
module.button_immediate_uninstall()
env.cr.commit()
env.cr.execute("SELECT state FROM ir_module_module WHERE name = 'jxc_balance'")
print(RESULT + json.dumps({"state": env.cr.fetchone()[0]}))
'''

AFTER_UNINSTALL = r'''
import json
P = json.loads(PARAMS)
Orderpoint = env["stock.warehouse.orderpoint"].with_context(active_test=False)
kept = Orderpoint.browse(P["orderpoints"]).exists()
result = {"kept": len(kept), "field_gone": "jxc_managed" not in Orderpoint._fields,
          "model_gone": "jxc.balance.line" not in env}
env.cr.execute("SELECT to_regclass('jxc_balance_line') IS NULL")
result["table_gone"] = env.cr.fetchone()[0]
env.cr.execute("SELECT to_regclass('jxc_balance_stock_move_done_index') IS NULL")
result["index_gone"] = env.cr.fetchone()[0]
company = env["res.company"].browse(P["company"])
action = Orderpoint.with_company(company).action_open_orderpoints()
result["replenishment"] = action.get("res_model")
result["kept_after_refresh"] = len(Orderpoint.browse(P["orderpoints"]).exists())
order = env["purchase.order"].browse(P["rfq"])
order.button_confirm()
result["rfq_state"] = order.state
result["rfq_receipts"] = len(order.picking_ids)
env.cr.commit()
print(RESULT + json.dumps(result))
'''


# ---------------------------------------------------------------------- helpers
class Faults:
    def __init__(self, args):
        self.args = args
        self.db = args.database
        self.violations = []
        self.servers = []  # server processes started and not yet stopped
        self.logs = REPO_ROOT / ".local" / "logs" / f"faults-{os.getpid()}"
        self.logs.mkdir(parents=True, exist_ok=True)
        self.env = dict(os.environ, PYTHONPATH=str(ODOO_SRC), ODOO_NOTIFY_CRON_CHANGES="1")

    # ------------------------------------------------------------- reporting
    def emit(self, name, value):
        print(f"{name}: {value}", flush=True)

    def check(self, name, value, ok, expected=""):
        """Print ``name: value``; a violation when not ``ok``."""
        if ok:
            self.emit(name, value)
            return
        hint = f" (expected {expected})" if expected else ""
        self.emit(name, f"{value}  <-- VIOLATION{hint}")
        self.violations.append(name)

    # ------------------------------------------------------------- database
    def query(self, sql, params=None, db=None):
        with closing(psycopg2.connect(dbname=db or self.db)) as conn:
            conn.autocommit = True
            with conn.cursor() as cr:
                cr.execute(sql, params)
                return cr.fetchall() if cr.description else []

    def value(self, sql, params=None, db=None):
        rows = self.query(sql, params, db=db)
        return rows[0][0] if rows else None

    def exists(self, db):
        return bool(self.query("SELECT 1 FROM pg_database WHERE datname = %s", (db,),
                               db="postgres"))

    def drop(self, db):
        self.query(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)', db="postgres")
        shutil.rmtree(DATA_DIR / "filestore" / db, ignore_errors=True)

    def wait_no_connections(self, db, timeout=60):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if not self.value("SELECT count(*) FROM pg_stat_activity WHERE datname = %s "
                              "AND pid <> pg_backend_pid()", (db,), db="postgres"):
                return
            time.sleep(0.5)
        sys.exit(f"{db}: connections still open after {timeout} s")

    # ----------------------------------------------------------------- odoo
    def odoo(self, *options, command=None, db=None):
        """The ``odoo`` command line (``command``: e.g. "shell") on ``db``."""
        return [sys.executable, str(LAUNCHER), *([command] if command else []),
                f"--addons-path={REPO_ROOT},{ODOO_ADDONS}", f"--data-dir={DATA_DIR}",
                "-d", db or self.db, *options]

    def run_odoo(self, tag, *extra, db=None, timeout=1800):
        log = self.logs / f"{tag}.log"
        cmd = self.odoo(*extra, f"--logfile={log}", db=db)
        rc = subprocess.call(cmd, env=self.env, cwd=REPO_ROOT, timeout=timeout,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return rc, log

    def shell(self, tag, code, params=None, db=None, timeout=1800):
        """Run ``code`` in ``odoo shell``; return what it printed after RESULT (a dict)."""
        log = self.logs / f"{tag}.log"
        header = f"PARAMS = {json.dumps(json.dumps(params or {}))}\nRESULT = {RESULT!r}\n"
        cmd = self.odoo("--no-http", "--log-level=warn", f"--logfile={log}", command="shell",
                        db=db)
        proc = subprocess.run(cmd, input=header + code, env=self.env, cwd=REPO_ROOT,
                              capture_output=True, text=True, timeout=timeout)
        for line in proc.stdout.splitlines():
            if line.startswith(RESULT):
                return json.loads(line[len(RESULT):])
        sys.exit(f"odoo shell ({tag}) failed, rc {proc.returncode}; see {log}\n"
                 f"{proc.stderr[-3000:]}")

    def start_server(self, tag):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        log = self.logs / f"server-{tag}.log"
        cmd = self.odoo(f"--db-filter=^{self.db}$", f"--http-port={port}",
                        "--http-interface=127.0.0.1", "--workers=0", "--max-cron-threads=1",
                        "--log-level=info", f"--logfile={log}")
        proc = subprocess.Popen(cmd, env=self.env, cwd=REPO_ROOT, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, start_new_session=True)
        self.servers.append(proc)
        return proc

    def stop_server(self, proc):
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(60)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        self.wait_backends_gone(proc)

    def kill_server(self, proc):
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        self.wait_backends_gone(proc)

    def wait_backends_gone(self, proc, timeout=120):
        """PostgreSQL ends the dead server's sessions, rolling back what they had open."""
        deadline = time.time() + timeout
        while self.value("SELECT count(*) FROM pg_stat_activity WHERE application_name = %s",
                         (f"odoo-{proc.pid}",), db="postgres"):
            if time.time() > deadline:
                sys.exit(f"the sessions of server {proc.pid} are still open")
            time.sleep(0.2)

    # ----------------------------------------------------------------- crons
    def cron_id(self, key):
        return self.value("SELECT res_id FROM ir_model_data WHERE module = 'jxc_balance' "
                          "AND name = %s", (CRONS[key],))

    def only_due(self, cron_id):
        """Every other cron a year ahead, no trigger pending, this one due now."""
        self.query("""
            UPDATE ir_cron SET nextcall = (now() AT TIME ZONE 'UTC') + interval '1 year'
             WHERE id <> %(cron)s;
            DELETE FROM ir_cron_trigger;
            UPDATE ir_cron SET nextcall = (now() AT TIME ZONE 'UTC') - interval '1 minute',
                               active = true, failure_count = 0, first_failure_date = NULL
             WHERE id = %(cron)s;
        """, {"cron": cron_id})

    def last_progress(self, cron_id):
        return self.value("SELECT COALESCE(max(id), 0) FROM ir_cron_progress WHERE cron_id = %s",
                          (cron_id,))

    def wake(self):
        self.query("SELECT pg_notify('cron_trigger', %s)", (self.db,), db="postgres")

    def wait_started(self, proc, cron_id, after, timeout=300):
        """Until the server has begun the cron (its first progress row is committed)."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            if proc.poll() is not None:
                sys.exit(f"the server stopped (rc {proc.returncode}); see {self.logs}")
            if self.last_progress(cron_id) > after:
                return time.time()
            self.wake()
            time.sleep(0.5)
        sys.exit(f"the cron did not start within {timeout} s; see {self.logs}")

    def cron_done(self, cron_id):
        return self.value("""
            SELECT c.nextcall > (now() AT TIME ZONE 'UTC')
                   AND NOT EXISTS (SELECT 1 FROM ir_cron_trigger t WHERE t.cron_id = c.id
                                      AND t.call_at <= (now() AT TIME ZONE 'UTC'))
              FROM ir_cron c WHERE c.id = %s
        """, (cron_id,))

    def lock_held(self, key, proc):
        return self.value("""
            SELECT EXISTS (SELECT 1 FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                            WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
                              AND l.objid::bigint = (hashtext(%s)::bigint & 4294967295)
                              AND a.application_name = %s)
        """, (key, f"odoo-{proc.pid}"), db="postgres")

    def job_writing(self, proc, cron_id):
        """The server's cron job transaction, begun after the cron's latest progress row,
        has written something (PostgreSQL gave it a transaction id)."""
        return self.value("""
            SELECT EXISTS (
                SELECT 1 FROM pg_stat_activity a
                 WHERE a.application_name = %s AND a.datname = current_database()
                   AND a.backend_xid IS NOT NULL
                   AND a.xact_start AT TIME ZONE 'UTC' > (
                       SELECT create_date FROM ir_cron_progress WHERE cron_id = %s
                        ORDER BY id DESC LIMIT 1))
        """, (f"odoo-{proc.pid}", cron_id))

    def kill_when(self, proc, cron_id, ready, delay=0.0, timeout=900):
        """SIGKILL the server once ``ready()`` holds, still holding ``delay`` seconds later;
        False (and the server stopped) if the cron ended first."""
        deadline = time.time() + timeout
        while time.time() < deadline and not self.cron_done(cron_id) and proc.poll() is None:
            if ready():
                time.sleep(delay)
                if ready():
                    self.kill_server(proc)
                    return True
            time.sleep(0.02)
        self.stop_server(proc)
        return False

    def run_to_completion(self, key, tag, timeout=1800):
        """A fresh server runs the cron until Odoo reschedules it; returns (s, calls)."""
        cron_id = self.cron_id(key)
        self.only_due(cron_id)
        after = self.last_progress(cron_id)
        proc = self.start_server(tag)
        try:
            started = self.wait_started(proc, cron_id, after)
            deadline = started + timeout
            while not self.cron_done(cron_id):
                if proc.poll() is not None:
                    sys.exit(f"the server stopped (rc {proc.returncode}); see {self.logs}")
                if time.time() > deadline:
                    sys.exit(f"{key} cron not done after {timeout} s; see {self.logs}")
                self.wake()
                time.sleep(0.5)
            elapsed = time.time() - started
        finally:
            self.stop_server(proc)
        calls = self.value("SELECT count(*) FROM ir_cron_progress WHERE cron_id = %s "
                           "AND id > %s", (cron_id, after))
        return elapsed, calls

    # ------------------------------------------------------------- database
    def prepare(self):
        if self.args.reset and self.exists(self.db):
            self.drop(self.db)
        if not self.exists(self.db):
            t0 = time.time()
            rc, log = self.run_odoo("install", "-i", "jxc_balance", "--stop-after-init",
                                    "--max-cron-threads=0", "--log-level=warn")
            if rc:
                sys.exit(f"installing jxc_balance in {self.db} failed; see {log}")
            self.emit("install_s", round(time.time() - t0))
        state = self.value("SELECT state FROM ir_module_module WHERE name = 'jxc_balance'")
        if state != "installed":
            sys.exit(f"{self.db}: jxc_balance is {state}; rerun with --reset")
        t0 = time.time()
        result = self.shell("populate", POPULATE, {"products": self.args.products,
                                                   "prefix": PREFIX})
        self.emit("drill_products", result["products"])
        self.emit("populate_s", round(time.time() - t0))
        code = f"model._cron_recompute(batch_size={self.args.batch_size})"
        self.query("UPDATE ir_act_server SET code = %s WHERE id = (SELECT ir_actions_server_id "
                   "FROM ir_cron WHERE id = %s)", (code, self.cron_id("recompute")))
        self.emit("recompute_cron_code", code)

    # -------------------------------------------------------------- checks
    def check_lines(self, since):
        expected = self.query("""
            SELECT pp.id, wh.id
              FROM product_product pp
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
              JOIN res_company c ON c.active
                               AND (pt.company_id IS NULL OR pt.company_id = c.id)
              JOIN stock_warehouse wh ON wh.company_id = c.id AND wh.active
             WHERE pp.active AND pt.is_storable
        """)
        active = self.query("SELECT product_id, warehouse_id FROM jxc_balance_line WHERE active")
        expected, active_set = set(expected), set(active)
        self.emit("lines_expected", f"{len(expected)} (balanced products x active warehouses)")
        self.check("lines_active", len(active), len(active) == len(expected), str(len(expected)))
        self.check("lines_missing", len(expected - active_set), expected <= active_set, "0")
        self.check("lines_extra", len(active_set - expected), active_set <= expected, "0")
        dupes = self.value("SELECT count(*) FROM (SELECT 1 FROM jxc_balance_line "
                           "GROUP BY product_id, warehouse_id HAVING count(*) > 1) d")
        self.check("lines_duplicate_product_warehouse", dupes, dupes == 0, "0")
        stale = self.value("SELECT count(*) FROM jxc_balance_line WHERE active "
                           "AND (computed_at IS NULL OR computed_at < %s)", (since,))
        self.check("lines_not_computed_by_this_run", stale, stale == 0, "0")
        incomplete = self.value("""
            SELECT count(*) FROM jxc_balance_line WHERE active
               AND (state IS NULL OR abc_class IS NULL OR xyz_class IS NULL
                    OR lead_time_source IS NULL OR company_id IS NULL)
        """)
        self.check("lines_incomplete", incomplete, incomplete == 0, "0")
        dupes = self.value("SELECT count(*) FROM (SELECT 1 FROM stock_warehouse_orderpoint "
                           "GROUP BY product_id, location_id, company_id "
                           "HAVING count(*) > 1) d")
        self.check("orderpoints_duplicate", dupes, dupes == 0, "0")
        unlinked = self.value("SELECT count(*) FROM jxc_balance_line WHERE active "
                              "AND reorder_point > 0 AND orderpoint_id IS NULL")
        self.check("lines_to_reorder_without_rule", unlinked, unlinked == 0, "0")

    def check_alerts(self):
        for name, where in (("alerts_duplicate_open", "state = 'open'"),
                            ("alerts_duplicate_current", "is_current")):
            dupes = self.value(f"SELECT count(*) FROM (SELECT 1 FROM jxc_balance_alert "
                               f"WHERE {where} GROUP BY product_id, warehouse_id, vendor_id, "
                               "company_id, alert_type "
                               "HAVING count(*) > 1) d")
            self.check(name, dupes, dupes == 0, "0")
        dupes = self.value("SELECT count(*) FROM (SELECT 1 FROM mail_activity "
                           "WHERE res_model = 'jxc.balance.alert' GROUP BY res_id "
                           "HAVING count(*) > 1) d")
        self.check("alert_todos_duplicate", dupes, dupes == 0, "0")

    def check_rfqs(self):
        dupes = self.value("""
            SELECT count(*) FROM (
                SELECT 1 FROM purchase_order_line pol
                  JOIN purchase_order po ON po.id = pol.order_id
                  JOIN stock_picking_type spt ON spt.id = po.picking_type_id
                 WHERE po.jxc_drafted AND po.state IN ('draft', 'sent', 'to approve')
              GROUP BY pol.product_id, spt.warehouse_id HAVING count(*) > 1) d
        """)
        self.check("rfq_duplicate_product_warehouse", dupes, dupes == 0, "0")

    def alerts_fingerprint(self):
        return self.query("""
            SELECT (SELECT count(*) FROM jxc_balance_alert),
                   (SELECT md5(COALESCE(string_agg(md5(a::text), ',' ORDER BY a.id), ''))
                      FROM jxc_balance_alert a),
                   (SELECT count(*) FROM mail_activity WHERE res_model = 'jxc.balance.alert')
        """)[0]

    def purchase_counts(self):
        return self.query("SELECT (SELECT count(*) FROM purchase_order), "
                          "(SELECT count(*) FROM purchase_order_line)")[0]

    # ---------------------------------------------------------------- drills
    def drill_recompute(self):
        cron_id = self.cron_id("recompute")
        # yesterday's lines, and half of the drill products never computed: both paths
        self.query("""
            UPDATE jxc_balance_line SET computed_at = computed_at - interval '1 day';
            DELETE FROM jxc_balance_line WHERE product_id IN (
                SELECT id FROM product_product WHERE default_code LIKE %s AND id %% 2 = 0);
        """, (PREFIX + "%",))
        before = dict(self.query("SELECT id, md5(l::text) FROM jxc_balance_line l"))
        since = self.value("SELECT now() AT TIME ZONE 'UTC'")
        self.only_due(cron_id)
        after = self.last_progress(cron_id)
        proc = self.start_server("recompute-killed")
        started = self.wait_started(proc, cron_id, after)
        # a batch committed, and the next one holding the lock and writing
        killed = self.kill_when(proc, cron_id, lambda: (
            self.value("SELECT count(*) FROM jxc_balance_line WHERE computed_at >= %s",
                       (since,))
            and self.lock_held("jxc_balance.recompute", proc)
            and self.job_writing(proc, cron_id)))
        self.check("recompute_killed_mid_batch", "yes" if killed else "no", killed,
                   "yes: try more --products or a smaller --batch-size")
        if not killed:
            return since
        self.emit("recompute_killed_after_s", round(time.time() - started, 1))
        rows = self.query("SELECT id, md5(l::text), computed_at >= %s FROM jxc_balance_line l",
                          (since,))
        fresh = sum(1 for _id, _md5, is_fresh in rows if is_fresh)
        self.emit("recompute_lines_committed_before_kill",
                  f"{fresh} (of {len(rows)} rows then)")
        self.check("recompute_progress_kept", "yes" if fresh else "no", fresh > 0)
        # a row the killed batch touched is either rolled back whole or was committed whole
        half = [row_id for row_id, md5, is_fresh in rows
                if not is_fresh and before.get(row_id) != md5]
        self.check("recompute_lines_half_written", len(half), not half, "0")
        calls = self.value("SELECT count(*) FROM ir_cron_progress WHERE cron_id = %s "
                           "AND id > %s", (cron_id, after))
        self.emit("recompute_batches_before_kill", max(calls - 1, 0))
        elapsed, calls = self.run_to_completion("recompute", "recompute-resumed")
        self.emit("recompute_resumed_s", round(elapsed, 1))
        self.emit("recompute_resumed_batches", calls)
        self.check_lines(since)
        return since

    def drill_scan(self):
        cron_id = self.cron_id("alerts")
        before = self.alerts_fingerprint()
        self.only_due(cron_id)
        after = self.last_progress(cron_id)
        proc = self.start_server("alerts-killed")
        self.wait_started(proc, cron_id, after)
        killed = self.kill_when(proc, cron_id, lambda: (
            self.lock_held("jxc_balance.alerts", proc) and self.job_writing(proc, cron_id)),
            delay=self.args.kill_delay)
        self.check("alerts_killed_mid_scan", "yes" if killed else "no", killed,
                   "yes: the scan ended before the kill")
        unchanged = self.alerts_fingerprint() == before
        self.check("alerts_untouched_by_killed_scan", "yes" if unchanged else "no", unchanged)
        elapsed, _calls = self.run_to_completion("alerts", "alerts-resumed")
        first = self.alerts_fingerprint()
        self.emit("alerts_scan_s", round(elapsed, 1))
        self.emit("alerts_after_scan", f"{first[0]} alerts, {first[2]} to-dos")
        self.run_to_completion("alerts", "alerts-again")
        again = self.alerts_fingerprint()
        self.check("alerts_created_by_second_scan", again[0] - first[0], again[0] == first[0],
                   "0")
        self.check_alerts()

    def drill_drafts(self):
        cron_id = self.cron_id("reorder")
        # drafts of earlier runs cancelled long ago: the run drafts again
        self.query("""
            UPDATE purchase_order SET state = 'cancel',
                   write_date = (now() AT TIME ZONE 'UTC') - interval '2 days'
             WHERE jxc_drafted AND state IN ('draft', 'sent', 'to approve')
        """)
        before = self.purchase_counts()
        self.only_due(cron_id)
        after = self.last_progress(cron_id)
        proc = self.start_server("drafts-killed")
        self.wait_started(proc, cron_id, after)
        killed = self.kill_when(proc, cron_id, lambda: self.job_writing(proc, cron_id),
                                delay=self.args.kill_delay)
        self.check("drafts_killed_mid_run", "yes" if killed else "no", killed,
                   "yes: the drafts ended before the kill")
        counts = self.purchase_counts()
        self.check("drafts_left_by_killed_run", f"{counts[0] - before[0]} RFQs, "
                   f"{counts[1] - before[1]} lines", counts == before, "0 RFQs, 0 lines")
        elapsed, _calls = self.run_to_completion("reorder", "drafts-resumed")
        first = self.purchase_counts()
        self.emit("drafts_s", round(elapsed, 1))
        self.emit("drafts_made", f"{first[0] - before[0]} RFQs, {first[1] - before[1]} lines")
        self.run_to_completion("reorder", "drafts-again")
        again = self.purchase_counts()
        self.check("drafts_added_by_second_run", again[1] - first[1], again == first, "0")
        self.check_rfqs()

    def drill_update(self):
        settings = ["history_days", "cover_days", "service_level"]
        ids = self.shell("pin-and-settings", PIN_AND_SETTINGS,
                         {"prefix": PREFIX, "settings": settings})
        product, company = ids["product"], str(ids["company"])
        code = self.value("SELECT code FROM ir_act_server WHERE id = (SELECT "
                          "ir_actions_server_id FROM ir_cron WHERE id = %s)",
                          (self.cron_id("recompute"),))
        t0 = time.time()
        rc, log = self.run_odoo("update", "-u", "jxc_balance", "--stop-after-init",
                                "--max-cron-threads=0", "--log-level=warn")
        self.check("update_exit_code", rc, rc == 0, f"0; see {log}")
        self.emit("update_s", round(time.time() - t0))
        pin = self.query("""
            SELECT jxc_pin_safety_stock->>%(c)s, jxc_safety_stock_pinned->>%(c)s,
                   jxc_abc_class_pinned->>%(c)s FROM product_product WHERE id = %(p)s
        """, {"c": company, "p": product})[0]
        self.check("update_pin_kept", pin, pin in (("true", "42.0", "a"), ("true", "42", "a")),
                   "('true', '42.0', 'a')")
        settings = self.query("SELECT history_days, cover_days, service_level "
                              "FROM jxc_balance_profile WHERE id = %s", (ids["profile"],))[0]
        settings = (settings[0], settings[1], float(settings[2]))
        self.check("update_settings_kept", settings, settings == (77, 21, 0.97), "(77, 21, 0.97)")
        kept = self.value("SELECT code FROM ir_act_server WHERE id = (SELECT "
                          "ir_actions_server_id FROM ir_cron WHERE id = %s)",
                          (self.cron_id("recompute"),))
        self.check("update_cron_code_kept", kept, kept == code, code)
        # back as they were, for the next run
        self.query("UPDATE jxc_balance_profile SET history_days = %(history_days)s, "
                   "cover_days = %(cover_days)s, "
                   "service_level = %(service_level)s WHERE id = %(id)s",
                   dict(ids["settings"], id=ids["profile"]))
        self.query("""
            UPDATE product_product SET jxc_pin_safety_stock = jxc_pin_safety_stock - %(c)s,
                   jxc_safety_stock_pinned = jxc_safety_stock_pinned - %(c)s,
                   jxc_abc_class_pinned = jxc_abc_class_pinned - %(c)s
             WHERE id = %(p)s
        """, {"c": company, "p": product})

    def drill_uninstall(self):
        copy = f"{self.db}_uninstall"
        self.drop(copy)
        self.wait_no_connections(self.db)
        self.query(f'CREATE DATABASE "{copy}" TEMPLATE "{self.db}"', db="postgres")
        try:
            orderpoints = [row[0] for row in self.query(
                "SELECT id FROM stock_warehouse_orderpoint WHERE jxc_managed", db=copy)]
            rfqs = self.query("SELECT id, company_id FROM purchase_order WHERE jxc_drafted "
                              "AND state = 'draft' ORDER BY id LIMIT 1", db=copy)
            if not rfqs:
                self.check("uninstall_drafted_rfq", "none", False, "one drafted RFQ")
                return
            rfq, company = rfqs[0]
            self.emit("uninstall_copy", copy)
            t0 = time.time()
            state = self.shell("uninstall", UNINSTALL, db=copy)["state"]
            self.check("uninstall_module_state", state, state == "uninstalled", "uninstalled")
            self.emit("uninstall_s", round(time.time() - t0))
            result = self.shell("after-uninstall", AFTER_UNINSTALL, {
                "orderpoints": orderpoints, "rfq": rfq, "company": company}, db=copy)
            self.check("uninstall_balance_tables_dropped", "yes" if result["table_gone"] and
                       result["model_gone"] and result["field_gone"] else "no",
                       result["table_gone"] and result["model_gone"] and result["field_gone"])
            self.check("uninstall_done_moves_index_dropped",
                       "yes" if result["index_gone"] else "no", result["index_gone"])
            self.check("uninstall_reordering_rules_kept", f"{result['kept']} of "
                       f"{len(orderpoints)}", result["kept"] == len(orderpoints) > 0)
            self.check("uninstall_replenishment_opens", result["replenishment"],
                       result["replenishment"] == "stock.warehouse.orderpoint")
            self.emit("uninstall_rules_after_odoo_refresh",
                      f"{result['kept_after_refresh']} (Odoo's refresh removes the manual "
                      "rules OdooBot made that have nothing to order)")
            self.check("uninstall_rfq_confirmed", result["rfq_state"],
                       result["rfq_state"] == "purchase", "purchase")
            self.check("uninstall_rfq_receipts", result["rfq_receipts"],
                       result["rfq_receipts"] >= 1, ">= 1")
        finally:
            self.drop(copy)

    def run(self):
        t0 = time.time()
        self.emit("database", self.db)
        self.emit("logs", self.logs.relative_to(REPO_ROOT))
        try:
            self.prepare()
            self.drill_recompute()
            self.drill_scan()
            self.drill_drafts()
            if not self.args.skip_update:
                self.drill_update()
            if not self.args.skip_uninstall:
                self.drill_uninstall()
        finally:
            # on any exit, no server of ours is left running
            for proc in self.servers:
                if proc.poll() is None:
                    proc.kill()
                    proc.wait()
        if self.args.drop:
            self.wait_no_connections(self.db)
            self.drop(self.db)
            self.emit("dropped", self.db)
        self.emit("total_s", round(time.time() - t0))
        self.emit("violations", len(self.violations))
        if self.violations:
            self.emit("violated", ", ".join(self.violations))
        return 1 if self.violations else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-d", "--database", default="jxc_faults")
    parser.add_argument("--products", type=int, default=1500)
    parser.add_argument("--batch-size", type=int, default=100)
    parser.add_argument("--kill-delay", type=float, default=0.2)
    parser.add_argument("--skip-update", action="store_true")
    parser.add_argument("--skip-uninstall", action="store_true")
    parser.add_argument("--reset", action="store_true")
    parser.add_argument("--drop", action="store_true")
    args = parser.parse_args()
    if not LAUNCHER.exists():
        sys.exit(f"no Odoo at {ODOO_SRC}: set ODOO_SRC")
    return Faults(args).run()


if __name__ == "__main__":
    sys.exit(main())
