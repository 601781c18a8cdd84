from odoo.tools.sql import drop_index

from . import models
from . import report
from . import wizard
from .models.stock_move import DONE_MOVES_INDEX


def uninstall_hook(env):
    """The reordering rules the balance created are handed to the administrator.

    Odoo's Replenishment refresh deletes manual rules made by the superuser once nothing is
    left to order; without the balance to protect them, the rules a shop relies on would go
    at the first refresh after the uninstall.
    """
    env.cr.execute(
        """
        UPDATE stock_warehouse_orderpoint
           SET create_uid = %s
         WHERE jxc_managed AND create_uid = %s
        """,
        (env.ref("base.user_admin").id, env.ref("base.user_root").id),
    )
    # the balance's index on done moves serves nobody else
    drop_index(env.cr, DONE_MOVES_INDEX, "stock_move")
