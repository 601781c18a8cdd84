#!/usr/bin/env python3
"""Fill a database that has jxc_balance installed (without demo data) with a synthetic shop.

Deterministic from --seed (and the anchor day --today, default: today in UTC):

- through the ORM, in batches of 1000: product categories, extra warehouses, 3 vendors and
  some customers, N storable products (Buy route) and their vendor pricelist lines;
- in bulk SQL (COPY / execute_values): M done customer deliveries spread over the 365 days
  before the anchor day with Pareto-like popularity, some customer returns, done receipts
  from the vendors (a fraction linked to confirmed purchase orders so that observed lead
  times exist), an initial inventory adjustment, a few pending deliveries and receipts, and
  one stock_quant per product and warehouse whose quantity equals the product's flows.

    PYTHONPATH=/opt/odoo .venv/bin/python bench/generate.py -d jxc_bench_5k \\
        --products 5000 --moves 200000 --warehouses 1 --seed 1
"""

import argparse
import io
import os
import sys
from collections import defaultdict
from contextlib import contextmanager
from datetime import date, datetime, timedelta, timezone

from benchlib import (
    REPO_ROOT,
    Clock,
    add_odoo_arguments,
    check_schema,
    open_registry,
    vacuum_analyze,
)
from psycopg2.extras import execute_values

# the drawing itself is the plain-Python history generator the demo addon shares
sys.path.insert(0, os.path.join(REPO_ROOT, "jxc_balance_demo"))
from history.bench import HISTORY, PROFILES, VENDORS, BenchHistory  # noqa: E402

BATCH = 1000  # ORM batch size
COPY_CHUNK = 100_000  # stock_move rows per COPY
NULL = r"\N"  # COPY's NULL

MOVE_COLUMNS = (
    "name", "reference", "origin", "sequence", "company_id", "product_id", "product_uom",
    "product_uom_qty", "product_qty", "quantity", "location_id", "location_dest_id",
    "partner_id", "picking_type_id", "purchase_line_id", "state", "procure_method",
    "priority", "date", "picked", "scrapped", "propagate_cancel", "is_inventory", "additional",
    "to_refund", "price_unit", "create_uid", "write_uid", "create_date", "write_date",
)
ORM_CONTEXT = {
    "tracking_disable": True, "mail_create_nolog": True, "mail_create_nosubscribe": True,
    "mail_notrack": True, "no_reset_password": True,
    # products are created without stock: no valuation layer to write for their cost
    "disable_auto_svl": True,
}


@contextmanager
def without_indexes(cr, table, clock):
    """Bulk load as PostgreSQL's manual advises: drop the table's secondary indexes and
    foreign keys, load, then rebuild them (same names and definitions; one sort per index,
    one validating join per foreign key). All in the caller's transaction: if anything
    fails, the rollback restores them."""
    cr.execute("""
        SELECT c.relname, pg_get_indexdef(i.indexrelid)
          FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
         WHERE i.indrelid = %s::regclass AND NOT i.indisprimary
           AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
    """, (table,))
    indexes = cr.fetchall()
    cr.execute("""
        SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint
         WHERE conrelid = %s::regclass AND contype = 'f'
    """, (table,))
    foreign_keys = cr.fetchall()
    for name, _definition in foreign_keys:
        cr.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
    for name, _definition in indexes:
        cr.execute(f'DROP INDEX "{name}"')
    yield
    with clock(f"sql_{table}_rebuild_indexes"):
        for _name, definition in indexes:
            cr.execute(definition)
    with clock(f"sql_{table}_rebuild_foreign_keys"):
        for name, definition in foreign_keys:
            cr.execute(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_odoo_arguments(parser)
    parser.add_argument("--products", type=int, default=5000)
    parser.add_argument("--moves", type=int, default=200_000,
                        help="done customer deliveries (receipts etc. come on top)")
    parser.add_argument("--warehouses", type=int, default=1)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--today", type=date.fromisoformat, default=None,
                        help="anchor day YYYY-MM-DD: history ends the day before "
                        "(default: today, UTC)")
    parser.add_argument("--skew", type=float, default=0.9,
                        help="Zipf exponent of product popularity (default 0.9: the top "
                        "20%% of the products make ~75%% of the moves)")
    parser.add_argument("--po-fraction", type=float, default=0.4,
                        help="share of products whose receipts come from purchase orders")
    parser.add_argument("--return-rate", type=float, default=0.01,
                        help="customer returns per delivery")
    args = parser.parse_args()
    if args.products < 1 or args.moves < 0 or args.warehouses < 1:
        parser.error("--products and --warehouses must be >= 1, --moves >= 0")
    return args


class Shop:
    """The synthetic shop: everything drawn from one random generator, in a fixed order."""

    def __init__(self, args, env):
        self.args = args
        self.env = env
        self.today = args.today or datetime.now(timezone.utc).date()
        self.now = datetime.now(timezone.utc).replace(microsecond=0, tzinfo=None)
        self.company = env.ref("base.main_company")
        self.uid = env.ref("base.user_admin").id
        self.counts = defaultdict(int)
        self.history = BenchHistory(args.seed, self.today, skew=args.skew,
                                    po_fraction=args.po_fraction,
                                    return_rate=args.return_rate, counts=self.counts)

    # ------------------------------------------------------------------ ORM part
    def create_master_data(self, clock):
        env, args = self.env, self.args
        with clock("orm_warehouses_partners"):
            warehouses = env["stock.warehouse"].search(
                [("company_id", "=", self.company.id)], order="id")
            for index in range(len(warehouses), args.warehouses):
                warehouses |= env["stock.warehouse"].create({
                    "name": f"Bench Warehouse {index + 1}", "code": f"BW{index + 1}",
                    "company_id": self.company.id,
                })
            self.warehouses = warehouses[:args.warehouses]
            self.vendors = env["res.partner"].create([
                {"name": name, "is_company": True, "supplier_rank": 1}
                for name, _delays, _lead in VENDORS])
            n_customers = min(2000, max(20, args.products // 20))
            customers = env["res.partner"]
            for start in range(0, n_customers, BATCH):
                customers |= env["res.partner"].create([
                    {"name": f"Bench Customer {i + 1:04d}", "customer_rank": 1}
                    for i in range(start, min(start + BATCH, n_customers))])
            self.customer_ids = customers.ids
            self.categories = env["product.category"].create([
                {"name": f"Bench Category {i + 1}"} for i in range(8)])
            self.counts["warehouses"] = len(self.warehouses)
            self.counts["vendors"] = len(self.vendors)
            self.counts["customers"] = len(customers)

        # draw every product's figures first (fixed order), then create them in batches
        self.products = self.history.draw_products(args.products)
        buy_route = env.ref("purchase_stock.route_warehouse0_buy")
        unit = env.ref("uom.product_uom_unit")
        self.unit_id = unit.id
        with clock("orm_products"):
            for start in range(0, len(self.products), BATCH):
                chunk = self.products[start:start + BATCH]
                # product.product.create: default_code and the cost go straight onto the
                # variant (a template create writes them there one product at a time)
                variants = env["product.product"].create([{
                    "name": p["name"], "default_code": p["code"], "type": "consu",
                    "is_storable": True, "categ_id": self.categories[p["categ"]].id,
                    "standard_price": p["cost"], "list_price": p["price"],
                    "uom_id": unit.id, "uom_po_id": unit.id,
                    "route_ids": [(6, 0, buy_route.ids)],
                } for p in chunk])
                for p, variant in zip(chunk, variants, strict=True):
                    p["tmpl_id"] = variant.product_tmpl_id.id
                    p["id"] = variant.id
                env.invalidate_all()
            self.counts["products"] = len(self.products)
            first = env["product.product"].browse(self.products[0]["id"])
            self.inventory_location_id = first.with_company(
                self.company).property_stock_inventory.id
        with clock("orm_supplierinfo"):
            infos = []
            for p in self.products:
                for sequence, (vendor, delay, min_qty, price) in enumerate(p["sellers"], 1):
                    infos.append({
                        "partner_id": self.vendors[vendor].id, "product_tmpl_id": p["tmpl_id"],
                        "sequence": sequence, "delay": delay, "min_qty": min_qty,
                        "price": price, "company_id": self.company.id,
                    })
            for start in range(0, len(infos), BATCH):
                env["product.supplierinfo"].create(infos[start:start + BATCH])
                env.invalidate_all()
            self.counts["supplierinfo"] = len(infos)
        env.flush_all()

    # ------------------------------------------------------------ flows (Python)
    def build_flows(self, clock):
        """Every stock move as a tuple, bucketed by day; purchase orders; quants."""
        with clock("python_build_flows"):
            history = self.history
            history.draw_flows(self.args.moves, len(self.warehouses), self.vendors.ids,
                               self.customer_ids)
            self.moves_by_day = history.moves_by_day
            self.po_lines, self.po_headers = history.po_lines, history.po_headers
            self.quants = history.quants

    # -------------------------------------------------------------- SQL part
    def insert_purchases(self, clock):
        cr = self.env.cr
        with clock("sql_purchase_orders"):
            currency = self.company.currency_id.id
            keys = sorted(self.po_headers, key=lambda k: (self.po_headers[k]["date_approve"], k))
            cr.execute("SELECT nextval('purchase_order_id_seq') FROM generate_series(1, %s)",
                       (len(keys),))
            po_ids = dict(zip(keys, (row[0] for row in cr.fetchall()), strict=True))
            totals = defaultdict(float)
            for po_key, _product, qty, price, _received, _planned in self.po_lines:
                totals[po_key] += qty * price
            rows = []
            for number, key in enumerate(keys, 1):
                vendor, wh, _day, received = key
                header = self.po_headers[key]
                approved = header["date_approve"]
                rows.append((
                    po_ids[key], f"BENCH/PO/{number:05d}", self.vendors[vendor].id, currency,
                    self.company.id, self.uid, "purchase",
                    "to invoice" if received else "no", "full" if received else "pending",
                    approved, approved, approved + timedelta(days=header["delay"]),
                    header["effective"] if received else None,
                    self.warehouses[wh].in_type_id.id, "0", totals[key], 0.0, totals[key],
                    totals[key], 1.0, False, self.uid, self.uid, approved, approved,
                ))
            execute_values(cr._obj, """
                INSERT INTO purchase_order (id, name, partner_id, currency_id, company_id,
                    user_id, state, invoice_status, receipt_status, date_order, date_approve,
                    date_planned, effective_date, picking_type_id, priority, amount_untaxed,
                    amount_tax, amount_total, amount_total_cc, currency_rate, jxc_drafted,
                    create_uid, write_uid, create_date, write_date) VALUES %s""",
                rows, page_size=1000)
            cr.execute("SELECT nextval('purchase_order_line_id_seq') "
                       "FROM generate_series(1, %s)", (len(self.po_lines),))
            self.pol_ids = [row[0] for row in cr.fetchall()]
            rows = []
            for pol_id, (po_key, product, qty, price, received, planned) in zip(
                    self.pol_ids, self.po_lines, strict=True):
                p = self.products[product]
                vendor = self.vendors[po_key[0]].id
                rows.append((
                    pol_id, po_ids[po_key], 10, p["id"], self.unit_id, p["name"], qty, qty,
                    price, 0.0, qty * price, qty * price, 0.0, received, "stock_moves",
                    received, 0.0, planned, self.company.id, vendor, currency, "purchase",
                    False, False, self.uid, self.uid, planned, planned,
                ))
            execute_values(cr._obj, """
                INSERT INTO purchase_order_line (id, order_id, sequence, product_id,
                    product_uom, name, product_qty, product_uom_qty, price_unit, discount,
                    price_subtotal, price_total, price_tax, qty_received, qty_received_method,
                    qty_to_invoice, qty_invoiced, date_planned, company_id, partner_id,
                    currency_id, state, is_downpayment, propagate_cancel, create_uid,
                    write_uid, create_date, write_date) VALUES %s""",
                rows, page_size=1000)
            self.po_names = {po_ids[key]: f"BENCH/PO/{n:05d}" for n, key in enumerate(keys, 1)}
            self.po_of_line = [po_ids[line[0]] for line in self.po_lines]
            self.counts["purchase_orders"] = len(keys)
            self.counts["purchase_order_lines"] = len(self.po_lines)

    def insert_moves(self, clock):
        customers = self.env.ref("stock.stock_location_customers").id
        suppliers = self.env.ref("stock.stock_location_suppliers").id
        inventory = self.inventory_location_id
        stock = [wh.lot_stock_id.id for wh in self.warehouses]
        out_type = [wh.out_type_id.id for wh in self.warehouses]
        in_type = [wh.in_type_id.id for wh in self.warehouses]
        company, uid = self.company.id, self.uid
        names = [p["name"].replace("\t", " ") for p in self.products]
        ids = [p["id"] for p in self.products]
        costs = [p["cost"] for p in self.products]
        copy_sql = f"COPY stock_move ({', '.join(MOVE_COLUMNS)}) FROM STDIN"
        n_rows = 0
        buffer = io.StringIO()
        with clock("sql_stock_moves"), without_indexes(self.env.cr, "stock_move", clock):
            for day in sorted(self.moves_by_day, reverse=True):
                day_str = (self.today - timedelta(days=day)).isoformat()
                rows = self.moves_by_day.pop(day)
                rows.sort(key=lambda row: row[0])
                for sec, kind, product, wh, qty, partner, pol in rows:
                    when = f"{day_str} {sec // 3600:02d}:{sec // 60 % 60:02d}:{sec % 60:02d}"
                    name, origin, pol_id, done = names[product], NULL, NULL, True
                    inventory_move, picking_type = "f", NULL
                    if kind == "out" or kind == "pending_out":
                        src, dst, picking_type = stock[wh], customers, out_type[wh]
                        done = kind == "out"
                    elif kind == "return":
                        src, dst, picking_type = customers, stock[wh], in_type[wh]
                    elif kind == "inventory":
                        src, dst, inventory_move = inventory, stock[wh], "t"
                        name, partner = "Product Quantity Updated", None
                    else:  # in, pending_in
                        src, dst, picking_type = suppliers, stock[wh], in_type[wh]
                        done = kind == "in"
                        if pol is not None:
                            pol_id = self.pol_ids[pol]
                            origin = self.po_names[self.po_of_line[pol]]
                    buffer.write(
                        f"{name}\t{name}\t{origin}\t10\t{company}\t{ids[product]}\t"
                        f"{self.unit_id}\t{qty}\t{qty}\t{qty if done else 0.0}\t{src}\t{dst}\t"
                        f"{partner or NULL}\t{picking_type}\t{pol_id}\t"
                        f"{'done' if done else 'confirmed'}\tmake_to_stock\t0\t{when}\t"
                        f"{'t' if done else 'f'}\tf\tf\t{inventory_move}\tf\tf\t"
                        f"{costs[product]}\t{uid}\t{uid}\t{when}\t{when}\n")
                    n_rows += 1
                    if n_rows % COPY_CHUNK == 0:
                        with clock("sql_stock_moves_copy"):
                            self._copy(copy_sql, buffer)
                        buffer = io.StringIO()
            with clock("sql_stock_moves_copy"):
                self._copy(copy_sql, buffer)
        self.counts["stock_move_rows"] = n_rows

    def _copy(self, copy_sql, buffer):
        buffer.seek(0)
        self.env.cr._obj.copy_expert(copy_sql, buffer)

    def insert_quants(self, clock):
        cr = self.env.cr
        stock = [wh.lot_stock_id.id for wh in self.warehouses]
        with clock("sql_stock_quants"):
            rows = [
                (self.products[product]["id"], self.company.id, stock[wh], qty, 0.0,
                 self.history.datetime_at(day, 36000), 0.0, 0.0, False, self.uid, self.uid,
                 self.now, self.now)
                for product, wh, qty, day in self.quants
            ]
            execute_values(cr._obj, """
                INSERT INTO stock_quant (product_id, company_id, location_id, quantity,
                    reserved_quantity, in_date, inventory_quantity, inventory_diff_quantity,
                    inventory_quantity_set, create_uid, write_uid, create_date, write_date)
                VALUES %s""", rows, page_size=2000)
            self.counts["stock_quants"] = len(rows)
            self.counts["product_warehouse_pairs_without_stock"] = len(self.products) * len(
                self.warehouses) - len(rows)

    def finish(self, clock):
        env = self.env
        params = env["ir.config_parameter"].sudo()
        params.set_param("jxc_bench.today", self.today.isoformat())
        params.set_param("jxc_bench.args", " ".join(sys.argv[1:]))
        env.flush_all()
        with clock("commit"):
            env.cr.commit()
        # VACUUM as well as ANALYZE: a table just bulk-loaded has no visibility map yet, so
        # every query reads the rows' pages until autovacuum gets to it (at 20k, the
        # balance's last-move query over 5,000 products took 0.40 s before that vacuum and
        # 0.11 s after it): without it the figures depend on when autovacuum last ran.
        with clock("vacuum_analyze"):
            vacuum_analyze(env.cr, ("stock_move", "stock_quant", "purchase_order",
                                    "purchase_order_line", "product_product",
                                    "product_template", "product_supplierinfo"))


def main():
    args = parse_args()
    clock = Clock()
    registry = open_registry(args)
    from odoo import SUPERUSER_ID, api  # noqa: PLC0415

    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, ORM_CONTEXT)
        if not env["ir.module.module"].search_count(
                [("name", "=", "jxc_balance"), ("state", "=", "installed")]):
            sys.exit(f"jxc_balance is not installed in {args.database}")
        check_schema(env)
        if env["product.product"].with_context(active_test=False).search_count(
                [("default_code", "=like", "BENCH-%")]):
            sys.exit(f"{args.database} already holds generated products: use a fresh database")
        shop = Shop(args, env)
        shop.create_master_data(clock)
        shop.build_flows(clock)
        shop.insert_purchases(clock)
        shop.insert_moves(clock)
        shop.insert_quants(clock)
        shop.finish(clock)

    print(f"database: {args.database}")
    print(f"anchor_day: {shop.today.isoformat()} (history: the {HISTORY} days before)")
    print(f"seed: {args.seed}")
    for name, value in shop.counts.items():
        print(f"{name}: {value}")
    profiles = defaultdict(int)
    for p in shop.products:
        profiles[p["profile"]] += 1
    for name, _probability in PROFILES:
        print(f"products_profile_{name}: {profiles[name]}")
    for name, seconds in clock.times.items():
        print(f"time_{name}_s: {seconds:.2f}")
    print(f"time_total_s: {clock.total():.2f}")


if __name__ == "__main__":
    main()
