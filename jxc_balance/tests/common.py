from datetime import datetime, time, timedelta

import pytz

from odoo import Command
from odoo.tests import TransactionCase, new_test_user


class JxcBalanceCommon(TransactionCase):
    """Data every jxc_balance test builds on, created once per class.

    A shop company of its own (so demo data never mixes in), in China's timezone, with
    its warehouse, a Balance User, a Balance Manager and an Inventory Administrator.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env["res.company"].create({"name": "JXC Test Shop"})
        cls.company.partner_id.tz = "Asia/Shanghai"
        cls.tz = pytz.timezone("Asia/Shanghai")
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1)
        cls.stock_location = cls.warehouse.lot_stock_id
        cls.customer_location = cls.env.ref("stock.stock_location_customers")
        cls.supplier_location = cls.env.ref("stock.stock_location_suppliers")
        cls.today = cls.env["jxc.balance.engine"]._company_today(cls.company)[0]
        company_groups = {"company_id": cls.company.id, "company_ids": [cls.company.id]}
        cls.balance_user, cls.balance_manager = cls._create_balance_users(
            cls.company, "jxc", "")
        cls.stock_manager = new_test_user(
            cls.env, login="jxc_stock_manager", name="Stock Manager",
            groups="base.group_user,stock.group_stock_manager", **company_groups)

    # ------------------------------------------------------------------ helpers
    @classmethod
    def _create_balance_users(cls, company, login_prefix, name_prefix):
        """A Balance User and a Balance Manager working in ``company`` only."""
        in_company = {"company_id": company.id, "company_ids": [company.id]}
        user = new_test_user(
            cls.env, login=f"{login_prefix}_user", name=f"{name_prefix}Balance User",
            groups="base.group_user,stock.group_stock_user,jxc_balance.group_jxc_balance_user",
            **in_company)
        manager = new_test_user(
            cls.env, login=f"{login_prefix}_manager", name=f"{name_prefix}Balance Manager",
            groups="base.group_user,stock.group_stock_user,purchase.group_purchase_user,"
            "jxc_balance.group_jxc_balance_manager", **in_company)
        return user, manager

    @classmethod
    def _load_chinese(cls):
        """Activate zh_CN with the addon's translations (tests build no demo language)."""
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(["jxc_balance"], ["zh_CN"],
                                                        overwrite=True)

    @classmethod
    def _set_profiles(cls, abc_classes="abc", **values):
        """Write ``values`` on the shared profiles of ``abc_classes`` (every company's)."""
        for abc in abc_classes:
            cls.env.ref(f"jxc_balance.profile_class_{abc}").write(values)

    @classmethod
    def _at(cls, days_ago, hour=12):
        """Naive UTC datetime of ``hour`` o'clock shop time, ``days_ago`` days before today."""
        local = cls.tz.localize(datetime.combine(cls.today - timedelta(days=days_ago),
                                                 time(hour)))
        return local.astimezone(pytz.utc).replace(tzinfo=None)

    @classmethod
    def _create_vendor(cls, name):
        return cls.env["res.partner"].create({"name": name, "company_id": cls.company.id})

    @classmethod
    def _create_product(cls, name, cost=10.0, vendor=None, delay=7, **values):
        vals = {
            "name": name,
            "is_storable": True,
            "type": "consu",
            "standard_price": cost,
            "list_price": cost * 1.5,
            "company_id": cls.company.id,
            **values,
        }
        if vendor:
            vals["seller_ids"] = [Command.create({
                "partner_id": vendor.id, "delay": delay, "price": cost,
                "company_id": cls.company.id})]
        product = cls.env["product.product"].with_company(cls.company).create(vals)
        product.with_company(cls.company).standard_price = cost
        return product

    @classmethod
    def _done_moves(cls, specs):
        """Create done moves from ``(product, source, destination, qty, days_ago)`` tuples.

        All are validated together, then dated ``days_ago`` days back at noon shop time.
        """
        Move = cls.env["stock.move"].with_company(cls.company)
        moves = Move.create([{
            "name": f"JXC test move {product.name}",
            "product_id": product.id,
            "product_uom_qty": qty,
            "product_uom": product.uom_id.id,
            "location_id": source.id,
            "location_dest_id": destination.id,
            "company_id": cls.company.id,
        } for product, source, destination, qty, _days_ago in specs])
        moves._action_confirm()
        moves._action_assign()
        for move, spec in zip(moves, specs, strict=True):
            move.quantity = spec[3]
        moves.picked = True
        moves._action_done()
        for move, spec in zip(moves, specs, strict=True):
            cls._set_move_date(move, cls._at(spec[4]))
        return moves

    @classmethod
    def _set_move_date(cls, moves, when):
        moves.write({"date": when})
        moves.move_line_ids.write({"date": when})

    @classmethod
    def _sell(cls, product, qty_by_days_ago):
        """Deliveries to customers: {days_ago: qty}."""
        return cls._done_moves([
            (product, cls.stock_location, cls.customer_location, qty, days_ago)
            for days_ago, qty in qty_by_days_ago.items() if qty
        ])

    @classmethod
    def _receive(cls, product, qty, days_ago):
        """A receipt without purchase order (e.g. opening stock)."""
        return cls._done_moves([(product, cls.supplier_location, cls.stock_location, qty,
                                 days_ago)])

    @classmethod
    def _purchase(cls, product, vendor, qty, ordered_days_ago, lead_days):
        """A confirmed purchase order whose receipt arrived ``lead_days`` after approval."""
        order = cls.env["purchase.order"].with_company(cls.company).create({
            "partner_id": vendor.id,
            "company_id": cls.company.id,
            "picking_type_id": cls.warehouse.in_type_id.id,
            "order_line": [Command.create({
                "product_id": product.id, "product_qty": qty, "price_unit": 1.0})],
        })
        order.button_confirm()
        approved = cls._at(ordered_days_ago, hour=9)
        order.date_approve = approved
        picking = order.picking_ids
        picking.move_ids.quantity = qty
        picking.move_ids.picked = True
        picking.button_validate()
        cls._set_move_date(picking.move_ids, approved + timedelta(days=lead_days))
        return order

    def recompute(self, user=None):
        lines = self.env["jxc.balance.line"].with_user(user or self.balance_manager)
        lines.with_company(self.company).action_recompute()
        return self.env["jxc.balance.line"].search([("company_id", "=", self.company.id)])

    def line_of(self, product):
        return self.env["jxc.balance.line"].search([
            ("product_id", "=", product.id), ("warehouse_id", "=", self.warehouse.id)])


class JxcTwoShopsCommon(JxcBalanceCommon):
    """Two shops, each with balance lines, alerts, a drafted RFQ and a vendor receipt.

    Shop A is ``company`` (with the users of JxcBalanceCommon), shop B ``other_company``
    with a Balance User and a Balance Manager of its own; shop B's product names end with
    " (B)". In each shop (the shared profiles), history H = 10 days:

      tea   50 bought 25 days ago, received 5 days later (5 promised); 4 sold a day over
            10 days: 10 on hand, d = 4, SS 0, ROP 20: reorder, drafted on an RFQ;
      coat  30 received 200 days ago, never sold: dead, one alert.

    Plus a buyer of shop A (purchase user and Balance User), a portal user of shop A and
    the public user.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._set_profiles(history_days=10)  # shared: both shops
        cls.profile_a = cls.env.ref("jxc_balance.profile_class_a")
        shop_a = cls._build_shop("Access Vendor")
        cls.vendor, cls.tea, cls.coat = shop_a["vendor"], shop_a["tea"], shop_a["coat"]

        cls.other_company = cls.env["res.company"].create({"name": "JXC Other Shop"})
        cls.other_company.partner_id.tz = "Asia/Shanghai"
        cls.other_warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.other_company.id)], limit=1)
        # the helpers of JxcBalanceCommon work in cls.company: point them at shop B a while
        shop_a_context = cls.company, cls.warehouse, cls.stock_location
        cls.company, cls.warehouse = cls.other_company, cls.other_warehouse
        cls.stock_location = cls.other_warehouse.lot_stock_id
        try:
            shop_b = cls._build_shop("Other Vendor", suffix=" (B)")
        finally:
            cls.company, cls.warehouse, cls.stock_location = shop_a_context
        cls.other_vendor, cls.other_tea, cls.other_coat = (
            shop_b["vendor"], shop_b["tea"], shop_b["coat"])

        cls.other_user, cls.other_manager = cls._create_balance_users(
            cls.other_company, "jxc_b", "Shop B ")
        mine = {"company_id": cls.company.id, "company_ids": [cls.company.id]}
        cls.buyer = new_test_user(
            cls.env, login="jxc_a_buyer", name="Shop A Buyer",
            groups="base.group_user,purchase.group_purchase_user,"
            "jxc_balance.group_jxc_balance_user", **mine)
        cls.portal_user = new_test_user(
            cls.env, login="jxc_portal", name="Portal Customer", groups="base.group_portal",
            **mine)
        cls.public_user = cls.env.ref("base.public_user")

        # what the nightly crons make, for both shops
        Line = cls.env["jxc.balance.line"]
        for company in cls.company | cls.other_company:
            cls.env["jxc.balance.engine"].with_company(company)._recompute_company(company)
        cls.env["jxc.balance.alert"]._scan(cls.company | cls.other_company)
        Line.search([("company_id", "in", (cls.company | cls.other_company).ids)])\
            ._generate_reorder_drafts()

    @classmethod
    def _build_shop(cls, vendor_name, suffix=""):
        """The tea and the coat of the class docstring in ``cls.company``."""
        vendor = cls._create_vendor(vendor_name)
        tea = cls._create_product(f"Green Tea{suffix}", cost=10, vendor=vendor, delay=5)
        coat = cls._create_product(f"Winter Coat{suffix}", cost=50, vendor=vendor, delay=5)
        cls._purchase(tea, vendor, 50, 25, 5)
        cls._sell(tea, dict.fromkeys(range(1, 11), 4))
        cls._receive(coat, 30, 200)
        return {"vendor": vendor, "tea": tea, "coat": coat}

    @classmethod
    def records_of(cls, model, company):
        """Every record of ``model`` of ``company`` (as superuser)."""
        return cls.env[model].search([("company_id", "=", company.id)])


class JxcServiceCommon(JxcBalanceCommon):
    """Two products whose past service is counted by hand (days ago; shared profiles with a
    cycle service target of 98 %).

    rice (cost 10): receipts of 60 on days 120, 90, 72 and 40 (4 receipts: 3 cycles);
      3 sold a day on days 119-100 (60) and 89-50 (120), 1 a day on days 39-1 (39);
      219 sold, 240 received: 21 on hand. Empty on days 99-90 (day 90 began before its
      receipt came in) and 49-40: 20 stockout days of the 120 since its first receipt.
      Cycles: 119-90 (stockouts), 89-72 (day 72 began with 9: met), 71-40 (stockouts):
      1 of 3 met.
    biscuits (cost 2): receipts of 30 on days 60, 40 and 20 (2 cycles), 3 a day on days
      59-50 and 39-30, 1 a day on days 19-1: empty on days 49-40 and 29-20, both cycles
      missed, but 2 cycles are too few to judge (balance_math.MIN_CYCLES = 3).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._set_profiles(service_level=0.98, service_metric="cycle")
        cls.vendor = cls._create_vendor("Service Vendor")
        cls.rice = cls._create_product("Service Rice", cost=10, vendor=cls.vendor, delay=5)
        cls.biscuits = cls._create_product("Service Biscuits", cost=2, vendor=cls.vendor,
                                           delay=5)
        for days_ago in (120, 90, 72, 40):
            cls._receive(cls.rice, 60, days_ago)
        cls._sell(cls.rice, {
            **dict.fromkeys(range(100, 120), 3), **dict.fromkeys(range(50, 90), 3),
            **dict.fromkeys(range(1, 40), 1)})
        for days_ago in (60, 40, 20):
            cls._receive(cls.biscuits, 30, days_ago)
        cls._sell(cls.biscuits, {
            **dict.fromkeys(range(50, 60), 3), **dict.fromkeys(range(30, 40), 3),
            **dict.fromkeys(range(1, 20), 1)})
