from collections import defaultdict
from datetime import timedelta

from odoo import Command
from odoo.tests import tagged

from .. import balance_math
from .common import JxcBalanceCommon


@tagged("post_install", "-at_install")
class TestDoneMoveStatistics(JxcBalanceCommon):
    """The SQL statistics over done moves agree with the ORM's aggregates of the same moves."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tea = cls._create_product("Tea", cost=3)
        cls.rice = cls._create_product("Rice", cost=2)
        for product in (cls.tea, cls.rice):
            cls._receive(product, 200, 40)
        cls._sell(cls.tea, {1: 4, 2: 6, 5: 1, 9: 3})
        cls._sell(cls.rice, {3: 10, 4: 2})
        # a return from a customer, and a move that is neither sale nor return
        cls._done_moves([
            (cls.tea, cls.customer_location, cls.stock_location, 2, 2),
            (cls.rice, cls.stock_location, cls.env.ref("stock.stock_location_inter_company"),
             5, 3),
        ])
        cls.statistics = cls.env["jxc.balance.statistics"]

    def _orm_daily(self, domain, sign):
        """{(product_id, day): signed qty} of the done moves of ``domain``, by the ORM."""
        result = defaultdict(float)
        moves = self.env["stock.move"].with_context(tz="Asia/Shanghai")
        for product, day, qty in moves._read_group(
                [("state", "=", "done"), ("company_id", "=", self.company.id),
                 ("product_id", "in", (self.tea | self.rice).ids)] + domain,
                ["product_id", "date:day"], ["product_qty:sum"]):
            result[product.id, day.date() if hasattr(day, "date") else day] += sign * qty
        return result

    def test_daily_net_sales_equal_the_orm(self):
        expected = self._orm_daily([("location_dest_id.usage", "=", "customer"),
                                    ("location_id.warehouse_id", "!=", False)], 1)
        for key, qty in self._orm_daily([("location_id.usage", "=", "customer"),
                                         ("location_dest_id.warehouse_id", "!=", False)],
                                        -1).items():
            expected[key] += qty
        sales = self.statistics._daily_net_sales(
            self.company, (self.tea | self.rice).ids, self.today - timedelta(days=30),
            self.today, self.tz)
        found = {(product_id, day): qty
                 for (product_id, _warehouse_id), days in sales.items()
                 for day, qty in days.items()}
        self.assertEqual(found, dict(expected))
        self.assertEqual({warehouse_id for _product_id, warehouse_id in sales},
                         {self.warehouse.id})
        # the tea's return on its second day back nets against that day's sale
        self.assertEqual(found[self.tea.id, self.today - timedelta(days=2)], 4.0)

    def test_daily_stock_moved_equals_the_orm(self):
        """What entered and left the warehouse per day, and the stock each day began with:
        the SQL helper against the ORM's moves, and the mask against the quants."""
        expected = self._orm_daily([("location_dest_id.warehouse_id", "=", self.warehouse.id),
                                    ("location_id.warehouse_id", "!=", self.warehouse.id)], 1)
        for key, qty in self._orm_daily([("location_id.warehouse_id", "=", self.warehouse.id),
                                         ("location_dest_id.warehouse_id", "!=",
                                          self.warehouse.id)], -1).items():
            expected[key] += qty
        first_day = self.today - timedelta(days=60)
        moved, received = self.statistics._daily_stock_flows(
            self.company, (self.tea | self.rice).ids, first_day, self.tz)
        found = {(product_id, day): qty
                 for (product_id, _warehouse_id), days in moved.items()
                 for day, qty in days.items()}
        self.assertEqual(found, {key: qty for key, qty in expected.items() if qty})
        # replenished: what came in, but from a customer (the tea's return of 2)
        replenished = self._orm_daily([
            ("location_dest_id.warehouse_id", "=", self.warehouse.id),
            ("location_id.warehouse_id", "!=", self.warehouse.id),
            ("location_id.usage", "not in", ("customer", "inventory"))], 1)
        self.assertEqual({(product_id, day): qty
                          for (product_id, _warehouse_id), days in received.items()
                          for day, qty in days.items()}, dict(replenished))
        self.assertEqual(dict(replenished), {
            (self.tea.id, self.today - timedelta(days=40)): 200.0,
            (self.rice.id, self.today - timedelta(days=40)): 200.0})
        # the rice: 200 received 40 days ago, 10 + 5 (3 days ago) and 2 (4 days ago) out:
        # 183 on hand; it began each of the last 60 days in stock from its receipt on
        on_hand = self.rice.with_context(warehouse_id=self.warehouse.id).qty_available
        self.assertEqual(on_hand, 183.0)
        mask = balance_math.in_stock_mask(
            on_hand, moved[self.rice.id, self.warehouse.id], {},
            self.today - timedelta(days=1), 60)
        self.assertEqual(mask, [True] * 60)

    def test_delivered_quantities_equal_the_orm(self):
        since = self._at(30)
        delivered = self.statistics._delivered_quantities(self.company, since)
        moves = self.env["stock.move"]
        base = [("state", "=", "done"), ("company_id", "=", self.company.id),
                ("date", ">=", since)]
        out = dict(moves._read_group(
            base + [("location_dest_id.usage", "=", "customer"),
                    ("location_id.usage", "!=", "customer")],
            ["product_id"], ["product_qty:sum"]))
        back = dict(moves._read_group(
            base + [("location_id.usage", "=", "customer"),
                    ("location_dest_id.usage", "!=", "customer")],
            ["product_id"], ["product_qty:sum"]))
        expected = {product.id: qty - back.get(product, 0.0) for product, qty in out.items()}
        self.assertEqual({pid: delivered[pid] for pid in expected}, expected)
        self.assertEqual(expected[self.tea.id], 12.0)

    def test_last_move_dates_equal_the_orm(self):
        dates = self.statistics._last_move_dates(self.company, self.rice.ids)
        moves = self.env["stock.move"].search([
            ("state", "=", "done"), ("product_id", "=", self.rice.id)])
        sales = moves.filtered(lambda m: m.location_dest_id.usage == "customer")
        outgoing = moves.filtered(lambda m: m.location_id.warehouse_id == self.warehouse)
        incoming = moves.filtered(lambda m: m.location_dest_id.warehouse_id == self.warehouse)
        self.assertEqual(dates[self.rice.id, self.warehouse.id], (
            max(sales.mapped("date")), max(outgoing.mapped("date")),
            min(incoming.mapped("date"))))


@tagged("post_install", "-at_install")
class TestMainVendors(JxcBalanceCommon):
    """``_main_vendors`` (one query for every product) picks what Odoo's seller choice does."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.first, cls.second, cls.third = (
            cls._create_vendor(name) for name in ("First", "Second", "Third"))
        cls.archived = cls._create_vendor("Archived")
        cls.archived.active = False
        other_company = cls.env["res.company"].create({"name": "JXC Vendor Other"})
        size = cls.env["product.attribute"].create({
            "name": "JXC Size", "value_ids": [Command.create({"name": "S"}),
                                              Command.create({"name": "M"})]})
        shirt = cls.env["product.template"].create({
            "name": "Shirt", "is_storable": True, "company_id": cls.company.id,
            "attribute_line_ids": [Command.create({
                "attribute_id": size.id, "value_ids": [Command.set(size.value_ids.ids)]})],
        })
        cls.small, cls.medium = shirt.product_variant_ids
        cls.by_min_qty, cls.by_company, cls.by_dates, cls.by_price, cls.unsold = (
            cls._create_product(name) for name in ("Min Qty", "Company", "Dates", "Price",
                                                   "No Vendor"))
        today = cls.today
        lines = [
            # the medium shirt has a line of its own, ahead of the template's
            (shirt, cls.second, {"sequence": 1, "product_id": cls.medium.id, "delay": 2}),
            (shirt, cls.first, {"sequence": 2, "delay": 6}),
            # same sequence: the larger minimum quantity first
            (cls.by_min_qty.product_tmpl_id, cls.first, {"sequence": 1, "min_qty": 10}),
            (cls.by_min_qty.product_tmpl_id, cls.second, {"sequence": 1, "min_qty": 20,
                                                          "delay": 3}),
            # lines of an archived vendor and of another company do not count
            (cls.by_company.product_tmpl_id, cls.archived, {"sequence": 0}),
            (cls.by_company.product_tmpl_id, cls.first, {"sequence": 0,
                                                         "company_id": other_company.id}),
            (cls.by_company.product_tmpl_id, cls.third, {"sequence": 5, "company_id": False,
                                                         "delay": 9}),
            # nor lines outside their dates
            (cls.by_dates.product_tmpl_id, cls.first, {
                "sequence": 0, "date_end": today - timedelta(days=5)}),
            (cls.by_dates.product_tmpl_id, cls.second, {
                "sequence": 0, "date_start": today + timedelta(days=5)}),
            (cls.by_dates.product_tmpl_id, cls.third, {
                "sequence": 3, "date_start": today - timedelta(days=5),
                "date_end": today + timedelta(days=5), "delay": 4}),
            # same sequence and minimum: the cheaper first
            (cls.by_price.product_tmpl_id, cls.first, {"sequence": 1, "price": 9.0}),
            (cls.by_price.product_tmpl_id, cls.third, {"sequence": 1, "price": 7.0}),
        ]
        cls.env["product.supplierinfo"].create([
            dict({"product_tmpl_id": template.id, "partner_id": vendor.id, "price": 5.0,
                  "company_id": cls.company.id}, **values)
            for template, vendor, values in lines])
        cls.products = (cls.small | cls.medium | cls.by_min_qty | cls.by_company
                        | cls.by_dates | cls.by_price | cls.unsold)

    def test_main_vendor_is_odoo_seller(self):
        # the templates' vendor lists were read (as empty) before the lines were created
        self.env.invalidate_all()
        vendors = self.env["jxc.balance.statistics"]._main_vendors(
            self.company, self.products, self.today)
        for product in self.products.with_company(self.company):
            with self.subTest(product=product.display_name):
                seller = product._get_filtered_sellers(quantity=None)[:1]
                expected = (seller.partner_id.id, max(seller.delay, 0)) if seller else None
                self.assertEqual(vendors.get(product.id), expected)
                self.assertEqual(product._select_seller(quantity=None).partner_id,
                                 seller.partner_id)
        # what the lines above were made to test
        self.assertEqual({product: vendors.get(product.id, (False,))[0] for product in (
            self.small, self.medium, self.by_min_qty, self.by_company, self.by_dates,
            self.by_price, self.unsold)}, {
            self.small: self.first.id, self.medium: self.second.id,
            self.by_min_qty: self.second.id, self.by_company: self.third.id,
            self.by_dates: self.third.id, self.by_price: self.third.id, self.unsold: False})
