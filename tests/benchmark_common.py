"""What the benchmark scripts share: their command line and the Odoo registry it opens."""

import argparse
import os

import odoo


def parser_for(doc):
    """An argument parser with the database and addons path every benchmark takes."""
    parser = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", default=os.environ.get("FILIERE_TEST_DB", "filiere_test"))
    parser.add_argument("--addons-path", default=None)
    parser.add_argument(
        "--config",
        default=os.path.expanduser("~/.cache/filiere_reemploi/odoo-test.conf"),
        help="Odoo configuration naming the signing key (tests/run.sh writes this one)",
    )
    return parser


def open_registry(args, log_level="error"):
    """Configure Odoo from the parsed arguments and return the database's registry."""
    options = ["-d", args.database, f"--log-level={log_level}"]
    if args.config and os.path.exists(args.config):
        options.append(f"--config={args.config}")
    if args.addons_path:
        options.append(f"--addons-path={args.addons_path}")
    odoo.tools.config.parse_config(options)
    return odoo.modules.registry.Registry(args.database)
