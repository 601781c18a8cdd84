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
        cls.balance_user = new_test_user(
            cls.env, login="jxc_user", name="Balance User",
            groups="base.group_user,stock.group_stock_user,jxc_balance.group_jxc_balance_user",
            **company_groups)
        cls.balance_manager = new_test_user(
            cls.env, login="jxc_manager", name="Balance Manager",
            groups="base.group_user,stock.group_stock_user,purchase.group_purchase_user,"
            "jxc_balance.group_jxc_balance_manager", **company_groups)
        cls.stock_manager = new_test_user(
            cls.env, login="jxc_stock_manager", name="Stock Manager",
            groups="base.group_user,stock.group_stock_manager", **company_groups)

    # ------------------------------------------------------------------ helpers
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
