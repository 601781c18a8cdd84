from odoo.tests import tagged

from .. import balance_math
from .common import JxcBalanceCommon


@tagged("post_install", "-at_install")
class TestStockoutAwareDemand(JxcBalanceCommon):
    """Days that began with an empty shelf are not days without demand.

    Rice: 600 received 95 days ago, 10 sold a day from 90 to 31 days ago (60 days): empty
    since. Of the 90 days of history, 30 began with nothing in stock. Soap: the same sales,
    always in stock (a second receipt of 300, 40 days ago): no stockout day.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._set_profiles(history_days=90)
        vendor = cls._create_vendor("Stockout Vendor")
        cls.rice = cls._create_product("Stockout Rice", vendor=vendor, delay=5)
        cls.soap = cls._create_product("Stocked Soap", vendor=vendor, delay=5)
        for product in cls.rice | cls.soap:
            cls._receive(product, 600, 95)
            cls._sell(product, dict.fromkeys(range(31, 91), 10))
        cls._receive(cls.soap, 300, 40)
        cls._sell(cls.soap, dict.fromkeys(range(1, 31), 10))

    def test_true_demand_and_stockout_days(self):
        self.recompute()
        rice, soap = self.line_of(self.rice), self.line_of(self.soap)
        # d̄ = 600 sold / 60 days in stock = 10, not 600 / 90 = 6.67
        self.assertAlmostEqual(rice.avg_daily_demand, 10.0)
        self.assertEqual(rice.stockout_days, 30)
        self.assertEqual(rice.qty_available, 0.0)
        # σ 0, L 5 promised: SS 0, ROP = 10 · (5 + 0.5) = 55; nothing on hand, nothing slow
        self.assertEqual(rice.reorder_point, 55.0)
        self.assertEqual(rice.state, "reorder")
        # always in stock: 900 sold over 90 days, no stockout day
        self.assertAlmostEqual(soap.avg_daily_demand, 10.0)
        self.assertEqual(soap.stockout_days, 0)

    def test_never_stocked_product_is_no_stockout(self):
        """A product that never had stock here: no demand, no stockout day, no state of
        dead stock (nothing to age)."""
        ghost = self._create_product("Never Stocked")
        self.recompute()
        line = self.line_of(ghost)
        self.assertEqual(line.avg_daily_demand, 0.0)
        self.assertEqual(line.stockout_days, 0)
        self.assertEqual(line.state, "no_demand")


@tagged("post_install", "-at_install")
class TestLumpyDemand(JxcBalanceCommon):
    """Sold on eight days of the year, in uneven sizes (2 to 60): lumpy demand. Its reorder
    point is the quantile of a fitted distribution of its demand, not z · σ."""

    LUMPS = {300: 10, 260: 40, 220: 8, 180: 25, 140: 60, 100: 2, 60: 15, 20: 30}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._set_profiles(history_days=90, cover_days=30, service_level=0.95)
        vendor = cls._create_vendor("Lumpy Vendor")
        cls.pump = cls._create_product("Lumpy Pump", vendor=vendor, delay=7)
        cls._receive(cls.pump, 500, 330)
        cls._sell(cls.pump, cls.LUMPS)

    def test_lumpy_line_takes_a_quantile_reorder_point(self):
        self.recompute()
        line = self.line_of(self.pump)
        self.assertEqual(line.demand_type, "lumpy")
        self.assertEqual(line.reorder_method, "compound")
        self.assertEqual(line.forecast_method, "croston_sba")
        # the pure function on the same year of sales (always in stock), as the engine
        # calls it: the ORM layer passes the history through unchanged
        daily = [float(self.LUMPS.get(days_ago, 0)) for days_ago in range(330, 0, -1)]
        expected = balance_math.forecast_parameters(
            daily=daily[-90:], history=daily, events=[], observed_lead_times=[],
            promised_lead_time=7, days_to_purchase=0, service_level=0.95, cover_days=30,
            rounding=self.pump.uom_id.rounding, in_stock=[True] * 90,
            history_in_stock=[True] * 330,
            review_days=balance_math.NIGHTLY_REVIEW_DAYS)
        self.assertEqual(line.reorder_point, expected["reorder_point"])
        self.assertEqual(line.max_qty, expected["max_qty"])
        self.assertAlmostEqual(line.avg_daily_demand, expected["avg_daily_demand"], places=4)
        # the fitted tail covers more than the largest sale seen (60) at once
        self.assertGreater(line.reorder_point, 60)
        # days without sale: 20 (stock on hand every day), not slow at the default 60
        self.assertEqual(line.days_without_sale, 20)
