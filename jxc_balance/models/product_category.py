from odoo import fields, models


class ProductCategory(models.Model):
    _inherit = "product.category"

    # company-dependent: a category tree is usually shared by the companies
    jxc_profile_id = fields.Many2one(
        "jxc.balance.profile", string="Balance Profile", company_dependent=True,
        domain="[('company_id', 'in', [False, allowed_company_ids[0]])]",
        help="Balance profile of the products of this category and of its subcategories "
        "(the nearest category with one applies), unless a product names its own. Empty: "
        "the profile of the product's ABC class.")
