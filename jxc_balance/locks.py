"""Transaction-scoped advisory locks that serialise the balance's long runs."""

from odoo.tools import SQL


def try_advisory_xact_lock(cr, name):
    """Take the lock named ``name`` until the transaction ends; False if another holds it."""
    cr.execute(SQL("SELECT pg_try_advisory_xact_lock(hashtext(%s))", name))
    return cr.fetchone()[0]
