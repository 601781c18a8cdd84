"""What bench/generate.py and bench/run.py share: command line and an Odoo environment."""

import hashlib
import os
import sys
import time

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def add_odoo_arguments(parser):
    parser.add_argument("-d", "--database", required=True, help="database to use")
    parser.add_argument(
        "--addons-path",
        help="Odoo addons path (default: this repository + the addons of the odoo package)")
    parser.add_argument(
        "--data-dir", default=os.path.join(REPO_ROOT, ".local", "data"),
        help="Odoo data dir (default: .local/data of this repository)")
    parser.add_argument("--log-level", default="warn", help="Odoo log level (default: warn)")
    parser.add_argument(
        "--update-addon", action="store_true",
        help="upgrade jxc_balance in the database first (untimed), e.g. after pulling changes")
    parser.add_argument(
        "--show-warnings", action="store_true",
        help="log Python warnings (Odoo logs each with its whole stack; hidden by default)")


def open_registry(args):
    """Parse Odoo's configuration like the ``odoo`` command, return the database registry."""
    try:
        import odoo  # noqa: PLC0415
    except ImportError:
        sys.exit("odoo is not importable: run with PYTHONPATH=/path/to/odoo (e.g. /opt/odoo)")
    from odoo.modules.registry import Registry  # noqa: PLC0415
    from odoo.tools import config  # noqa: PLC0415

    addons_path = args.addons_path or ",".join([
        REPO_ROOT, os.path.join(os.path.dirname(odoo.__file__), "addons")])
    options = [
        f"--addons-path={addons_path}", f"--data-dir={args.data_dir}",
        f"--log-level={args.log_level}", "-d", args.database,
    ]
    if not args.show_warnings:
        options.append("--log-handler=py.warnings:ERROR")
    config.parse_config(options)
    # same as odoo.registry(db), without its deprecation warning
    registry = Registry(args.database)
    if args.update_addon:
        registry = update_addon(registry)
    return registry


def vacuum_analyze(cr, tables=()):
    """Commit, then ``VACUUM ANALYZE`` the tables (all of the database's when none).

    VACUUM runs outside a transaction: the cursor is switched to autocommit for it.
    """
    cr.commit()
    cr._cnx.autocommit = True
    try:
        for table in tables or ("",):
            cr.execute(f"VACUUM ANALYZE {table}")
    finally:
        cr._cnx.autocommit = False


def addon_fingerprint():
    """Short hash of the addon's Python and XML files: which code a figure was measured on."""
    digest = hashlib.sha1()
    addon = os.path.join(REPO_ROOT, "jxc_balance")
    for folder, dirs, files in sorted(os.walk(addon)):
        dirs.sort()
        for name in sorted(files):
            if name.endswith((".py", ".xml", ".csv")):
                path = os.path.join(folder, name)
                digest.update(os.path.relpath(path, addon).encode())
                with open(path, "rb") as handle:
                    digest.update(handle.read())
    return digest.hexdigest()[:12]


def check_schema(env, models=("jxc.balance.line",)):
    """Exit with the command to run when the database predates the addon's code."""
    for model in models:
        Model = env[model]
        env.cr.execute("SELECT column_name FROM information_schema.columns "
                       "WHERE table_name = %s", (Model._table,))
        columns = {row[0] for row in env.cr.fetchall()}
        missing = sorted(name for name, field in Model._fields.items()
                         if field.store and field.column_type and name not in columns)
        if missing:
            sys.exit(
                f"{env.cr.dbname}: table {Model._table} lacks {', '.join(missing)}: the addon "
                "changed since the database was made; run again with --update-addon, or "
                "update it first:\n"
                f"  PYTHONPATH=/opt/odoo .venv/bin/python /opt/odoo/setup/odoo "
                f"--addons-path={REPO_ROOT},/opt/odoo/odoo/addons "
                f"--data-dir={REPO_ROOT}/.local/data -d {env.cr.dbname} "
                "-u jxc_balance --stop-after-init")


def update_addon(registry):
    """Upgrade jxc_balance in the database (like -u jxc_balance); returns the new registry."""
    from odoo import SUPERUSER_ID, api  # noqa: PLC0415
    from odoo.modules.registry import Registry  # noqa: PLC0415

    started = time.perf_counter()
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        env["ir.module.module"].search([("name", "=", "jxc_balance")]).button_immediate_upgrade()
    print(f"addon_update_s: {time.perf_counter() - started:.1f}", flush=True)
    return Registry(registry.db_name)


class Clock:
    """Wall-clock phases: ``with clock("name"): ...`` then ``clock.times``."""

    def __init__(self):
        self.times = {}
        self.start = time.perf_counter()

    def __call__(self, name):
        return _Phase(self, name)

    def total(self):
        return time.perf_counter() - self.start


class _Phase:
    def __init__(self, clock, name):
        self.clock, self.name = clock, name

    def __enter__(self):
        self.started = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.started
        self.clock.times[self.name] = self.clock.times.get(self.name, 0.0) + self.seconds
        return False
