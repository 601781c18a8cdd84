from odoo.tests import tagged

from .common import JxcServiceCommon


@tagged("post_install", "-at_install")
class TestServiceAlerts(JxcServiceCommon):
    """Service below target: raised with a to-do when a line's achieved service is more
    than 5 points below its target on enough evidence, closed when it no longer is (shop
    described in ``JxcServiceCommon``)."""

    def scan(self):
        self.env["jxc.balance.alert"].with_user(self.balance_manager).action_scan()

    def alert_of(self, product, state="open"):
        return self.env["jxc.balance.alert"].search([
            ("product_id", "=", product.id), ("alert_type", "=", "service_below_target"),
            ("state", "=", state)])

    def test_cycle_service_below_target(self):
        self.recompute()
        self.scan()
        alert = self.alert_of(self.rice)
        # 1 of 3 cycles met: 33.3 % < 98 % - 5 points; value: the lost demand, 43.8 × 10
        self.assertRecordValues(alert, [{
            "warehouse_id": self.warehouse.id, "balance_line_id": self.line_of(self.rice).id,
            "value": 438.0,
            "description": "Cycle service of 33.3% over the last 365 days (1 of 3 "
                           "replenishment cycles without a stockout day, 20 stockout days), "
                           "below the target of 98%",
        }])
        self.assertRecordValues(alert.activity_ids, [{
            "activity_type_id": self.env.ref("mail.mail_activity_data_todo").id,
            "user_id": self.stock_manager.id, "summary": alert.display_name,
        }])
        self.assertEqual(alert.display_name,
                         f"Service Below Target: Service Rice / {self.warehouse.code}")
        # 0 of 2 cycles: too few to judge, no alert
        self.assertFalse(self.alert_of(self.biscuits))

    def test_fill_rate_below_target_then_within_tolerance(self):
        profile = self.env["jxc.balance.profile"].create({
            "name": "Fill 90", "company_id": self.company.id, "service_level": 0.90,
            "service_metric": "fill_rate"})
        self.rice.product_tmpl_id.with_company(self.company).jxc_profile_id = profile
        self.recompute()
        self.scan()
        alert = self.alert_of(self.rice)
        # 219 / 262.8 = 83.3 % < 90 % - 5 points
        self.assertEqual(
            alert.description,
            "Fill rate of 83.3% over the last 365 days (219 Units sold of an estimated "
            "262.80 Units demanded, 20 stockout days), below the target of 90%")
        self.assertTrue(alert.activity_ids)
        # a target of 88 %: 83.3 % is within 5 points, the alert closes, its to-do goes
        profile.service_level = 0.88
        self.recompute()
        self.scan()
        self.assertFalse(self.alert_of(self.rice))
        self.assertRecordValues(alert, [{"state": "done", "is_current": False}])
        self.assertFalse(alert.activity_ids)

    def test_text_in_the_reader_language(self):
        self._load_chinese()
        self.recompute()
        self.scan()
        alert = self.alert_of(self.rice).with_context(lang="zh_CN")
        self.assertEqual(
            alert.description,
            "过去 365 天的周期服务水平为 33.3%（3 个补货周期中 1 个没有断货日，断货 20 天），"
            "低于目标 98%")
