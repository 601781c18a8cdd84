from odoo.tests import HttpCase, new_test_user, tagged

from .test_tours import TourShopCommon


@tagged("post_install", "-at_install")
class TestPhoneTour(TourShopCommon, HttpCase):
    """The shop owner on a phone (375 x 812, touch): Odoo's mobile layout."""

    browser_size = "375x812"
    touch_enabled = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.owner = new_test_user(
            cls.env, login="jxc_phone_owner", name="Phone Owner",
            groups="base.group_user,stock.group_stock_user,purchase.group_purchase_user,"
            "jxc_balance.group_jxc_balance_manager",
            company_id=cls.company.id, company_ids=[cls.company.id])
        # one applied count of the rice, on the mark: 100 % accurate
        quant = cls.env["stock.quant"].search([
            ("product_id", "=", cls.rice.id), ("location_id", "=", cls.stock_location.id)])
        quant = quant.with_user(cls.stock_manager).with_context(inventory_mode=True)
        quant.inventory_quantity = 30
        quant.action_apply_inventory()

    def test_phone_tour(self):
        """Dashboard, a KPI and the stock accuracy, then To Approve: approve a draft."""
        self.env["jxc.balance.line"].with_user(self.buyer).with_company(
            self.company).action_generate_reorder_drafts()
        self.start_tour("/odoo/action-jxc_balance.action_jxc_balance_dashboard",
                        "jxc_balance_phone_tour", login="jxc_phone_owner")
        order = self.env["purchase.order"].search([
            ("company_id", "=", self.company.id), ("jxc_drafted", "=", True)])
        self.assertEqual(order.state, "purchase")
