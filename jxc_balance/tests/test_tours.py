from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestTours(HttpCase):
    def test_menu_tour(self):
        """A Balance User logs in and opens Inventory › Balance › Balance Lines."""
        new_test_user(
            self.env, login="jxc_tour_user", password="jxc_tour_user", name="Tour User",
            groups="base.group_user,stock.group_stock_user,jxc_balance.group_jxc_balance_user")
        self.start_tour("/odoo", "jxc_balance_menu_tour", login="jxc_tour_user")
