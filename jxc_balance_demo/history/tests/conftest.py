"""Let pytest collect ``history`` without importing the Odoo addon around it.

As for ``balance_math`` (see its conftest): the top-level ``history``
(``PYTHONPATH=<repo>/jxc_balance_demo``) is registered under its dotted name
``jxc_balance_demo.history`` first, so pytest reuses it and never imports ``odoo``.
"""

import sys

import history

sys.modules.setdefault("jxc_balance_demo.history", history)
