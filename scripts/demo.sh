#!/usr/bin/env bash
# The main job: an Odoo 18 server on http://localhost:8069 with jxc_balance and the demo
# shop of jxc_balance_demo (login admin / admin). A second run reuses the database;
# JXC_UPDATE=1 updates both modules first, JXC_RESET=1 drops and rebuilds the database.
set -euo pipefail
source "$(dirname "$0")/env.sh"

DB="${JXC_DB:-jxc_demo}"
PORT="${JXC_HTTP_PORT:-8069}"

if [ "${JXC_RESET:-0}" = 1 ]; then
    say "dropping database $DB"
    drop_db "$DB"
fi
if module_installed "$DB" && ! module_installed "$DB" jxc_balance_demo; then
    die "database $DB holds jxc_balance without its demo shop (or an older demo made by
       jxc_balance itself): rebuild it with JXC_RESET=1 make demo, or pick another JXC_DB."
fi
if ! module_installed "$DB" jxc_balance_demo; then
    say "creating database $DB with jxc_balance and its demo shop (jxc_balance_demo)"
    t0=$(date +%s)
    "${ODOO_CMD[@]}" -d "$DB" -i jxc_balance_demo,sale_management --load-language=en_US,zh_CN --stop-after-init \
        --log-level=warn
    say "database $DB ready in $(( $(date +%s) - t0 )) s"
elif [ "${JXC_UPDATE:-0}" = 1 ]; then
    say "updating jxc_balance and jxc_balance_demo in $DB"
    "${ODOO_CMD[@]}" -d "$DB" -u jxc_balance,jxc_balance_demo --stop-after-init --log-level=warn
fi
# the Sales app shows Sales > Balance; databases built before it was part of the demo get it
if ! module_installed "$DB" sale_management; then
    say "installing the Sales app (sale_management) in $DB"
    "${ODOO_CMD[@]}" -d "$DB" -i sale_management --stop-after-init --log-level=warn
fi

say "serving $DB on http://localhost:$PORT (login admin / admin); Ctrl-C stops it"
exec "${ODOO_CMD[@]}" -d "$DB" --db-filter="^${DB}\$" --http-port="$PORT" \
    --http-interface="${JXC_HTTP_INTERFACE:-127.0.0.1}" "$@"
