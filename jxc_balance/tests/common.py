from odoo.tests import TransactionCase, new_test_user


class JxcBalanceCommon(TransactionCase):
    """Data every jxc_balance test builds on, created once per class."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1)
        cls.balance_user = new_test_user(
            cls.env, login="jxc_user", name="Balance User",
            groups="base.group_user,jxc_balance.group_jxc_balance_user")
        cls.balance_manager = new_test_user(
            cls.env, login="jxc_manager", name="Balance Manager",
            groups="base.group_user,jxc_balance.group_jxc_balance_manager")
        cls.stock_manager = new_test_user(
            cls.env, login="jxc_stock_manager", name="Stock Manager",
            groups="base.group_user,stock.group_stock_manager")
