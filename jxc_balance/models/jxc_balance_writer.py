from collections import defaultdict

from odoo import api, models
from odoo.exceptions import UserError
from odoo.tools import SQL


class JxcBalanceWriter(models.AbstractModel):
    """Writes the engine's line values onto the balance lines and Odoo's reordering rules,
    in a few SQL statements per chunk."""

    _name = "jxc.balance.writer"
    _description = "Stock Balance Line Writer"

    @api.model
    def _write_lines(self, run, products, values):
        """Create or update the lines of ``products`` with ``values`` from
        ``jxc.balance.engine._compute_batch``, then their reordering rules."""
        line_model = self.env["jxc.balance.line"]
        line_model.flush_model()
        self.env.cr.execute(
            """
            SELECT id, product_id, warehouse_id FROM jxc_balance_line
             WHERE product_id = ANY(%s) AND warehouse_id = ANY(%s)
            """,
            (products.ids, run.warehouses.ids),
        )
        by_key = {(product_id, warehouse_id): line_id
                  for line_id, product_id, warehouse_id in self.env.cr.fetchall()}
        updates = {by_key[key]: vals for key, vals in values.items() if key in by_key}
        self._bulk_update(updates)
        created = self._bulk_create([
            dict(vals, product_id=key[0], warehouse_id=key[1])
            for key, vals in values.items() if key not in by_key
        ])
        lines = line_model.browse(list(updates) + created)
        self._sync_orderpoints(lines)
        return lines

    # ------------------------------------------------------------- bulk writes
    # The engine writes every line a night. These fields have no stored dependents, no
    # tracking and no inverse, so writing them in one SQL statement per batch (column
    # arrays through unnest) and invalidating the cache is equivalent to the ORM's
    # per-record create/write. Values are rounded and cast as convert_to_column would.

    @api.model
    def _sql_column_arrays(self, names, rows):
        """For each field: (name, SQL of its array parameter, SQL of the rounded value)."""
        company = self.env["res.company"].browse(
            next((row["company_id"] for row in rows if row.get("company_id")), False)
        ) or self.env.company
        columns = []
        for name in names:
            field = self.env["jxc.balance.line"]._fields[name]
            sql_type = field.column_type[1]
            value_sql = SQL("v.%s", SQL.identifier(name))
            if field.type in ("float", "monetary"):
                values = [row[name] or 0.0 for row in rows]
            elif field.type == "integer":
                values = [int(row[name] or 0) for row in rows]
            elif field.type == "boolean":
                values = [bool(row[name]) for row in rows]
            else:
                values = [row[name] or None for row in rows]
            values = _array_literal(values)
            if field.type == "monetary":
                scale = company.currency_id.decimal_places
            elif field.type == "float":
                digits = field.get_digits(self.env)
                scale = digits[1] if digits else None
            else:
                scale = None
            if scale is not None:
                # sent as numeric (Python's shortest repr of each float), not float8:
                # PostgreSQL's float8 -> numeric cast costs more than the whole update
                array_sql = SQL("%s::numeric[]", values)
                value_sql = SQL("ROUND(%s, %s)", value_sql, scale)
            else:
                array_sql = SQL("%s::%s[]", values, SQL(sql_type))
            columns.append((name, array_sql, SQL("%s::%s", value_sql, SQL(sql_type))))
        return columns

    @api.model
    def _bulk_update(self, values_by_id):
        """One UPDATE for many lines with different values (all with the same keys)."""
        if not values_by_id:
            return
        line_model = self.env["jxc.balance.line"]
        rows = list(values_by_id.values())
        names = [name for name in rows[0] if name in line_model._fields]
        line_model.flush_model(names)  # no pending ORM write may land on top of these values
        columns = self._sql_column_arrays(names, rows)
        self.env.cr.execute(SQL(
            """
            UPDATE jxc_balance_line AS line
               SET %(assignments)s, write_uid = %(uid)s, write_date = NOW() AT TIME ZONE 'UTC'
              FROM unnest(%(ids)s::int4[], %(arrays)s) AS v(id, %(names)s)
             WHERE line.id = v.id
            """,
            assignments=SQL(", ").join(
                SQL("%s = %s", SQL.identifier(name), value) for name, _array, value in columns),
            uid=self.env.uid, ids=_array_literal(values_by_id),
            arrays=SQL(", ").join(array for _name, array, _value in columns),
            names=SQL(", ").join(SQL.identifier(name) for name, _array, _value in columns),
        ))
        line_model.invalidate_model(names)

    @api.model
    def _bulk_create(self, vals_list):
        """One INSERT for many lines (all with the same keys); returns their ids in order.

        The stored related fields (template, category) are read from the product in the
        same statement.
        """
        if not vals_list:
            return []
        line_model = self.env["jxc.balance.line"]
        # the fields' defaults, as create() would apply them, for what the values leave out
        defaults = line_model.default_get([
            name for name, field in line_model._fields.items()
            if field.store and field.column_type and field.default
            and name not in vals_list[0] and name not in models.MAGIC_COLUMNS
        ])
        if defaults:
            vals_list = [dict(defaults, **vals) for vals in vals_list]
        names = [name for name in vals_list[0] if name in line_model._fields
                 and name not in ("product_tmpl_id", "categ_id")]
        columns = self._sql_column_arrays(names, vals_list)
        self.env.cr.execute(SQL(
            """
            INSERT INTO jxc_balance_line (product_tmpl_id, categ_id, create_uid, create_date,
                                          write_uid, write_date, %(names)s)
                 SELECT tmpl.id, tmpl.categ_id, %(uid)s, NOW() AT TIME ZONE 'UTC', %(uid)s,
                        NOW() AT TIME ZONE 'UTC', %(values)s
                   FROM unnest(%(arrays)s) WITH ORDINALITY AS v(%(names)s, position)
                   JOIN product_product product ON product.id = v.product_id
                   JOIN product_template tmpl ON tmpl.id = product.product_tmpl_id
               ORDER BY v.position
              RETURNING id
            """,
            names=SQL(", ").join(SQL.identifier(name) for name, _array, _value in columns),
            values=SQL(", ").join(value for _name, _array, value in columns),
            arrays=SQL(", ").join(array for _name, array, _value in columns),
            uid=self.env.uid,
        ))
        ids = [row[0] for row in self.env.cr.fetchall()]
        if len(ids) != len(vals_list):
            raise UserError(self.env._("Some products of the balance no longer exist."))
        return ids

    @api.model
    def _sync_orderpoints(self, lines):
        """Write min = reorder point and max = max level onto the standard reordering rule.

        A missing rule is created (trigger manual) once there is something to reorder; a
        rule of a product without demand history is left as the user set it.
        """
        if not lines:
            return
        Orderpoint = self.env["stock.warehouse.orderpoint"].with_context(active_test=False)
        lines.flush_model()
        Orderpoint.flush_model()
        # lines and their rule side by side in one query, not through the ORM (it would
        # load every line); Odoo allows one rule per product and location
        self.env.cr.execute(
            """
            SELECT line.id, line.product_id, line.warehouse_id, line.company_id,
                   warehouse.lot_stock_id, line.reorder_point, line.max_qty,
                   line.avg_daily_demand > 0, line.orderpoint_id,
                   rule.id, rule.active, rule.jxc_managed,
                   (rule.product_min_qty, rule.product_max_qty)
                       IS DISTINCT FROM (line.reorder_point, line.max_qty)
              FROM jxc_balance_line line
              JOIN stock_warehouse warehouse ON warehouse.id = line.warehouse_id
         LEFT JOIN stock_warehouse_orderpoint rule
                ON rule.product_id = line.product_id
               AND rule.location_id = warehouse.lot_stock_id
               AND rule.company_id = line.company_id
             WHERE line.id = ANY(%s)
          ORDER BY line.id
            """,
            (_array_literal(lines.ids),),
        )
        to_write = defaultdict(list)
        to_create, created_for, links = [], [], {}
        for (line_id, product_id, warehouse_id, company_id, location_id, reorder_point,
             max_qty, has_demand, linked_id, rule_id, rule_active, rule_managed,
             rule_differs) in self.env.cr.fetchall():
            if rule_id:
                if linked_id != rule_id:
                    links[line_id] = {"orderpoint_id": rule_id}
                if not rule_active or not (has_demand or rule_managed):
                    continue
                if rule_differs or not rule_managed:
                    to_write[reorder_point, max_qty].append(rule_id)
            elif reorder_point > 0:
                to_create.append({
                    "product_id": product_id,
                    "warehouse_id": warehouse_id,
                    "location_id": location_id,
                    "company_id": company_id,
                    "trigger": "manual",
                    "product_min_qty": reorder_point,
                    "product_max_qty": max_qty,
                    "jxc_managed": True,
                })
                created_for.append(line_id)
        for (min_qty, max_qty), rule_ids in to_write.items():
            Orderpoint.browse(rule_ids).write({
                "product_min_qty": min_qty, "product_max_qty": max_qty, "jxc_managed": True})
        for vals, name in zip(to_create, self._next_orderpoint_names(len(to_create)), strict=True):
            vals["name"] = name
        for line_id, orderpoint in zip(created_for, Orderpoint.create(to_create), strict=True):
            links[line_id] = {"orderpoint_id": orderpoint.id}
        self._bulk_update(links)

    @api.model
    def _next_orderpoint_names(self, count):
        """``count`` names from Odoo's reordering-rule sequence (OP/00001...), drawn at once.

        Each rule created without a name draws its own (two queries a rule); a standard
        sequence gives the same numbers in one query, formatted by the sequence itself.
        """
        if not count:
            return []
        sequence = self.env["ir.sequence"].sudo().search([
            ("code", "=", "stock.orderpoint"),
            ("company_id", "in", [self.env.company.id, False]),
        ], order="company_id", limit=1)
        if not sequence:
            return [self.env._("Reordering Rule")] * count
        if sequence.implementation != "standard" or sequence.use_date_range:
            return [sequence.next_by_id() for _index in range(count)]
        # the PostgreSQL sequence of a standard ir.sequence, named as _next_do names it
        self.env.cr.execute(
            "SELECT nextval(%s) FROM generate_series(1, %s)",
            (f"ir_sequence_{sequence.id:03d}", count),
        )
        return [sequence.get_next_char(number) for (number,) in self.env.cr.fetchall()]


def _array_literal(values):
    """The text form of a PostgreSQL array: ``{1.5,NULL,t,"2026-11-22","a \\"b\\""}``.

    psycopg2 sends a Python list as ``ARRAY[v1, v2, ...]``, one literal per value to
    quote and for PostgreSQL to parse; one text literal per column, cast to the column's
    array type, is far cheaper to send and parse.
    """
    values = list(values)
    if set(map(type, values)) <= {int, float}:
        return "{" + ",".join(map(repr, values)) + "}"  # most columns: one C-level join
    items = []
    for value in values:
        if value is None:
            items.append("NULL")
        elif isinstance(value, bool):
            items.append("t" if value else "f")
        elif isinstance(value, (int, float)):
            items.append(repr(value))
        else:
            text = str(value).replace("\\", "\\\\").replace('"', '\\"')
            items.append(f'"{text}"')
    return "{" + ",".join(items) + "}"
