from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .common import JxcBalanceCommon


@tagged("post_install", "-at_install")
class TestSettings(JxcBalanceCommon):
    def test_defaults(self):
        company = self.env["res.company"].create({"name": "Fresh Shop"})
        self.assertEqual(
            (company.jxc_history_days, company.jxc_service_level_a,
             company.jxc_service_level_b, company.jxc_service_level_c,
             company.jxc_abc_threshold_a, company.jxc_abc_threshold_b,
             company.jxc_cover_days, company.jxc_slow_days, company.jxc_dead_days,
             company.jxc_overstock_days),
            (90, 0.98, 0.95, 0.90, 0.80, 0.95, 30, 60, 180, 120))

    def test_settings_form_writes_company(self):
        with Form(self.env["res.config.settings"].with_company(self.company)) as settings:
            settings.jxc_history_days = 120
            settings.jxc_service_level_a = 0.99
        self.assertEqual(self.company.jxc_history_days, 120)
        self.assertEqual(self.company.jxc_service_level_a, 0.99)

    def test_out_of_range_refused(self):
        bad_values = [
            {"jxc_service_level_a": 0.5},
            {"jxc_service_level_b": 0.99995},
            {"jxc_service_level_c": 1.2},
            {"jxc_abc_threshold_a": 0.96},
            {"jxc_abc_threshold_b": 1.0},
            {"jxc_abc_threshold_a": 0.0},
            {"jxc_history_days": 0},
            {"jxc_cover_days": -5},
            {"jxc_slow_days": 0},
            {"jxc_dead_days": 0},
            {"jxc_overstock_days": 0},
        ]
        for values in bad_values:
            with self.subTest(values=values), self.assertRaises(ValidationError):
                self.company.write(values)
                self.company.flush_recordset()
        # nothing half-written: the company keeps its defaults
        self.assertEqual(self.company.jxc_service_level_a, 0.98)

    def test_groups(self):
        manager_group = self.env.ref("jxc_balance.group_jxc_balance_manager")
        user_group = self.env.ref("jxc_balance.group_jxc_balance_user")
        self.assertIn(user_group, manager_group.implied_ids)
        self.assertTrue(self.stock_manager.has_group("jxc_balance.group_jxc_balance_manager"))
        self.assertTrue(self.balance_user.has_group("jxc_balance.group_jxc_balance_user"))
        self.assertFalse(self.balance_user.has_group("jxc_balance.group_jxc_balance_manager"))
