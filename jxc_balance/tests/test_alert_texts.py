from odoo.exceptions import AccessError
from odoo.tests import Form, new_test_user, tagged

from .test_alerts import AlertsCommon


@tagged("post_install", "-at_install")
class TestAlertTexts(AlertsCommon):
    """Alerts rendered in the reader's language, to-dos for the right person, lead time
    drift per vendor and its one-click fix (shop described in ``AlertsCommon``)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._load_chinese()
        cls.zh_manager = new_test_user(
            cls.env, login="jxc_zh_owner", name="小张", lang="zh_CN",
            groups="base.group_user,stock.group_stock_user,"
            "jxc_balance.group_jxc_balance_manager",
            company_id=cls.company.id, company_ids=[cls.company.id])

    def uom(self, lang):
        return self.umbrella.uom_id.with_context(lang=lang).name

    def test_chinese_reader_of_an_english_scan(self):
        self.recompute()
        self.env["jxc.balance.alert"].with_context(lang="en_US")._cron_scan()
        slow = self.alert_of(self.umbrella, "slow")
        self.assertEqual(slow.with_context(lang="en_US").description,
                         "30 Units on hand, no sale for 72 days (slow after 60 days)")
        self.assertEqual(slow.with_user(self.zh_manager).with_context(lang="zh_CN").description,
                         f"在手 30 {self.uom('zh_CN')}，已 72 天没有销售（超过 60 天即为滞销）")
        self.assertEqual(slow.with_context(lang="zh_CN").display_name,
                         f"滞销：[JXC-001] Umbrella / {self.warehouse.code}")

    def test_english_reader_of_a_chinese_scan(self):
        self.company.partner_id.lang = "zh_CN"
        self.recompute()
        self.env["jxc.balance.alert"]._cron_scan()  # in the company's language
        dead = self.alert_of(self.coat, "dead")
        self.assertEqual(
            dead.with_context(lang="en_US").description,
            "30 Units on hand, no outgoing move for 200 days (dead after 180 days)")
        self.assertEqual(
            dead.with_context(lang="zh_CN").description,
            f"在手 30 {self.uom('zh_CN')}，已 200 天没有任何出库（超过 180 天即为呆滞）")
        # the to-do is written in its assignee's language (English), not the company's
        self.assertEqual(dead.activity_ids.user_id, self.stock_manager)
        self.assertEqual(dead.activity_ids.summary,
                         f"Dead Stock: {self.coat.display_name} / {self.warehouse.code}")
        self.assertIn("no outgoing move for 200 days", str(dead.activity_ids.note))

    def test_todo_in_the_assignee_language(self):
        """An English scan gives the Chinese owner his to-dos in Chinese."""
        self.company.jxc_balance_manager_id = self.zh_manager
        self.recompute()
        self.env["jxc.balance.alert"].with_context(lang="en_US")._cron_scan()
        slow = self.alert_of(self.umbrella, "slow")
        self.assertEqual(slow.activity_ids.user_id, self.zh_manager)
        self.assertEqual(slow.activity_ids.summary,
                         f"滞销：[JXC-001] Umbrella / {self.warehouse.code}")
        self.assertIn("已 72 天没有销售", str(slow.activity_ids.note))

    def test_assignees(self):
        """The product's responsible, else the warehouse's Balance Manager, else the
        company's, else the first Inventory Administrator."""
        store_manager = new_test_user(
            self.env, login="jxc_store_manager", name="Store Manager",
            groups="base.group_user,stock.group_stock_user,jxc_balance.group_jxc_balance_user",
            company_id=self.company.id, company_ids=[self.company.id])
        self.warehouse.jxc_balance_manager_id = store_manager
        self.company.jxc_balance_manager_id = self.zh_manager
        self.recompute()
        alerts = self.scan()
        assignees = {(alert.product_id or alert.vendor_id): alert.activity_ids.user_id
                     for alert in alerts}
        self.assertEqual(assignees, {
            self.notebook: self.balance_manager,  # its responsible
            self.umbrella: store_manager, self.coat: store_manager,
            self.biscuits: store_manager, self.gift_box: store_manager,
            # a vendor's alert has no warehouse: the company's Balance Manager
            self.late_vendor: self.zh_manager,
        })
        # a manager who cannot use the balance gives way
        store_manager.groups_id -= self.env.ref("jxc_balance.group_jxc_balance_user")
        self.assertEqual(self.company._jxc_alert_assignees(alerts)[
            self.alert_of(self.umbrella, "slow").id], self.zh_manager)

    def test_drift_per_vendor(self):
        """One alert for the vendor, with its products inside; idle lines are left out."""
        lemonade = self._create_product("Lemonade", cost=3, vendor=self.late_vendor, delay=4)
        for ordered_days_ago, lead_days in ((100, 9), (60, 10), (40, 11)):
            self._purchase(lemonade, self.late_vendor, 10, ordered_days_ago, lead_days)
        # delivered 10 days late on average, but all sold before the 10 days of history:
        # no stock and no demand
        self._sell(lemonade, {20: 30})
        self.recompute()
        self.scan()
        drift = self.drift_alert()
        self.assertRecordValues(drift, [{
            "product_id": False, "warehouse_id": False, "vendor_id": self.late_vendor.id,
            "value": 1800.0,  # cola: 90 on hand x 20
            "description": "Late Vendor delivers later than promised: Cola: 14 days on "
                           "average over 3 receipts, 7 days promised",
        }])
        self.assertEqual(drift.display_name, "Lead Time Drift: Late Vendor")

    def test_use_observed_lead_time(self):
        self.recompute()
        self.scan()
        drift = self.drift_alert()
        with self.assertRaises(AccessError):
            Form(self.env["jxc.balance.lead.time.wizard"].with_user(self.balance_user)
                 .with_context(default_alert_id=drift.id)).save()
        wizard_form = Form(self.env["jxc.balance.lead.time.wizard"]
                           .with_user(self.balance_manager)
                           .with_context(default_alert_id=drift.id))
        self.assertEqual(wizard_form.summary, f"{self.cola.display_name}: 7 → 14 days")
        wizard_form.save().action_apply()
        self.assertEqual(self.cola.seller_ids.delay, 14)
        self.assertEqual(drift.state, "done")
        self.assertFalse(drift.activity_ids)
        self.assertIn("Promised lead times of Late Vendor set to the observed ones",
                      " ".join(drift.message_ids.mapped("body")))
        # the next recompute plans with the new promise: no drift any more
        self.recompute()
        self.scan()
        self.assertFalse(self.drift_alert())
        self.assertFalse(drift.is_current)

    def test_todo_rewritten_for_a_new_assignee(self):
        self.recompute()
        self.env["jxc.balance.alert"].with_context(lang="en_US")._cron_scan()
        slow = self.alert_of(self.umbrella, "slow")
        self.assertIn("no sale for 72 days", str(slow.activity_ids.note))
        slow.activity_ids.user_id = self.zh_manager
        self.assertEqual(slow.activity_ids.summary,
                         f"滞销：[JXC-001] Umbrella / {self.warehouse.code}")
        self.assertIn("已 72 天没有销售", str(slow.activity_ids.note))
