"""Synthetic stock history in plain Python (no Odoo), shared by the demo and the benchmark.

- ``draws``: the random draws both make (Poisson demand counts, XYZ delivery quantities,
  Zipf popularity, vendor lead times, times of day);
- ``profiles``: daily demand from seasonal, weekday and promotion profiles;
- ``catalog`` and ``plan``: the demo shop (小张的超市) and its two years of history;
- ``bench``: the benchmark's shop of N products and M deliveries (``bench/generate.py``).

The addon imports it as ``odoo.addons.jxc_balance_demo.history``; the benchmark and pytest
put ``jxc_balance_demo/`` on ``sys.path`` and import it as ``history``.
"""

from . import bench, catalog, draws, plan, profiles
