"""Done stock moves: the one source of every balance statistic, and their index.

``done_moves`` builds the ``FROM ... WHERE`` of the done moves ``m`` with their source
``src`` and destination ``dst`` locations; the fragments below name the flows the
statistics read (deliveries, customer returns, receipts, counts).
"""

from odoo import fields, models
from odoo.tools import SQL

# Read by the statistics of a batch of products (daily sales, last move dates): done moves
# with the columns those queries read, so PostgreSQL answers from the index alone (an
# index-only scan). Only done moves are in it, so moves still being planned cost it nothing.
DONE_MOVES_INDEX = "jxc_balance_stock_move_done_index"

# a delivery to a customer from a warehouse, a return from a customer into one
WAREHOUSE_DELIVERY = SQL("dst.usage = 'customer' AND src.warehouse_id IS NOT NULL")
WAREHOUSE_RETURN = SQL("src.usage = 'customer' AND dst.warehouse_id IS NOT NULL")
# a delivery to or a return from a customer, wherever the stock was
CUSTOMER_FLOW = SQL("""((dst.usage = 'customer' AND src.usage <> 'customer')
                        OR (src.usage = 'customer' AND dst.usage <> 'customer'))""")
# the quantity sold by a delivery (positive) or a return (negative)
NET_SALE_QTY = SQL("CASE WHEN dst.usage = 'customer' THEN m.product_qty ELSE -m.product_qty END")
# leaving / entering a warehouse (to or from anywhere outside it)
WAREHOUSE_OUTGOING = SQL(
    "src.warehouse_id IS NOT NULL AND dst.warehouse_id IS DISTINCT FROM src.warehouse_id")
WAREHOUSE_INCOMING = SQL(
    "dst.warehouse_id IS NOT NULL AND src.warehouse_id IS DISTINCT FROM dst.warehouse_id")
VENDOR_RECEIPT = SQL("src.usage = 'supplier'")
# of the moves entering a warehouse, those that replenish it (from a vendor, another
# warehouse, production...): a customer's return or a count finding more starts no cycle
REPLENISHMENT = SQL("src.usage NOT IN ('customer', 'inventory')")
# an applied line of Odoo's Physical Inventory
INVENTORY_COUNT = SQL(
    "m.is_inventory AND (src.usage = 'inventory' OR dst.usage = 'inventory')")


def done_moves(*conditions, company=None, products=None, since=None, until=None, joins=None):
    """SQL ``FROM stock_move m JOIN stock_location src, dst ... WHERE`` of done moves.

    ``company``: an id or a list of ids; ``products``: a list of ids; ``since`` (included)
    and ``until`` (excluded): naive UTC datetimes; ``conditions``: SQL fragments, all met;
    ``joins``: SQL of more joins (after ``src`` and ``dst``).
    """
    where = [SQL("m.state = 'done'")]
    if isinstance(company, (list, tuple)):
        where.append(SQL("m.company_id = ANY(%s)", list(company)))
    elif company is not None:
        where.append(SQL("m.company_id = %s", company))
    if products is not None:
        where.append(SQL("m.product_id = ANY(%s)", list(products)))
    if since is not None:
        where.append(SQL("m.date >= %s", since))
    if until is not None:
        where.append(SQL("m.date < %s", until))
    where.extend(conditions)
    return SQL(
        """
          FROM stock_move m
          JOIN stock_location src ON src.id = m.location_id
          JOIN stock_location dst ON dst.id = m.location_dest_id
          %s
         WHERE %s
        """, joins or SQL(), SQL(" AND ").join(where))


def local_day(column, tz_name):
    """SQL of the local date, in ``tz_name``, of a naive UTC datetime ``column`` (SQL)."""
    return SQL("(%s AT TIME ZONE 'UTC' AT TIME ZONE %s)::date", column, tz_name)


def product_cost(product="pp", company="m.company_id"):
    """SQL of the current cost of ``product`` (an alias) in ``company`` (an SQL column),
    0 if unset: ``standard_price`` is company dependent, a jsonb of costs by company id."""
    return SQL("COALESCE((%s.standard_price->>%s::text)::numeric, 0)",
               SQL.identifier(product), SQL(company))


class StockMove(models.Model):
    _inherit = "stock.move"

    jxc_qty_recorded = fields.Float(
        string="Recorded Quantity", digits="Product Unit of Measure", readonly=True, copy=False,
        help="On an applied count: the quantity on record just before the count. The "
        "counted quantity is this plus the difference moved.")

    def init(self):
        result = super().init()
        self.env.cr.execute(SQL(
            """
            CREATE INDEX IF NOT EXISTS %s
                ON stock_move (product_id, company_id)
           INCLUDE (date, location_id, location_dest_id, product_qty)
             WHERE state = 'done'
            """,
            SQL.identifier(DONE_MOVES_INDEX),
        ))
        return result
