#!/usr/bin/env bash
# Regenerate jxc_balance/i18n/jxc_balance.pot from a fresh install (Odoo's own exporter),
# then merge it into every .po (msgmerge-like, with polib): new terms come in empty,
# vanished ones go. Translate the empty entries of zh_CN.po afterwards; `make test` fails
# while any entry is missing or fuzzy.
set -euo pipefail
source "$(dirname "$0")/env.sh"
DB="jxc_i18n_$$"
drop_db "$DB"
"${ODOO_CMD[@]}" -d "$DB" -i jxc_balance --without-demo=all --stop-after-init --log-level=warn
"${ODOO_CMD[@]}" -d "$DB" --i18n-export="$REPO_ROOT/jxc_balance/i18n/jxc_balance.pot" \
    --modules=jxc_balance --stop-after-init --log-level=warn
drop_db "$DB"
"$ODOO_PY" - "$REPO_ROOT/jxc_balance/i18n" <<'PY'
import pathlib, sys
import polib
folder = pathlib.Path(sys.argv[1])
pot = polib.pofile(str(folder / "jxc_balance.pot"))
for po_path in sorted(folder.glob("*.po")):
    po = polib.pofile(str(po_path))
    po.merge(pot)
    po.save()
    print(f"{po_path.name}: {po.percent_translated()}% translated, "
          f"{len(po.untranslated_entries())} untranslated, {len(po.fuzzy_entries())} fuzzy")
PY
