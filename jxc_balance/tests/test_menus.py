from odoo.exceptions import AccessError
from odoo.tests import Form, tagged

from .common import JxcBalanceCommon

STOCK_MENUS = ("menu_jxc_balance_dashboard", "menu_jxc_balance_alert", "menu_jxc_balance_line",
               "menu_jxc_balance_event", "menu_jxc_balance_slow_movers",
               "menu_jxc_balance_velocity")
MANAGER_MENUS = ("menu_jxc_balance_stock_profile", "menu_jxc_balance_settings")


@tagged("post_install", "-at_install")
class TestMenus(JxcBalanceCommon):
    """Every view of the addon has a menu its users can see, with or without the Sales app."""

    def _visible(self, user):
        """The menus ``user`` can click to: visible, and so are all their ancestors (an
        inactive or hidden parent hides its children from the menu bar)."""
        Menu = self.env["ir.ui.menu"].with_user(user)
        visible = Menu._visible_menu_ids()
        return Menu.browse(visible).filtered(
            lambda menu: all(int(i) in visible for i in menu.parent_path.split("/")[:-1]))

    def _menus(self, *xmlids):
        return self.env["ir.ui.menu"].browse(
            [self.env.ref(f"jxc_balance.{xmlid}").id for xmlid in xmlids])

    def test_inventory_entries_for_sales_views(self):
        """Slow Movers and Sales Velocity hang under Inventory › Balance too, with the same
        actions as the Sales entries, which stay for when the Sales app is installed."""
        for inventory, sales in (("menu_jxc_balance_slow_movers",
                                  "menu_jxc_balance_sale_slow_movers"),
                                 ("menu_jxc_balance_velocity", "menu_jxc_balance_sale_velocity")):
            inventory, sales = self._menus(inventory), self._menus(sales)
            self.assertEqual(inventory.action, sales.action)
            self.assertEqual(inventory.parent_id, self.env.ref(
                "jxc_balance.menu_jxc_balance_stock_root"))
            self.assertEqual(sales.parent_id.parent_id, self.env.ref("sale.sale_menu_root"))

    def test_visible_menus_per_group(self):
        """A Balance User sees the balance views; a Balance Manager also the profiles and
        the read-only settings, though Inventory › Configuration is not theirs."""
        user_menus = self._visible(self.balance_user)
        manager_menus = self._visible(self.balance_manager)
        self.assertLessEqual(self._menus(*STOCK_MENUS), user_menus)
        self.assertFalse(self._menus(*MANAGER_MENUS) & user_menus)
        self.assertLessEqual(self._menus(*STOCK_MENUS, *MANAGER_MENUS), manager_menus)
        self.assertNotIn(self._menus("menu_jxc_balance_profile"), manager_menus)
        self.assertIn(self._menus("menu_jxc_balance_profile"), self._visible(self.stock_manager))
        if not self.env.ref("sale.sale_menu_root").active:  # no Sales app
            self.assertFalse(self._menus("menu_jxc_balance_sale_slow_movers") & manager_menus)


@tagged("post_install", "-at_install")
class TestBalanceSettings(JxcBalanceCommon):
    """Balance Managers read the company-wide values and edit the profiles."""

    def test_manager_reads_settings(self):
        self.company.write({"jxc_slow_days": 45, "jxc_count_tolerance": 2.5})
        self.assertFalse(self.balance_manager.has_group("base.group_system"))
        action = self.env.ref("jxc_balance.action_jxc_balance_settings").with_user(
            self.balance_manager).with_company(self.company).run()
        self.assertEqual((action["res_model"], action["res_id"]),
                         ("res.company", self.company.id))
        view = self.env["res.company"].with_user(self.balance_manager).get_views(
            action["views"])["views"]["form"]
        self.assertIn('edit="0"', view["arch"])
        company = self.company.with_user(self.balance_manager)
        self.assertRecordValues(company, [{
            "jxc_slow_days": 45, "jxc_dead_days": 180, "jxc_overstock_days": 120,
            "jxc_abc_threshold_a": 0.80, "jxc_abc_threshold_b": 0.95,
            "jxc_count_tolerance_rate": 0.025,  # 2.5 % as a fraction
        }])
        with self.assertRaises(AccessError):
            company.write({"jxc_slow_days": 30})

    def test_user_has_no_settings(self):
        with self.assertRaises(AccessError):
            self.env["res.company"].with_user(self.balance_user).jxc_action_balance_settings()

    def test_tolerance_as_percentage(self):
        """Settings edit the tolerance as a percentage; the company keeps it in percent."""
        with Form(self.env["res.config.settings"].with_company(self.company)) as settings:
            self.assertEqual(settings.jxc_count_tolerance_rate, 0.02)
            settings.jxc_count_tolerance_rate = 0.035
        self.assertEqual(self.company.jxc_count_tolerance, 3.5)
        arch = self.env.ref("jxc_balance.view_res_config_settings_form").arch
        for name in ("jxc_abc_threshold_a", "jxc_abc_threshold_b", "jxc_count_tolerance_rate"):
            self.assertIn(f'name="{name}" widget="percentage"',
                          " ".join(arch.split()))

    def test_manager_edits_profile(self):
        profile = self.env["jxc.balance.profile"].with_user(self.balance_manager).create({
            "name": "Fresh food", "company_id": self.company.id, "service_level": 0.95})
        with Form(profile) as form:
            form.service_level = 0.97
            form.cover_days = 14
        self.assertRecordValues(profile, [{"service_level": 0.97, "cover_days": 14}])
