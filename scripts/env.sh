#!/usr/bin/env bash
# Shared set-up for the project's commands (sourced, never run directly):
#   - finds Odoo 18.0 through ODOO_SRC (git layout or release layout),
#   - prepares the virtual environment .venv with Odoo's and the addon's Python needs,
#   - reaches PostgreSQL through the usual PG* variables or the local socket, and where
#     none answers starts a private throwaway cluster under .local/pg.
# Everything it sets is exported: ODOO_PY (python of the venv), ODOO_CMD (array, the odoo
# command line), ADDONS_PATH, PG* variables.

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LOCAL_DIR="$REPO_ROOT/.local"
VENV_DIR="${JXC_VENV:-$REPO_ROOT/.venv}"
mkdir -p "$LOCAL_DIR"

say() { printf '[jxc] %s\n' "$*" >&2; }
die() { printf '[jxc] ERROR: %s\n' "$*" >&2; exit 2; }

find_odoo() {
    ODOO_SRC="${ODOO_SRC:-/opt/odoo}"
    local release="$ODOO_SRC/odoo/release.py"
    if [ -f "$ODOO_SRC/odoo-bin" ] && [ -d "$ODOO_SRC/addons" ]; then
        ODOO_LAUNCHER="$ODOO_SRC/odoo-bin"
        ODOO_ADDONS="$ODOO_SRC/addons,$ODOO_SRC/odoo/addons"
    elif [ -f "$ODOO_SRC/setup/odoo" ] && [ -d "$ODOO_SRC/odoo/addons" ]; then
        ODOO_LAUNCHER="$ODOO_SRC/setup/odoo"
        ODOO_ADDONS="$ODOO_SRC/odoo/addons"
    else
        die "Odoo 18.0 was not found at ODOO_SRC='$ODOO_SRC'.
       Point ODOO_SRC at an Odoo 18.0 source tree: the folder that holds 'odoo-bin' and
       'addons/' (a git checkout of odoo/odoo, branch 18.0), or the folder that holds
       'setup/odoo' and 'odoo/addons/' (a release tree). Example:
           ODOO_SRC=\$HOME/src/odoo make test"
    fi
    [ -f "$release" ] || die "ODOO_SRC='$ODOO_SRC' has no odoo/release.py: not an Odoo source tree."
    if ! grep -qE "^version_info = \(18, 0" "$release"; then
        die "ODOO_SRC='$ODOO_SRC' is not Odoo 18.0 ($(grep -m1 '^version_info' "$release")). jxc_balance needs Odoo 18.0."
    fi
    ADDONS_PATH="$REPO_ROOT,$ODOO_ADDONS"
    export ODOO_SRC ODOO_LAUNCHER ADDONS_PATH
}

pick_python() {
    local candidate
    for candidate in "${PYTHON:-}" python3.12 python3.11 python3.10 python3; do
        [ -n "$candidate" ] || continue
        command -v "$candidate" >/dev/null 2>&1 || continue
        if "$candidate" -c 'import sys; sys.exit(not ((3, 10) <= sys.version_info[:2] <= (3, 12)))'; then
            echo "$candidate"; return 0
        fi
    done
    die "Python 3.10, 3.11 or 3.12 is needed (set PYTHON=/path/to/python3)."
}

ensure_venv() {
    local stamp="$VENV_DIR/.jxc-requirements"
    local wanted
    wanted="$(cat "$REPO_ROOT"/requirements*.txt | sha256sum | cut -c1-16)"
    if [ ! -x "$VENV_DIR/bin/python" ]; then
        say "creating the virtual environment in $VENV_DIR"
        "$(pick_python)" -m venv "$VENV_DIR" || die "could not create $VENV_DIR"
    fi
    if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
        say "installing Python requirements into $VENV_DIR (first run takes a minute)"
        "$VENV_DIR/bin/python" -m pip install -q --disable-pip-version-check \
            -r "$REPO_ROOT/requirements-odoo.txt" -r "$REPO_ROOT/requirements.txt" \
            -r "$REPO_ROOT/requirements-test.txt" || die "pip install failed (see above)"
        echo "$wanted" > "$stamp"
    fi
    ODOO_PY="$VENV_DIR/bin/python"
    export ODOO_PY
    ODOO_CMD=(env "PYTHONPATH=$ODOO_SRC${PYTHONPATH:+:$PYTHONPATH}" "$ODOO_PY" "$ODOO_LAUNCHER"
              --addons-path="$ADDONS_PATH" --data-dir="$LOCAL_DIR/data")
}

pg_answers() {
    "$ODOO_PY" - <<'PY' >/dev/null 2>&1
import psycopg2
psycopg2.connect(dbname="postgres", connect_timeout=3).close()
PY
}

start_private_cluster() {
    local pgdir="$LOCAL_DIR/pg" bindir="" port="${JXC_PRIVATE_PGPORT:-54329}" owner
    for bindir in "$(dirname "$(command -v initdb 2>/dev/null || echo /x/x)")" \
                  $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        [ -x "$bindir/initdb" ] && [ -x "$bindir/pg_ctl" ] && break
        bindir=""
    done
    if [ -z "$bindir" ]; then
        if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
            say "no PostgreSQL server binaries: installing Debian's postgresql package"
            (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null) \
                || die "could not install PostgreSQL"
            bindir="$(ls -d /usr/lib/postgresql/*/bin | sort -V -r | head -n1)"
        else
            die "PostgreSQL does not answer and no server binaries (initdb) were found: install PostgreSQL >= 12 or set PGHOST/PGPORT/PGUSER."
        fi
    fi
    # PostgreSQL refuses to run as root: the private cluster then belongs to 'postgres'.
    local run=()
    if [ "$(id -u)" = 0 ]; then
        owner=postgres; run=(runuser -u postgres --)
    else
        owner="$(id -un)"
    fi
    mkdir -p "$pgdir"
    if [ ! -f "$pgdir/data/PG_VERSION" ]; then
        say "starting a private PostgreSQL cluster in $pgdir"
        chown -R "$owner" "$pgdir"
        "${run[@]}" "$bindir/initdb" -D "$pgdir/data" -U "$(id -un)" --auth=trust -E UTF8 --locale=C.UTF-8 >"$pgdir/initdb.log" 2>&1 \
            || die "initdb failed, see $pgdir/initdb.log"
    fi
    chown -R "$owner" "$pgdir"
    if ! "${run[@]}" "$bindir/pg_ctl" -D "$pgdir/data" status >/dev/null 2>&1; then
        "${run[@]}" "$bindir/pg_ctl" -D "$pgdir/data" -l "$pgdir/server.log" -w \
            -o "-k $pgdir -p $port -c listen_addresses=''" start >/dev/null \
            || die "the private PostgreSQL did not start, see $pgdir/server.log"
    fi
    export PGHOST="$pgdir" PGPORT="$port" PGUSER="$(id -un)"
}

ensure_pg() {
    if [ -z "${PGHOST:-}" ] && [ -S /var/run/postgresql/.s.PGSQL.${PGPORT:-5432} ]; then
        export PGHOST=/var/run/postgresql
    fi
    if pg_answers; then
        return 0
    fi
    say "PostgreSQL does not answer at ${PGHOST:-<default>}:${PGPORT:-5432}"
    start_private_cluster
    pg_answers || die "PostgreSQL still does not answer at $PGHOST:$PGPORT"
}

db_exists() {
    "$ODOO_PY" - "$1" <<'PY'
import sys, psycopg2
with psycopg2.connect(dbname="postgres") as conn, conn.cursor() as cr:
    cr.execute("SELECT 1 FROM pg_database WHERE datname = %s", (sys.argv[1],))
    sys.exit(0 if cr.fetchone() else 1)
PY
}

module_installed() {  # database [module, default jxc_balance]
    "$ODOO_PY" - "$1" "${2:-jxc_balance}" <<'PY'
import sys, psycopg2
try:
    with psycopg2.connect(dbname=sys.argv[1]) as conn, conn.cursor() as cr:
        cr.execute("SELECT 1 FROM ir_module_module WHERE name = %s AND state = 'installed'",
                   (sys.argv[2],))
        sys.exit(0 if cr.fetchone() else 1)
except psycopg2.Error:
    sys.exit(1)
PY
}

drop_db() {
    "$ODOO_PY" - "$1" <<'PY'
import sys, psycopg2
conn = psycopg2.connect(dbname="postgres")
conn.autocommit = True
conn.cursor().execute('DROP DATABASE IF EXISTS "%s" WITH (FORCE)' % sys.argv[1].replace('"', ''))
PY
    rm -rf "$LOCAL_DIR/data/filestore/$1"
}

find_odoo
ensure_venv
ensure_pg
