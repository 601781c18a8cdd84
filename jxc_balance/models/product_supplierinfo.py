from odoo import api, models
from odoo.exceptions import ValidationError

# A vendor promising more than a year is a typing error (3650 for 365, days for hours...):
# the balance would hold a year and more of stock for it.
MAX_VENDOR_DELAY = 365


class ProductSupplierinfo(models.Model):
    _inherit = "product.supplierinfo"

    @api.constrains("delay")
    def _check_jxc_delay(self):
        """0 (delivered the same day) to MAX_VENDOR_DELAY days, where Odoo takes any integer.

        The delay becomes a lead time, a safety stock and a reorder point; rows written
        before are left as they are (the engine reads a negative delay as 0).
        """
        for info in self:
            if not 0 <= info.delay <= MAX_VENDOR_DELAY:
                raise ValidationError(self.env._(
                    "The delivery lead time of %(vendor)s for %(product)s must lie between 0 "
                    "and %(max)s days (%(delay)s given).",
                    vendor=info.partner_id.display_name,
                    product=(info.product_id or info.product_tmpl_id).display_name,
                    max=MAX_VENDOR_DELAY, delay=info.delay))
