from datetime import timedelta

from odoo import api, models
from odoo.tools import SQL

from .. import balance_math
from ..balance_run import BatchStatistics
from .stock_move import (
    CUSTOMER_FLOW,
    NET_SALE_QTY,
    REPLENISHMENT,
    VENDOR_RECEIPT,
    WAREHOUSE_DELIVERY,
    WAREHOUSE_INCOMING,
    WAREHOUSE_OUTGOING,
    WAREHOUSE_RETURN,
    done_moves,
    local_day,
)


class JxcBalanceStatistics(models.AbstractModel):
    """What a recompute reads, aggregated in PostgreSQL: one row per product (and
    warehouse), never a loop over moves in Python."""

    _name = "jxc.balance.statistics"
    _description = "Stock Balance Statistics"

    @api.model
    def _read_batch(self, run, products):
        """The statistics of a chunk of products, as plain data.

        Only reads (no ORM write, no record in the result): the helper thread of
        ``jxc.balance.pipeline`` calls it on a second connection too.
        """
        self.env.flush_all()  # the statistics are read in SQL: pending ORM writes go first
        company, today, tz = run.company, run.today, run.tz
        last_day = today - timedelta(days=1)
        first_day = last_day - timedelta(days=run.settings.history_days - 1)
        # the seasonal forecast reads a longer history than the flat average's window
        read_first = last_day - timedelta(days=run.read_days - 1)
        # the stock is rebuilt over the whole history (its stockout days are not demand)
        # and the achieved service's span
        moved_first = last_day - timedelta(days=balance_math.SERVICE_DAYS - 1)
        moved, received = self._daily_stock_flows(
            company, products.ids, min(first_day, moved_first, read_first), tz)
        return BatchStatistics(
            sales=self._daily_net_sales(company, products.ids, min(first_day, read_first),
                                        last_day, tz),
            moved=moved,
            received=received,
            last_dates=self._last_move_dates(company, products.ids),
            vendors=self._main_vendors(company, products, today),
            observed=self._observed_lead_times(company, products.ids, run.since),
            facts=self._product_facts(products.ids),
            # Odoo's on hand, incoming and outgoing quantities in each warehouse
            quantities={
                warehouse_id: products.with_company(company).with_context(
                    warehouse_id=warehouse_id)._compute_quantities_dict(None, None, None)
                for warehouse_id in run.warehouses.ids
            },
        )

    @api.model
    def _daily_net_sales(self, company, product_ids, first_day, last_day, tz):
        """{(product_id, warehouse_id): {day: qty}} of customer deliveries minus returns.

        Deliveries are done moves leaving a location of the warehouse for a customer
        location; returns come from a customer location back into the warehouse.
        """
        engine = self.env["jxc.balance.engine"]
        moves = done_moves(
            SQL("(%s OR %s)", WAREHOUSE_DELIVERY, WAREHOUSE_RETURN),
            company=company.id, products=product_ids,
            since=engine._utc_start_of(first_day, tz),
            until=engine._utc_start_of(last_day + timedelta(days=1), tz))
        # one row per product and warehouse, its days and quantities as two arrays: the
        # driver reads arrays in C, a row per day cost more than the query itself
        self.env.cr.execute(SQL(
            """
            SELECT product_id, warehouse_id, ARRAY_AGG(day), ARRAY_AGG(qty::float8)
              FROM (
                    SELECT m.product_id,
                           CASE WHEN dst.usage = 'customer' THEN src.warehouse_id
                                ELSE dst.warehouse_id END AS warehouse_id,
                           %(day)s AS day,
                           SUM(%(qty)s) AS qty
                      %(moves)s
                  GROUP BY 1, 2, 3
                   ) days
          GROUP BY product_id, warehouse_id
            """, day=local_day(SQL("m.date"), tz.zone), qty=NET_SALE_QTY, moves=moves))
        return {
            (product_id, warehouse_id): dict(zip(days, quantities, strict=True))
            for product_id, warehouse_id, days, quantities in self.env.cr.fetchall()
        }

    @api.model
    def _daily_stock_flows(self, company, product_ids, first_day, tz):
        """({(product_id, warehouse_id): {day: qty}} moved, ... received): what entered
        (positive) and left (negative) each warehouse per local day, from ``first_day``
        to now, and what replenished it (``REPLENISHMENT``, only days with some).

        With today's on hand the first gives the stock each day began with
        (``balance_math.in_stock_mask``): the days that began empty are stockout days.
        The second gives the receipts that separate replenishment cycles.
        """
        since = self.env["jxc.balance.engine"]._utc_start_of(first_day, tz)
        self.env.cr.execute(SQL(
            """
            SELECT product_id, warehouse_id, ARRAY_AGG(day), ARRAY_AGG(qty::float8),
                   ARRAY_AGG(received::float8)
              FROM (
                    SELECT product_id, warehouse_id, day, SUM(qty) AS qty,
                           SUM(received) AS received
                      FROM (
                            SELECT m.product_id, dst.warehouse_id, m.product_qty AS qty,
                                   CASE WHEN %(replenishment)s THEN m.product_qty ELSE 0 END
                                       AS received,
                                   %(day)s AS day
                              %(incoming)s
                         UNION ALL
                            SELECT m.product_id, src.warehouse_id, -m.product_qty, 0, %(day)s
                              %(outgoing)s
                           ) moves
                  GROUP BY 1, 2, 3
                   ) days
          GROUP BY product_id, warehouse_id
            """,
            day=local_day(SQL("m.date"), tz.zone),
            replenishment=REPLENISHMENT,
            incoming=done_moves(WAREHOUSE_INCOMING, company=company.id, products=product_ids,
                                since=since),
            outgoing=done_moves(WAREHOUSE_OUTGOING, company=company.id, products=product_ids,
                                since=since),
        ))
        moved, received = {}, {}
        for product_id, warehouse_id, days, quantities, receipts in self.env.cr.fetchall():
            key = (product_id, warehouse_id)
            moved[key] = dict(zip(days, quantities, strict=True))
            if any(receipts):
                received[key] = {day: qty for day, qty in zip(days, receipts, strict=True)
                                 if qty > 0}
        return moved, received

    @api.model
    def _last_move_dates(self, company, product_ids):
        """{(product_id, warehouse_id): (last_sale, last_outgoing, first_incoming)} (UTC).

        Outgoing = any done move leaving the warehouse (sale, transfer to another
        warehouse, scrap, inventory loss...); incoming = any done move entering it.
        """
        self.env.cr.execute(SQL(
            """
            SELECT product_id, warehouse_id,
                   MAX(date) FILTER (WHERE kind = 'sale'),
                   MAX(date) FILTER (WHERE kind IN ('sale', 'out')),
                   MIN(date) FILTER (WHERE kind = 'in')
              FROM (
                    SELECT m.product_id, src.warehouse_id, m.date,
                           CASE WHEN dst.usage = 'customer' THEN 'sale' ELSE 'out' END AS kind
                      %(outgoing)s
                 UNION ALL
                    SELECT m.product_id, dst.warehouse_id, m.date, 'in'
                      %(incoming)s
                   ) moves
          GROUP BY product_id, warehouse_id
            """,
            outgoing=done_moves(WAREHOUSE_OUTGOING, company=company.id, products=product_ids),
            incoming=done_moves(WAREHOUSE_INCOMING, company=company.id, products=product_ids),
        ))
        return {(row[0], row[1]): row[2:] for row in self.env.cr.fetchall()}

    @api.model
    def _main_vendors(self, company, products, today):
        """{product_id: (partner_id, delay)}: the first of ``product._get_filtered_sellers(
        quantity=None)`` (whose vendor ``_select_seller(quantity=None)`` picks), in SQL.

        That is ``_prepare_sellers``' order (sequence, min_qty desc, price, id) over the
        lines of this company or of no company, valid today, of an active vendor, for the
        variant or its whole template. A negative delay (Odoo accepts one; rows from
        before jxc_balance's constraint, or written in SQL) reads as 0.
        """
        self.env.cr.execute(
            """
            SELECT DISTINCT ON (pp.id) pp.id, si.partner_id, GREATEST(si.delay, 0)
              FROM product_product pp
              JOIN product_supplierinfo si ON si.product_tmpl_id = pp.product_tmpl_id
              JOIN res_partner partner ON partner.id = si.partner_id AND partner.active
             WHERE pp.id = ANY(%(products)s)
               AND (si.product_id IS NULL OR si.product_id = pp.id)
               AND (si.company_id IS NULL OR si.company_id = %(company)s)
               AND (si.date_start IS NULL OR si.date_start <= %(today)s)
               AND (si.date_end IS NULL OR si.date_end >= %(today)s)
          ORDER BY pp.id, si.sequence, si.min_qty DESC, si.price, si.id
            """,
            {"products": products.ids, "company": company.id, "today": today},
        )
        return {row[0]: (row[1], row[2]) for row in self.env.cr.fetchall()}

    @api.model
    def _observed_lead_times(self, company, product_ids, since):
        """{(product_id, vendor_id): [days, ...]}: purchase confirmation to receipt done."""
        moves = done_moves(
            VENDOR_RECEIPT, SQL("po.date_approve IS NOT NULL AND m.date >= po.date_approve"),
            company=company.id, products=product_ids, since=since,
            joins=SQL("""
                JOIN purchase_order_line pol ON pol.id = m.purchase_line_id
                JOIN purchase_order po ON po.id = pol.order_id
            """))
        self.env.cr.execute(SQL(
            """
            SELECT m.product_id, po.partner_id,
                   ARRAY_AGG(EXTRACT(EPOCH FROM (m.date - po.date_approve)) / 86400.0
                             ORDER BY m.date)
              %s
          GROUP BY 1, 2
            """, moves))
        return {(row[0], row[1]): [float(days) for days in row[2]]
                for row in self.env.cr.fetchall()}

    @api.model
    def _delivered_quantities(self, company, since):
        """{product_id: qty} delivered to customers by the company (net of returns)."""
        self.env.cr.execute(SQL(
            "SELECT m.product_id, SUM(%s) %s GROUP BY 1",
            NET_SALE_QTY, done_moves(CUSTOMER_FLOW, company=company.id, since=since)))
        return dict(self.env.cr.fetchall())

    @api.model
    def _product_facts(self, product_ids):
        """{product_id: (category parent_path, UoM rounding)} in one query.

        Read through the ORM, the first ``product.categ_id`` loads every stored field of
        every product and template of the batch (names and descriptions included).
        """
        self.env.cr.execute(
            """
            SELECT pp.id, COALESCE(categ.parent_path, ''), uom.rounding
              FROM product_product pp
              JOIN product_template tmpl ON tmpl.id = pp.product_tmpl_id
              JOIN uom_uom uom ON uom.id = tmpl.uom_id
         LEFT JOIN product_category categ ON categ.id = tmpl.categ_id
             WHERE pp.id = ANY(%s)
            """,
            (list(product_ids),),
        )
        return {row[0]: (row[1], row[2]) for row in self.env.cr.fetchall()}
