import threading
from unittest.mock import patch

from odoo import SUPERUSER_ID, api, sql_db
from odoo.tests import TransactionCase, tagged

from .common import JxcBalanceCommon


@tagged("post_install", "-at_install")
class TestStatisticsPipeline(TransactionCase):
    """The statistics of the next chunk are read on a second connection (demo data).

    No ``setUpClass`` data here: the demo shop's moves and products were committed at
    install, so this transaction has written nothing the statistics read, and the helper
    thread (which sees committed data only, through the exported snapshot) may run.
    """

    def setUp(self):
        super().setUp()
        self.engine = self.env["jxc.balance.engine"]
        self.company = self.env.ref("base.main_company")
        self.run_data = self.engine._prepare_company_run(self.company)
        products = self.engine._balance_products(self.company)
        self.assertGreaterEqual(len(products), 9, "the demo data of jxc_balance did not load")
        # three chunks: the helper reads each of them, one ahead of this thread
        size = len(products) // 3 + 1
        self.chunks = [products[start:start + size] for start in range(0, len(products), size)]

    def _pipelined(self, run):
        """(chunk ids, statistics) of every chunk, and the thread that read each chunk."""
        engine_class = type(self.engine)
        original = engine_class._read_statistics
        readers = []

        def recorded(engine, run, products):
            readers.append(threading.current_thread().name)
            return original(engine, run, products)

        with patch.object(engine_class, "_read_statistics", recorded):
            batches = [(chunk.ids, statistics)
                       for chunk, statistics in self.engine._statistics_batches(run, self.chunks)]
        return batches, readers

    def test_helper_reads_what_this_transaction_reads(self):
        sequential = [(chunk.ids, self.engine._read_statistics(self.run_data, chunk))
                      for chunk in self.chunks]
        # the demo shop sells: the comparison is not between empty statistics
        self.assertTrue(any(statistics["sales"] for _ids, statistics in sequential))
        self.assertTrue(any(statistics["last_dates"] for _ids, statistics in sequential))
        run = self.engine._prepare_company_run(self.company)
        # the test framework's own writes in this transaction aside (none the statistics
        # read: the demo shop was committed at install), the helper may run
        with patch.object(type(self.engine), "_statistics_helper_allowed", return_value=True):
            batches, readers = self._pipelined(run)
        self.assertEqual(readers, ["jxc_balance statistics"] * len(self.chunks))
        self.assertEqual(batches, sequential)
        # the ABC classes were computed by this thread meanwhile, as _compute_batch would
        self.assertEqual(run["abc"], self.engine._run_abc(self.run_data)[0])

    def test_a_transaction_that_wrote_nothing_allows_the_helper(self):
        cr = sql_db.db_connect(self.env.cr.dbname).cursor()  # a transaction of its own
        try:
            env = api.Environment(cr, SUPERUSER_ID, {})
            self.assertTrue(env["jxc.balance.engine"]._statistics_helper_allowed())
            env["product.product"].browse(self.chunks[0][0].id).default_code = "JXC-OTHER"
            env.flush_all()
            self.assertFalse(env["jxc.balance.engine"]._statistics_helper_allowed())
        finally:
            cr.close()  # rolled back

    def test_no_helper_after_writing_what_the_statistics_read(self):
        # an uncommitted change the helper could not see: everything is read here
        self.chunks[0][0].default_code = "JXC-UNCOMMITTED"
        self.env.flush_all()
        self.assertIn("product_product", self.engine._tables_written_by_transaction())
        self.assertFalse(self.engine._statistics_helper_allowed())
        batches, readers = self._pipelined(self.run_data)
        self.assertEqual(readers, [threading.current_thread().name] * len(self.chunks))
        self.assertEqual([ids for ids, _statistics in batches], [c.ids for c in self.chunks])

    def test_no_helper_while_the_registry_loads(self):
        # installing or updating modules: the loading holds the registries' lock and the
        # tables it altered until it commits, which a second connection would wait for
        with patch.object(type(self.engine), "_tables_written_by_transaction",
                          return_value=set()):
            self.assertTrue(self.engine._statistics_helper_allowed())
            with patch.object(self.registry, "ready", False):
                self.assertFalse(self.engine._statistics_helper_allowed())

    def test_balance_own_writes_keep_the_helper(self):
        # once this transaction wrote something, the tables it wrote decide: the recompute
        # writes its lines and rules (and the cron its progress) between chunks, which the
        # statistics do not read. (The counts may also hold this connection's earlier
        # transactions for a second: the table names are given here.)
        self.env["jxc.balance.line"].search([("company_id", "=", self.company.id)]).write(
            {"computed_at": "2020-01-01 00:00:00"})
        self.env.flush_all()
        self.assertIn("jxc_balance_line", self.engine._tables_written_by_transaction())
        engine_class = type(self.engine)
        own = {"jxc_balance_line", "stock_warehouse_orderpoint", "ir_cron_progress"}
        with patch.object(engine_class, "_tables_written_by_transaction", return_value=own):
            self.assertTrue(self.engine._statistics_helper_allowed())
        with patch.object(engine_class, "_tables_written_by_transaction",
                          return_value=own | {"stock_quant"}):
            self.assertFalse(self.engine._statistics_helper_allowed())

    def test_helper_error_is_raised_here(self):
        engine_class = type(self.engine)

        def failing(engine, run, products):
            raise ValueError("statistics failed")

        with patch.object(engine_class, "_read_statistics", failing), \
                patch.object(engine_class, "_statistics_helper_allowed", return_value=True), \
                self.assertRaisesRegex(ValueError, "statistics failed"):
            list(self.engine._statistics_batches(self.run_data, self.chunks))
        self.assertEqual([thread.name for thread in threading.enumerate()
                          if thread.name == "jxc_balance statistics"], [])


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
        self.assertFalse(self.env["jxc.balance.engine"]._statistics_helper_allowed())
        fields = ["product_id", "avg_daily_demand", "safety_stock", "reorder_point",
                  "max_qty", "abc_class", "state", "qty_available"]
        line_model._recompute_company(self.company, chunk_size=2)
        in_chunks = sorted(line.read(fields)[0].items() for line in
                           line_model.search([("company_id", "=", self.company.id)]))
        line_model._recompute_company(self.company)
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
        values = engine._compute_batch(run, products, engine._read_statistics(run, products[1:]))
        self.assertEqual(sorted(product_id for product_id, _warehouse in values),
                         sorted(products[1:].ids))
