from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .common import JxcBalanceCommon


@tagged("post_install", "-at_install")
class TestSettings(JxcBalanceCommon):
    def test_defaults(self):
        company = self.env["res.company"].create({"name": "Fresh Shop"})
        self.assertEqual(
            (company.jxc_abc_threshold_a, company.jxc_abc_threshold_b, company.jxc_slow_days,
             company.jxc_dead_days, company.jxc_overstock_days),
            (0.80, 0.95, 60, 180, 120))
        # a new company uses the shared class profiles
        Profile = self.env["jxc.balance.profile"]
        self.assertEqual(
            {abc: Profile._class_settings(company, abc).service_level for abc in "abc"},
            {"a": 0.98, "b": 0.95, "c": 0.90})
        self.assertEqual(
            {abc: Profile._class_settings(company, abc).history_days for abc in "abc"},
            {"a": 90, "b": 90, "c": 90})

    def test_settings_form_writes_company(self):
        with Form(self.env["res.config.settings"].with_company(self.company)) as settings:
            settings.jxc_slow_days = 45
            settings.jxc_abc_threshold_a = 0.70
        self.assertEqual(self.company.jxc_slow_days, 45)
        self.assertEqual(self.company.jxc_abc_threshold_a, 0.70)

    def test_settings_link_to_profiles(self):
        """The settings block keeps the company-wide values and links to the profiles."""
        arch = self.env.ref("jxc_balance.view_res_config_settings_form").arch
        action = self.env.ref("jxc_balance.action_jxc_balance_profile")
        self.assertIn(f'name="{action.id}"', arch)
        self.assertEqual(action.res_model, "jxc.balance.profile")
        settings = self.env["res.config.settings"]
        for name in ("jxc_history_days", "jxc_cover_days", "jxc_service_level_a",
                     "jxc_count_interval_a"):
            self.assertNotIn(name, settings._fields)
            self.assertNotIn(name, self.env["res.company"]._fields)

    def test_out_of_range_refused(self):
        bad_values = [
            {"jxc_abc_threshold_a": 0.96},
            {"jxc_abc_threshold_b": 1.0},
            {"jxc_abc_threshold_a": 0.0},
            {"jxc_slow_days": 0},
            {"jxc_dead_days": 0},
            {"jxc_overstock_days": 0},
        ]
        for values in bad_values:
            with self.subTest(values=values), self.assertRaises(ValidationError):
                self.company.write(values)
                self.company.flush_recordset()
        # nothing half-written: the company keeps its defaults
        self.assertEqual(self.company.jxc_abc_threshold_a, 0.80)

    def test_groups(self):
        manager_group = self.env.ref("jxc_balance.group_jxc_balance_manager")
        user_group = self.env.ref("jxc_balance.group_jxc_balance_user")
        self.assertIn(user_group, manager_group.implied_ids)
        self.assertTrue(self.stock_manager.has_group("jxc_balance.group_jxc_balance_manager"))
        self.assertTrue(self.balance_user.has_group("jxc_balance.group_jxc_balance_user"))
        self.assertFalse(self.balance_user.has_group("jxc_balance.group_jxc_balance_manager"))
