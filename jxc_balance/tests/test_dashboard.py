from odoo.tests import tagged

from .common import JxcBalanceCommon


@tagged("post_install", "-at_install")
class TestDashboardFigures(JxcBalanceCommon):
    """Dashboard figures over balance lines written as the recompute would leave them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.store2 = cls.env["stock.warehouse"].create({
            "name": "JXC Store 2", "code": "JXS2", "company_id": cls.company.id})
        cls.products = [cls._create_product(f"Item {n}", cost=1) for n in range(5)]

    def _line(self, product, warehouse, **values):
        return self.env["jxc.balance.line"].create(dict(
            product_id=product.id, warehouse_id=warehouse.id, company_id=self.company.id,
            **values))

    def _data(self, warehouse=None):
        return self.env["jxc.balance.dashboard"].with_user(self.balance_user).with_company(
            self.company).get_dashboard_data(warehouse.id if warehouse else False)

    def test_overstock_kpi_names_both_values(self):
        """The overstock card shows the whole stock value and, named, the value above
        the max level, which is what the overstock alerts add up."""
        self._line(self.products[0], self.warehouse, state="overstock", qty_available=500,
                   max_qty=35, stock_value=500)   # unit value 1
        self._line(self.products[1], self.store2, state="overstock", qty_available=100,
                   max_qty=40, stock_value=300)   # unit value 3
        self._line(self.products[2], self.warehouse, state="balanced", qty_available=90,
                   max_qty=40, stock_value=90)   # not overstock: not counted
        kpi = {k["key"]: k for k in self._data()["kpis"]}["overstock_value"]
        self.assertEqual(kpi["value"], 800.0)  # 500 + 300
        self.assertTrue(kpi["caption"])
        self.assertEqual(len(kpi["details"]), 1)
        self.assertEqual(kpi["details"][0]["type"], "monetary")
        # (500 - 35) · 1 + (100 - 40) · 3 = 465 + 180
        self.assertAlmostEqual(kpi["details"][0]["value"], 645.0)
        store2 = {k["key"]: k for k in self._data(self.store2)["kpis"]}["overstock_value"]
        self.assertEqual(store2["value"], 300.0)
        self.assertAlmostEqual(store2["details"][0]["value"], 180.0)

    def test_flat_mape_of_a_flat_only_warehouse(self):
        """Store 2's lines all use the flat method (no seasonal backtest): its flat MAPE is
        their average, not "–"."""
        self._line(self.products[0], self.store2, abc_class="a", forecast_method="flat",
                   forecast_tested=True, forecast_mape=20.0, flat_mape=20.0)
        self._line(self.products[1], self.store2, abc_class="a", forecast_method="flat",
                   forecast_tested=True, forecast_mape=30.0, flat_mape=30.0)
        # the main warehouse: one seasonal line, tested both ways
        self._line(self.products[2], self.warehouse, abc_class="a",
                   forecast_method="seasonal", forecast_tested=True, forecast_mape=10.0,
                   flat_mape=40.0, seasonal_mape=10.0)
        rows = {r["key"]: r for r in self._data(self.store2)["forecast_accuracy"]["rows"]}
        self.assertEqual((rows["a"]["count"], rows["a"]["mape"], rows["a"]["flat_mape"],
                          rows["a"]["seasonal_mape"]), (2, 25.0, 25.0, False))  # (20 + 30) / 2
        self.assertIs(rows["b"]["flat_mape"], False)  # nothing tested in class B
        rows = {r["key"]: r for r in self._data()["forecast_accuracy"]["rows"]}
        # flat over all three: (20 + 30 + 40) / 3; seasonal over the one tested
        self.assertEqual((rows["a"]["count"], rows["a"]["flat_mape"],
                          rows["a"]["seasonal_mape"]), (3, 30.0, 10.0))

    def test_service_pooled_per_class(self):
        """Target: the mean of the class's lines; achieved: pooled over them, so the line
        with more cycles and more demand weighs more."""
        self._line(self.products[0], self.warehouse, abc_class="a", service_level=0.98,
                   service_cycles=4, service_cycles_met=3, units_sold_365=90,
                   units_demanded_365=100)
        self._line(self.products[1], self.warehouse, abc_class="a", service_level=0.90,
                   service_cycles=2, service_cycles_met=2, units_sold_365=10,
                   units_demanded_365=10)
        self._line(self.products[2], self.store2, abc_class="a", service_level=0.95,
                   service_cycles=5, service_cycles_met=1, units_sold_365=30,
                   units_demanded_365=60)
        self._line(self.products[3], self.store2, abc_class="b", service_level=0.95)

        def rows(warehouse=None):
            return {row["key"]: (row["count"], row["target"], row["cycles_met"],
                                 row["cycles"], row["cycle_service"], row["fill_rate"])
                    for row in self._data(warehouse)["service"]["rows"]}

        self.assertEqual(rows(), {
            # target (98 + 90 + 95) / 3 = 94.3; cycles (3 + 2 + 1) / (4 + 2 + 5) = 6 / 11;
            # fill (90 + 10 + 30) / (100 + 10 + 60) = 130 / 170
            "a": (3, 94.3, 6, 11, 54.5, 76.5),
            # no cycle, no demand: nothing to measure
            "b": (1, 95.0, 0, 0, False, False),
            "c": (0, False, 0, 0, False, False),
        })
        # the main warehouse only: (98 + 90) / 2; 5 / 6 cycles; 100 / 110
        self.assertEqual(rows(self.warehouse)["a"], (2, 94.0, 5, 6, 83.3, 90.9))
