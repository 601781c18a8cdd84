"""Cycle counts by ABC class: next-count dates on the quants, count drift and the stock
accuracy of applied counts (readme/DESCRIPTION.md, *Cycle counts*)."""

import logging
from collections import defaultdict
from datetime import timedelta

from odoo import api, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

from ..balance_math import LOOKBACK_DAYS
from .jxc_balance_line import ABC_CLASSES
from .stock_move import INVENTORY_COUNT, done_moves, product_cost

_logger = logging.getLogger(__name__)


class JxcBalanceCount(models.AbstractModel):
    _name = "jxc.balance.count"
    _description = "Stock Balance Cycle Counts"

    # ------------------------------------------------------------------ SQL
    @api.model
    def _counts_query(self, company_ids):
        """SQL of the applied counts of ``company_ids``: one row per count with id,
        product_id, warehouse_id, company_id, date, recorded, diff, cost, differs."""
        return SQL(
            """
            SELECT m.id, m.product_id, COALESCE(src.warehouse_id, dst.warehouse_id) AS warehouse_id,
                   m.company_id, m.date, m.jxc_qty_recorded AS recorded,
                   CASE WHEN dst.usage = 'inventory' THEN -m.product_qty ELSE m.product_qty END
                       AS diff,
                   %(cost)s AS cost,
                   m.product_qty > COALESCE(co.jxc_count_tolerance, 0) / 100.0
                       * ABS(m.jxc_qty_recorded) AS differs
              %(moves)s
            """, cost=product_cost(), moves=done_moves(
                INVENTORY_COUNT, SQL("m.jxc_qty_recorded IS NOT NULL"),
                company=list(company_ids), joins=SQL("""
                    JOIN product_product pp ON pp.id = m.product_id
                    JOIN res_company co ON co.id = m.company_id
                """)))

    @api.model
    def _drift(self, company_ids):
        """{(product_id, warehouse_id): {"diffs": [...], "value": v, "company_id": c}} of
        the products whose last K counts (K = the company's "Drift after") all differ."""
        self.env.flush_all()
        self.env.cr.execute(SQL(
            """
            WITH counts AS (%(counts)s),
                 ranked AS (
                    SELECT c.*, row_number() OVER (PARTITION BY c.product_id, c.warehouse_id
                                                   ORDER BY c.date DESC, c.id DESC) AS rank
                      FROM counts c)
            SELECT r.product_id, r.warehouse_id, r.company_id,
                   array_agg(r.diff ORDER BY r.date, r.id), SUM(ABS(r.diff) * r.cost)
              FROM ranked r
              JOIN res_company co ON co.id = r.company_id
             WHERE r.rank <= co.jxc_count_drift_counts AND r.warehouse_id IS NOT NULL
          GROUP BY r.product_id, r.warehouse_id, r.company_id, co.jxc_count_drift_counts
            HAVING COUNT(*) = co.jxc_count_drift_counts AND BOOL_AND(r.differs)
            """, counts=self._counts_query(company_ids)))
        return {
            (product_id, warehouse_id): {"company_id": company_id,
                                         "diffs": [float(d) for d in diffs],
                                         "value": float(value or 0.0)}
            for product_id, warehouse_id, company_id, diffs, value in self.env.cr.fetchall()
        }

    # ------------------------------------------------------------- accuracy
    @api.model
    def _accuracy(self, company_ids, warehouse_id=False, days=LOOKBACK_DAYS):
        """Stock accuracy of the counts of the last ``days`` days: overall, by ABC class
        (of the product's balance line in the warehouse) and by warehouse."""
        engine = self.env["jxc.balance.engine"]
        today, tz = engine._company_today(self.env.company)
        since = engine._utc_start_of(today - timedelta(days=days), tz)
        self.env.flush_all()
        self.env.cr.execute(SQL(
            """
            WITH counts AS (%(counts)s)
            SELECT COALESCE(l.abc_class, ''), c.warehouse_id, COUNT(*),
                   COUNT(*) FILTER (WHERE NOT c.differs),
                   SUM(ABS(c.diff) * c.cost), SUM(GREATEST(c.recorded, 0) * c.cost)
              FROM counts c
         LEFT JOIN jxc_balance_line l ON l.product_id = c.product_id
                   AND l.warehouse_id = c.warehouse_id AND l.active
             WHERE c.date >= %(since)s AND c.warehouse_id IS NOT NULL %(warehouse)s
          GROUP BY 1, 2
            """, counts=self._counts_query(company_ids), since=since,
            warehouse=SQL("AND c.warehouse_id = %s", int(warehouse_id)) if warehouse_id
            else SQL()))
        rows = self.env.cr.fetchall()
        total, by_class, by_warehouse = [0, 0, 0.0, 0.0], defaultdict(lambda: [0, 0, 0.0, 0.0]), \
            defaultdict(lambda: [0, 0, 0.0, 0.0])
        for abc, wh_id, count, accurate, diff_value, recorded_value in rows:
            figures = (count, accurate, float(diff_value or 0), float(recorded_value or 0))
            for sums in (total, by_class[abc], by_warehouse[wh_id]):
                for index, figure in enumerate(figures):
                    sums[index] += figure
        warehouses = self.env["stock.warehouse"].browse(list(by_warehouse)).sorted("id")
        labels = dict(ABC_CLASSES)
        return {
            "days": days,
            **self._accuracy_figures(total),
            "by_class": [
                dict(self._accuracy_figures(by_class[key]), key=key,
                     label=labels.get(key) or self.env._("Unclassified"))
                for key in [key for key, _label in ABC_CLASSES] + [""] if key in by_class],
            "by_warehouse": [
                dict(self._accuracy_figures(by_warehouse[wh.id]), key=wh.id, label=wh.name)
                for wh in warehouses],
        }

    @api.model
    def _accuracy_figures(self, sums):
        count, accurate, diff_value, recorded_value = sums
        return {
            "counts": count,
            "accurate": accurate,
            # False, not None, when there is nothing to measure: XML-RPC cannot send None
            "line_accuracy": round(100.0 * accurate / count, 1) if count else False,
            "value_accuracy": round(100.0 * max(0.0, 1 - diff_value / recorded_value), 1)
            if recorded_value > 0 else False,
            "diff_value": round(diff_value, 2),
            "recorded_value": round(recorded_value, 2),
        }

    # ------------------------------------------------------------- schedule
    @api.model
    def action_schedule_counts(self):
        """Set the next count dates of the user's companies now (Balance Manager)."""
        if not (self.env.is_superuser()
                or self.env.user.has_group("jxc_balance.group_jxc_balance_manager")):
            raise AccessError(self.env._("Only a Balance Manager can schedule cycle counts."))
        done = 0
        for company in self.env.user.sudo().company_ids:
            done += self.sudo()._schedule_company(company)[0]
        return done

    @api.model
    def _cron_schedule_counts(self, batch_size=5000):
        """Daily cron: next count dates on the quants, ``batch_size`` quants a call.

        Each call is one transaction; the cron framework calls again while work remains,
        and a call that is cut short is simply done again (the dates are recomputed).
        """
        done = remaining = 0
        # every company: the cron runs for all of them, and there are a handful
        for company in self.env["res.company"].search([]):  # pylint: disable=no-search-all
            written, left = self._schedule_company(company, max(batch_size - done, 0))
            done += written
            remaining += left
        _logger.info("cycle counts: %s quants scheduled, %s left", done, remaining)
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)

    @api.model
    def _schedule_company(self, company, limit=None):
        """Write the next count dates of ``company``'s quants (at most ``limit``).

        Returns (written, left over).
        """
        engine = self.env["jxc.balance.engine"]
        today, tz = engine._company_today(company)
        if not company.jxc_count_start_date:
            company.jxc_count_start_date = today
        start = company.jxc_count_start_date
        targets = self._next_count_dates(company, tz, start)
        Quant = self.env["stock.quant"]
        quants = Quant.browse(list(targets))
        defaults = {location: location._get_next_inventory_date()
                    for location in quants.location_id}
        to_write = []
        for quant in quants:
            target = targets[quant.id]
            current, auto = quant.inventory_date, quant.jxc_count_auto_date
            by_hand = current and current != auto and current != defaults[quant.location_id]
            if by_hand and current < target:
                target = current  # the user wants it counted sooner: keep it
            if target != current or auto != target:
                to_write.append((quant.id, target))
        batch = to_write if limit is None else to_write[:limit]
        # one write per date: the quants of a batch share a few dates
        quant_ids_by_day = defaultdict(list)
        for quant_id, day in batch:
            quant_ids_by_day[day].append(quant_id)
        for day, quant_ids in quant_ids_by_day.items():
            Quant.browse(quant_ids).write({"inventory_date": day, "jxc_count_auto_date": day})
        return len(batch), len(to_write) - len(batch)

    @api.model
    def _next_count_dates(self, company, tz, start):
        """{quant_id: next count date} of the company's internal quants of products with
        a balance line in the quant's warehouse (see the module docstring)."""
        self.env.flush_all()
        self.env.cr.execute(SQL(
            """
            WITH last_count AS (
                SELECT m.product_id,
                       CASE WHEN src.usage = 'inventory' THEN m.location_dest_id
                            ELSE m.location_id END AS location_id,
                       (MAX(m.date) AT TIME ZONE 'UTC' AT TIME ZONE %(tz)s)::date AS day
                  %(counts)s
              GROUP BY 1, 2)
            SELECT q.id, q.product_id, loc.warehouse_id, l.abc_class, l.profile_id, lc.day,
                   (q.create_date AT TIME ZONE 'UTC' AT TIME ZONE %(tz)s)::date
              FROM stock_quant q
              JOIN stock_location loc ON loc.id = q.location_id
              JOIN jxc_balance_line l ON l.product_id = q.product_id
                   AND l.warehouse_id = loc.warehouse_id AND l.active
         LEFT JOIN last_count lc ON lc.product_id = q.product_id AND lc.location_id = q.location_id
             WHERE q.company_id = %(company)s AND loc.usage = 'internal'
          ORDER BY q.id
            """, tz=tz.zone, company=company.id,
            counts=done_moves(INVENTORY_COUNT, company=company.id)))
        rows = self.env.cr.fetchall()
        drift = self._drift([company.id])
        targets = {}
        profiles = self.env["jxc.balance.profile"]
        # a line not recomputed since profiles exist counts under its class's profile
        by_class = profiles._class_profiles(company)
        for quant_id, product_id, warehouse_id, abc_class, profile_id, last_day, created in rows:
            profile = (profiles.browse(profile_id) if profile_id
                       else by_class.get(abc_class or "c", profiles))
            if last_day:
                interval = self._effective_interval(
                    company, abc_class, (product_id, warehouse_id) in drift, profile)
                targets[quant_id] = last_day + timedelta(days=interval)
            else:
                interval = company._jxc_count_interval(abc_class, profile)
                anchor = max(start, created or start)
                targets[quant_id] = anchor + timedelta(days=product_id % interval)
        return targets

    @api.model
    def _effective_interval(self, company, abc_class, in_drift, profile=None):
        interval = company._jxc_count_interval(abc_class, profile)
        return max(1, interval // 2) if in_drift else interval
