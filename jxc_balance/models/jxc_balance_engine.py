from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError

from .. import balance_math
from ..balance_run import AbcClasses, BalanceRun, BalanceSettings
from ..locks import try_advisory_xact_lock
from .jxc_balance_line import STATE_SEVERITY

# A recompute works in at least this many chunks (of at least PIPELINE_MIN_CHUNK products):
# the statistics of a chunk are read while the one before is computed.
PIPELINE_CHUNKS = 4
PIPELINE_MIN_CHUNK = 250
RUN_LOCK = "jxc_balance.recompute"


class JxcBalanceEngine(models.AbstractModel):
    """The recompute of a company's balance lines: prepare the run, cut the products in
    chunks, read each chunk's statistics, compute its lines, write them and their rules."""

    _name = "jxc.balance.engine"
    _description = "Stock Balance Engine"

    # ------------------------------------------------------------------ dates
    @api.model
    def _now(self):
        """The balance's clock: now (UTC), or the context's ``jxc_now`` (tests, benchmark)."""
        if self.env.context.get("jxc_now"):
            return fields.Datetime.to_datetime(self.env.context["jxc_now"])
        return fields.Datetime.now()

    @api.model
    def _company_today(self, company):
        """Today in the company's timezone: history windows end with yesterday."""
        tz = pytz.timezone(company.partner_id.tz or self.env.user.tz or "UTC")
        return pytz.utc.localize(self._now()).astimezone(tz).date(), tz

    @api.model
    def _utc_start_of(self, day, tz):
        """Naive UTC datetime of local midnight starting ``day`` (how Odoo stores dates)."""
        return tz.localize(datetime.combine(day, time.min)).astimezone(pytz.utc).replace(
            tzinfo=None)

    # -------------------------------------------------------------------- run
    @api.model
    def _acquire_run_lock(self, raise_if_busy):
        """Serialise recomputes: one transaction-scoped advisory lock for all of them."""
        acquired = try_advisory_xact_lock(self.env.cr, RUN_LOCK)
        if not acquired and raise_if_busy:
            raise UserError(self.env._(
                "A stock balance recompute is already running. Try again when it has finished."))
        return acquired

    @api.model
    def _run_settings(self, company):
        """Every setting a recompute of ``company`` reads, read once per run."""
        return BalanceSettings(
            # the statistics read the longest window; each line cuts its profile's from it
            history_days=self.env["jxc.balance.profile"]._longest_history_days(company),
            days_to_purchase=max(company.days_to_purchase or 0.0, 0.0),
            slow_days=company.jxc_slow_days,
            dead_days=company.jxc_dead_days,
            overstock_days=company.jxc_overstock_days,
            abc_threshold_a=company.jxc_abc_threshold_a,
            abc_threshold_b=company.jxc_abc_threshold_b,
        )

    @api.model
    def _prepare_company_run(self, company):
        """The ``BalanceRun`` of ``company``: what every chunk of its recompute shares."""
        # the statistics are read in SQL: pending ORM writes (moves, orders) go first
        self.env.flush_all()
        today, tz = self._company_today(company)
        settings = self._run_settings(company)
        forecast = self.env["jxc.balance.forecast"]
        return BalanceRun(
            company=company, today=today, tz=tz,
            since=self._utc_start_of(today - timedelta(days=balance_math.LOOKBACK_DAYS), tz),
            warehouses=self.env["stock.warehouse"].search(
                [("company_id", "=", company.id)], order="id"),
            settings=settings,
            read_days=forecast._read_days(settings.history_days),
            events=forecast._run_events(company, today),
        )

    @api.model
    def _balance_products(self, company):
        """Storable, active products the company can hold."""
        return self.env["product.product"].with_context(active_test=True).search([
            ("is_storable", "=", True),
            ("company_id", "in", [False, company.id]),
        ], order="id")

    @api.model
    def _abc_by_product(self, run):
        """``AbcClasses`` of every balanced product of the run's company."""
        self.env.flush_all()  # the ABC reads done moves in SQL
        company = run.company
        products = self._balance_products(company)
        quantities = self.env["jxc.balance.statistics"]._delivered_quantities(
            company, run.since)
        sold = products.filtered(lambda p: quantities.get(p.id, 0) > 0)
        costs = {p.id: p.standard_price for p in sold.with_company(company)}
        values = {pid: quantities[pid] * costs[pid] for pid in costs}
        pinned = {
            p.id: p.jxc_abc_class_pinned
            for p in products.with_company(company).filtered("jxc_abc_class_pinned")
        }
        classes = balance_math.abc_classes(
            {p.id: values.get(p.id, 0.0) for p in products},
            run.settings.abc_threshold_a, run.settings.abc_threshold_b, pinned=pinned)
        return AbcClasses(classes=classes, consumption=values)

    # ---------------------------------------------------------------- recompute
    @api.model
    def _recompute_company(self, company, chunk_size=5000):
        """Recompute every balance line of ``company``; returns the lines."""
        run = self._prepare_company_run(company)
        self._archive_obsolete(run)
        return self._recompute_products(run, self._balance_products(company), chunk_size)

    @api.model
    def _recompute_some_products(self, company, products):
        """Recompute the existing lines of a few ``products`` of ``company`` now.

        For what changes one product's quantities (an approved draft): the ABC classes
        are the lines' own, kept until the next full run, so no company-wide read is
        needed. Products without a line wait for the nightly run.
        """
        lines = self.env["jxc.balance.line"].search([
            ("company_id", "=", company.id), ("product_id", "in", products.ids)])
        products = lines.product_id & self._balance_products(company)
        if not products:
            return lines.browse()
        abc = AbcClasses(
            classes={line.product_id.id: line.abc_class or "c" for line in lines},
            consumption={line.product_id.id: line.consumption_value for line in lines})
        run = self._prepare_company_run(company).with_abc(abc)
        return self.env["jxc.balance.writer"]._write_lines(
            run, products, self._compute_batch(run, products))

    @api.model
    def _recompute_stale(self, batch_size):
        """Recompute at most ``batch_size`` products not computed today; returns
        (products done, products left), over every company."""
        done = remaining = 0
        # every company: the cron runs for all of them, and there are a handful
        for company in self.env["res.company"].search([]):  # pylint: disable=no-search-all
            run = self._prepare_company_run(company)
            self._archive_obsolete(run)
            stale = self._stale_products(run)
            if done < batch_size and stale:
                batch = stale[:batch_size - done]
                self._recompute_products(run, batch)
                done += len(batch)
                stale = stale[len(batch):]
            remaining += len(stale)
        return done, remaining

    @api.model
    def _stale_products(self, run):
        """Balance products of the run's company with a warehouse not computed today."""
        self.env.flush_all()
        products = self._balance_products(run.company)
        if not run.warehouses:
            return products.browse()
        self.env.cr.execute(
            """
            SELECT product_id FROM jxc_balance_line
             WHERE company_id = %s AND active AND computed_at >= %s AND warehouse_id = ANY(%s)
          GROUP BY product_id HAVING COUNT(*) = %s
            """,
            (run.company.id, self._utc_start_of(run.today, run.tz), run.warehouses.ids,
             len(run.warehouses)),
        )
        fresh = {row[0] for row in self.env.cr.fetchall()}
        return products.filtered(lambda p: p.id not in fresh)

    @api.model
    def _archive_obsolete(self, run):
        """Lines of products no longer balanced or of archived warehouses are archived."""
        obsolete = self.env["jxc.balance.line"].search([
            ("company_id", "=", run.company.id),
            "|", ("warehouse_id", "not in", run.warehouses.ids),
            ("product_id", "not in", self._balance_products(run.company).ids),
        ])
        obsolete.write({"active": False})

    @api.model
    def _recompute_products(self, run, products, chunk_size=5000):
        """Compute, then create or update the lines of ``products`` in every warehouse.

        At most ``chunk_size`` products at a time; the statistics of the next chunk are read
        while the current one is computed (``jxc.balance.pipeline``), so a run of few
        products is cut in several chunks too. The company's ABC classes are computed
        while the first chunk is read.
        """
        size = min(chunk_size, max(-(-len(products) // PIPELINE_CHUNKS), PIPELINE_MIN_CHUNK))
        chunks = [products[start:start + size] for start in range(0, len(products), size)]
        writer = self.env["jxc.balance.writer"]
        lines = self.env["jxc.balance.line"].browse()
        with self.env["jxc.balance.pipeline"]._read_ahead(run, chunks) as batches:
            if chunks:
                run = run.with_abc(self._abc_by_product(run))
            for chunk, statistics in batches:
                lines |= writer._write_lines(
                    run, chunk, self._compute_batch(run, chunk, statistics))
        return lines

    @api.model
    def _compute_batch(self, run, products, statistics=None):
        """Line values {(product_id, warehouse_id): vals} for a batch of products.

        ``statistics``: the chunk's ``BatchStatistics`` when already read (by the
        pipeline); read here otherwise. So are the ABC classes missing from ``run``.
        """
        if statistics is None:
            statistics = self.env["jxc.balance.statistics"]._read_batch(run, products)
        if run.abc is None:
            run = run.with_abc(self._abc_by_product(run))
        company, today, tz, settings = run.company, run.today, run.tz, run.settings
        facts, observed = statistics.facts, statistics.observed
        forecast = self.env["jxc.balance.forecast"]
        service = self.env["jxc.balance.service"]
        products = products.with_company(company)
        costs = {p.id: p.standard_price for p in products}
        profiles = self.env["jxc.balance.profile"]._resolve_for_products(
            company, products, run.abc.classes)
        pinned_ss = {p.id: p.jxc_safety_stock_pinned for p in products if p.jxc_pin_safety_stock}
        # the run's clock: _stale_products compares the stamp with the start of the run's
        # day, so both read the same (jxc_now) clock, as the drafts cron's stamp does
        now = self._now()
        result = {}
        for warehouse_id in run.warehouses.ids:
            quantities = statistics.quantities[warehouse_id]
            for product_id in products.ids:
                if product_id not in facts:
                    # deleted by another transaction since this one began, seen by the
                    # statistics' helper thread: its lines go with it
                    continue
                key = (product_id, warehouse_id)
                vendor_id, promised = statistics.vendors.get(product_id, (False, 0))
                abc_class = run.abc.classes.get(product_id, "c")
                profile = profiles[product_id]
                policy = profile.settings
                by_day = statistics.sales.get(key, {})
                # a day whose returns exceed its sales counts as a day without demand
                demand_by_day = {day: qty for day, qty in by_day.items() if qty > 0}
                categ_path, rounding = facts[product_id]
                last_sale, last_out, first_in = (
                    self._local_date(utc, tz)
                    for utc in statistics.last_dates.get(key, (None, None, None)))
                lead_times = observed.get((product_id, vendor_id), [])
                qty = quantities[product_id]
                qty_available = qty["qty_available"]
                # the days of the window that began with an empty shelf say nothing of
                # the demand: left out of it (and counted)
                history_in_stock = balance_math.in_stock_mask(
                    qty_available, statistics.moved.get(key, {}), demand_by_day,
                    today - timedelta(days=1), run.read_days)
                in_stock = history_in_stock[-policy.history_days:]
                params = forecast._line_parameters(
                    run, categ_path, vendor_id, by_day, demand_by_day, first_in,
                    policy.history_days,
                    observed_lead_times=lead_times,
                    promised_lead_time=promised or 0.0,
                    days_to_purchase=settings.days_to_purchase,
                    # the target read as a cycle service level, whatever its metric
                    service_level=policy.service_level,
                    cover_days=policy.cover_days,
                    seasonal_allowed=policy.forecast_method != "flat",
                    rounding=rounding,
                    pinned_safety_stock=pinned_ss.get(product_id),
                    in_stock=in_stock,
                    history_in_stock=history_in_stock,
                    review_days=balance_math.NIGHTLY_REVIEW_DAYS,
                )
                qty_forecast = qty_available + qty["incoming_qty"] - qty["outgoing_qty"]
                # the cover reads the demand the line plans with: the seasonal forecast
                # when that method won the backtest, the flat average otherwise
                cover = balance_math.days_of_cover(qty_available, (
                    params["forecast_daily_demand"] if params["forecast_method"] == "seasonal"
                    else params["avg_daily_demand"]))
                # a day with nothing on the shelf could not sell: not a day without sale
                days_without_sale = self._days_in_stock_since(
                    last_sale or first_in, today, history_in_stock)
                state = balance_math.balance_state(
                    qty_available=qty_available, qty_forecast=qty_forecast,
                    safety_stock=params["safety_stock"],
                    reorder_point=params["reorder_point"], days_of_cover=cover,
                    days_without_outgoing=self._days_in_stock_since(
                        last_out, today, history_in_stock),
                    days_without_sale=self._days_in_stock_since(
                        last_sale, today, history_in_stock),
                    days_since_first_receipt=self._days_since(first_in, today),
                    demand_mean=params["avg_daily_demand"],
                    slow_days=settings.slow_days, dead_days=settings.dead_days,
                    overstock_days=settings.overstock_days,
                )
                result[key] = dict(
                    params,
                    company_id=company.id,
                    vendor_id=vendor_id,
                    lead_time_promised=promised or 0.0,
                    lead_time_observed=(
                        sum(lead_times) / len(lead_times)
                        if params["lead_time_source"] == "observed" else 0.0),
                    receipt_count=len(lead_times),
                    service_level=policy.service_level,
                    profile_id=profile.profile_id,
                    profile_source=profile.source,
                    abc_class=abc_class,
                    consumption_value=run.abc.consumption.get(product_id, 0.0),
                    qty_available=qty_available,
                    qty_incoming=qty["incoming_qty"],
                    qty_outgoing=qty["outgoing_qty"],
                    qty_forecast=qty_forecast,
                    days_of_cover=cover if cover is not None else False,
                    stock_value=qty_available * costs[product_id],
                    last_sale_date=last_sale or False,
                    days_without_sale=days_without_sale or 0,
                    last_outgoing_date=last_out or False,
                    state=state,
                    state_priority=STATE_SEVERITY[state],
                    computed_at=now,
                    active=True,
                )
                # the service the line achieved, in its profile's metric
                result[key].update(service._line_values(
                    run, history_in_stock, statistics.received.get(key, {}), demand_by_day,
                    first_in, policy.service_metric))
        return result

    @api.model
    def _local_date(self, utc_datetime, tz):
        """The local date of a naive UTC datetime in ``tz``; False without one."""
        if not utc_datetime:
            return False
        return pytz.utc.localize(utc_datetime).astimezone(tz).date()

    @api.model
    def _days_in_stock_since(self, local_day, today, in_stock):
        """``_days_since`` less the stockout days among them (``in_stock``: one boolean
        per day up to yesterday, oldest first)."""
        days = self._days_since(local_day, today)
        if not days:
            return days
        return days - in_stock[-days:].count(False)

    @api.model
    def _days_since(self, local_day, today):
        """Whole days from ``local_day`` to today (never negative); None without a day."""
        if not local_day:
            return None
        return max((today - local_day).days, 0)
