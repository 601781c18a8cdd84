"""Let pytest collect ``balance_math`` without importing the Odoo addon around it.

``balance_math/__init__.py`` makes pytest (importlib mode) build a Package node for
this folder, and that node imports the package under its full dotted name,
``jxc_balance.balance_math``, which first runs ``jxc_balance/__init__.py`` and so
imports ``odoo``. Registering the already importable top-level ``balance_math``
(``PYTHONPATH=<repo>/jxc_balance``) under that name first makes pytest reuse it:
one module object, no ``odoo`` needed. Nothing changes inside Odoo.
"""

import sys

import balance_math

sys.modules.setdefault("jxc_balance.balance_math", balance_math)
