from odoo import models


class JxcBalanceDemo(models.AbstractModel):
    _name = "jxc.balance.demo"
    _description = "Stock Balance Demo Data"

    def _generate_demo_data(self):
        """Builds Xiao Zhang's supermarket (filled in by the demo-data work)."""
        return True
