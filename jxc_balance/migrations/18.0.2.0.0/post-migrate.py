"""18.0.2.0.0: the company's service levels, count intervals, cover and history days become
balance profiles.

Odoo keeps the columns of removed fields, so the former settings are read here in SQL. A
company still on the shipped values uses the shared profiles; any other gets a profile
per ABC class with its own values. Lines get their profile on the next recompute.
"""

import logging

from odoo import SUPERUSER_ID, api

_logger = logging.getLogger(__name__)

COLUMNS = {
    "service_level": "jxc_service_level_{abc}",
    "count_interval": "jxc_count_interval_{abc}",
    "cover_days": "jxc_cover_days",
    "history_days": "jxc_history_days",
}
CASTS = {"service_level": float, "count_interval": int, "cover_days": int,
         "history_days": int}


def migrate(cr, version):
    if not version:
        return
    cr.execute("SELECT column_name FROM information_schema.columns "
               "WHERE table_name = 'res_company'")
    present = {row[0] for row in cr.fetchall()}
    env = api.Environment(cr, SUPERUSER_ID, {})
    Profile = env["jxc.balance.profile"]
    defaults = {abc: Profile._default_values(abc) for abc in "abc"}
    selects, names = [], []
    for abc in "abc":
        for name, pattern in COLUMNS.items():
            column = pattern.format(abc=abc)
            # a column missing (never created) reads as the shipped value
            selects.append(f'"{column}"' if column in present else "NULL")
            names.append((abc, name))
    cr.execute(f"SELECT id, {', '.join(selects)} FROM res_company")  # noqa: S608
    values_by_company = {}
    for company_id, *row in cr.fetchall():
        by_class = {abc: {} for abc in "abc"}
        for (abc, name), value in zip(names, row, strict=True):
            by_class[abc][name] = (defaults[abc][name] if value is None
                                   else CASTS[name](value))
        values_by_company[company_id] = by_class
    created = Profile._create_from_legacy_settings(values_by_company)
    _logger.info("jxc_balance: %s balance profiles created from company settings "
                 "(companies: %s)", len(created), sorted(set(created.company_id.ids)))
