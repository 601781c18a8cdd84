"""The access rules of test_access.py seen by a real client: XML-RPC, JSON-RPC and the web
client's own route, as the real users (their password is their login)."""

import io
import json
import re
import xmlrpc.client

import openpyxl
from psycopg2 import sql as pgsql

from odoo import sql_db
from odoo.tests import HttpCase, get_db_name, new_test_user, tagged

from .common import JxcTwoShopsCommon

# xmlrpc.client.Fault codes of Odoo's /xmlrpc/2/ endpoints
FAULT_WARNING = 2  # UserError, ValidationError
FAULT_ACCESS_DENIED = 3  # wrong login or password
FAULT_ACCESS_ERROR = 4  # AccessError


@tagged("post_install", "-at_install")
class TestRpcAccess(JxcTwoShopsCommon, HttpCase):
    """Two shops (see JxcTwoShopsCommon), reached over RPC."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.settings_admin = new_test_user(
            cls.env, login="jxc_rpc_admin", name="Settings Admin",
            groups="base.group_user,base.group_system,stock.group_stock_manager",
            company_id=cls.company.id, company_ids=[cls.company.id])

    def setUp(self):
        super().setUp()
        self.db = get_db_name()

    # ------------------------------------------------------------------ helpers
    def call(self, user, model, method, *args, **kwargs):
        """``execute_kw`` over XML-RPC as ``user``."""
        return self.xmlrpc_object.execute_kw(
            self.db, user.id, user.login, model, method, list(args), kwargs)

    def assertFault(self, code, pattern, user, model, method, *args, **kwargs):
        with self.assertRaises(xmlrpc.client.Fault) as caught:
            self.call(user, model, method, *args, **kwargs)
        self.assertEqual(caught.exception.faultCode, code, caught.exception.faultString)
        self.assertRegex(caught.exception.faultString, pattern)
        return caught.exception

    def post_json(self, route, params):
        response = self.url_open(
            route, data=json.dumps({"jsonrpc": "2.0", "method": "call", "id": 1,
                                    "params": params}),
            headers={"Content-Type": "application/json"}, timeout=60)
        response.raise_for_status()
        return response.json()

    def jsonrpc(self, user, model, method, *args, **kwargs):
        """``execute_kw`` over JSON-RPC (/jsonrpc) as ``user``: the decoded response."""
        return self.post_json("/jsonrpc", {
            "service": "object", "method": "execute_kw",
            "args": [self.db, user.id, user.login, model, method, list(args), kwargs]})

    def web_call(self, model, method, *args, **kwargs):
        """What the web client sends, with the session of the last ``authenticate``."""
        return self.post_json(f"/web/dataset/call_kw/{model}/{method}", {
            "model": model, "method": method, "args": list(args), "kwargs": kwargs})

    def ids_of(self, model, company):
        return sorted(self.records_of(model, company).ids)

    def kpis(self, data):
        return {kpi["key"]: kpi["value"] for kpi in data["kpis"]}

    # --------------------------------------------------------- company separation
    def test_balance_user_reads_own_shop_only(self):
        user = self.balance_user
        self.assertEqual(self.xmlrpc_common.authenticate(self.db, user.login, user.login, {}),
                         user.id)
        for model in ("jxc.balance.line", "jxc.balance.alert", "jxc.balance.vendor.report"):
            with self.subTest(model=model):
                rows = self.call(user, model, "search_read", [], ["company_id"])
                self.assertTrue(rows)
                self.assertEqual({row["company_id"][0] for row in rows}, {self.company.id})
                self.assertEqual(sorted(row["id"] for row in rows),
                                 self.ids_of(model, self.company))
                theirs = self.ids_of(model, self.other_company)
                self.assertTrue(theirs)
                self.assertFault(FAULT_ACCESS_ERROR, r"(?s)Sorry, .*doesn't have 'read' access",
                                 user, model, "read", theirs, ["company_id"])
                self.assertEqual(self.call(user, model, "search_count",
                                           [("id", "in", theirs)]), 0)
        self.assertFault(FAULT_ACCESS_ERROR, "unauthorized or invalid companies",
                         user, "jxc.balance.line", "search_read", [], ["id"],
                         context={"allowed_company_ids": [self.other_company.id]})
        # drafted RFQs: a buyer of shop A sees shop A's
        orders = self.call(self.buyer, "purchase.order", "search_read",
                           [("jxc_drafted", "=", True)], ["company_id"])
        self.assertTrue(orders)
        self.assertEqual({order["company_id"][0] for order in orders}, {self.company.id})
        # and shop B's user sees shop B only
        rows = self.call(self.other_user, "jxc.balance.line", "search_read", [], ["company_id"])
        self.assertEqual(sorted(row["id"] for row in rows),
                         self.ids_of("jxc.balance.line", self.other_company))

    def test_dashboard_and_export_of_own_shop(self):
        user = self.balance_user
        data = self.call(user, "jxc.balance.dashboard", "get_dashboard_data")
        self.assertEqual([wh["id"] for wh in data["warehouses"]], self.env["stock.warehouse"]
                         .search([("company_id", "=", self.company.id)]).ids)
        self.assertEqual(self.kpis(data)["reorder"], self.env["jxc.balance.line"].search_count(
            [("company_id", "=", self.company.id), ("state", "=", "reorder")]))
        data = self.call(user, "jxc.balance.dashboard", "get_dashboard_data",
                         warehouse_id=self.other_warehouse.id)
        self.assertEqual(set(self.kpis(data).values()), {0})
        # the web client's route, with a session
        self.authenticate(user.login, user.login)
        response = self.web_call("jxc.balance.dashboard", "get_dashboard_data")
        self.assertEqual(response["result"]["warehouses"], data["warehouses"])

        action = self.call(user, "jxc.balance.line", "action_export_xlsx", [])
        download = self.url_open(action["url"], timeout=60)
        self.assertEqual(download.status_code, 200)
        workbook = openpyxl.load_workbook(io.BytesIO(download.content))
        cells = [str(cell) for sheet in workbook for row in sheet.iter_rows(values_only=True)
                 for cell in row if cell is not None]
        self.assertIn("Green Tea", cells)
        self.assertFalse([cell for cell in cells if "(B)" in cell])
        # the file is the user's: shop B's user cannot download it
        self.authenticate(self.other_user.login, self.other_user.login)
        self.assertIn(self.url_open(action["url"], timeout=60).status_code, (403, 404))

        theirs = self.ids_of("jxc.balance.line", self.other_company)
        self.assertFault(FAULT_ACCESS_ERROR, "Stock Balance Line", user,
                         "jxc.balance.line", "action_export_xlsx", theirs)
        self.assertFault(FAULT_ACCESS_ERROR, "Stock Balance Line", user,
                         "jxc.balance.export", "export_lines", theirs)
        mine = self.ids_of("jxc.balance.line", self.company)
        action = self.call(user, "jxc.balance.export", "export_lines", mine)
        self.assertEqual(action["type"], "ir.actions.act_url")

    # ------------------------------------------------------------ Balance Users
    def test_balance_user_changes_nothing(self):
        user = self.balance_user
        line_ids = self.ids_of("jxc.balance.line", self.company)
        cases = [
            ("res.company", "write", [self.company.id], {"jxc_slow_days": 30}),
            ("res.config.settings", "create", {"jxc_slow_days": 30}),
            ("jxc.balance.profile", "write", [self.profile_a.id], {"history_days": 30}),
            ("jxc.balance.profile", "create", {"name": "Mine", "history_days": 30}),
            ("jxc.balance.line", "write", line_ids, {"state": "balanced"}),
            ("jxc.balance.line", "unlink", line_ids),
            ("jxc.balance.alert", "action_mark_handled",
             self.ids_of("jxc.balance.alert", self.company)),
        ]
        for model, method, *args in cases:
            with self.subTest(model=model, method=method):
                self.assertFault(FAULT_ACCESS_ERROR, ".", user, model, method, *args)
        messages = [
            ("product.product", "write", "Only a Balance Manager can pin",
             [self.tea.id], {"jxc_pin_safety_stock": True}),
            ("jxc.balance.line", "action_recompute", "Only a Balance Manager can recompute",
             []),
            ("jxc.balance.alert", "action_scan", "Only a Balance Manager can scan"),
            ("jxc.balance.line", "action_generate_reorder_drafts",
             "Only a Balance Manager or a purchase user", []),
        ]
        for model, method, pattern, *args in messages:
            with self.subTest(model=model, method=method):
                self.assertFault(FAULT_ACCESS_ERROR, pattern, user, model, method, *args)
        self.env.invalidate_all()
        self.assertEqual((self.company.jxc_slow_days, self.profile_a.history_days), (60, 10))
        self.assertFalse(self.tea.with_company(self.company).jxc_pin_safety_stock)
        self.assertEqual(self.ids_of("jxc.balance.line", self.company), line_ids)

    # ------------------------------------------------------------- portal, public
    def test_portal_and_public_reach_nothing(self):
        portal = self.portal_user
        for model in ("jxc.balance.line", "jxc.balance.alert", "jxc.balance.vendor.report"):
            with self.subTest(model=model):
                self.assertFault(FAULT_ACCESS_ERROR, ".", portal, model, "search_read", [],
                                 ["id"])
        # (methods on records take the ids first: [] here)
        for model, method, pattern, *args in (
                ("jxc.balance.dashboard", "get_dashboard_data", "Only Balance Users"),
                ("jxc.balance.line", "action_export_xlsx", "Only Balance Users", []),
                ("jxc.balance.line", "action_recompute", "Only a Balance Manager", []),
                ("jxc.balance.line", "action_generate_reorder_drafts",
                 "Only a Balance Manager or a purchase user", []),
                ("jxc.balance.alert", "action_scan", "Only a Balance Manager")):
            with self.subTest(method=method):
                self.assertFault(FAULT_ACCESS_ERROR, pattern, portal, model, method, *args)
        response = self.jsonrpc(portal, "jxc.balance.dashboard", "get_dashboard_data")
        self.assertEqual(response["error"]["data"]["name"], "odoo.exceptions.AccessError")
        self.assertIn("Only Balance Users", response["error"]["data"]["message"])

        # the public user cannot log in, so no call goes through
        public = self.public_user
        self.assertFalse(self.xmlrpc_common.authenticate(self.db, public.login, "", {}))
        with self.assertRaises(xmlrpc.client.Fault) as caught:
            self.xmlrpc_object.execute_kw(self.db, public.id, "", "jxc.balance.line",
                                          "search_read", [[]], {})
        self.assertEqual(caught.exception.faultCode, FAULT_ACCESS_DENIED)
        # nor does the web client's route without a session
        self.authenticate(None, None)
        response = self.web_call("jxc.balance.dashboard", "get_dashboard_data")
        self.assertEqual(response["error"]["data"]["name"],
                         "odoo.http.SessionExpiredException")

    def test_private_methods_refused(self):
        stamps = self.records_of("jxc.balance.line", self.company).mapped("computed_at")
        for model, method in (
                ("jxc.balance.line", "_cron_recompute"),
                ("jxc.balance.line", "_cron_generate_reorder_drafts"),
                ("jxc.balance.engine", "_recompute_company"),
                ("jxc.balance.alert", "_cron_scan"),
                ("jxc.balance.alert", "_scan"),
                ("jxc.balance.alert", "init"),
                ("jxc.balance.engine", "_compute_batch")):
            with self.subTest(model=model, method=method):
                self.assertFault(
                    FAULT_ACCESS_ERROR, re.escape(
                        f"Private methods (such as '{model}.{method}') cannot be called "
                        "remotely"),
                    self.stock_manager, model, method)
        self.env.invalidate_all()
        self.assertEqual(self.records_of("jxc.balance.line", self.company)
                         .mapped("computed_at"), stamps)

    # ----------------------------------------------------------------- managers
    def test_manager_calls_stay_in_own_shop(self):
        manager = self.balance_manager
        # another worker running a recompute: the button says so. (First: once the call
        # below has run, the test's own transaction holds the lock until it ends.)
        other = sql_db.db_connect(self.env.cr.dbname).cursor()
        try:
            other.execute(pgsql.SQL(
                "SELECT pg_try_advisory_xact_lock(hashtext('jxc_balance.recompute'))"))
            self.assertTrue(other.fetchone()[0])
            self.assertFault(FAULT_WARNING, "already running", manager, "jxc.balance.line",
                             "action_recompute", [])
        finally:
            other.rollback()
            other.close()
        theirs = self.records_of("jxc.balance.line", self.other_company)
        stamps = theirs.mapped("computed_at")
        result = self.call(manager, "jxc.balance.line", "action_recompute", [])
        self.assertEqual(result["params"]["type"], "success")
        result = self.call(manager, "jxc.balance.alert", "action_scan")
        self.assertEqual(result["params"]["type"], "success")
        result = self.call(manager, "jxc.balance.line", "action_generate_reorder_drafts",
                           theirs.ids)
        self.assertIn("0 requests for quotation", result["params"]["message"])
        self.env.invalidate_all()
        self.assertEqual(theirs.mapped("computed_at"), stamps)

    # ---------------------------------------------------------------- bad input
    def test_bad_input_refused_with_a_message(self):
        self.assertFault(FAULT_WARNING, "cannot be negative", self.balance_manager,
                         "product.product", "write", [self.tea.id],
                         {"jxc_pin_safety_stock": True, "jxc_safety_stock_pinned": -1})
        self.assertFault(FAULT_WARNING, "must lie between 0 and 365 days", self.stock_manager,
                         "product.supplierinfo", "write", self.tea.seller_ids.ids,
                         {"delay": 3650})
        admin = self.settings_admin
        self.assertFault(FAULT_WARNING, "demand history must lie between 1 and 3650 days",
                         self.balance_manager, "jxc.balance.profile", "write",
                         [self.profile_a.id], {"history_days": 100000})
        self.assertFault(FAULT_WARNING, "service target must lie strictly between 0.5 and "
                         "0.9999", self.balance_manager, "jxc.balance.profile", "write",
                         [self.profile_a.id], {"cover_days": 45, "service_level": 1.5})
        with self.assertRaises(xmlrpc.client.Fault) as caught:
            settings_id = self.call(admin, "res.config.settings", "create",
                                    {"jxc_slow_days": 45, "jxc_abc_threshold_a": 0.99})
            self.call(admin, "res.config.settings", "execute", [settings_id])
        self.assertEqual(caught.exception.faultCode, FAULT_WARNING)
        self.assertIn("ABC thresholds must satisfy", caught.exception.faultString)
        # nothing half-written
        profile = self.call(self.balance_manager, "jxc.balance.profile", "read",
                            [self.profile_a.id],
                            ["history_days", "service_level", "cover_days"])[0]
        self.assertEqual((profile["history_days"], profile["service_level"],
                          profile["cover_days"]), (10, 0.98, 30))
        company = self.call(admin, "res.company", "read", [self.company.id],
                            ["jxc_slow_days", "jxc_abc_threshold_a"])[0]
        self.assertEqual((company["jxc_slow_days"], company["jxc_abc_threshold_a"]), (60, 0.8))
        tea = self.call(self.balance_manager, "product.product", "read", [self.tea.id],
                        ["jxc_pin_safety_stock", "jxc_safety_stock_pinned"])[0]
        self.assertEqual((tea["jxc_pin_safety_stock"], tea["jxc_safety_stock_pinned"]),
                         (False, 0.0))
        self.assertEqual(self.call(self.stock_manager, "product.supplierinfo", "read",
                                   self.tea.seller_ids.ids, ["delay"])[0]["delay"], 5)
