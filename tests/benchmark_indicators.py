#!/usr/bin/env python3
"""Benchmark of the grant indicators over 1k, 10k and 100k devices (20 % handed over).

The devices, beneficiaries and referrals are inserted in bulk with SQL (what is measured is the
indicator engine, not the data entry), spread over a year, two structures and three zones; then
``compute_indicators`` runs over the whole year. Prints seconds and SQL queries for each size;
asserts nothing. Needs Odoo 18 importable and a database with the addons installed:

    python3 tests/benchmark_indicators.py --database filiere_test [--sizes 1000 10000 100000]

Everything runs in a transaction that is rolled back.
"""

import statistics
import time
from datetime import date

from benchmark_common import open_registry, parser_for

import odoo


def populate(env, size, tag):
    """``size`` devices of which 20 % are handed over, inserted with a few INSERT ... SELECT."""
    cr = env.cr
    companies = [env.ref("base.main_company").id, env["res.company"].search([], order="id desc", limit=1).id]
    zones = env["filiere.zone"].search([], limit=3).ids or [None]
    laptop = env.ref("filiere_reemploi.device_type_laptop")
    segments = env["filiere.segment"].search([]).ids
    prescriber = env["res.partner"].create({"name": f"Prescripteur {tag}", "filiere_prescriber_type": "ccas"})
    params = {
        "size": size,
        "tag": tag,
        "product": laptop.product_id.id,
        "type": laptop.id,
        "companies": companies,
        "zones": zones,
        "start": date(2026, 1, 1),
        "prescriber": prescriber.id,
        "segments": segments,
    }
    cr.execute(
        """
        INSERT INTO stock_lot (name, product_id, company_id, device_type_id, is_device, device_state, weight_kg,
                               filiere_received_date, filiere_refurbished_date, filiere_recycled_date,
                               filiere_parts_date, filiere_zone_id)
        SELECT %(tag)s || '-' || i, %(product)s, (%(companies)s::int[])[1 + i %% 2], %(type)s, TRUE,
               CASE WHEN i %% 5 = 0 THEN 'delivered' WHEN i %% 7 = 0 THEN 'recycled'
                    WHEN i %% 11 = 0 THEN 'parts' ELSE 'available' END,
               2.2,
               %(start)s::date + (i %% 365),
               CASE WHEN i %% 7 <> 0 AND i %% 11 <> 0 THEN %(start)s::date + (i %% 365) + 10 END,
               CASE WHEN i %% 7 = 0 THEN %(start)s::date + (i %% 365) + 5 END,
               CASE WHEN i %% 11 = 0 AND i %% 7 <> 0 THEN %(start)s::date + (i %% 365) + 5 END,
               (%(zones)s::int[])[1 + i %% array_length(%(zones)s::int[], 1)]
          FROM generate_series(1, %(size)s) AS i
        """,
        params,
    )
    cr.execute(
        """
        INSERT INTO filiere_beneficiary (name, company_id, city, zone_id, consent_date, active)
        SELECT 'Personne ' || %(tag)s || '-' || i, (%(companies)s::int[])[1 + i %% 2], 'Commune ' || (i %% 162),
               (%(zones)s::int[])[1 + i %% array_length(%(zones)s::int[], 1)], %(start)s, TRUE
          FROM generate_series(1, %(size)s / 5) AS i
        """,
        params,
    )
    cr.execute(
        """
        WITH lots AS (
            SELECT id, company_id, filiere_received_date, row_number() OVER (ORDER BY id) AS n
              FROM stock_lot WHERE name LIKE %(tag)s || '-%%' AND device_state = 'delivered'
        ), people AS (
            SELECT id, city, zone_id, row_number() OVER (ORDER BY id) AS n
              FROM filiere_beneficiary WHERE name LIKE 'Personne ' || %(tag)s || '-%%'
        )
        INSERT INTO filiere_referral (name, company_id, prescriber_id, beneficiary_id, device_type_id, need, state,
                                      lot_id, sale_format, price, handover_date, zone_id, city, create_date)
        SELECT 'ORI-' || %(tag)s || '-' || lots.n, lots.company_id, %(prescriber)s, people.id, %(type)s,
               'online_procedures', 'delivered', lots.id,
               (ARRAY['sale', 'donation', 'loan', 'rental'])[1 + lots.n %% 4],
               CASE WHEN lots.n %% 4 IN (0, 3) THEN 50 ELSE 0 END,
               lots.filiere_received_date + 20, people.zone_id, people.city, lots.filiere_received_date
          FROM lots JOIN people ON people.n = lots.n
        """,
        params,
    )
    cr.execute(
        """
        INSERT INTO filiere_referral_segment_rel (referral_id, segment_id)
        SELECT r.id, (%(segments)s::int[])[1 + r.id %% array_length(%(segments)s::int[], 1)]
          FROM filiere_referral r WHERE r.name LIKE 'ORI-' || %(tag)s || '-%%'
        """,
        params,
    )
    cr.execute("ANALYZE stock_lot; ANALYZE filiere_referral; ANALYZE filiere_referral_segment_rel")
    return companies


def main():
    parser = parser_for(__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    registry = open_registry(args)
    print(f"{'devices':>8} {'handed over':>12} {'median s':>9} {'max s':>7} {'queries':>8}")
    for size in args.sizes:
        with registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            companies = populate(env, size, f"BENCH{size}")
            statements = env["filiere.statement"]
            timings, queries = [], []
            for _round in range(args.rounds):
                env.invalidate_all()
                count, start = cr.sql_log_count, time.perf_counter()
                result = statements.compute_indicators(date(2026, 1, 1), date(2026, 12, 31), companies)
                timings.append(time.perf_counter() - start)
                queries.append(cr.sql_log_count - count)
            print(
                f"{size:>8} {result['devices_distributed']:>12} {statistics.median(timings):>9.3f} "
                f"{max(timings):>7.3f} {max(queries):>8}"
            )
            cr.rollback()


if __name__ == "__main__":
    main()
