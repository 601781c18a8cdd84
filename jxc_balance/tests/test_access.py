"""Who reaches what, locks held by another worker, and bad input (TransactionCase).

The same rules seen through a real RPC client are in test_rpc_access.py.
"""

import inspect
import io
import logging
from contextlib import contextmanager

import openpyxl
from psycopg2 import sql as pgsql

from odoo import Command, sql_db
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.modules.module import get_manifest
from odoo.tests import Form, new_test_user, tagged
from odoo.tools import convert_file

from .common import JxcTwoShopsCommon

LINE_LOGGER = "odoo.addons.jxc_balance.models.jxc_balance_line"
ALERT_LOGGER = "odoo.addons.jxc_balance.models.jxc_balance_alert"

# Every public method the addon defines (callable over RPC), and what guards it. ORM entry
# points (create, write, unlink; init is private over RPC) are guarded by the ORM itself.
PUBLIC_METHODS = {
    "jxc.balance.line": {
        "action_recompute": "Balance Manager",
        "action_export_xlsx": "Balance User, then record rules on read",
        "action_generate_reorder_drafts": "Balance Manager or purchase user, own companies",
    },
    "jxc.balance.alert": {
        "action_open_forecast": "record rules (reads the alert)",
        "action_open_product_moves": "record rules (reads the alert)",
        "action_mark_handled": "write access (Balance Manager) and record rules",
        "action_scan": "Balance Manager, own companies",
    },
    "jxc.balance.event": {
        "action_confirm_dates": "Balance Manager, then write access and record rules",
        "action_next_year": "Balance Manager, then create access and record rules",
    },
    "jxc.balance.lead.time.wizard": {
        "action_apply": "Balance Manager or Purchase Administrator, own companies",
    },
    "jxc.balance.dashboard": {"get_dashboard_data": "Balance User, own companies"},
    "jxc.balance.count": {"action_schedule_counts": "Balance Manager, own companies"},
    "jxc.balance.export": {"export_lines": "Balance User (dashboard), then record rules"},
    "product.product": {"action_open_jxc_balance_lines": "returns a domain only"},
    "product.template": {"action_open_jxc_balance_lines": "returns a domain only"},
    "purchase.order": {
        "action_jxc_approve_drafts": "purchase user, then record rules",
        # Odoo's own, guarded by Odoo; the balance refresh after them runs as the system
        "button_confirm": "Odoo's access to the order",
        "button_approve": "Odoo's access to the order",
    },
    "purchase.order.line": {"jxc_set_quantity": "purchase user, RFQs only, record rules"},
    "res.company": {"jxc_action_balance_settings": "Balance Manager; returns an action only"},
}
ORM_ENTRY_POINTS = {"init", "create", "write", "unlink"}


def hold_lock(dbname, key):
    """Another worker's transaction holding the advisory lock ``key``; close() it after."""
    other = sql_db.db_connect(dbname).cursor()
    other.execute(pgsql.SQL("SELECT pg_try_advisory_xact_lock(hashtext({}))").format(
        pgsql.Literal(key)))
    if not other.fetchone()[0]:
        other.close()
        raise AssertionError(f"the test's own transaction holds the lock {key}")
    return other


@tagged("post_install", "-at_install")
class TestAccess(JxcTwoShopsCommon):
    """Two shops (see JxcTwoShopsCommon): users of one see nothing of the other; Balance
    Users read but change nothing; portal and public users reach nothing at all."""

    # ------------------------------------------------------------------ helpers
    def as_user(self, user, company=None):
        company = company or user.company_id
        return self.env(user=user, context=dict(self.env.context,
                                                allowed_company_ids=[company.id]))

    def kpis(self, data):
        return {kpi["key"]: kpi["value"] for kpi in data["kpis"]}

    @contextmanager
    def refused(self, exception, pattern):
        """assertRaises (which rolls back what the failed call wrote) + the message."""
        with self.assertRaises(exception) as caught:
            yield caught
        self.assertRegex(str(caught.exception), pattern)

    def make_stale(self, company):
        """Lines computed two days ago: what the cron would recompute."""
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE jxc_balance_line SET computed_at = computed_at - interval '2 days' "
            "WHERE company_id = %s", (company.id,))
        self.env.invalidate_all()

    # --------------------------------------------------------- company separation
    def test_user_reads_own_company_only(self):
        env = self.as_user(self.balance_user)
        mine = self.records_of("jxc.balance.line", self.company)
        theirs = self.records_of("jxc.balance.line", self.other_company)
        self.assertTrue(mine.filtered(lambda line: line.product_id == self.tea))
        self.assertTrue(theirs.filtered(lambda line: line.product_id == self.other_tea))

        lines = env["jxc.balance.line"].search([])
        self.assertEqual(lines, mine.with_env(env))
        self.assertFalse(env["jxc.balance.line"].search([("company_id", "=",
                                                          self.other_company.id)]))
        groups = env["jxc.balance.line"].read_group([], ["stock_value:sum"], ["company_id"])
        self.assertEqual([group["company_id"][0] for group in groups], [self.company.id])
        with self.assertRaises(AccessError):
            theirs.with_env(env).read(["state"])

        alerts = env["jxc.balance.alert"].search([])
        self.assertEqual(alerts, self.records_of("jxc.balance.alert", self.company).with_env(env))
        self.assertIn(self.coat, alerts.product_id)
        other_alerts = self.records_of("jxc.balance.alert", self.other_company)
        self.assertTrue(other_alerts)
        with self.assertRaises(AccessError):
            other_alerts.with_env(env).read(["message"])
        with self.assertRaises(AccessError):
            other_alerts[:1].with_env(env).action_open_forecast()

        report = env["jxc.balance.vendor.report"].search([])
        self.assertIn(self.tea, report.product_id)
        self.assertEqual(report.company_id, self.company)
        other_rows = self.records_of("jxc.balance.vendor.report", self.other_company)
        self.assertEqual(other_rows.product_id, self.other_tea)
        with self.assertRaises(AccessError):
            other_rows.with_env(env).read(["observed_days"])

        # the shop B user sees shop B only
        other_env = self.as_user(self.other_user)
        self.assertEqual(other_env["jxc.balance.line"].search([]), theirs.with_env(other_env))
        # a company the user does not belong to cannot be asked for
        with self.assertRaises(AccessError):
            self.as_user(self.balance_user, company=self.other_company)[
                "jxc.balance.line"].search([])

    def test_drafted_rfqs_stay_in_their_shop(self):
        drafted = self.env["purchase.order"].search([("jxc_drafted", "=", True)])
        mine = drafted.filtered(lambda order: order.company_id == self.company)
        theirs = drafted - mine
        self.assertIn(self.tea, mine.order_line.product_id)
        self.assertIn(self.other_tea, theirs.order_line.product_id)
        env = self.as_user(self.buyer)
        self.assertEqual(env["purchase.order"].search([("jxc_drafted", "=", True)]),
                         mine.with_env(env))
        with self.assertRaises(AccessError):
            theirs.with_env(env).read(["name"])
        with self.assertRaises(AccessError):
            theirs.with_env(env).action_jxc_approve_drafts()
        # drafting as a buyer of shop A, even naming shop B's lines, drafts nothing there
        other_lines = self.records_of("jxc.balance.line", self.other_company)
        count = self.env["purchase.order.line"].search_count([])
        self.env["purchase.order"].search([("jxc_drafted", "=", True)]).button_cancel()
        self.env.flush_all()
        other_lines.with_user(self.balance_manager).action_generate_reorder_drafts()
        self.assertEqual(self.env["purchase.order.line"].search_count([]), count)
        # a Balance User with no purchase rights reads (through stock) shop A's only
        env = self.as_user(self.balance_user)
        self.assertEqual(env["purchase.order"].search([("jxc_drafted", "=", True)]).company_id,
                         self.company)

    def test_export_and_dashboard_of_own_company(self):
        env = self.as_user(self.balance_user)
        action = env["jxc.balance.line"].action_export_xlsx()
        attachment = self.env["ir.attachment"].browse(
            int(action["url"].split("/")[-1].split("?")[0]))
        workbook = openpyxl.load_workbook(io.BytesIO(attachment.raw))
        warehouses = self.records_of("jxc.balance.line", self.company).warehouse_id
        self.assertEqual(sorted(workbook.sheetnames[1:]),
                         sorted(wh.code for wh in warehouses))
        cells = [str(cell) for sheet in workbook for row in sheet.iter_rows(values_only=True)
                 for cell in row if cell is not None]
        self.assertIn("Green Tea", cells)
        self.assertFalse([cell for cell in cells if "(B)" in cell])
        # shop B's lines, by record or by ids (as over RPC): refused
        theirs = self.records_of("jxc.balance.line", self.other_company)
        with self.assertRaises(AccessError):
            theirs.with_env(env).action_export_xlsx()
        with self.assertRaises(AccessError):
            env["jxc.balance.export"].export_lines(theirs.ids)
        with self.assertRaises(AccessError):
            env["jxc.balance.line"].action_export_xlsx(warehouse_id=self.other_warehouse.id)

        Line = self.env["jxc.balance.line"]
        data = env["jxc.balance.dashboard"].get_dashboard_data()
        self.assertEqual([wh["id"] for wh in data["warehouses"]],
                         self.env["stock.warehouse"].search(
                             [("company_id", "=", self.company.id)]).ids)
        kpis = self.kpis(data)
        self.assertEqual(kpis["reorder"], Line.search_count(
            [("company_id", "=", self.company.id), ("state", "=", "reorder")]))
        self.assertEqual(kpis["open_alerts"], self.env["jxc.balance.alert"].search_count(
            [("company_id", "=", self.company.id), ("state", "=", "open")]))
        self.assertGreaterEqual(kpis["reorder"], 1)
        # shop B's warehouse: nothing of shop B comes back
        data = env["jxc.balance.dashboard"].get_dashboard_data(
            warehouse_id=self.other_warehouse.id)
        self.assertEqual(set(self.kpis(data).values()), {0})
        self.assertEqual(set(data["charts"]["lines_by_state"]["values"]), {0})
        self.assertNotIn(self.other_warehouse.id, [wh["id"] for wh in data["warehouses"]])
        # the shop B user's figures are shop B's
        other = self.kpis(self.as_user(self.other_user)[
            "jxc.balance.dashboard"].get_dashboard_data())
        self.assertEqual(other["reorder"], Line.search_count(
            [("company_id", "=", self.other_company.id), ("state", "=", "reorder")]))

    # ------------------------------------------------------------ Balance Users
    def test_balance_user_changes_nothing(self):
        env = self.as_user(self.balance_user)
        with self.assertRaises(AccessError):
            self.company.with_env(env).write({"jxc_slow_days": 30})
        with self.assertRaises(AccessError):
            env["res.config.settings"].create({"jxc_slow_days": 30})
        with self.assertRaises(AccessError):
            self.profile_a.with_env(env).write({"history_days": 30})
        with self.assertRaises(AccessError):
            env["jxc.balance.profile"].create({"name": "Mine", "history_days": 30})
        self.assertEqual((self.company.jxc_slow_days, self.profile_a.history_days), (60, 10))

        for vals in ({"jxc_pin_safety_stock": True}, {"jxc_safety_stock_pinned": 5.0},
                     {"jxc_abc_class_pinned": "a"}):
            with self.subTest(vals=vals), self.refused(
                    AccessError, "Only a Balance Manager can pin"):
                self.tea.with_env(env).write(vals)
        with self.assertRaises(AccessError):
            self.tea.product_tmpl_id.with_env(env).write({"jxc_abc_class_pinned": "a"})
        tea = self.tea.with_company(self.company)
        self.assertEqual((tea.jxc_pin_safety_stock, tea.jxc_safety_stock_pinned,
                          tea.jxc_abc_class_pinned), (False, 0.0, False))

        stamps = self.records_of("jxc.balance.line", self.company).mapped("computed_at")
        alert_count = self.env["jxc.balance.alert"].search_count([])
        with self.refused(AccessError, "Only a Balance Manager can recompute"):
            env["jxc.balance.line"].action_recompute()
        with self.refused(AccessError, "Only a Balance Manager can scan"):
            env["jxc.balance.alert"].action_scan()
        with self.refused(AccessError, "Balance Manager or a purchase user"):
            env["jxc.balance.line"].action_generate_reorder_drafts()
        with self.assertRaises(AccessError):
            self.records_of("jxc.balance.alert", self.company).with_env(env)\
                .action_mark_handled()
        with self.assertRaises(AccessError):
            self.records_of("jxc.balance.line", self.company)[:1].with_env(env).write(
                {"state": "balanced"})
        self.assertEqual(self.records_of("jxc.balance.line", self.company)
                         .mapped("computed_at"), stamps)
        self.assertEqual(self.env["jxc.balance.alert"].search_count([]), alert_count)

    def test_pins_need_a_balance_manager_of_the_company(self):
        # a product manager who is not a Balance Manager cannot create a pinned product
        product_manager = new_test_user(
            self.env, login="jxc_product_manager", groups="base.group_user,"
            "product.group_product_manager", company_id=self.company.id,
            company_ids=[self.company.id])
        env = self.as_user(product_manager)
        with self.refused(AccessError, "Only a Balance Manager can pin"):
            env["product.product"].create({
                "name": "Pinned Rice", "is_storable": True, "company_id": self.company.id,
                "jxc_pin_safety_stock": True, "jxc_safety_stock_pinned": 10})
        # without pins, creating products is untouched
        self.assertTrue(env["product.product"].create({
            "name": "Plain Rice", "is_storable": True, "company_id": self.company.id}))
        # a Balance Manager of shop A pins nothing of shop B
        manager_env = self.as_user(self.balance_manager)
        with self.assertRaises(AccessError):
            self.other_tea.with_env(manager_env).write({"jxc_pin_safety_stock": True})
        with self.assertRaises(AccessError):
            self.as_user(self.balance_manager, company=self.other_company)["product.product"]\
                .browse(self.tea.id).write({"jxc_pin_safety_stock": True})
        self.tea.with_env(manager_env).write({"jxc_pin_safety_stock": True})
        self.assertTrue(self.tea.with_company(self.company).jxc_pin_safety_stock)
        self.assertFalse(self.tea.with_company(self.other_company).jxc_pin_safety_stock)

    # ------------------------------------------------------------- portal, public
    def test_portal_and_public_reach_nothing(self):
        line = self.records_of("jxc.balance.line", self.company)[:1]
        alert = self.records_of("jxc.balance.alert", self.company)[:1]
        order = self.env["purchase.order"].search([
            ("jxc_drafted", "=", True), ("company_id", "=", self.company.id)], limit=1)
        for user in (self.portal_user, self.public_user):
            env = self.as_user(user)
            for model in ("jxc.balance.line", "jxc.balance.alert",
                          "jxc.balance.vendor.report"):
                with self.subTest(user=user.login, model=model), \
                        self.assertRaises(AccessError):
                    env[model].search_read([], ["company_id"])
            calls = {
                "read line": lambda env=env: line.with_env(env).read(["state"]),
                "read alert": lambda env=env: alert.with_env(env).read(["message"]),
                "dashboard": lambda env=env: env["jxc.balance.dashboard"].get_dashboard_data(),
                "export": lambda env=env: env["jxc.balance.line"].action_export_xlsx(),
                "export ids": lambda env=env: env["jxc.balance.export"].export_lines(line.ids),
                "recompute": lambda env=env: env["jxc.balance.line"].action_recompute(),
                "drafts": lambda env=env: env["jxc.balance.line"]
                .action_generate_reorder_drafts(),
                "scan": lambda env=env: env["jxc.balance.alert"].action_scan(),
                "counts": lambda env=env: env["jxc.balance.count"].action_schedule_counts(),
                "forecast": lambda env=env: alert.with_env(env).action_open_forecast(),
                "moves": lambda env=env: alert.with_env(env).action_open_product_moves(),
                "handled": lambda env=env: alert.with_env(env).action_mark_handled(),
                "approve": lambda env=env: order.with_env(env).action_jxc_approve_drafts(),
                "pin": lambda env=env: self.tea.with_env(env).write(
                    {"jxc_pin_safety_stock": True}),
                "settings": lambda env=env: env["res.company"].jxc_action_balance_settings(),
            }
            for name, call in calls.items():
                with self.subTest(user=user.login, call=name), self.assertRaises(AccessError):
                    call()

    def test_every_public_method_is_audited(self):
        """A new public method fails this test until it is guarded and listed above."""
        found = {}
        for model_name in self.env.registry:
            for klass in type(self.env[model_name]).mro():
                if not klass.__module__.startswith("odoo.addons.jxc_balance."):
                    continue
                for name, member in vars(klass).items():
                    if (inspect.isfunction(member) and not name.startswith("_")
                            and name not in ORM_ENTRY_POINTS):
                        found.setdefault(model_name, set()).add(name)
        self.assertEqual(found, {model: set(methods)
                                 for model, methods in PUBLIC_METHODS.items()})
        # the two that only return an action: nothing behind it for whom may not read it
        for record in (self.tea, self.tea.product_tmpl_id):
            action = record.with_user(self.portal_user).action_open_jxc_balance_lines()
            self.assertEqual(action["res_model"], "jxc.balance.line")
            with self.assertRaises(AccessError):
                self.env["jxc.balance.line"].with_user(self.portal_user).search(
                    action["domain"])

    # -------------------------------------------------------------------- locks
    def test_cron_recompute_skips_while_locked(self):
        self.make_stale(self.company)
        Line = self.env["jxc.balance.line"]
        stale = Line.search([("company_id", "=", self.company.id)])
        stamps = stale.mapped("computed_at")
        count = Line.with_context(active_test=False).search_count([])
        other = hold_lock(self.env.cr.dbname, "jxc_balance.recompute")
        try:
            with self.assertLogs(LINE_LOGGER, logging.INFO) as logs:
                self.assertIsNone(Line._cron_recompute())
            self.assertIn("already running", "\n".join(logs.output))
            self.env.invalidate_all()
            self.assertEqual(stale.mapped("computed_at"), stamps)
            self.assertEqual(Line.with_context(active_test=False).search_count([]), count)
            # the manager's button says so instead
            with self.refused(UserError, "already running"):
                Line.with_user(self.balance_manager).action_recompute()
        finally:
            other.rollback()
            other.close()
        # the lock released, the next call does the work
        Line._cron_recompute()
        self.env.invalidate_all()
        self.assertTrue(all(stamp > max(stamps) for stamp in stale.mapped("computed_at")))

    def test_scan_refused_while_locked(self):
        Alert = self.env["jxc.balance.alert"]
        # a new condition for the scan to find: the tea's alert gone
        Alert.search([]).unlink()
        other = hold_lock(self.env.cr.dbname, "jxc_balance.alerts")
        try:
            with self.refused(UserError, "already running"):
                Alert.with_user(self.balance_manager).action_scan()
            with self.assertLogs(ALERT_LOGGER, logging.INFO) as logs:
                self.assertIsNone(Alert._cron_scan())
            self.assertIn("already running", "\n".join(logs.output))
            self.assertFalse(Alert.search([]))
        finally:
            other.rollback()
            other.close()
        Alert.with_user(self.balance_manager).action_scan()
        self.assertIn(self.coat, Alert.search([]).product_id)

    # ------------------------------------------------------------------ updates
    def test_pins_and_settings_survive_an_update(self):
        """-u jxc_balance reloads the data files: nothing there touches pins or settings."""
        Product = self.env["product.product"]
        self.assertNotIn("ir.property", self.env)  # Odoo 18: company values live in jsonb
        for name in ("jxc_pin_safety_stock", "jxc_safety_stock_pinned",
                     "jxc_abc_class_pinned"):
            field = Product._fields[name]
            self.assertTrue(field.company_dependent, name)
            self.assertEqual(field.column_type[0], "jsonb", name)
        for xmlid in ("ir_cron_balance_recompute", "ir_cron_balance_reorder",
                      "ir_cron_balance_alerts"):
            self.assertTrue(self.env["ir.model.data"].search([
                ("module", "=", "jxc_balance"), ("name", "=", xmlid)]).noupdate, xmlid)

        self.tea.with_user(self.balance_manager).with_company(self.company).write(
            {"jxc_pin_safety_stock": True, "jxc_safety_stock_pinned": 12,
             "jxc_abc_class_pinned": "a"})
        self.company.write({"jxc_slow_days": 45})
        self.profile_a.write({"history_days": 45, "service_level": 0.97})
        cron = self.env.ref("jxc_balance.ir_cron_balance_recompute")
        cron.write({"code": "model._cron_recompute(batch_size=500)"})
        for filename in get_manifest("jxc_balance")["data"]:
            convert_file(self.env, "jxc_balance", filename, {}, mode="update", kind="data")
        self.env.invalidate_all()
        tea = self.tea.with_company(self.company)
        self.assertEqual((tea.jxc_pin_safety_stock, tea.jxc_safety_stock_pinned,
                          tea.jxc_abc_class_pinned), (True, 12.0, "a"))
        self.assertEqual((self.company.jxc_slow_days, self.profile_a.history_days,
                          self.profile_a.service_level), (45, 45, 0.97))
        self.assertTrue(self.env["ir.model.data"].search([
            ("module", "=", "jxc_balance"), ("name", "=", "profile_class_a")]).noupdate)
        self.assertEqual(cron.code, "model._cron_recompute(batch_size=500)")

    # ---------------------------------------------------------------- bad input
    def test_settings_out_of_range(self):
        for record, values in (
                (self.profile_a, {"history_days": 3651}),
                (self.profile_a, {"history_days": 1000000}),
                (self.profile_a, {"history_days": -1}), (self.profile_a, {"service_level": 0.9999}),
                (self.profile_a, {"service_level": 0.0}), (self.profile_a, {"cover_days": -1}),
                (self.company, {"jxc_abc_threshold_b": 0.80}),
                (self.company, {"jxc_overstock_days": -30})):
            with self.subTest(values=values), self.assertRaises(ValidationError):
                record.write(values)
                record.flush_recordset()
        self.profile_a.write({"history_days": 3650})
        self.assertEqual(self.profile_a.history_days, 3650)
        self.profile_a.history_days = 10
        # through the settings form: one bad value, nothing of it is written
        admin = new_test_user(
            self.env, login="jxc_settings_admin", groups="base.group_user,base.group_system,"
            "stock.group_stock_manager", company_id=self.company.id,
            company_ids=[self.company.id])
        settings = Form(self.env["res.config.settings"].with_user(admin).with_company(
            self.company))
        settings.jxc_slow_days = 45
        settings.jxc_abc_threshold_a = 0.99
        with self.refused(ValidationError, "0 < threshold A < threshold B < 1"):
            settings.save().execute()
        self.assertEqual((self.company.jxc_slow_days, self.company.jxc_abc_threshold_a),
                         (60, 0.80))
        # through the profile form: the same
        profile = Form(self.profile_a.with_user(self.balance_manager))
        profile.cover_days = 45
        profile.service_level = 1.5
        with self.refused(ValidationError, "between 0.5 and 0.9999"):
            profile.save()
        self.profile_a.invalidate_recordset()
        self.assertEqual((self.profile_a.cover_days, self.profile_a.service_level), (30, 0.98))

    def test_negative_pinned_safety_stock(self):
        product = self.tea.with_user(self.balance_manager).with_company(self.company)
        template = self.tea.product_tmpl_id.with_user(self.stock_manager).with_company(
            self.company)
        for record in (product, template):
            with self.subTest(model=record._name), self.refused(
                    ValidationError, "cannot be negative"):
                record.write({"jxc_pin_safety_stock": True, "jxc_safety_stock_pinned": -5})
                record.flush_recordset()
        tea = self.tea.with_company(self.company)
        self.assertEqual((tea.jxc_pin_safety_stock, tea.jxc_safety_stock_pinned), (False, 0.0))

    def test_vendor_lead_time_bounds(self):
        seller = self.tea.seller_ids
        for delay in (-1, 366, 3650):
            with self.subTest(delay=delay), self.refused(
                    ValidationError, "must lie between 0 and 365 days"):
                seller.write({"delay": delay})
                seller.flush_recordset()
        with self.refused(ValidationError, "between 0 and 365"):
            self.env["product.supplierinfo"].create({
                "partner_id": self.vendor.id, "product_tmpl_id": self.coat.product_tmpl_id.id,
                "delay": 400})
        # 0 is "same day": L = 0, only the night's half day to hold (P = 0.5), no crash
        seller.write({"delay": 0})
        self.recompute()
        tea = self.line_of(self.tea)
        self.assertEqual((tea.lead_time_days, tea.lead_time_promised, tea.lead_time_source),
                         (0.0, 0.0, "promised"))
        self.assertEqual((tea.safety_stock, tea.reorder_point), (0.0, 2.0))  # 4 x 0.5
        self.assertAlmostEqual(tea.max_qty, 122.0)  # 2 + 4 a day x 30 cover days
        self.assertEqual(tea.state, "balanced")
        # rows from before the constraint (here: SQL) do not stop the recompute
        self.env.flush_all()
        self.env.cr.execute("UPDATE product_supplierinfo SET delay = 3650 WHERE id = %s",
                            (seller.id,))
        self.env.invalidate_all()
        self.recompute()
        tea = self.line_of(self.tea)
        self.assertEqual(tea.lead_time_days, 3650.0)
        self.assertAlmostEqual(tea.reorder_point, 14602.0)  # 4 x (3650 + 0.5)
        self.assertEqual(tea.state, "reorder")
        self.env.cr.execute("UPDATE product_supplierinfo SET delay = -3 WHERE id = %s",
                            (seller.id,))
        self.env.invalidate_all()
        self.company.days_to_purchase = -2  # Odoo accepts it too: read as 0
        self.recompute()
        tea = self.line_of(self.tea)
        self.assertEqual((tea.lead_time_days, tea.lead_time_promised), (0.0, 0.0))

    def test_purchase_unit_of_another_category(self):
        """Odoo refuses it; a product left so by older data is skipped, not fatal."""
        kilogram = self.env.ref("uom.product_uom_kgm")
        with self.assertRaises(ValidationError):
            self.tea.product_tmpl_id.write({"uom_po_id": kilogram.id})
            self.tea.product_tmpl_id.flush_recordset()
        flour = self._create_product("Flour", cost=3, vendor=self.vendor, delay=5)
        flour.seller_ids.min_qty = 10
        self._receive(flour, 50, 20)
        self._sell(flour, dict.fromkeys(range(1, 11), 4))
        self.env.flush_all()
        self.env.cr.execute("UPDATE product_template SET uom_po_id = %s WHERE id = %s",
                            (kilogram.id, flour.product_tmpl_id.id))
        self.env.invalidate_all()
        self.env["purchase.order"].search([("jxc_drafted", "=", True)]).button_cancel()
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE purchase_order SET write_date = write_date - interval '2 days' "
            "WHERE state = 'cancel'")
        self.env.invalidate_all()
        self.recompute()
        self.assertEqual(self.line_of(flour).state, "reorder")
        self.env["jxc.balance.alert"].with_user(self.balance_manager).action_scan()
        with self.assertLogs(LINE_LOGGER, logging.WARNING) as logs:
            self.env["jxc.balance.line"].with_user(self.balance_manager).with_company(
                self.company).action_generate_reorder_drafts()
        self.assertIn("Flour", "\n".join(logs.output))
        drafted = self.env["purchase.order"].search([
            ("jxc_drafted", "=", True), ("state", "=", "draft"),
            ("company_id", "=", self.company.id)])
        self.assertIn(self.tea, drafted.order_line.product_id)
        self.assertNotIn(flour, drafted.order_line.product_id)

    def test_product_without_cost(self):
        free = self._create_product("Free Sample", cost=0.0)
        self._receive(free, 20, 15)
        self._sell(free, dict.fromkeys(range(1, 11), 1))
        self.recompute()
        line = self.line_of(free)
        self.assertEqual((line.stock_value, line.consumption_value, line.abc_class),
                         (0.0, 0.0, "c"))
        self.assertEqual(line.qty_available, 10.0)
        self.assertAlmostEqual(line.avg_daily_demand, 1.0)

    def test_archived_warehouse(self):
        second = self.env["stock.warehouse"].create({
            "name": "JXC Empty Store", "code": "JXCE", "company_id": self.company.id})
        lines = self.recompute()
        self.assertIn(second, lines.warehouse_id)
        second_lines = lines.filtered(lambda line: line.warehouse_id == second)
        second.active = False
        lines = self.recompute()
        self.assertNotIn(second, lines.warehouse_id)
        self.assertFalse(any(second_lines.mapped("active")))
        self.assertIn(self.warehouse, lines.warehouse_id)
        # the cron too: nothing stale, nothing created for the archived warehouse
        self.make_stale(self.company)
        count = self.env["jxc.balance.line"].with_context(active_test=False).search_count([])
        self.env["jxc.balance.line"]._cron_recompute()
        self.assertEqual(
            self.env["jxc.balance.line"].with_context(active_test=False).search_count([]),
            count)
        self.assertFalse(any(second_lines.mapped("active")))
        self.assertFalse(self.env["jxc.balance.engine"]._stale_products(
            self.env["jxc.balance.engine"]._prepare_company_run(self.company)))

    def test_company_without_warehouse(self):
        bare = self.env["res.company"].create({"name": "JXC No Warehouse"})
        self.env["stock.warehouse"].search([("company_id", "=", bare.id)]).active = False
        self.env["product.product"].create({
            "name": "Bare Product", "is_storable": True, "company_id": bare.id})
        manager = new_test_user(
            self.env, login="jxc_bare_manager", groups="base.group_user,"
            "stock.group_stock_user,jxc_balance.group_jxc_balance_manager",
            company_id=bare.id, company_ids=[Command.set(bare.ids)])
        result = self.env["jxc.balance.line"].with_user(manager).with_company(bare)\
            .action_recompute()
        self.assertIn("0 balance lines", result["params"]["message"])
        self.assertFalse(self.records_of("jxc.balance.line", bare))
        self.env["jxc.balance.line"]._cron_recompute()
        self.env["jxc.balance.alert"]._cron_scan()
        self.assertFalse(self.records_of("jxc.balance.line", bare))
        data = self.env["jxc.balance.dashboard"].with_user(manager).with_company(bare)\
            .get_dashboard_data()
        self.assertEqual(data["warehouses"], [])
        self.assertEqual(self.kpis(data)["shortage"], 0)
