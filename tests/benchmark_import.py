#!/usr/bin/env python3
"""Benchmark: a donor inventory (600 devices, or --devices N) through the addon vs a plain Odoo receipt.

Prints seconds and SQL queries; asserts nothing (the bounds are in the tests).
Needs Odoo 18 importable and a database with filiere_reemploi installed, e.g. the one
tests/run.sh leaves behind:

    python3 tests/benchmark_import.py --database filiere_test [--devices 600] [--rounds 3] [--shape glpi]

--shape sheet (default) is the structure's own French sheet; glpi a GLPI computer export (French
headers, chassis words, no quantity column), read through the alias table and the type inference.
The addon's figure is split into the import itself (file read, devices, triage, receipt) and the
validation of the receipt, which is Odoo's.

Every round runs in a transaction that is rolled back: the database is left as it was.
"""

import statistics
import time

from benchmark_common import open_registry, parser_for

import odoo
from odoo import Command


def plain_receipt(env, company, product, serials):
    """What Odoo does without the addon: a receipt whose move lines name new serials."""
    picking_type = env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1).in_type_id
    locations = {
        "location_id": env.ref("stock.stock_location_suppliers").id,
        "location_dest_id": picking_type.default_location_dest_id.id,
    }
    picking = env["stock.picking"].create(
        {
            "picking_type_id": picking_type.id,
            "company_id": company.id,
            **locations,
            "move_ids": [
                Command.create(
                    {
                        "name": product.name,
                        "product_id": product.id,
                        "product_uom": product.uom_id.id,
                        "product_uom_qty": len(serials),
                        "company_id": company.id,
                        **locations,
                    }
                )
            ],
        }
    )
    picking.action_confirm()
    picking.move_ids.move_line_ids.unlink()
    env["stock.move.line"].create(
        [
            {
                "move_id": picking.move_ids.id,
                "picking_id": picking.id,
                "product_id": product.id,
                "product_uom_id": product.uom_id.id,
                "lot_name": serial,
                "quantity": 1,
                **locations,
            }
            for serial in serials
        ]
    )
    picking.button_validate()
    assert picking.state == "done"


def inventory_file(serials, shape):
    if shape == "glpi":
        header = "Nom;Entité;Statut;Fabricant;Numéro de série;Type;Modèle;Système d'exploitation - Nom;Lieu"
        rows = [
            f"PC-{index:05d};Mairie;En stock;LENOVO;{serial};Notebook;ThinkPad T480;Windows 10;Services"
            for index, serial in enumerate(serials)
        ]
    else:
        header = "Matériel;Quantité;Marque;Modèle;Année;Usage;Statut;N° de série"
        rows = [f"PC portable;1;Lenovo;ThinkPad T480;2018;Bureautique;Fonctionnel;{serial}" for serial in serials]
    return ("\n".join([header, *rows]) + "\n").encode()


def addon_import(env, company, donor, serials, shape="sheet", split=None):
    """The addon's path: inventory file -> devices with triage -> receipt, then validation."""
    donation = env["filiere.donation"].create({"partner_id": donor.id, "company_id": company.id})
    content = inventory_file(serials, shape)
    start_queries, start = env.cr.sql_log_count, time.perf_counter()
    lots = donation.import_inventory(content, "inventaire.csv")
    env.flush_all()
    if split is not None:
        split.append((time.perf_counter() - start, env.cr.sql_log_count - start_queries))
    assert len(lots) == len(serials)
    donation.picking_ids.button_validate()
    assert donation.picking_ids.state == "done"


def measure(registry, label, run, devices, **options):
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        company = env.ref("base.main_company")
        laptop = env.ref("filiere_reemploi.device_type_laptop")
        donor = env["res.partner"].create({"name": "Bench donor", "filiere_donor_type": "public"})
        env.flush_all()
        serials = [f"BENCH-{label}-{time.monotonic_ns()}-{index:05d}" for index in range(devices)]
        start_queries, start = cr.sql_log_count, time.perf_counter()
        if label == "plain":
            run(env, company, laptop.product_id, serials)
        else:
            run(env, company, donor, serials, **options)
        env.flush_all()
        seconds, queries = time.perf_counter() - start, cr.sql_log_count - start_queries
        cr.rollback()
    return seconds, queries


def main():
    parser = parser_for(__doc__)
    parser.add_argument("--devices", type=int, default=600)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--shape", choices=("sheet", "glpi"), default="sheet")
    args = parser.parse_args()
    registry = open_registry(args, "warn")
    results = {"plain": [], "addon": [], "import": []}
    for _round in range(args.rounds):
        results["plain"].append(measure(registry, "plain", plain_receipt, args.devices))
        results["addon"].append(
            measure(registry, "addon", addon_import, args.devices, shape=args.shape, split=results["import"])
        )
    print(f"{args.devices} serials ({args.shape} shape), median of {args.rounds} rounds (seconds, SQL queries):")
    medians = {}
    for label, title in (
        ("plain", "plain Odoo receipt, validated"),
        ("addon", "inventory import + receipt, validated"),
        ("import", "  of which the import alone"),
    ):
        seconds = statistics.median(r[0] for r in results[label])
        queries = statistics.median(r[1] for r in results[label])
        medians[label] = seconds
        print(
            f"  {title:<40} {seconds:7.2f} s  {queries:7.0f} queries  ({seconds / args.devices * 1000:.1f} ms/device)"
        )
    print(f"  ratio addon / plain: {medians['addon'] / medians['plain']:.2f}x (target < 1x)")


if __name__ == "__main__":
    main()
