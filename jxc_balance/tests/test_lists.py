from lxml import etree

from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import JxcBalanceCommon


@tagged("post_install", "-at_install")
class TestLists(JxcBalanceCommon):
    """What the lists and the product's Balance tab show, history H = 10 days.

    Two warehouses: the shop's (WH) and a second store with no moves at all.
      tea      100 received 20 days ago, 4 sold a day over 10 days: 60 on hand, d = 4,
               vendor lead time 5 days;
      cola     60 received 20 days ago, 2 sold a day over 10 days: 40 on hand, d = 2,
               vendor lead time 7 days;
      empty    no move at all;
      sold_out 10 received 100 days ago, all sold 50 days ago (before the window);
      new      20 received 5 days ago, never sold (new stock, slow after 60 days);
      coat     30 received 200 days ago, never sold nor moved (dead after 180 days).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._set_profiles(history_days=10)
        cls.company.days_to_purchase = 0
        cls.store_2 = cls.env["stock.warehouse"].create(
            {"name": "Store 2", "code": "ST2", "company_id": cls.company.id})
        vendor = cls._create_vendor("List Vendor")
        cls.tea = cls._create_product("Green Tea", cost=10, vendor=vendor, delay=5)
        cls.cola = cls._create_product("Cola", cost=20, vendor=vendor, delay=7)
        cls.empty = cls._create_product("Empty Shelf", cost=1)
        cls.sold_out = cls._create_product("Sold Out Long Ago", cost=1)
        cls.new = cls._create_product("New Arrival", cost=1)
        cls.coat = cls._create_product("Winter Coat", cost=50)
        cls._receive(cls.tea, 100, 20)
        cls._sell(cls.tea, dict.fromkeys(range(1, 11), 4))
        cls._receive(cls.cola, 60, 20)
        cls._sell(cls.cola, dict.fromkeys(range(1, 11), 2))
        cls._receive(cls.sold_out, 10, 100)
        cls._sell(cls.sold_out, {50: 10})
        cls._receive(cls.new, 20, 5)
        cls._receive(cls.coat, 30, 200)

    def test_no_demand_dead_and_cover(self):
        self.recompute()
        self.assertRecordValues(
            self.line_of(self.empty) | self.line_of(self.sold_out) | self.line_of(self.new),
            [
                # nothing sold in the window, nothing on hand: an empty line
                {"qty_available": 0.0, "avg_daily_demand": 0.0, "state": "no_demand"},
                {"qty_available": 0.0, "avg_daily_demand": 0.0, "state": "no_demand"},
                # 20 on hand since 5 days, never sold: 5 < 60, new, not slow
                {"qty_available": 20.0, "avg_daily_demand": 0.0, "state": "no_demand"},
            ])
        coat = self.line_of(self.coat)
        # first receipt 200 days ago, never sold nor moved out: 200 >= 180
        self.assertRecordValues(coat, [{"qty_available": 30.0, "state": "dead"}])
        # no demand: no cover, shown empty (not 0.0, which reads as sold out) in the
        # list and the form, which hide it without demand
        self.assertEqual(coat.avg_daily_demand, 0.0)
        for view_type in ("list", "form"):
            arch = etree.fromstring(self.env["jxc.balance.line"].get_view(
                view_type=view_type)["arch"])
            self.assertEqual(arch.xpath("//field[@name='days_of_cover']")[0].get("invisible"),
                             "not avg_daily_demand")
        # the second store has no move of any product: every line there is empty
        store_2 = self.env["jxc.balance.line"].search([("warehouse_id", "=", self.store_2.id)])
        self.assertEqual(set(store_2.mapped("state")), {"no_demand"})
        # tea: 60 on hand / 4 a day = 15 days of cover
        self.assertAlmostEqual(self.line_of(self.tea).days_of_cover, 15.0)
        # the product summary ranks no demand last: the tea's worst is its WH line
        tea = self.tea.with_company(self.company)
        self.assertEqual(tea.jxc_balance_state, self.line_of(self.tea).state)

    def test_empty_lines_hidden_by_default(self):
        self.recompute()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "jxc_balance.action_jxc_balance_line")
        self.assertEqual(safe_eval(action["context"]), {"search_default_filter_not_empty": 1})
        arch = self.env["jxc.balance.line"].get_view(action["search_view_id"][0], "search")
        node = etree.fromstring(arch["arch"]).xpath("//filter[@name='filter_not_empty']")[0]
        shown = self.env["jxc.balance.line"].search(
            safe_eval(node.get("domain")) + [("company_id", "=", self.company.id)])
        # WH: tea, cola, new (stock, no demand) and coat; the empty lines are left out
        self.assertEqual(shown.product_id, self.tea | self.cola | self.new | self.coat)
        self.assertEqual(shown.warehouse_id, self.warehouse)

    def test_grouped_rows_average_what_does_not_add_up(self):
        self.recompute()
        domain = [("product_id", "in", (self.tea | self.cola).ids),
                  ("warehouse_id", "=", self.warehouse.id)]
        # the list's group rows: read_group with each field's own aggregator
        group = self.env["jxc.balance.line"].with_user(self.balance_user).read_group(
            domain, ["lead_time_days", "days_of_cover", "service_level", "qty_available",
                     "stock_value"], ["company_id"])[0]
        tea, cola = self.line_of(self.tea), self.line_of(self.cola)
        # lead time (5 + 7) / 2 = 6 days, cover (60 / 4 + 40 / 2) / 2 = (15 + 20) / 2
        self.assertAlmostEqual(group["lead_time_days"], 6.0)
        self.assertAlmostEqual(group["days_of_cover"], 17.5)
        self.assertAlmostEqual(
            group["service_level"], (tea.service_level + cola.service_level) / 2)
        # quantities and values still add up: 60 + 40 on hand, 60 x 10 + 40 x 20
        self.assertAlmostEqual(group["qty_available"], 100.0)
        self.assertAlmostEqual(group["stock_value"], 1400.0)

    def test_product_tab_one_row_per_warehouse(self):
        self.recompute()
        template = self.tea.product_tmpl_id.with_user(self.balance_user).with_company(
            self.company)
        rows = template.jxc_balance_line_ids.sorted(lambda line: line.warehouse_id.id)
        self.assertRecordValues(rows, [
            {"warehouse_id": self.warehouse.id, "qty_available": 60.0, "days_of_cover": 15.0,
             "state": "balanced"},
            {"warehouse_id": self.store_2.id, "qty_available": 0.0, "days_of_cover": 0.0,
             "state": "no_demand"},
        ])
