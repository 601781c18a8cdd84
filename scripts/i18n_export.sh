#!/usr/bin/env bash
# Regenerate <addon>/i18n/<addon>.pot from a fresh install (Odoo's own exporter), then
# merge it into every .po (msgmerge-like, with polib): new terms come in empty, vanished
# ones go. Translate the empty entries of zh_CN.po afterwards; `make test` fails while any
# entry is missing or fuzzy. The addon is the first argument: jxc_balance (default) or
# jxc_balance_demo (its install builds the demo shop: a minute or two).
set -euo pipefail
source "$(dirname "$0")/env.sh"
ADDON="${1:-jxc_balance}"
DB="jxc_i18n_$$"
drop_db "$DB"
mkdir -p "$REPO_ROOT/$ADDON/i18n"
"${ODOO_CMD[@]}" -d "$DB" -i "$ADDON" --without-demo=all --stop-after-init --log-level=warn
"${ODOO_CMD[@]}" -d "$DB" --i18n-export="$REPO_ROOT/$ADDON/i18n/$ADDON.pot" \
    --modules="$ADDON" --stop-after-init --log-level=warn
drop_db "$DB"
"$ODOO_PY" - "$REPO_ROOT/$ADDON/i18n" "$ADDON" <<'PY'
import pathlib, sys
import polib
folder = pathlib.Path(sys.argv[1])
pot = polib.pofile(str(folder / f"{sys.argv[2]}.pot"))
for po_path in sorted(folder.glob("*.po")):
    po = polib.pofile(str(po_path))
    po.merge(pot)
    po.save()
    print(f"{po_path.name}: {po.percent_translated()}% translated, "
          f"{len(po.untranslated_entries())} untranslated, {len(po.fuzzy_entries())} fuzzy")
PY
