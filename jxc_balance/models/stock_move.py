from odoo import models
from odoo.tools import SQL

# Read by every balance statistic (daily sales, last move dates): done moves of a batch of
# products, with the columns those queries read, so PostgreSQL answers from the index
# alone (an index-only scan) instead of reading every move of the table. Only done moves
# are in it, so moves still being planned cost it nothing.
DONE_MOVES_INDEX = "jxc_balance_stock_move_done_index"


class StockMove(models.Model):
    _inherit = "stock.move"

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
