#!/usr/bin/env python3
"""Benchmark of the distribution: allocating and handing over N devices to N referrals.

Each handover is what a staff member clicks: grid price, device reserved, sale order confirmed with
the serial on its delivery, delivery validated, device delivered with its warranty. Prints seconds
and SQL queries per handover; asserts nothing (the bound is in the tests, with assertQueryCount).
Needs Odoo 18 importable and a database with the addons installed, e.g. the one tests/run.sh leaves:

    python3 tests/benchmark_distribution.py --database filiere_test [--devices 500]

Everything runs in a transaction that is rolled back.
"""

import statistics
import time

from benchmark_common import open_registry, parser_for

import odoo
from odoo import Command


def setup(env, count):
    company = env.ref("base.main_company")
    if "filiere_sad_required" in company._fields:
        # Measured: allocation and handover; the coaching appointment is another user's click.
        company.filiere_sad_required = False
    warehouse = env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1)
    laptop = env.ref("filiere_reemploi.device_type_laptop")
    grade = env.ref("filiere_reemploi.grade_a")
    senior = env.ref("filiere_reemploi.segment_senior")
    env["filiere.price.grid"].create(
        {
            "device_type_id": laptop.id,
            "condition_id": grade.id,
            "segment_id": senior.id,
            "company_id": company.id,
            "price": 90.0,
        }
    )
    values = {"device_type_id": laptop.id, "company_id": company.id, "condition_id": grade.id}
    if "no_storage_declared" in env["stock.lot"]._fields:
        values["no_storage_declared"] = True
    lots = env["stock.lot"].create([{"name": f"BENCH-DIST-{index:05d}", **values} for index in range(count)])
    # Straight to 'available': the workshop is not what is measured here.
    env.cr.execute("UPDATE stock_lot SET device_state = 'available' WHERE id = ANY(%s)", [lots.ids])
    lots.invalidate_recordset(["device_state"])
    for lot in lots:
        env["stock.quant"]._update_available_quantity(lot.product_id, warehouse.lot_stock_id, 1, lot_id=lot)
    prescriber = env["res.partner"].create({"name": "CCAS (benchmark)", "filiere_prescriber_type": "ccas"})
    beneficiaries = env["filiere.beneficiary"].create(
        [
            {
                "name": f"Personne {index:05d}",
                "company_id": company.id,
                "consent_date": "2026-11-01",
                "segment_ids": [Command.set(senior.ids)],
            }
            for index in range(count)
        ]
    )
    referrals = env["filiere.referral"].create(
        [
            {
                "company_id": company.id,
                "prescriber_id": prescriber.id,
                "beneficiary_id": beneficiary.id,
                "device_type_id": laptop.id,
            }
            for beneficiary in beneficiaries
        ]
    )
    referrals.action_accept()
    return referrals, lots


def plain_odoo_handover(env, lot, partner):
    """The same sale and delivery of one serial in plain Odoo, for comparison."""
    order = env["sale.order"].create(
        {
            "partner_id": partner.id,
            "order_line": [Command.create({"product_id": lot.product_id.id, "product_uom_qty": 1, "price_unit": 90.0})],
        }
    )
    order.action_confirm()
    move = order.picking_ids.move_ids
    move._do_unreserve()
    move._update_reserved_quantity(1, move.location_id, lot_id=lot, strict=False)
    move.picked = True
    order.picking_ids.button_validate()


def main():
    parser = parser_for(__doc__)
    parser.add_argument("--devices", type=int, default=500)
    parser.add_argument("--plain", type=int, default=100, help="plain Odoo sales and deliveries, for comparison")
    args = parser.parse_args()
    registry = open_registry(args)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        referrals, lots = setup(env, args.devices)
        env.flush_all()
        seconds_each, queries_each = [], []
        start_all = time.perf_counter()
        for referral, lot in zip(referrals, lots, strict=True):
            queries, start = cr.sql_log_count, time.perf_counter()
            referral.action_allocate_device(lot)
            referral.action_handover()
            env.flush_all()
            seconds_each.append(time.perf_counter() - start)
            queries_each.append(cr.sql_log_count - queries)
        total = time.perf_counter() - start_all
        delivered = sum(1 for referral in referrals if referral.state == "delivered")
        print(f"{args.devices} referrals allocated and handed over ({delivered} delivered): {total:7.2f} s")
        print(
            f"  per handover: median {statistics.median(seconds_each) * 1000:6.1f} ms, "
            f"max {max(seconds_each) * 1000:6.1f} ms; "
            f"queries median {statistics.median(queries_each):.0f}, "
            f"first {queries_each[0]}, last {queries_each[-1]}, max {max(queries_each)}"
        )
        cr.rollback()

        referrals, lots = setup(env, args.plain)
        partner = env["res.partner"].create({"name": "Client (benchmark)"})
        env.flush_all()
        plain_seconds, plain_queries = [], []
        for lot in lots:
            queries, start = cr.sql_log_count, time.perf_counter()
            plain_odoo_handover(env, lot, partner)
            env.flush_all()
            plain_seconds.append(time.perf_counter() - start)
            plain_queries.append(cr.sql_log_count - queries)
        print(
            f"plain Odoo, {args.plain} sale orders of one serial confirmed and delivered: "
            f"median {statistics.median(plain_seconds) * 1000:6.1f} ms, "
            f"queries median {statistics.median(plain_queries):.0f}"
        )
        print(
            f"  addon/plain: {statistics.median(seconds_each) / statistics.median(plain_seconds):.2f}x time, "
            f"{statistics.median(queries_each) / statistics.median(plain_queries):.2f}x queries"
        )
        cr.rollback()


if __name__ == "__main__":
    main()
