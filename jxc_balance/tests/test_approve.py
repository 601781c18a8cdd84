from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .test_tours import TourShopCommon


@tagged("post_install", "-at_install")
class TestApprove(TourShopCommon):
    """Drafted RFQ lines: their reason in the reader's language, the buyer's quick edit,
    and the balance lines right after approval."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._load_chinese()
        cls.orders = cls.env["jxc.balance.line"].with_user(cls.buyer).with_company(
            cls.company).action_generate_reorder_drafts()
        cls.order = cls.env["purchase.order"].search([
            ("company_id", "=", cls.company.id), ("jxc_drafted", "=", True)])
        cls.biscuits_line = cls.order.order_line.filtered(
            lambda line: line.product_id == cls.biscuits)
        cls.rice_line = cls.order.order_line.filtered(lambda line: line.product_id == cls.rice)

    def _balance_line(self, product):
        return self.env["jxc.balance.line"].search([
            ("product_id", "=", product.id), ("warehouse_id", "=", self.warehouse.id)])

    def test_reason_explains_the_quantity(self):
        """The drafted quantity is Odoo's max - forecast, with the days of sales it covers."""
        self.assertRecordValues(self._balance_line(self.biscuits), [{
            "max_qty": 183.84, "qty_forecast": 4.0, "forecast_daily_demand": 5.0}])
        self.assertEqual(self.biscuits_line.product_qty, 179.0)
        self.assertEqual(
            self.biscuits_line.jxc_reason,
            # P = 5 + 0.5: SS = 1.2815516 x sqrt(5.5 x 40/9) = 6.3362 -> 6.34, ROP = 27.5 +
            # 6.34 = 33.84, max = 33.84 + 5 x 30 = 183.84
            "Shortage: forecast 4, safety stock 6.34, reorder point 33.84, class C; "
            # 183.84 - 4 = 179.84, down to whole units (the rule's multiple 1); 179 / 5 = 35.8
            "order 179 = max 183.84 − forecast 4, rounded down to whole units "
            "(36 days of sales)")
        self.assertEqual(
            self.rice_line.jxc_reason,
            # ROP = 10 x (5 + 0.5) = 55, max = 55 + 300 = 355; 355 - 30 = 325 = 32.5 days of
            # 10 a day, rounded half to even: 32
            "To Reorder: forecast 30, safety stock 0, reorder point 55, class A; "
            "order 325 = max 355 − forecast 30 (32 days of sales)")

    def test_reason_names_the_rules_multiple(self):
        """A rule ordering by tens: Odoo rounds max - forecast down to a multiple of 10."""
        facts = dict(self.biscuits_line.jxc_reason_facts, order=170.0, computed=170.0,
                     multiple=10.0)
        self.biscuits_line.jxc_reason_facts = facts
        self.assertIn("order 170 = max 183.84 − forecast 4, rounded down to a multiple of 10 "
                      "(34 days of sales)", self.biscuits_line.jxc_reason)  # 170 / 5

    def test_reason_in_the_readers_language(self):
        """One stored fact, read by an English and by a Chinese buyer."""
        event = self.env["jxc.balance.event"].with_company(self.company).create({
            "name": "Store Anniversary Sale", "date_start": self.today,
            "date_stop": self.today, "uplift": 1.5})
        event.with_context(lang="zh_CN").name = "店庆促销"
        self.biscuits_line.jxc_reason_facts = {
            "state": "shortage", "forecast": 22.0, "safety": 118.97, "rop": 140.5, "abc": "a",
            "event_id": event.id, "event_uplift": 1.5, "order": 2155.0, "computed": 2155.0,
            "max": 2177.0, "forecast_rule": 22.0, "multiple": 0.0, "min_qty": 0.0,
            "daily": 49.0}
        english = self.biscuits_line.with_context(lang="en_US").jxc_reason
        self.assertEqual(
            english,
            "Shortage: forecast 22, safety stock 118.97, reorder point 140.5, class A; "
            "pre-build for Store Anniversary Sale (×1.5); "
            # 2,155 / 49 a day = 43.98: 44 days
            "order 2,155 = max 2,177 − forecast 22 (44 days of sales)")
        chinese = self.biscuits_line.with_context(lang="zh_CN").jxc_reason
        self.assertIn("缺货", chinese)
        self.assertIn("店庆促销", chinese)
        self.assertNotIn("Store Anniversary Sale", chinese)
        self.assertIn("2,155", chinese)

    def test_legacy_reason_still_shows(self):
        """A reason stored as a sentence before the facts existed is shown as written."""
        self.rice_line.write({"jxc_reason_facts": False,
                              "jxc_reason_legacy": "Shortage: forecast 22"})
        self.assertEqual(self.rice_line.jxc_reason, "Shortage: forecast 22")

    def test_buyer_edits_a_quantity(self):
        """The buyer changes a drafted quantity from the card; only on an RFQ, by buyers."""
        line = self.biscuits_line.with_user(self.buyer)
        drafted = self.biscuits_line.product_qty
        daily = self.biscuits_line.jxc_reason_facts["daily"]
        result = line.jxc_set_quantity(40.0)
        self.assertEqual(self.biscuits_line.product_qty, 40.0)
        self.assertEqual(result["amount_total"], self.order.amount_total)
        self.assertEqual(result["jxc_reason"], self.biscuits_line.jxc_reason)
        # the reason still explains the drafted quantity, and says what the buyer made of it
        reason = self.biscuits_line.with_context(lang="en_US").jxc_reason
        self.assertIn(f"order {drafted:g} = max", reason)
        self.assertTrue(reason.endswith(
            f"; changed by hand to 40 ({round(40 / daily)} days of sales)"), reason)
        self.assertIn("手动改为 40", self.biscuits_line.with_context(lang="zh_CN").jxc_reason)
        line.jxc_set_quantity(drafted)  # back to the drafted quantity: nothing to say
        self.assertNotIn("changed by hand", self.biscuits_line.jxc_reason)
        line.jxc_set_quantity(40.0)
        with self.assertRaises(AccessError):
            self.biscuits_line.with_user(self.balance_user).jxc_set_quantity(30.0)
        with self.assertRaises(UserError):
            line.jxc_set_quantity(-1.0)
        self.order.with_user(self.buyer).action_jxc_approve_drafts()
        with self.assertRaises(UserError):
            line.jxc_set_quantity(30.0)

    def test_approve_updates_the_balance_lines(self):
        """Approving the draft recomputes its products' lines: incoming, forecast, state."""
        biscuits, rice = self._balance_line(self.biscuits), self._balance_line(self.rice)
        self.assertRecordValues(biscuits | rice, [
            {"qty_incoming": 0.0, "qty_forecast": 4.0, "state": "shortage"},
            {"qty_incoming": 0.0, "qty_forecast": 30.0, "state": "reorder"},
        ])
        self.order.with_user(self.buyer).action_jxc_approve_drafts()
        # 4 on hand + 179 ordered; 30 + 325: both now above their reorder point
        self.assertRecordValues(biscuits | rice, [
            {"qty_incoming": 179.0, "qty_forecast": 183.0, "state": "balanced"},
            {"qty_incoming": 325.0, "qty_forecast": 355.0, "state": "balanced"},
        ])
