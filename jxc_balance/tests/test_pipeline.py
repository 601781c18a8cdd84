from odoo.tests import tagged

from .common import JxcBalanceCommon


@tagged("post_install", "-at_install")
class TestRecomputeInChunks(JxcBalanceCommon):
    """Chunked recompute in a transaction that wrote moves: read here, same lines."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        vendor = cls._create_vendor("Chunk Vendor")
        cls._set_profiles(history_days=10)
        cls.products = [cls._create_product(f"Chunk {index}", cost=index + 1, vendor=vendor,
                                            delay=5) for index in range(5)]
        for index, product in enumerate(cls.products):
            cls._receive(product, 100, 30)
            cls._sell(product, dict.fromkeys(range(1, 11), index + 1))

    def test_chunks_give_the_same_lines(self):
        line_model = self.env["jxc.balance.line"].sudo().with_company(self.company)
        engine = self.env["jxc.balance.engine"].sudo().with_company(self.company)
        self.assertFalse(self.env["jxc.balance.pipeline"]._helper_allowed())
        fields = ["product_id", "avg_daily_demand", "safety_stock", "reorder_point",
                  "max_qty", "abc_class", "state", "qty_available"]
        engine._recompute_company(self.company, chunk_size=2)
        in_chunks = sorted(line.read(fields)[0].items() for line in
                           line_model.search([("company_id", "=", self.company.id)]))
        engine._recompute_company(self.company)
        at_once = sorted(line.read(fields)[0].items() for line in
                         line_model.search([("company_id", "=", self.company.id)]))
        self.assertEqual(in_chunks, at_once)
        # e.g. the fifth product: 5 a day -> d = 5, class A (largest consumption value)
        line = self.line_of(self.products[4])
        self.assertAlmostEqual(line.avg_daily_demand, 5.0)
        self.assertEqual(line.abc_class, "a")

    def test_product_deleted_meanwhile_is_skipped(self):
        # the helper reads committed data a moment younger than this transaction's: a
        # product deleted in between has no statistics, and no line values
        engine = self.env["jxc.balance.engine"].sudo().with_company(self.company)
        run = engine._prepare_company_run(self.company)
        products = self.env["product.product"].browse([p.id for p in self.products])
        statistics = self.env["jxc.balance.statistics"]._read_batch(run, products[1:])
        values = engine._compute_batch(run, products, statistics)
        self.assertEqual(sorted(product_id for product_id, _warehouse in values),
                         sorted(products[1:].ids))
