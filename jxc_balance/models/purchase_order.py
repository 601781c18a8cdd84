from odoo import fields, models
from odoo.exceptions import AccessError, UserError

from ..notification import success_notification


class PurchaseOrder(models.Model):
    _inherit = "purchase.order"

    jxc_drafted = fields.Boolean(
        string="Drafted by Stock Balance", copy=False, index=True, readonly=True,
        help="This request for quotation was drafted by the stock balance's reorder run "
        "and waits for a buyer's approval.")

    def action_jxc_approve_drafts(self):
        """Confirm the selected balance drafts at once (buyers, from "To Approve")."""
        if not self.env.user.has_group("purchase.group_purchase_user"):
            raise AccessError(self.env._("Only purchase users can approve drafted RFQs."))
        not_draft = self.filtered(lambda order: order.state not in ("draft", "sent"))
        if not_draft:
            raise UserError(self.env._(
                "Only requests for quotation can be approved; these are not: %(orders)s",
                orders=", ".join(not_draft.mapped("name"))))
        self.button_confirm()
        return success_notification(
            self.env._("Drafts approved"),
            self.env._("%(count)s purchase orders confirmed.", count=len(self)))


class PurchaseOrderLine(models.Model):
    _inherit = "purchase.order.line"

    jxc_reason = fields.Char(
        string="Balance Reason", copy=False, readonly=True,
        help="Why the stock balance asked for this quantity.")
