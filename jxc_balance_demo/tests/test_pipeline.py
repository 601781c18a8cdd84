import threading
from unittest.mock import patch

from odoo import SUPERUSER_ID, api, sql_db
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestStatisticsPipeline(TransactionCase):
    """The statistics of the next chunk are read on a second connection (the demo shop).

    No ``setUpClass`` data here: the demo shop's moves and products were committed at
    install, so this transaction has written nothing the statistics read, and the helper
    thread (which sees committed data only, through the exported snapshot) may run.
    """

    def setUp(self):
        super().setUp()
        self.engine = self.env["jxc.balance.engine"]
        self.statistics = self.env["jxc.balance.statistics"]
        self.pipeline = self.env["jxc.balance.pipeline"]
        self.company = self.env.ref("jxc_balance_demo.demo_company_shop")
        self.run_data = self.engine._prepare_company_run(self.company)
        products = self.engine._balance_products(self.company)
        self.assertGreaterEqual(len(products), 9, "the demo shop of jxc_balance_demo did not load")
        # three chunks: the helper reads each of them, one ahead of this thread
        size = len(products) // 3 + 1
        self.chunks = [products[start:start + size] for start in range(0, len(products), size)]

    def _pipelined(self, run):
        """(chunk ids, statistics) of every chunk, and the thread that read each chunk."""
        statistics_class = type(self.statistics)
        original = statistics_class._read_batch
        readers = []

        def recorded(statistics, run, products):
            readers.append(threading.current_thread().name)
            return original(statistics, run, products)

        with patch.object(statistics_class, "_read_batch", recorded), \
                self.pipeline._read_ahead(run, self.chunks) as batches:
            batches = [(chunk.ids, statistics) for chunk, statistics in batches]
        return batches, readers

    def test_helper_reads_what_this_transaction_reads(self):
        sequential = [(chunk.ids, self.statistics._read_batch(self.run_data, chunk))
                      for chunk in self.chunks]
        # the demo shop sells: the comparison is not between empty statistics
        self.assertTrue(any(statistics.sales for _ids, statistics in sequential))
        self.assertTrue(any(statistics.last_dates for _ids, statistics in sequential))
        run = self.engine._prepare_company_run(self.company)
        # the test framework's own writes in this transaction aside (none the statistics
        # read: the demo shop was committed at install), the helper may run
        with patch.object(type(self.pipeline), "_helper_allowed", return_value=True):
            batches, readers = self._pipelined(run)
        self.assertEqual(readers, ["jxc_balance statistics"] * len(self.chunks))
        self.assertEqual(batches, sequential)

    def test_a_transaction_that_wrote_nothing_allows_the_helper(self):
        cr = sql_db.db_connect(self.env.cr.dbname).cursor()  # a transaction of its own
        try:
            env = api.Environment(cr, SUPERUSER_ID, {})
            self.assertTrue(env["jxc.balance.pipeline"]._helper_allowed())
            env["product.product"].browse(self.chunks[0][0].id).default_code = "JXC-OTHER"
            env.flush_all()
            self.assertFalse(env["jxc.balance.pipeline"]._helper_allowed())
        finally:
            cr.close()  # rolled back

    def test_no_helper_after_writing_what_the_statistics_read(self):
        # an uncommitted change the helper could not see: everything is read here
        self.chunks[0][0].default_code = "JXC-UNCOMMITTED"
        self.env.flush_all()
        self.assertIn("product_product", self.pipeline._tables_written_by_transaction())
        self.assertFalse(self.pipeline._helper_allowed())
        batches, readers = self._pipelined(self.run_data)
        self.assertEqual(readers, [threading.current_thread().name] * len(self.chunks))
        self.assertEqual([ids for ids, _statistics in batches], [c.ids for c in self.chunks])

    def test_no_helper_while_the_registry_loads(self):
        # installing or updating modules: the loading holds the registries' lock and the
        # tables it altered until it commits, which a second connection would wait for
        with patch.object(type(self.pipeline), "_tables_written_by_transaction",
                          return_value=set()):
            self.assertTrue(self.pipeline._helper_allowed())
            with patch.object(self.registry, "ready", False):
                self.assertFalse(self.pipeline._helper_allowed())

    def test_balance_own_writes_keep_the_helper(self):
        # once this transaction wrote something, the tables it wrote decide: the recompute
        # writes its lines and rules (and the cron its progress) between chunks, which the
        # statistics do not read. (The counts may also hold this connection's earlier
        # transactions for a second: the table names are given here.)
        self.env["jxc.balance.line"].search([("company_id", "=", self.company.id)]).write(
            {"computed_at": "2020-01-01 00:00:00"})
        self.env.flush_all()
        self.assertIn("jxc_balance_line", self.pipeline._tables_written_by_transaction())
        pipeline_class = type(self.pipeline)
        own = {"jxc_balance_line", "stock_warehouse_orderpoint", "ir_cron_progress"}
        with patch.object(pipeline_class, "_tables_written_by_transaction", return_value=own):
            self.assertTrue(self.pipeline._helper_allowed())
        with patch.object(pipeline_class, "_tables_written_by_transaction",
                          return_value=own | {"stock_quant"}):
            self.assertFalse(self.pipeline._helper_allowed())

    def test_helper_error_is_raised_here(self):
        def failing(statistics, run, products):
            raise ValueError("statistics failed")

        with patch.object(type(self.statistics), "_read_batch", failing), \
                patch.object(type(self.pipeline), "_helper_allowed", return_value=True), \
                self.assertRaisesRegex(ValueError, "statistics failed"), \
                self.pipeline._read_ahead(self.run_data, self.chunks) as batches:
            list(batches)
        self.assertEqual([thread.name for thread in threading.enumerate()
                          if thread.name == "jxc_balance statistics"], [])
