"""Demo data: 小张的超市 (Xiao Zhang's supermarket), two years of real stock history.

The history is planned in plain Python first (``history.plan.build_plan``: deterministic,
a fixed seed, dates relative to today), then written as real Odoo records by
``jxc.balance.demo.loader``: purchase orders confirmed and received through the ORM, the
daily customer deliveries (and a few returns and cash purchases) as one ORM-validated
template move per product, warehouse and kind plus dated copies in SQL.

Every product is planned towards an intended balance state (shortage, reorder, balanced,
overstock, slow, dead) by estimating, from the planned history, the parameters the balance
engine will compute (average daily demand over the company's history days, safety stock
and reorder point from the observed or promised lead time).
"""

import functools
import logging
import statistics
import time
from datetime import datetime, timedelta

import pytz

from odoo import Command, api, fields, models
from odoo.addons.jxc_balance import balance_math
from odoo.tools.translate import code_translations

from ..history.catalog import (
    CATEGORIES,
    CODE_PREFIX,
    DEMO_EVENT,
    DEMO_PRESET_CATEGORIES,
    DEMO_PRESETS,
    PRODUCTS,
    VENDORS,
)
from ..history.plan import build_plan

_logger = logging.getLogger(__name__)


class JxcBalanceDemo(models.AbstractModel):
    _name = "jxc.balance.demo"
    _description = "Stock Balance Demo Data"

    @api.model
    def _demo_user_languages(self, user_ids):
        """The shop's people read Chinese when it is loaded (``--load-language=zh_CN``)."""
        if self.env["res.lang"]._lang_get("zh_CN"):
            self.env["res.users"].browse(user_ids).write({"lang": "zh_CN"})
        return True

    @api.model
    def _generate_demo_data(self):
        """Builds Xiao Zhang's supermarket: 42 products, 3 vendors, 2 years of history."""
        started = time.time()
        if self.env["product.product"].with_context(active_test=False).search_count(
                [("default_code", "=like", CODE_PREFIX + "%")], limit=1):
            _logger.info("jxc demo: demo products already exist, nothing to do")
            return True
        company = self.env.ref("jxc_balance_demo.demo_company_shop")
        demo = self.with_company(company).with_context(
            tracking_disable=True, mail_create_nolog=True, mail_notrack=True,
            mail_create_nosubscribe=True, lang="en_US")
        today = fields.Date.context_today(demo)
        tz = pytz.timezone("Asia/Shanghai")
        demo._demo_keep_furniture_out(company)
        demo._demo_presets(company)
        # the plan estimates the engine's numbers: the same review days and weekday
        plan = build_plan(today, demo._demo_settings(company), functools.partial(
            balance_math.forecast_parameters, review_days=balance_math.NIGHTLY_REVIEW_DAYS,
            last_day_weekday=(today - timedelta(days=1)).weekday()))

        categories = demo._demo_categories()
        vendors = demo._demo_vendors()
        products = demo._demo_products(company, categories, vendors)
        warehouses = demo._demo_warehouses(company)

        def utc(local):
            """Naive UTC datetime of a naive shop-time datetime."""
            return tz.localize(local).astimezone(pytz.utc).replace(tzinfo=None)

        timings = [time.time()]
        loader = demo.env["jxc.balance.demo.loader"]
        order_count = loader._demo_purchases(plan, products, vendors, warehouses, utc)
        timings.append(time.time())
        move_count, customer_moves = loader._demo_moves(plan, products, warehouses, utc)
        timings.append(time.time())
        sale_count = loader._demo_sale_orders(
            products, warehouses, customer_moves, utc,
            self.env.ref("jxc_balance_demo.demo_partner_walk_in"),
            self.env.ref("jxc_balance_demo.demo_user_xiaowang"))
        demo.env.invalidate_all()
        timings.append(time.time())

        demo._demo_events(company, categories, today)
        count_count = demo._demo_counts(products, warehouses, utc, today)

        # what the nightly crons would do: balance, reorder drafts for the buyers, alerts,
        # next count dates
        lines = self.env["jxc.balance.line"].with_company(company)
        lines.action_recompute()
        lines.action_generate_reorder_drafts()
        self.env["jxc.balance.alert"].with_company(company).action_scan()
        self.env["jxc.balance.count"]._schedule_company(company)
        self.env.flush_all()
        timings.append(time.time())
        _logger.info("jxc demo: %s applied counts", count_count)
        _logger.info(
            "jxc demo: %s products, %s purchase orders, %s stock moves, %s sale orders in "
            "%.1f s (plan and master data %.1f s, purchases %.1f s, moves %.1f s, sale orders "
            "%.1f s, recompute %.1f s)",
            len(products), order_count, move_count, sale_count, timings[-1] - started,
            timings[0] - started, *(b - a for a, b in zip(timings, timings[1:], strict=False)))
        return True

    @api.model
    def _demo_counts(self, products, warehouses, utc, today):
        """Physical counts applied through Odoo's own quant API, oldest first, then dated:
        the mineral water came up short twice in a row (count drift), the rest were on
        the mark or within the tolerance."""
        counts = [  # (code, warehouse, days ago, difference)
            ("STA-002", "main", 75, 0),
            ("DRK-001", "main", 45, -60),
            ("BKD-001", "main", 30, 0),
            ("SNK-005", "main", 20, 0),
            ("DRK-002", "st2", 16, 0),
            ("DRK-001", "main", 12, -45),
            ("ELE-005", "main", 8, -1),
            ("SNK-007", "main", 5, 0),
        ]
        Quant = self.env["stock.quant"]
        for code, warehouse, days_ago, difference in counts:
            quant = Quant.search([
                ("product_id", "=", products[code].id),
                ("location_id", "=", warehouses[warehouse].lot_stock_id.id)], limit=1)
            if not quant:
                _logger.warning("jxc demo: no stock of %s to count in %s", code, warehouse)
                continue
            quant.inventory_quantity = quant.quantity + difference
            quant.action_apply_inventory()
            move = self.env["stock.move"].search([
                ("product_id", "=", products[code].id), ("is_inventory", "=", True)],
                order="id desc", limit=1)
            when = utc(datetime.combine(today - timedelta(days=days_ago), datetime.min.time())
                       .replace(hour=20))
            move.write({"date": when})
            move.move_line_ids.write({"date": when})
        return len(counts)

    # ------------------------------------------------------------- settings
    @api.model
    def _demo_settings(self, company):
        """The engine settings the plan steers by (defaults when a field is missing)."""
        profile = self._demo_profile_settings(company)
        levels = profile["service_levels"]
        normal = statistics.NormalDist()
        return {
            "history_days": profile["history_days"],
            "overstock_days": getattr(company, "jxc_overstock_days", 120) or 120,
            "slow_days": getattr(company, "jxc_slow_days", 60) or 60,
            "dead_days": getattr(company, "jxc_dead_days", 180) or 180,
            "days_to_purchase": company.days_to_purchase or 0.0,
            "z_lo": normal.inv_cdf(min(levels)),
            "z_hi": normal.inv_cdf(max(levels)),
            "level_lo": min(levels),
            "level_hi": max(levels),
            "cover_days": profile["cover_days"],
            "events": self._demo_planned_events(company),
        }

    @api.model
    def _demo_profile_settings(self, company):
        """Service levels (A, B, C), history and cover days the engine will use: those of
        the company's class profiles (the demo sets no product or category profile)."""
        profiles = self.env["jxc.balance.profile"]
        by_class = {abc_class: profiles._class_settings(company, abc_class) for abc_class in "abc"}
        return {
            "service_levels": [by_class[abc_class].service_level for abc_class in "abc"],
            "history_days": by_class["b"].history_days,
            "cover_days": by_class["b"].cover_days,
        }

    # ------------------------------------------------------------------ events
    @api.model
    def _demo_planned_events(self, company):
        """{category key: [event dicts]} of the events ``_demo_events`` confirms."""
        today = fields.Date.context_today(self)
        planned = {key: [] for key in CATEGORIES}
        planned[DEMO_EVENT["categ"]].append({
            "id": "demo", "start": DEMO_EVENT["start"], "stop": DEMO_EVENT["stop"],
            "uplift": DEMO_EVENT["uplift"], "extension": 0})
        for xmlid in DEMO_PRESETS:
            preset = self.env.ref(f"jxc_balance_demo.demo_{xmlid}", raise_if_not_found=False)
            if not preset or preset.company_id != company:
                continue
            for key in DEMO_PRESET_CATEGORIES:
                planned[key].append({
                    "id": xmlid, "start": (preset.date_start - today).days,
                    "stop": (preset.date_stop - today).days, "uplift": preset.uplift,
                    "extension": preset.lead_time_extension})
        return planned

    @api.model
    def _demo_events(self, company, categories, today):
        """Confirm the 618 and 双十一 presets (fixed days) for the drinks, electronics and
        snacks; add the shop's own promotion a few days ahead, on the snacks."""
        presets = self.env["jxc.balance.event"]
        for xmlid in DEMO_PRESETS:
            presets |= self.env.ref(f"jxc_balance_demo.demo_{xmlid}",
                                    raise_if_not_found=False) or presets
        presets.filtered(lambda event: event.company_id == company).write({
            "dates_confirmed": True,
            "categ_ids": [Command.set([categories[key].id
                                      for key in DEMO_PRESET_CATEGORIES])],
        })
        event = self.env["jxc.balance.event"].create({
            "name": DEMO_EVENT["name"][0],
            "event_type": "promotion",
            "date_start": today + timedelta(days=DEMO_EVENT["start"]),
            "date_stop": today + timedelta(days=DEMO_EVENT["stop"]),
            "dates_confirmed": True,
            "uplift": DEMO_EVENT["uplift"],
            "categ_ids": [Command.set([categories[DEMO_EVENT["categ"]].id])],
            "company_id": company.id,
        })
        self._demo_xmlids({"demo_event_anniversary": event})
        self._demo_translate([(event, DEMO_EVENT["name"][1])])

    # ---------------------------------------------------------------- company
    @api.model
    def _demo_keep_furniture_out(self, company):
        """Odoo's own storable demo products (office furniture, shared by every company)
        become the main company's, where their stock is: the shop balances its own goods."""
        main = self.env.ref("base.main_company", raise_if_not_found=False)
        if not main or main == company:
            return
        shared = self.env["product.template"].with_context(active_test=False).search([
            ("is_storable", "=", True), ("company_id", "=", False)])
        shared.write({"company_id": main.id})

    @api.model
    def _demo_presets(self, company):
        """The shop's own copies of the event presets shipped for the main company (so its
        calendar has 618, 双十一, the school terms and the Spring Festival), unconfirmed."""
        main = self.env.ref("base.main_company", raise_if_not_found=False)
        if not main or main == company:
            return
        events = self.env["jxc.balance.event"]
        data = self.env["ir.model.data"].search([
            ("module", "=", "jxc_balance"), ("model", "=", "jxc.balance.event")])
        copies = {}
        for record in data:
            preset = events.browse(record.res_id).exists()
            if preset and preset.company_id == main:
                copies[f"demo_{record.name}"] = preset.copy({
                    "company_id": company.id, "preset_code": preset.preset_code})
        self._demo_xmlids(copies)

    # ------------------------------------------------------------ master data
    @api.model
    def _demo_xmlids(self, records_by_name):
        """External ids ``jxc_balance_demo.<name>`` for the records (tests and users find them)."""
        self.env["ir.model.data"]._update_xmlids([
            {"xml_id": f"jxc_balance_demo.{name}", "record": record, "noupdate": True}
            for name, record in records_by_name.items()
        ])

    @api.model
    def _demo_translate(self, records_and_names, field_name="name"):
        """Chinese names, when Chinese is installed."""
        if not self.env["res.lang"]._lang_get("zh_CN"):
            return
        for record, name in records_and_names:
            record.with_context(lang="zh_CN")[field_name] = name

    @api.model
    def _demo_categories(self):
        """The six product categories, by catalogue key."""
        parent = self.env.ref("product.product_category_all", raise_if_not_found=False)
        keys = list(CATEGORIES)
        records = self.env["product.category"].create([{
            "name": f"{CATEGORIES[key][0]} {CATEGORIES[key][1]}",
            "parent_id": parent.id if parent else False,
        } for key in keys])
        # the history is written in SQL: no automated (real-time) valuation entries
        records.write({"property_cost_method": "standard",
                       "property_valuation": "manual_periodic"})
        self._demo_xmlids({f"demo_categ_{key}": record
                           for key, record in zip(keys, records, strict=True)})
        return dict(zip(keys, records, strict=True))

    @api.model
    def _demo_vendors(self):
        """The three vendors, by catalogue key."""
        keys = list(VENDORS)
        china = self.env.ref("base.cn", raise_if_not_found=False)
        records = self.env["res.partner"].create([{
            "name": VENDORS[key]["name"],
            "is_company": True,
            "city": VENDORS[key]["city"],
            "country_id": china.id if china else False,
            "supplier_rank": 1,
        } for key in keys])
        self._demo_xmlids({f"demo_vendor_{key}": record
                           for key, record in zip(keys, records, strict=True)})
        return dict(zip(keys, records, strict=True))

    @api.model
    def _demo_products(self, company, categories, vendors):
        """The 42 storable products with their vendor lines, by code."""
        vals_list = []
        for spec in PRODUCTS:
            vals = {
                "name": spec["name"],
                "default_code": CODE_PREFIX + spec["code"],
                "type": "consu",
                "is_storable": True,
                "categ_id": categories[spec["categ"]].id,
                "list_price": spec["list_price"],
                "standard_price": spec["cost"],
                "company_id": company.id,
                "sale_ok": True,
                "purchase_ok": True,
            }
            if spec["vendor"]:
                vendor = VENDORS[spec["vendor"]]
                vals["seller_ids"] = [Command.create({
                    "partner_id": vendors[spec["vendor"]].id,
                    "price": spec["cost"],
                    "delay": vendor["delay"],
                    "min_qty": spec["min_qty"],
                    "company_id": company.id,
                })]
            vals_list.append(vals)
        records = self.env["product.product"].create(vals_list)
        by_code = dict(zip((spec["code"] for spec in PRODUCTS), records, strict=True))
        self._demo_translate([(by_code[spec["code"]].product_tmpl_id, spec["zh"])
                              for spec in PRODUCTS])
        self._demo_xmlids({
            "demo_product_" + spec["code"].lower().replace("-", "_"): by_code[spec["code"]]
            for spec in PRODUCTS})
        return by_code

    @api.model
    def _demo_translate_store_operations(self, warehouses):
        """The stores' operation types (Receipts, Delivery Orders…) in Chinese too: Odoo
        names them in the installer's language only, with its own translated words."""
        if not self.env["res.lang"]._lang_get("zh_CN"):
            return
        words = code_translations.get_python_translations("stock", "zh_CN")
        types = self.env["stock.picking.type"].with_context(active_test=False).search(
            [("warehouse_id", "in", warehouses.ids)])
        for picking_type in types:
            name = picking_type.with_context(lang="en_US").name
            if words.get(name):
                picking_type.with_context(lang="zh_CN").name = words[name]

    @api.model
    def _demo_warehouses(self, company):
        """The shop's two stores, 一号店 (the company's warehouse) and 二号店 (created once,
        a year ago in the history), by plan key."""
        Warehouse = self.env["stock.warehouse"]
        stores = {}
        for key, name, code in (("main", "一号店", "ST1"), ("st2", "二号店", "ST2")):
            stores[key] = Warehouse.search(
                [("company_id", "=", company.id), ("code", "=", code)], limit=1) \
                or Warehouse.create({"name": name, "code": code, "company_id": company.id,
                                     "partner_id": company.partner_id.id})
        main, st2 = stores["main"], stores["st2"]
        self._demo_translate_store_operations(main | st2)
        self._demo_xmlids({"demo_warehouse_st1": main, "demo_warehouse_st2": st2})
        return {"main": main, "st2": st2}
