"""Writes the demo shop's planned history as real stock records, fast.

Purchases are real purchase orders, confirmed and received through the ORM, then dated in
the past (order date = approval date, receipt = order date + the actual lead time). The
~25 000 daily customer deliveries (and a few returns and cash purchases) are real
``stock.move`` / ``stock.move.line`` / ``stock.valuation.layer`` rows: one of each kind per
product and warehouse is validated through the ORM, the others are copied from it in SQL
with their own quantity and date, and the quants take the copies' net quantities through
Odoo's quant API. Validating 25 000 moves through the ORM would take minutes.
"""

from collections import defaultdict
from datetime import timedelta

from odoo import Command, api, models
from odoo.tools import SQL

from ..history.catalog import PRODUCTS, VENDORS


class JxcBalanceDemoLoader(models.AbstractModel):
    _name = "jxc.balance.demo.loader"
    _description = "Stock Balance Demo History Loader"

    # -------------------------------------------------------------- purchases
    @api.model
    def _demo_purchases(self, plan, products, vendors, warehouses, utc):
        """Real purchase orders: confirmed and received through the ORM, then dated."""
        specs = {spec["code"]: spec for spec in PRODUCTS}
        company = warehouses["main"].company_id
        # every field the line would otherwise deduce with an onchange, one line at a time
        line_defaults = {code: {
            "product_id": product.id,
            "name": product.display_name,
            "product_uom": product.uom_po_id.id,
            "price_unit": specs[code]["cost"],
            "taxes_id": [Command.set(product.supplier_taxes_id.filtered(
                lambda tax: tax.company_id == company).ids)],
        } for code, product in products.items()}
        orders = self.env["purchase.order"].create([{
            "partner_id": vendors[order["vendor"]].id,
            "company_id": company.id,
            "picking_type_id": warehouses[order["wh"]].in_type_id.id,
            "date_order": utc(order["ordered"]),
            "order_line": [Command.create(dict(
                line_defaults[code], product_qty=qty,
                date_planned=utc(order["ordered"]) + timedelta(
                    days=VENDORS[order["vendor"]]["delay"]),
            )) for code, qty in sorted(order["lines"].items())],
        } for order in plan["orders"]])
        orders.button_confirm()
        moves = orders.picking_ids.move_ids
        for move in moves:
            if move.quantity != move.product_uom_qty:
                move.quantity = move.product_uom_qty
        moves.picked = True
        orders.picking_ids._action_done()
        self.env.flush_all()

        ids, ordered, planned, arrived = [], [], [], []
        for order, spec in zip(orders, plan["orders"], strict=True):
            ids.append(order.id)
            ordered.append(utc(spec["ordered"]))
            planned.append(utc(spec["ordered"]) + timedelta(
                days=VENDORS[spec["vendor"]]["delay"]))
            arrived.append(utc(spec["arrived"]))
        cr = self.env.cr
        cr.execute(SQL(
            """
            WITH v AS (SELECT * FROM unnest(%s::int[], %s::timestamp[], %s::timestamp[],
                                            %s::timestamp[]) AS v(id, ordered, planned, arrived))
            UPDATE purchase_order po
               SET date_order = v.ordered, date_approve = v.ordered, date_planned = v.planned,
                   effective_date = v.arrived
              FROM v WHERE po.id = v.id
            """, ids, ordered, planned, arrived))
        cr.execute(SQL(
            """
            UPDATE purchase_order_line pol SET date_planned = po.date_planned
              FROM purchase_order po WHERE po.id = pol.order_id AND po.id = ANY(%s)
            """, ids))
        cr.execute(SQL(
            """
            UPDATE stock_picking p
               SET date = po.date_order, scheduled_date = po.date_planned,
                   date_deadline = po.date_planned, date_done = po.effective_date
              FROM stock_move m
              JOIN purchase_order_line pol ON pol.id = m.purchase_line_id
              JOIN purchase_order po ON po.id = pol.order_id
             WHERE m.picking_id = p.id AND po.id = ANY(%s)
            """, ids))
        cr.execute(SQL(
            """
            UPDATE stock_move m
               SET date = po.effective_date, date_deadline = po.date_planned
              FROM purchase_order_line pol
              JOIN purchase_order po ON po.id = pol.order_id
             WHERE pol.id = m.purchase_line_id AND po.id = ANY(%s)
            """, ids))
        self._demo_date_lines_and_layers(moves.ids)
        return len(orders)

    @api.model
    def _demo_date_lines_and_layers(self, move_ids):
        """Move lines and valuation layers take their move's date."""
        self.env.cr.execute(SQL(
            "UPDATE stock_move_line ml SET date = m.date FROM stock_move m "
            "WHERE m.id = ml.move_id AND m.id = ANY(%s)", move_ids))
        self.env.cr.execute(SQL(
            "UPDATE stock_valuation_layer svl SET create_date = m.date FROM stock_move m "
            "WHERE m.id = svl.stock_move_id AND m.id = ANY(%s)", move_ids))

    # ------------------------------------------------------------------ moves
    @api.model
    def _demo_moves(self, plan, products, warehouses, utc):
        """Sales, customer returns and cash purchases: one ORM template each, SQL copies."""
        customers = self.env.ref("stock.stock_location_customers")
        suppliers = self.env.ref("stock.stock_location_suppliers")
        groups = []  # (kind, code, warehouse key, product, source, destination, name,
        #              [(utc date, qty, shop-time date)])
        for kind, source_of, destination_of, name in (
                ("market", lambda wh: suppliers, lambda wh: wh.lot_stock_id,
                 "Bought at the wholesale market"),
                ("returns", lambda wh: customers, lambda wh: wh.lot_stock_id,
                 "Customer return"),
                ("sales", lambda wh: wh.lot_stock_id, lambda wh: customers, "Shop sales")):
            for (code, wh_key), by_time in sorted(plan[kind].items()):
                if not by_time:
                    continue
                warehouse = warehouses[wh_key]
                groups.append((kind, code, wh_key, products[code], source_of(warehouse),
                               destination_of(warehouse), name,
                               sorted((utc(when), qty, when) for when, qty in by_time.items())))
        Move = self.env["stock.move"]
        templates = Move.create([{
            "name": f"{name}: {product.display_name}",
            "product_id": product.id,
            "product_uom": product.uom_id.id,
            "product_uom_qty": rows[0][1],
            "location_id": source.id,
            "location_dest_id": destination.id,
            "company_id": source.company_id.id or destination.company_id.id,
        } for _kind, _code, _wh, product, source, destination, name, rows in groups])
        templates._action_confirm(merge=False)
        templates._action_assign()
        for move, group in zip(templates, groups, strict=True):
            if move.quantity != group[-1][0][1]:
                move.quantity = group[-1][0][1]
        templates.picked = True
        templates._action_done()
        self.env.flush_all()
        for move, group in zip(templates, groups, strict=True):
            move_date = group[-1][0][0]
            self.env.cr.execute(SQL("UPDATE stock_move SET date = %s WHERE id = %s",
                                    move_date, move.id))
        self._demo_date_lines_and_layers(templates.ids)
        copies = [(move, when, qty) for move, group in zip(templates, groups, strict=True)
                  for when, qty, _local in group[-1][1:]]
        copy_ids = iter(self._demo_copy_moves(copies))
        # the moves to and from customers, for their sale orders: (id, kind, code, warehouse
        # key, shop-time date, qty)
        customer_moves = []
        for move, (kind, code, wh_key, *_rest, rows) in zip(templates, groups, strict=True):
            for index, (_when, qty, local) in enumerate(rows):
                move_id = move.id if index == 0 else next(copy_ids)
                if kind != "market":
                    customer_moves.append((move_id, kind, code, wh_key, local, qty))
        return len(templates) + len(copies), customer_moves

    # ------------------------------------------------------------ sale orders
    @api.model
    def _demo_sale_orders(self, products, warehouses, customer_moves, utc, customer, salesperson):
        """The stores' till takings as real sale orders, one per store and week.

        Each order line holds a product's sales of the week; its delivered quantity is that
        of the week's done customer moves, linked to it (returns too, as refunds), so Odoo's
        Sales reports and the product's *Sold* agree with the balance. Confirmed without a
        procurement (the goods left the shelf already), then dated.
        """
        def monday_of(local):
            return (local - timedelta(days=local.weekday())).date()

        weeks = defaultdict(lambda: defaultdict(float))  # (store, monday) -> {code: qty}
        last_day = {}  # (store, monday) -> the week's last day of sales
        for _move_id, kind, code, wh_key, local, qty in customer_moves:
            if kind == "sales":
                key = (wh_key, monday_of(local))
                weeks[key][code] += qty
                last_day[key] = max(last_day.get(key, local), local)
        keys = sorted(weeks, key=lambda key: (key[1], key[0]))
        specs = {spec["code"]: spec for spec in PRODUCTS}
        company = warehouses["main"].company_id
        line_defaults = {code: {
            "product_id": product.id,
            "name": product.display_name,
            "product_uom": product.uom_id.id,
            "price_unit": specs[code]["list_price"],
            "tax_id": [Command.set(product.taxes_id.filtered(
                lambda tax: tax.company_id == company).ids)],
        } for code, product in products.items()}
        orders = self.env["sale.order"].create([{
            "partner_id": customer.id,
            "company_id": company.id,
            "warehouse_id": warehouses[wh_key].id,
            "user_id": salesperson.id,
            "client_order_ref": f"{warehouses[wh_key].name} {monday.isocalendar()[0]}-W"
                                f"{monday.isocalendar()[1]:02d}",
            "order_line": [Command.create(dict(line_defaults[code], product_uom_qty=qty))
                           for code, qty in sorted(weeks[wh_key, monday].items())],
        } for wh_key, monday in keys])
        orders.with_context(skip_procurement=True).action_confirm()
        self.env.flush_all()

        code_of = {product.id: code for code, product in products.items()}
        line_of = {  # (store, monday, code) -> sale line id
            (wh_key, monday, code_of[line.product_id.id]): line.id
            for order, (wh_key, monday) in zip(orders, keys, strict=True)
            for line in order.order_line}
        # a return refunds the product's latest sale line of its store
        mondays = sorted({monday for _wh, monday in keys})
        move_ids, line_ids, refunds = [], [], []
        for move_id, kind, code, wh_key, local, _qty in customer_moves:
            monday = monday_of(local)
            line_id = line_of.get((wh_key, monday, code))
            if kind == "returns":
                line_id = next((line_of[wh_key, day, code] for day in reversed(mondays)
                                if day <= monday and (wh_key, day, code) in line_of), None)
            if line_id:
                move_ids.append(move_id)
                line_ids.append(line_id)
                refunds.append(kind == "returns")
        cr = self.env.cr
        cr.execute(SQL(
            """
            UPDATE sale_order so SET date_order = v.day
              FROM unnest(%s::int[], %s::timestamp[]) AS v(id, day) WHERE so.id = v.id
            """, orders.ids,
            [utc(last_day[key].replace(hour=21, minute=0, second=0)) for key in keys]))
        cr.execute(SQL(
            """
            WITH v AS (SELECT * FROM unnest(%s::int[], %s::int[], %s::bool[])
                                  AS v(move, line, refund))
            UPDATE stock_move m
               SET sale_line_id = v.line, to_refund = v.refund, origin = so.name,
                   partner_id = so.partner_id
              FROM v
              JOIN sale_order_line sol ON sol.id = v.line
              JOIN sale_order so ON so.id = sol.order_id
             WHERE m.id = v.move
            """, move_ids, line_ids, refunds))
        cr.execute(SQL("UPDATE sale_order SET delivery_status = 'full' WHERE id = ANY(%s)",
                       orders.ids))
        # the moves' links were written in SQL: Odoo recomputes what follows from them
        # (sale_stock's delivered quantities, then the invoicing figures)
        self.env.invalidate_all()
        self.env["stock.move"].browse(move_ids).modified(["sale_line_id", "to_refund"])
        self.env.flush_all()
        return len(orders)

    @api.model
    def _demo_columns(self, table):
        """Columns of ``table`` but ``id``, in table order."""
        self.env.cr.execute(SQL(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND table_name = %s AND column_name <> 'id' "
            "ORDER BY ordinal_position", table))
        return [row[0] for row in self.env.cr.fetchall()]

    @api.model
    def _demo_copy_rows(self, table, link, overrides, arrays):
        """INSERT INTO table SELECT a copy of the template row, per row of ``arrays``.

        ``arrays`` maps names of a ``v`` relation (typed SQL arrays, unnested together) to
        values; ``v.template`` is joined to ``t.<link>``; ``overrides`` maps columns to SQL
        expressions over ``t`` and ``v``; every other column is copied from the template.
        """
        columns = self._demo_columns(table)
        if "id" in overrides:
            columns.insert(0, "id")
        names = list(arrays)
        # both sides materialised first: on a fresh database the planner has no statistics
        # and would scan the whole template table once per copy
        self.env.cr.execute(SQL(
            """
            WITH t AS MATERIALIZED (
                    SELECT * FROM %(table)s WHERE %(link)s = ANY(%(templates)s)),
                 v AS MATERIALIZED (SELECT * FROM unnest(%(arrays)s) AS v(%(names)s))
            INSERT INTO %(table)s (%(columns)s)
            SELECT %(values)s FROM v JOIN t ON t.%(link)s = v.template
            """,
            templates=sorted(set(arrays["template"][1])),
            table=SQL.identifier(table),
            columns=SQL(", ").join(SQL.identifier(name) for name in columns),
            values=SQL(", ").join(
                overrides.get(name) or SQL("t.%s", SQL.identifier(name)) for name in columns),
            arrays=SQL(", ").join(SQL("%s::" + arrays[name][0], arrays[name][1])
                                  for name in names),
            names=SQL(", ").join(SQL.identifier(name) for name in names),
            link=SQL.identifier(link),
        ))

    @api.model
    def _demo_copy_moves(self, copies):
        """Copies of done template moves with their own quantity and date, in SQL.

        Each template has exactly one move line and one valuation layer, copied with the
        move; the quants of both locations then take the copies' net quantities through
        ``stock.quant._update_available_quantity`` (one call per product and location).
        """
        if not copies:
            return []
        cr = self.env.cr
        template_ids = list({move.id for move, _when, _qty in copies})
        cr.execute(SQL(
            """
            SELECT COUNT(*) FROM stock_move m
             WHERE m.id = ANY(%s) AND m.state = 'done'
               AND (SELECT COUNT(*) FROM stock_move_line WHERE move_id = m.id) = 1
               AND (SELECT COUNT(*) FROM stock_valuation_layer WHERE stock_move_id = m.id) = 1
            """, template_ids))
        if cr.fetchone()[0] != len(template_ids):
            raise ValueError("jxc demo: a template move is not done with one line and layer")
        cr.execute(SQL("SELECT nextval('stock_move_id_seq') FROM generate_series(1, %s)",
                       len(copies)))
        new_ids = [row[0] for row in cr.fetchall()]
        templates = [move.id for move, _when, _qty in copies]
        template_qty = {move.id: move.product_qty for move, _when, _qty in copies}
        arrays = {
            "template": ("int[]", templates),
            "new_id": ("int[]", new_ids),
            "qty": ("numeric[]", [qty for _move, _when, qty in copies]),
            "template_qty": ("numeric[]", [template_qty[move_id] for move_id in templates]),
            "day": ("timestamp[]", [when for _move, when, _qty in copies]),
        }
        self._demo_copy_rows("stock_move", "id", {
            "id": SQL("v.new_id"), "product_uom_qty": SQL("v.qty"), "product_qty": SQL("v.qty"),
            "quantity": SQL("v.qty"), "date": SQL("v.day"),
        }, arrays)
        # fresh statistics, or the foreign key checks of the next copies (and later queries)
        # keep plans made when the table was small: a scan of every move per copied line
        cr.execute(SQL("ANALYZE stock_move"))
        self._demo_copy_rows("stock_move_line", "move_id", {
            "move_id": SQL("v.new_id"), "quantity": SQL("v.qty"),
            "quantity_product_uom": SQL("v.qty"), "date": SQL("v.day"),
        }, arrays)
        self._demo_copy_rows("stock_valuation_layer", "stock_move_id", {
            "stock_move_id": SQL("v.new_id"),
            "quantity": SQL("t.quantity * v.qty / v.template_qty"),
            "value": SQL("ROUND(t.value * v.qty / v.template_qty, 2)"),
            "remaining_qty": SQL("t.remaining_qty * v.qty / v.template_qty"),
            "remaining_value": SQL("ROUND(t.remaining_value * v.qty / v.template_qty, 2)"),
            "create_date": SQL("v.day"), "write_date": SQL("v.day"),
        }, arrays)
        deltas = defaultdict(float)
        for move, _when, qty in copies:
            deltas[move.product_id, move.location_id] -= qty
            deltas[move.product_id, move.location_dest_id] += qty
        Quant = self.env["stock.quant"]
        for (product, location), delta in sorted(
                deltas.items(), key=lambda item: (item[0][0].id, item[0][1].id)):
            if delta:
                Quant._update_available_quantity(product, location, quantity=delta)
        cr.execute(SQL("ANALYZE stock_move_line"))
        cr.execute(SQL("ANALYZE stock_valuation_layer"))
        return new_ids
