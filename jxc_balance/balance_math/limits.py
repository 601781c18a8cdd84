"""Bounds of the balance settings, in one place: balance_math checks its inputs against
them and the Odoo models refuse settings outside them."""

# z = Φ⁻¹(p) is only finite inside (0, 1); below 0.5 the safety stock would be negative.
MIN_SERVICE_LEVEL = 0.5
MAX_SERVICE_LEVEL = 0.9999
# Ten years of daily history is plenty; a typo like 1000000 would put the first day before
# year 1 and make every recompute (and the dashboard) fail.
MIN_HISTORY_DAYS = 1
MAX_HISTORY_DAYS = 3650
# cycle counts: at least daily, at most every ten years
MIN_COUNT_INTERVAL = 1
MAX_COUNT_INTERVAL = 3650
