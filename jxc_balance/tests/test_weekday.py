from datetime import timedelta

from odoo.tests import tagged

from .common import JxcBalanceCommon

WEEKEND = (5, 6)  # Saturday, Sunday


@tagged("post_install", "-at_install")
class TestWeekdayProfile(JxcBalanceCommon):
    """A product selling 2 a weekday and 8 a weekend day for 85 days; H = 28 days, cover
    28, lead time 3 days (promised), no days to purchase."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._set_profiles(history_days=28, cover_days=28)
        cls.company.days_to_purchase = 0
        vendor = cls._create_vendor("Weekend Vendor")
        cls.beer = cls._create_product("Weekend Beer", vendor=vendor, delay=3)
        # from the first receipt on, every day sells its weekday's quantity
        cls._receive(cls.beer, 1000, 85)
        cls._sell(cls.beer, {days_ago: cls._pattern(cls.today - timedelta(days=days_ago))
                             for days_ago in range(1, 86)})

    @staticmethod
    def _pattern(day):
        return 8 if day.weekday() in WEEKEND else 2

    def test_weekend_is_seen_coming(self):
        self.recompute()
        line = self.line_of(self.beer)
        # weekday means 2 and 8 over their mean (5 · 2 + 2 · 8) / 7 = 26/7: 14/26, 56/26
        self.assertEqual(line.weekday_factors, "0.54 0.54 0.54 0.54 0.54 2.15 2.15")
        self.assertAlmostEqual(line.avg_daily_demand, 26 / 7, places=4)
        # each day sells exactly its weekday's forecast: no spread left, SS 0 (σ_L 0)
        self.assertEqual(line.demand_std, 0.0)
        self.assertEqual(line.safety_stock, 0.0)
        # ROP = d̄ · Σ f over the protected 3.5 days from today = the pattern of today and
        # the next 2 days, and half of the third; max = ROP + the 28 cover days after
        # the lead time (4 whole weeks: 4 · 26)
        days = [self.today + timedelta(days=ahead) for ahead in range(4)]
        protected = sum(self._pattern(day) for day in days[:3]) + self._pattern(days[3]) / 2
        self.assertAlmostEqual(line.reorder_point, protected, delta=0.01)
        self.assertAlmostEqual(line.max_qty, protected + 104, delta=0.01)
