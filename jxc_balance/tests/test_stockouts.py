from odoo.tests import tagged

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
