from odoo import fields, models, tools
from odoo.tools import SQL

from ..models.stock_move import VENDOR_RECEIPT, done_moves


class JxcBalanceVendorReport(models.Model):
    """One row per receipt from a vendor: promised against observed lead time."""

    _name = "jxc.balance.vendor.report"
    _description = "Vendor Lead Time Reliability"
    _auto = False
    _order = "receipt_date desc"
    _rec_name = "vendor_id"

    company_id = fields.Many2one("res.company", readonly=True)
    vendor_id = fields.Many2one("res.partner", readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    purchase_id = fields.Many2one("purchase.order", readonly=True)
    warehouse_id = fields.Many2one("stock.warehouse", readonly=True)
    date_approve = fields.Datetime(string="Confirmed On", readonly=True)
    receipt_date = fields.Datetime(string="Received On", readonly=True)
    promised_days = fields.Float(
        string="Promised (days)", digits=(16, 1), readonly=True, aggregator="avg",
        help="The vendor's delivery lead time on its pricelist line for the product.")
    observed_days = fields.Float(
        string="Observed (days)", digits=(16, 1), readonly=True, aggregator="avg",
        help="Days from the purchase confirmation to the receipt.")
    delay_days = fields.Float(
        string="Delay (days)", digits=(16, 1), readonly=True, aggregator="avg",
        help="Observed minus promised: positive when the vendor is late.")
    late_count = fields.Integer(
        string="Late Receipts", readonly=True, aggregator="sum",
        help="1 when the receipt came more than a day after the promised lead time.")
    receipt_count = fields.Integer(string="Receipts", readonly=True, aggregator="sum")

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(SQL(
            """
            CREATE VIEW %s AS (
                SELECT m.id AS id,
                       po.company_id,
                       po.partner_id AS vendor_id,
                       m.product_id,
                       po.id AS purchase_id,
                       dst.warehouse_id,
                       po.date_approve,
                       m.date AS receipt_date,
                       COALESCE(seller.delay, 0) AS promised_days,
                       EXTRACT(EPOCH FROM (m.date - po.date_approve)) / 86400.0 AS observed_days,
                       EXTRACT(EPOCH FROM (m.date - po.date_approve)) / 86400.0
                           - COALESCE(seller.delay, 0) AS delay_days,
                       CASE WHEN EXTRACT(EPOCH FROM (m.date - po.date_approve)) / 86400.0
                                 > COALESCE(seller.delay, 0) + 1 THEN 1 ELSE 0 END AS late_count,
                       1 AS receipt_count
                %s
            )
            """,
            SQL.identifier(self._table),
            done_moves(VENDOR_RECEIPT, SQL("po.date_approve IS NOT NULL"), joins=SQL("""
                  JOIN purchase_order_line pol ON pol.id = m.purchase_line_id
                  JOIN purchase_order po ON po.id = pol.order_id
                  JOIN product_product pp ON pp.id = m.product_id
             LEFT JOIN LATERAL (
                        SELECT si.delay
                          FROM product_supplierinfo si
                         WHERE si.partner_id = po.partner_id
                           AND si.product_tmpl_id = pp.product_tmpl_id
                           AND (si.product_id IS NULL OR si.product_id = pp.id)
                           AND (si.company_id IS NULL OR si.company_id = po.company_id)
                      ORDER BY si.sequence, si.min_qty DESC, si.price, si.id
                         LIMIT 1
                       ) seller ON TRUE
            """)),
        ))
