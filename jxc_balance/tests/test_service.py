from odoo.tests import tagged

from .common import JxcServiceCommon


@tagged("post_install", "-at_install")
class TestServiceAchieved(JxcServiceCommon):
    """The service each line achieved, as the nightly recompute writes it (shop described
    in ``JxcServiceCommon``), and the dashboard's figures of it."""

    def test_rice_line(self):
        self.recompute()
        line = self.line_of(self.rice)
        self.assertEqual(line.qty_available, 21.0)  # 240 received - 219 sold
        # 365 days, counted from the first receipt 120 days ago: 20 stockout days, 100
        # in stock; lost = 20 × 219 / 100 = 43.8; fill = 219 / (219 + 43.8) = 1 / 1.2
        self.assertEqual(line.stockout_days_365, 20)
        self.assertAlmostEqual(line.units_sold_365, 219.0)
        self.assertAlmostEqual(line.units_demanded_365, 262.8)
        self.assertAlmostEqual(line.fill_rate_365, 0.8333)
        # 90 days (89-1 and day 90): days 90 and 49-40 empty, 11; sold 120 + 39 = 159 on
        # 79 days in stock; fill = 159 / (159 + 11 × 159 / 79) = 79 / 90
        self.assertEqual(line.stockout_days_90, 11)
        self.assertAlmostEqual(line.fill_rate_90, 0.8778)
        # 4 receipts: 3 cycles, 1 without a stockout day; the profile reads cycles
        self.assertEqual((line.service_cycles, line.service_cycles_met), (3, 1))
        self.assertRecordValues(line, [{
            "service_metric": "cycle", "service_level": 0.98, "service_measured": True,
            "service_achieved": 0.3333,  # 1 / 3
        }])

    def test_too_few_cycles_to_judge(self):
        self.recompute()
        line = self.line_of(self.biscuits)
        # 2 cycles, both missed: a figure of 0, but 2 < 3 cycles say too little
        self.assertEqual((line.service_cycles, line.service_cycles_met), (2, 0))
        self.assertRecordValues(line, [{
            "service_measured": False, "service_achieved": 0.0, "stockout_days_365": 20,
            # 60 days since the first receipt, 40 in stock: fill = 40 / 60
            "units_sold_365": 79.0, "fill_rate_365": 0.6667,
        }])

    def test_fill_rate_profile(self):
        """A profile reading fill rates: the line's achieved service is its fill rate, and
        40 days in stock (biscuits) are enough to judge it."""
        profile = self.env["jxc.balance.profile"].create({
            "name": "Fill 95", "company_id": self.company.id, "service_level": 0.95,
            "service_metric": "fill_rate"})
        (self.rice | self.biscuits).product_tmpl_id.with_company(
            self.company).jxc_profile_id = profile
        self.recompute()
        self.assertRecordValues(self.line_of(self.rice) | self.line_of(self.biscuits), [
            {"service_metric": "fill_rate", "service_measured": True,
             "service_achieved": 0.8333},  # 219 / 262.8
            {"service_metric": "fill_rate", "service_measured": True,
             "service_achieved": 0.6667},  # 79 / (79 + 20 × 79 / 40)
        ])

    def test_never_stocked_product(self):
        """Nothing ever moved: no day to measure, nothing to judge."""
        ghost = self._create_product("Service Ghost")
        self.recompute()
        self.assertRecordValues(self.line_of(ghost), [{
            "stockout_days_365": 0, "service_cycles": 0, "units_demanded_365": 0.0,
            "service_measured": False, "fill_rate_365": 0.0,
        }])

    def test_dashboard_pools_the_lines(self):
        """The dashboard's service block: by consumption value the rice (219 × 10 =
        2,190) is class A, the biscuits (79 × 2 = 158, after 93 % of the value) B."""
        self.recompute()
        self.assertEqual((self.line_of(self.rice).abc_class,
                          self.line_of(self.biscuits).abc_class), ("a", "b"))
        service = self.env["jxc.balance.dashboard"].with_user(self.balance_user) \
            .with_company(self.company).get_dashboard_data()["service"]
        rows = {row["key"]: row for row in service["rows"]}
        self.assertEqual(
            {key: (row["count"], row["target"], row["cycle_service"], row["fill_rate"])
             for key, row in rows.items()},
            {"a": (1, 98.0, 33.3, 83.3),  # 1 / 3 cycles, 219 / 262.8
             "b": (1, 98.0, 0.0, 66.7),  # 0 / 2 cycles, 79 / 118.5
             "c": (0, False, False, False)})
