from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import JxcBalanceCommon


class AlertsCommon(JxcBalanceCommon):
    """A shop with one product per alert, history H = 10 days, default thresholds
    (slow after 60 days, dead after 180, overstock above 120 days of cover, cover 30).

    Demand is constant wherever it matters, so σ_d = 0 and the safety stock is 0 (or
    pinned) whatever the ABC class:
      umbrella  received 40 100 days ago, sold 10 72 days ago: 30 on hand, slow;
      coat      received 30 200 days ago, never moved: dead;
      notebook  510 in, 1 a day: 500 on hand = 500 days, L 5, ROP 5, max 35: overstock;
      biscuits  60 in, 5 a day: 10 on hand = 2 days < L 7, pinned SS 20 > 10: shortage;
      gift box  100 in, 2 a day, no vendor: 80 on hand, balanced but unbuyable;
      cola      3 purchases received 12, 14 and 16 days after approval (7 promised),
                3 a day: 90 on hand, observed L 14 > 1.5 x 7;
      tea       100 in, 4 a day: 60 on hand = 15 days > L 5, balanced: no alert.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._set_profiles(history_days=10)
        cls.vendor = cls._create_vendor("Main Vendor")
        cls.late_vendor = cls._create_vendor("Late Vendor")
        cls.umbrella = cls._create_product("Umbrella", cost=5, vendor=cls.vendor, delay=5,
                                           default_code="JXC-001")
        cls.coat = cls._create_product("Winter Coat", cost=50, vendor=cls.vendor, delay=5)
        cls.notebook = cls._create_product("Notebook", cost=1, vendor=cls.vendor, delay=5)
        cls.biscuits = cls._create_product("Biscuits", cost=2, vendor=cls.vendor, delay=7)
        cls.gift_box = cls._create_product("Gift Box", cost=4)
        cls.cola = cls._create_product("Cola", cost=20, vendor=cls.late_vendor, delay=7)
        cls.tea = cls._create_product("Green Tea", cost=10, vendor=cls.vendor, delay=5)
        cls.biscuits.with_company(cls.company).write(
            {"jxc_pin_safety_stock": True, "jxc_safety_stock_pinned": 20})
        cls.notebook.product_tmpl_id.with_company(cls.company).responsible_id = \
            cls.balance_manager

        cls._receive(cls.umbrella, 40, 100)
        cls._sell(cls.umbrella, {72: 10})
        cls._receive(cls.coat, 30, 200)
        cls._receive(cls.notebook, 510, 20)
        cls._sell(cls.notebook, dict.fromkeys(range(1, 11), 1))
        cls._receive(cls.biscuits, 60, 15)
        cls._sell(cls.biscuits, dict.fromkeys(range(1, 11), 5))
        cls._receive(cls.gift_box, 100, 20)
        cls._sell(cls.gift_box, dict.fromkeys(range(1, 11), 2))
        for ordered_days_ago, lead_days in ((100, 12), (60, 14), (30, 16)):
            cls._purchase(cls.cola, cls.late_vendor, 40, ordered_days_ago, lead_days)
        cls._sell(cls.cola, dict.fromkeys(range(1, 11), 3))
        cls._receive(cls.tea, 100, 20)
        cls._sell(cls.tea, dict.fromkeys(range(1, 11), 4))

    # ------------------------------------------------------------------ helpers
    def scan(self, user=None):
        alerts = self.env["jxc.balance.alert"].with_user(user or self.balance_manager)
        alerts.action_scan()
        return self.alerts()

    def alerts(self, company=None, state="open"):
        return self.env["jxc.balance.alert"].search([
            ("company_id", "=", (company or self.company).id), ("state", "=", state)])

    def alert_of(self, product, alert_type, state="open"):
        return self.env["jxc.balance.alert"].search([
            ("product_id", "=", product.id), ("alert_type", "=", alert_type),
            ("state", "=", state)])

    def drift_alert(self, vendor=None, state="open"):
        return self.env["jxc.balance.alert"].search([
            ("vendor_id", "=", (vendor or self.late_vendor).id),
            ("alert_type", "=", "lead_time_drift"), ("state", "=", state)])

    def activity_count(self):
        return self.env["mail.activity"].search_count(
            [("res_model", "=", "jxc.balance.alert")])



@tagged("post_install", "-at_install")
class TestAlerts(AlertsCommon):
    """The scan, its alerts and their to-dos (shop described in ``AlertsCommon``)."""

    def test_one_alert_per_condition(self):
        self.recompute()
        alerts = self.scan()
        self.assertEqual(
            {(alert.alert_type, alert.product_id or alert.vendor_id) for alert in alerts},
            {("slow", self.umbrella), ("dead", self.coat), ("overstock", self.notebook),
             ("stockout_risk", self.biscuits), ("no_vendor", self.gift_box),
             ("lead_time_drift", self.late_vendor)})
        self.assertEqual(len(alerts), 6)
        expected = {
            "slow": ("30 Units on hand, no sale for 72 days (slow after 60 days)", 150.0),
            "dead": ("30 Units on hand, no outgoing move for 200 days (dead after 180 days)",
                     1500.0),
            # value above the max level: (500 - 35.5) x 1; max = 1 x (5 + 0.5) + 1 x 30
            "overstock": ("500 Units on hand cover 500 days of demand (overstock above 120 "
                          "days), 464.50 Units above the max level of 35.50 Units", 464.5),
            # value missing to the reorder point: (ROP 5 x (7 + 0.5) + 20 - forecast 10) x 2
            "stockout_risk": ("Forecast of 10 Units is below the safety stock of 20 Units; "
                              "10 Units on hand cover 2 days of demand, less than the lead "
                              "time of 7 days", 95.0),
            "no_vendor": ("Sells 2 Units a day but has no vendor", 320.0),
        }
        for alert in alerts - self.drift_alert():
            message, value = expected[alert.alert_type]
            self.assertRecordValues(alert, [{
                "description": message, "value": value, "warehouse_id": self.warehouse.id,
                "company_id": self.company.id,
                "balance_line_id": self.line_of(alert.product_id).id, "is_current": True,
            }])
            self.assertEqual(alert.first_seen, alert.last_seen)
        slow = self.alert_of(self.umbrella, "slow")
        self.assertEqual(slow.display_name,
                         f"Slow-moving: [JXC-001] Umbrella / {self.warehouse.code}")

    def test_one_todo_per_new_alert(self):
        self.recompute()
        alerts = self.scan()
        todo = self.env.ref("mail.mail_activity_data_todo")
        for alert in alerts:
            # the notebook's responsible; the others' (OdooBot by default, inactive) gives
            # way to the first Inventory Administrator of the company
            expected = (self.balance_manager if alert.product_id == self.notebook
                        else self.stock_manager)
            # one to-do each, made by the scan as activity_schedule makes them
            self.assertRecordValues(alert.activity_ids, [{
                "activity_type_id": todo.id, "summary": alert.display_name,
                "date_deadline": self.today, "user_id": expected.id, "automated": True,
            }])

    def test_rescan_updates_without_duplicates(self):
        self.recompute()
        first = self.scan()
        activities = self.activity_count()
        messages = {alert.id: alert.description for alert in first}
        again = self.scan()
        self.assertEqual(again, first)
        self.assertEqual(self.activity_count(), activities)
        self.assertEqual({alert.id: alert.description for alert in again}, messages)
        # new figures go to the same open alert
        self.company.jxc_slow_days = 50
        self.recompute()
        self.assertEqual(self.scan(), first)
        self.assertEqual(self.alert_of(self.umbrella, "slow").description,
                         "30 Units on hand, no sale for 72 days (slow after 50 days)")
        self.assertEqual(self.activity_count(), activities)

    def test_cleared_condition_closes_and_returns_as_new(self):
        self.recompute()
        self.scan()
        overstock = self.alert_of(self.notebook, "overstock")
        stockout = self.alert_of(self.biscuits, "stockout_risk")
        self._sell(self.notebook, {1: 400})  # 100 left for 41 a day
        self._receive(self.biscuits, 200, 1)  # 210 on hand = 42 days > L 7, above SS 20
        self.recompute()
        self.scan()
        self.assertRecordValues(overstock | stockout, [
            {"state": "done", "is_current": False, "activity_ids": []},
            {"state": "done", "is_current": False, "activity_ids": []},
        ])
        for alert in overstock | stockout:
            self.assertIn("Condition cleared", " ".join(alert.message_ids.mapped("body")))
        self.assertFalse(self.alert_of(self.notebook, "overstock"))
        self.assertFalse(self.alert_of(self.biscuits, "stockout_risk"))
        # the other conditions are untouched
        self.assertEqual(len(self.alerts().filtered(
            lambda alert: alert.alert_type in ("slow", "dead", "no_vendor", "lead_time_drift"))), 4)
        # 5100 on hand / 41 a day = 124.4 days > 120: overstock again, a new alert
        self._receive(self.notebook, 5000, 1)
        self.recompute()
        self.scan()
        reopened = self.alert_of(self.notebook, "overstock")
        self.assertTrue(reopened)
        self.assertNotEqual(reopened, overstock)
        self.assertEqual(len(reopened.activity_ids), 1)
        self.assertEqual(overstock.state, "done")

    def test_slow_then_dead(self):
        scarf = self._create_product("Scarf", cost=8, vendor=self.vendor, delay=5)
        self._receive(scarf, 50, 100)
        self._sell(scarf, {65: 5})
        self.company.jxc_slow_days = 70  # last sale 65 days ago: not slow yet
        self.recompute()
        self.scan()
        self.assertFalse(self.env["jxc.balance.alert"].search([("product_id", "=", scarf.id)]))

        self.company.jxc_slow_days = 60  # as if five more days went by without a sale
        self.recompute()
        self.scan()
        slow = self.alert_of(scarf, "slow")
        self.assertRecordValues(slow, [{
            "description": "45 Units on hand, no sale for 65 days (slow after 60 days)",
            "value": 360.0,
        }])
        self.assertEqual(len(slow.activity_ids), 1)

        self.company.jxc_dead_days = 65  # nothing has left the warehouse for 65 days
        self.recompute()
        self.scan()
        dead = self.alert_of(scarf, "dead")
        self.assertEqual(dead.description,
                         "45 Units on hand, no outgoing move for 65 days (dead after 65 days)")
        self.assertEqual(len(dead.activity_ids), 1)
        self.assertEqual(slow.state, "done")
        self.assertFalse(slow.activity_ids)
        self.scan()
        self.assertEqual(self.env["jxc.balance.alert"].search([("product_id", "=", scarf.id)]),
                         slow | dead)
        self.assertEqual(len(dead.activity_ids), 1)

    def test_mark_as_handled(self):
        self.recompute()
        self.scan()
        dead = self.alert_of(self.coat, "dead")
        with self.assertRaises(AccessError):
            dead.with_user(self.balance_user).action_mark_handled()
        dead.with_user(self.balance_manager).action_mark_handled()
        self.assertRecordValues(dead, [{"state": "done", "is_current": True, "activity_ids": []}])
        # still dead: handled, so no new alert while the condition lasts
        self.scan()
        self.assertFalse(self.alert_of(self.coat, "dead"))
        # cleared (the coat is then only slow), then back: a new alert
        self.company.jxc_dead_days = 300
        self.recompute()
        self.scan()
        self.assertFalse(dead.is_current)
        self.assertTrue(self.alert_of(self.coat, "slow"))
        self.company.jxc_dead_days = 180
        self.recompute()
        self.scan()
        again = self.alert_of(self.coat, "dead")
        self.assertTrue(again)
        self.assertNotEqual(again, dead)
        self.assertEqual(len(again.activity_ids), 1)
        self.assertFalse(self.alert_of(self.coat, "slow"))

    def test_not_purchasable(self):
        self.tea.purchase_ok = False
        self.recompute()
        self.scan()
        alert = self.alert_of(self.tea, "no_vendor")
        self.assertRecordValues(alert, [{
            "description": "Sells 4 Units a day but cannot be purchased", "value": 600.0}])

    def test_buttons(self):
        self.recompute()
        self.scan()
        alert = self.alert_of(self.notebook, "overstock").with_user(self.balance_user)
        forecast = alert.action_open_forecast()
        self.assertEqual(forecast["tag"], "stock_forecasted")
        self.assertEqual(forecast["context"], {
            "active_id": self.notebook.id, "active_model": "product.product",
            "warehouse_id": self.warehouse.id})
        moves = alert.action_open_product_moves()
        self.assertEqual(moves["res_model"], "stock.move.line")
        self.assertEqual(moves["domain"], [("product_id", "=", self.notebook.id)])

    def test_cron(self):
        cron = self.env.ref("jxc_balance.ir_cron_balance_alerts")
        self.assertRecordValues(cron, [{
            "code": "model._cron_scan()",
            "model_id": self.env["ir.model"]._get_id("jxc.balance.alert"),
            "interval_type": "days",
        }])
        recompute = self.env.ref("jxc_balance.ir_cron_balance_recompute")
        self.assertGreater(cron.nextcall, recompute.nextcall)
        self.assertEqual(cron.nextcall.strftime("%H:%M"), "02:30")
        self.recompute()
        self.env["jxc.balance.alert"]._cron_scan()
        self.assertEqual(len(self.alerts()), 6)

    def test_access(self):
        self.recompute()
        with self.assertRaises(AccessError):
            self.env["jxc.balance.alert"].with_user(self.balance_user).action_scan()
        self.scan(user=self.stock_manager)  # Inventory Administrators are Balance Managers
        alerts = self.env["jxc.balance.alert"].with_user(self.balance_user).search([])
        self.assertEqual(len(alerts), 6)
        with self.assertRaises(AccessError):
            alerts[0].write({"state": "done"})

    def test_companies_stay_apart(self):
        other = self.env["res.company"].create({"name": "JXC Other Shop"})
        other.partner_id.tz = "Asia/Shanghai"
        other_warehouse = self.env["stock.warehouse"].search(
            [("company_id", "=", other.id)], limit=1)
        other_groups = {"company_id": other.id, "company_ids": [other.id]}
        other_user = new_test_user(
            self.env, login="jxc_other_user", name="Other Balance User",
            groups="base.group_user,stock.group_stock_user,jxc_balance.group_jxc_balance_user",
            **other_groups)
        other_admin = new_test_user(
            self.env, login="jxc_other_admin", name="Other Stock Manager",
            groups="base.group_user,stock.group_stock_manager", **other_groups)
        old_stock = self.env["product.product"].with_company(other).create({
            "name": "Old Stock", "is_storable": True, "standard_price": 7.0,
            "company_id": other.id})
        move = self.env["stock.move"].with_company(other).create({
            "name": "JXC test move Old Stock", "product_id": old_stock.id,
            "product_uom_qty": 30, "product_uom": old_stock.uom_id.id,
            "location_id": self.supplier_location.id,
            "location_dest_id": other_warehouse.lot_stock_id.id, "company_id": other.id,
        })
        move._action_confirm()
        move.quantity = 30
        move.picked = True
        move._action_done()
        self._set_move_date(move, self._at(200))
        self.env["jxc.balance.engine"]._recompute_company(other)
        self.recompute()

        self.env["jxc.balance.alert"]._cron_scan()  # every company
        other_alerts = self.alerts(company=other)
        self.assertEqual([(alert.alert_type, alert.product_id) for alert in other_alerts],
                         [("dead", old_stock)])
        self.assertEqual(other_alerts.warehouse_id, other_warehouse)
        self.assertEqual(other_alerts.activity_ids.user_id, other_admin)
        mine = self.alerts()
        self.assertEqual(len(mine), 6)
        self.assertEqual(mine.activity_ids.user_id, self.stock_manager | self.balance_manager)

        Alert = self.env["jxc.balance.alert"]
        self.assertEqual(Alert.with_user(self.balance_user).search([]).company_id, self.company)
        self.assertEqual(Alert.with_user(other_user).search([]), other_alerts)
        with self.assertRaises(AccessError):
            other_alerts.with_user(self.balance_user).read(["message"])

        # a scan by the first shop's manager leaves the other shop's alerts alone
        other.jxc_dead_days = 300
        self.env["jxc.balance.engine"]._recompute_company(other)
        self.scan()
        self.assertEqual(other_alerts.state, "open")
        self.env["jxc.balance.alert"]._cron_scan()
        self.assertEqual(other_alerts.state, "done")
