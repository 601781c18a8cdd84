#!/usr/bin/env bash
# Every test: lint (ruff, pylint-odoo), the pure-Python math tests (pytest), and the addon's
# Odoo tests (TransactionCase, HttpCase tours in headless Chromium) in a fresh throwaway
# database. Ends with the line "N passed, N failed"; exits non-zero on any failure.
set -euo pipefail
source "$(dirname "$0")/env.sh"
export REPO_ROOT LOCAL_DIR ODOO_LAUNCHER ADDONS_PATH ODOO_SRC
exec "$ODOO_PY" "$REPO_ROOT/scripts/run_tests.py" "$@"
