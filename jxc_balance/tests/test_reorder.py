from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import JxcBalanceCommon


@tagged("post_install", "-at_install")
class TestReorderDrafts(JxcBalanceCommon):
    """Constant demand (σ_d = 0, so SS = 0, ROP = d x (L + 0.5), max = ROP + 30 d; the
    half day is the nightly review), H = 10 days.

    rice   10/day, vendor A (5 d, min 500):  ROP 55, max 355, on hand 130 - 100 = 30
    soy     2/day, vendor A (5 d, bought by the dozen): ROP 11, max 71, on hand 25 - 20 = 5
    cola    3/day, vendor B (7 d):  ROP 22.5, max 112.5, on hand 40 - 30 = 10
    salt    1/day, no vendor: nothing to buy from anyone
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._set_profiles(history_days=10)
        cls.vendor_a = cls._create_vendor("Grocery Wholesaler")
        cls.vendor_b = cls._create_vendor("Drinks Wholesaler")
        cls.dozen = cls.env.ref("uom.product_uom_dozen")
        cls.rice = cls._create_product("Rice 5kg", cost=30, vendor=cls.vendor_a, delay=5)
        cls.rice.seller_ids.min_qty = 500
        cls.soy = cls._create_product("Soy Sauce", cost=8, vendor=cls.vendor_a, delay=5,
                                      uom_po_id=cls.dozen.id)
        cls.cola = cls._create_product("Cola 330ml", cost=2, vendor=cls.vendor_b, delay=7)
        cls.salt = cls._create_product("Salt", cost=1)
        for product, opening, daily in ((cls.rice, 130, 10), (cls.soy, 25, 2),
                                        (cls.cola, 40, 3), (cls.salt, 20, 1)):
            cls._receive(product, opening, 15)
            cls._sell(product, dict.fromkeys(range(1, 11), daily))
        cls.buyer = new_test_user(
            cls.env, login="jxc_buyer", name="Buyer",
            groups="base.group_user,purchase.group_purchase_user",
            company_id=cls.company.id, company_ids=[cls.company.id])

    def _drafted_orders(self):
        return self.env["purchase.order"].search([
            ("company_id", "=", self.company.id), ("jxc_drafted", "=", True)])

    def _draft(self, user=None):
        lines = self.env["jxc.balance.line"].with_user(user or self.buyer)
        return lines.with_company(self.company).action_generate_reorder_drafts()

    def test_one_rfq_per_vendor_with_odoo_quantities(self):
        self.recompute()
        self.assertEqual(self.line_of(self.rice).state, "reorder")
        self.assertRecordValues(self.line_of(self.rice), [
            {"reorder_point": 55.0, "max_qty": 355.0}])
        self._draft()
        orders = self._drafted_orders()
        self.assertEqual(orders.partner_id, self.vendor_a | self.vendor_b)
        self.assertEqual(len(orders), 2)
        self.assertTrue(all(order.state == "draft" for order in orders))
        lines = orders.order_line
        rice = lines.filtered(lambda line: line.product_id == self.rice)
        # Odoo would order max - forecast = 355 - 30 = 325; the vendor sells 500 minimum
        self.assertEqual(rice.product_qty, 500.0)
        soy = lines.filtered(lambda line: line.product_id == self.soy)
        # 71 - 5 = 66 units = 66 / 12 = 5.5 dozens, in the purchase unit
        self.assertEqual(soy.product_uom, self.dozen)
        self.assertAlmostEqual(soy.product_qty, 5.5, places=2)
        cola = lines.filtered(lambda line: line.product_id == self.cola)
        self.assertEqual(cola.product_qty, 102.0)  # 112.5 - 10, down to whole units
        self.assertEqual(cola.order_id.partner_id, self.vendor_b)
        self.assertFalse(lines.filtered(lambda line: line.product_id == self.salt))
        # the buyer sees why, and where the 500 come from: 500 / 10 a day = 50 days
        self.assertEqual(
            rice.jxc_reason,
            "To Reorder: forecast 30, safety stock 0, reorder point 55, class A; "
            "order 500, the vendor's minimum (max 355 − forecast 30 = 325) "
            "(50 days of sales)")
        # a reference, the same in every language (after the rule's, as Odoo writes it)
        self.assertIn(f" - JXC/{fields.Date.to_string(self.today)}", rice.order_id.origin)
        self.assertNotIn("Stock Balance", rice.order_id.origin)

    def test_quantity_typed_in_replenishment_is_drafted(self):
        """A buyer's quantity on the rule (Odoo's Replenishment) is drafted as typed."""
        self.recompute()
        self.line_of(self.cola).orderpoint_id.qty_to_order = 150.0  # Odoo would order 102
        self._draft()
        cola = self._drafted_orders().order_line.filtered(
            lambda line: line.product_id == self.cola)
        self.assertEqual(cola.product_qty, 150.0)
        self.assertIn("order 150, as typed in Replenishment (50 days of sales)",
                      cola.jxc_reason)  # 150 / 3 a day
        self.assertFalse(self.line_of(self.cola).orderpoint_id.qty_to_order_manual)

    def test_second_run_changes_nothing(self):
        self.recompute()
        self._draft()
        before = {line.id: line.product_qty for line in self._drafted_orders().order_line}
        self.recompute()
        self._draft()
        self._draft()
        after = {line.id: line.product_qty for line in self._drafted_orders().order_line}
        self.assertEqual(after, before)

    def test_buyer_edit_is_kept(self):
        self.recompute()
        self._draft()
        cola = self._drafted_orders().order_line.filtered(
            lambda line: line.product_id == self.cola)
        cola.with_user(self.buyer).product_qty = 60
        self.recompute()
        self._draft()
        self.assertEqual(cola.product_qty, 60.0)
        self.assertEqual(len(self._drafted_orders()), 2)

    def test_buyer_approves_drafts(self):
        self.recompute()
        self._draft()
        orders = self._drafted_orders().with_user(self.buyer)
        orders.action_jxc_approve_drafts()
        self.assertEqual(set(orders.mapped("state")), {"purchase"})
        # confirmed orders count as incoming: forecast 30 + 500 >= ROP, nothing more to draft
        self.recompute()
        self.assertEqual(self.line_of(self.rice).qty_forecast, 530.0)
        self._draft()
        self.assertEqual(self._drafted_orders(), orders)

    def test_cancelled_draft_not_redrafted_today(self):
        self.recompute()
        self._draft()
        cola_order = self._drafted_orders().filtered(
            lambda order: order.partner_id == self.vendor_b)
        cola_order.with_user(self.buyer).button_cancel()
        self._draft()
        self.assertEqual(
            self._drafted_orders().filtered(lambda o: o.partner_id == self.vendor_b),
            cola_order)

    def test_access_and_company(self):
        self.recompute()
        with self.assertRaises(AccessError):
            self._draft(user=self.balance_user)
        self._draft(user=self.balance_manager)
        self.assertEqual(self._drafted_orders().company_id, self.company)
        other = self.env["res.company"].create({"name": "Other Shop"})
        outsider = new_test_user(
            self.env, login="jxc_outsider", groups="base.group_user,purchase.group_purchase_user",
            company_id=other.id, company_ids=[Command.set(other.ids)])
        self.assertFalse(self.env["purchase.order"].with_user(outsider).search(
            [("jxc_drafted", "=", True)]))

    def test_cron_drafts_in_batches(self):
        """The 02:00 cron drafts ``batch_size`` lines a call, the next call goes on.

        rice, soy and cola need stock (3 lines); with batches of 2: the first call drafts
        2 and reports 1 remaining, the second drafts cola and reports 0, a third changes
        nothing. Every need is drafted once, in the same RFQ per vendor as the button does.
        """
        self.recompute()
        Line = self.env["jxc.balance.line"]
        needs = Line.search([("company_id", "=", self.company.id),
                             ("state", "in", ("shortage", "reorder"))])
        self.assertEqual(needs.product_id, self.rice | self.soy | self.cola)
        # other companies' lines (demo data) are out of this test's way
        Line.search([("company_id", "!=", self.company.id)]).drafts_checked_at = \
            self.env["jxc.balance.engine"]._now()
        cron = self.env.ref("jxc_balance.ir_cron_balance_reorder")
        progress = self.env["ir.cron.progress"].create(
            {"cron_id": cron.id, "remaining": 0, "done": 0})
        Cron = Line.with_context(ir_cron_progress_id=progress.id)

        Cron._cron_generate_reorder_drafts(batch_size=2)
        self.assertEqual((progress.done, progress.remaining), (2, 1))
        self.assertEqual(len(needs.filtered("drafts_checked_at")), 2)
        Cron._cron_generate_reorder_drafts(batch_size=2)
        self.assertEqual((progress.done, progress.remaining), (1, 0))
        orders = self._drafted_orders()
        self.assertEqual(orders.partner_id, self.vendor_a | self.vendor_b)
        lines = orders.order_line
        self.assertEqual(sorted(lines.product_id.ids), sorted(needs.product_id.ids))
        # 500 (vendor minimum), 66 units = 5.5 dozens, 112.5 - 10 -> 102: as the button drafts
        self.assertEqual(
            sorted(round(line.product_qty, 2) for line in lines), [5.5, 102.0, 500.0])

        before = {line.id: line.product_qty for line in lines}
        Cron._cron_generate_reorder_drafts(batch_size=2)
        self.assertEqual((progress.done, progress.remaining), (0, 0))
        self.assertEqual({line.id: line.product_qty
                          for line in self._drafted_orders().order_line}, before)

    def test_rule_search_shared_within_run(self):
        """Within a reorder run, products with the same routes share one rule search.

        rice and cola have no route of their own: both are bought through the
        warehouse's Buy route. Odoo's search (no cache) and the run's cached one find the
        same rule for both; the cache holds a single search.
        """
        Group = self.env["procurement.group"]
        stock = self.warehouse.lot_stock_id
        values = {"warehouse_id": self.warehouse}
        odoo_rules = [Group._get_rule(product, stock, values) for product in (self.rice, self.cola)]
        self.assertEqual(odoo_rules[0].action, "buy")
        cache = {}
        cached = Group.with_context(jxc_rule_cache=cache)
        run_rules = [cached._get_rule(product, stock, values) for product in (self.rice, self.cola)]
        self.assertEqual(run_rules, odoo_rules)
        self.assertEqual(len(cache), 1)
        # a hit comes back in the caller's environment, not the first caller's
        again = cached.with_context(jxc_probe=1)._get_rule(self.rice, stock, values)
        self.assertEqual((again, again.env.context.get("jxc_probe"), len(cache)),
                         (odoo_rules[0], 1, 1))

    def test_route_chosen_on_rule_is_kept(self):
        """A route chosen on the reordering rule is used and kept; others get Odoo's default."""
        self.recompute()
        buy_rule = self.env["procurement.group"]._get_rule(
            self.cola, self.warehouse.lot_stock_id, {"warehouse_id": self.warehouse})
        express = self.env["stock.route"].create({
            "name": "Express Buy", "product_selectable": True, "sequence": 99,
            "company_id": self.company.id,
            "rule_ids": [Command.create({
                "name": "Express Buy", "action": "buy",
                "location_dest_id": self.warehouse.lot_stock_id.id,
                "picking_type_id": buy_rule.picking_type_id.id,
                "company_id": self.company.id})],
        })
        self.line_of(self.cola).orderpoint_id.route_id = express
        self._draft()
        self.assertEqual(self.line_of(self.cola).orderpoint_id.route_id, express)
        # the rice rule had no route: Odoo's default, the warehouse's Buy route
        self.assertEqual(self.line_of(self.rice).orderpoint_id.route_id, buy_rule.route_id)
        cola = self._drafted_orders().order_line.filtered(
            lambda line: line.product_id == self.cola)
        self.assertEqual(cola.product_qty, 102.0)

    def test_quantities_are_odoo_s(self):
        """The run's quantities are Odoo's own, multiples and visibility days included.

        cola 112.5 - 10 = 102.5 with a multiple of 20: Odoo rounds down to 100 when the rule
        has a max; soy with a multiple of 12 the same way, 66 -> 60; rice has visibility
        days. Every quantity equals Odoo's ``qty_to_order_computed`` of the rule, and the
        forecasts are read once for all the rules, not one rule at a time.
        """
        self.recompute()
        cola, soy, rice = (self.line_of(product).orderpoint_id
                           for product in (self.cola, self.soy, self.rice))
        cola.qty_multiple = 20
        soy.qty_multiple = 12
        rice.visibility_days = 3
        orderpoints = cola | soy | rice
        orderpoints.invalidate_recordset()
        with self.assertQueryCount(__system__=22):
            quantities = orderpoints._jxc_quantities_to_order()
        self.assertEqual(quantities, {cola.id: 100.0, soy.id: 60.0, rice.id: 325.0})
        orderpoints.invalidate_recordset()
        self.assertEqual(
            quantities, {orderpoint.id: orderpoint.qty_to_order_computed
                         for orderpoint in orderpoints})
