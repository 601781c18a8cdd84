import contextlib
import logging
import queue
import threading

from odoo import SUPERUSER_ID, api, models, sql_db

_logger = logging.getLogger(__name__)

# Tables the recompute (and the cron framework around it) writes and the statistics never
# read: written in the caller's transaction, they do not stop the helper.
TABLES_NOT_READ_BY_STATISTICS = frozenset({
    "jxc_balance_line", "stock_warehouse_orderpoint", "ir_sequence", "ir_sequence_date_range",
    "ir_cron", "ir_cron_progress", "ir_cron_trigger",
})
HELPER_THREAD_NAME = "jxc_balance statistics"


class JxcBalancePipeline(models.AbstractModel):
    """The recompute's statistics, read ahead on a second connection.

    A recompute alternates PostgreSQL work (the statistics of a chunk of products) and
    Python work (the forecast of each line, the writes). ``_read_ahead`` overlaps them: a
    helper thread reads the chunks, in order, one chunk ahead of the caller, in one
    repeatable-read transaction of its own. It cannot see the caller's uncommitted writes,
    so it only runs when the caller's transaction wrote nothing the statistics read
    (``_helper_allowed``); otherwise the chunks are read in the caller's transaction.
    """

    _name = "jxc.balance.pipeline"
    _description = "Stock Balance Statistics Read Ahead"

    @contextlib.contextmanager
    def _read_ahead(self, run, chunks):
        """Within the block, an iterator of ``(products, statistics)`` for each chunk.

        ``statistics`` is what ``jxc.balance.statistics._read_batch(run, products)``
        returns. When the helper may run, it starts reading on entering the block: what
        the caller does before iterating overlaps its first read.
        """
        statistics = self.env["jxc.balance.statistics"]
        self.env.flush_all()
        if not (chunks and self._helper_allowed()):
            yield ((products, statistics._read_batch(run, products)) for products in chunks)
            return
        results = queue.Queue(maxsize=1)  # the helper is at most one chunk ahead
        stop = threading.Event()
        helper = threading.Thread(
            target=self._read_chunks, name=HELPER_THREAD_NAME,
            args=(run, [chunk.ids for chunk in chunks], results, stop), daemon=True)
        helper.start()
        _logger.debug("stock balance: %s chunks read ahead on a second connection", len(chunks))
        try:
            yield ((products, self._next_statistics(results, helper)) for products in chunks)
        finally:
            stop.set()
            while helper.is_alive():  # unblock a helper waiting to hand over a chunk
                with contextlib.suppress(queue.Empty):
                    results.get(timeout=0.1)
            helper.join()

    @api.model
    def _next_statistics(self, results, helper):
        """The helper's next chunk; its error raised here."""
        while True:
            try:
                statistics = results.get(timeout=1.0)
                break
            except queue.Empty:
                if not helper.is_alive():  # never seen: the helper always hands over
                    raise RuntimeError("The stock balance's statistics reader stopped.")  # noqa: B904
        if isinstance(statistics, BaseException):
            raise statistics
        return statistics

    @api.model
    def _helper_allowed(self):
        """Whether a helper reading committed data reads what this transaction would.

        No when this transaction wrote a table the statistics may read, or while the
        registry loads (installing or updating modules: the loading holds locks, and the
        tables it altered, until it commits).
        """
        if not self.pool.ready:
            return False
        # A transaction that wrote nothing yet has no transaction id. The per-table counts
        # below also hold the writes of this connection's earlier transactions until
        # PostgreSQL files them (up to a second or so later): they are only asked when
        # this one wrote something, and err on the safe side.
        self.env.cr.execute("SELECT txid_current_if_assigned() IS NULL")
        if self.env.cr.fetchone()[0]:
            return True
        written = self._tables_written_by_transaction() - TABLES_NOT_READ_BY_STATISTICS
        if written:
            _logger.debug("stock balance: statistics read in one connection; this "
                          "transaction wrote %s", ", ".join(sorted(written)))
        return not written

    @api.model
    def _tables_written_by_transaction(self):
        """Names of the tables with rows inserted, updated or deleted by this transaction
        (and maybe by this connection's earlier ones: ``_helper_allowed``)."""
        self.env.cr.execute("""
            SELECT relname FROM pg_stat_xact_user_tables
             WHERE n_tup_ins + n_tup_upd + n_tup_del > 0
        """)
        return {row[0] for row in self.env.cr.fetchall()}

    def _read_chunks(self, run, chunk_ids, results, stop):
        """The helper thread: ``_read_batch`` of each chunk, into ``results``.

        Nothing of the caller's environment is used here but plain values: the records
        are browsed again in an environment of its own, on its own connection. An error
        is handed over as the result, for the caller to raise.
        """
        threading.current_thread().dbname = self.env.cr.dbname  # for Odoo's log lines
        try:
            cr = sql_db.db_connect(self.env.cr.dbname).cursor()
            try:
                # this registry: looking it up by name would take the registries' lock
                cr.transaction = api.Transaction(self.pool)
                env = api.Environment(cr, SUPERUSER_ID, self.env.context)
                helper_run = run.with_env(env)
                statistics = env["jxc.balance.statistics"]
                for ids in chunk_ids:
                    if stop.is_set():
                        return
                    # its committed data may lack a product deleted since the caller began
                    products = env["product.product"].browse(ids).exists()
                    results.put(statistics._read_batch(helper_run, products))
            finally:
                cr.close()  # rolls back: the helper only read
        except Exception as error:  # noqa: BLE001 - handed over to the caller, who raises it
            results.put(error)
