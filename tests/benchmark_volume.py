#!/usr/bin/env python3
"""What users wait for on a database of a network's years: indicators, device views, main searches.

Run on a database filled by ``tests/load/generate_volume.py`` (1,000,000 devices, 200,000 handovers
by default); prints, for each measure, the median and max seconds over ``--rounds`` and the SQL
queries (which must not grow with the volume), with the machine's load average, then (``--explain``)
the plans of the main searches. Asserts nothing; rolls back whatever it did::

    python3 tests/load/generate_volume.py --database load_bench
    python3 tests/benchmark_volume.py --database load_bench [--user load.accountant.1] [--explain]

Measured as the web client asks: the devices kanban is one ``web_read_group`` on the lifecycle
state (every column, group_expand) then one ``web_search_read`` of 40 cards per column neither
folded nor empty, with the client's count limit; the list
one ``web_search_read`` of 80 rows with its count (limit 10,001, as the list's pager).
"""

import os
import statistics
import time
from datetime import date

from benchmark_common import open_registry, parser_for

import odoo

KANBAN_SPEC = {
    "name": {},
    "device_state": {},
    "condition_id": {"fields": {"display_name": {}}},
    "device_type_id": {"fields": {"display_name": {}}},
    "brand": {},
    "model_name": {},
    "donation_id": {"fields": {"display_name": {}}},
    "functional_test_state": {},
    "routing": {},
}
LIST_SPEC = {
    "name": {},
    "device_type_id": {"fields": {"display_name": {}}},
    "brand": {},
    "model_name": {},
    "year": {},
    "condition_id": {"fields": {"display_name": {}}},
    "functional_test_state": {},
    "routing": {},
    "donation_id": {"fields": {"display_name": {}}},
    "company_id": {"fields": {"display_name": {}}},
    "device_state": {},
}
DEVICES = [("is_device", "=", True)]


def day_of_changes(env):
    """A day's work not yet refreshed into the aggregates: 1,000 devices refurbished and 200
    waiting referrals handed over today (their buckets dirty until the refresh job)."""
    env.cr.execute(
        """
        UPDATE stock_lot SET filiere_refurbished_date = CURRENT_DATE
         WHERE id IN (SELECT id FROM stock_lot WHERE is_device AND filiere_refurbished_date IS NULL
                       ORDER BY id DESC LIMIT 1000)
        """
    )
    env.cr.execute(
        """
        UPDATE filiere_referral SET state = 'delivered', handover_date = CURRENT_DATE
         WHERE id IN (SELECT id FROM filiere_referral WHERE state = 'submitted' ORDER BY id LIMIT 200)
        """
    )
    return env.cr.rowcount


def zone_redrawn(env):
    """A mass change: a third of the devices (333,333) move to another zone, their history with them."""
    env.cr.execute(
        "UPDATE stock_lot SET filiere_zone_id = 2 WHERE is_device AND filiere_zone_id = 1 AND donor_id IS NULL"
    )
    return env.cr.rowcount


def refresh_aggregates(env):
    """The refresh job's work: the dirty buckets recomputed into the aggregates (their number)."""
    return env["filiere.indicator.aggregate"]._filiere_refresh()


def device_kanban(env):
    """As web/static/src/model/relational_model does: the groups, then the cards of each column
    neither folded nor empty, their count bounded by the client's count limit (10,000 + 1)."""
    lots = env["stock.lot"]
    groups = lots.web_read_group(DEVICES, [], ["device_state"], lazy=True)["groups"]
    for group in groups:
        if group["device_state_count"] and not group.get("__fold"):
            lots.web_search_read(group["__domain"], KANBAN_SPEC, limit=40, count_limit=10001)
    return len(groups)


def device_list(env):
    return env["stock.lot"].web_search_read(DEVICES, LIST_SPEC, limit=80, count_limit=10001)["length"]


def device_list_search(env):
    """The list searched by serial, as a technician types it."""
    return env["stock.lot"].web_search_read(DEVICES + [("name", "ilike", "VOL-00123")], LIST_SPEC, limit=80)["length"]


def indicators(env):
    today = date.today()
    result = env["filiere.statement"].compute_indicators(
        date(today.year - 1, 1, 1), today, env["res.company"].search([]).ids
    )
    return result["devices_distributed"]


def indicators_one_zone(env):
    today = date.today()
    referral = env["filiere.referral"].search([("state", "=", "delivered"), ("zone_id", "!=", False)], limit=1)
    zone, company = referral.zone_id, referral.company_id
    result = env["filiere.statement"].compute_indicators(date(today.year, 1, 1), today, company.ids, zone.ids)
    return result["devices_distributed"]


def referral_list(env):
    spec = {"name": {}, "state": {}, "prescriber_id": {"fields": {"display_name": {}}}, "handover_date": {}}
    return env["filiere.referral"].web_search_read([], spec, limit=80, count_limit=10001)["length"]


def referral_read_group(env):
    return len(
        env["filiere.referral"].read_group(
            [("state", "in", ["delivered", "closed"])],
            ["price:sum"],
            ["handover_date:month", "sale_format"],
            lazy=False,
        )
    )


def matching_devices(env):
    """The allocation's search: available devices of the type wanted, best grade first."""
    referral = env["filiere.referral"].search([("state", "=", "submitted")], limit=1)
    return len(referral._matching_devices()) if referral else 0


def scan_lookup(env):
    return env["stock.lot"].filiere_scan_lookup("VOL-0500001")["found"]


MEASURES = [
    ("indicators (compute_indicators, 2 years)", indicators),
    ("indicators, one structure, zone, year", indicators_one_zone),
    ("devices kanban (read_group + 9 columns)", device_kanban),
    ("devices list (80 rows + count)", device_list),
    ("devices list searched by serial", device_list_search),
    ("referral list (80 rows + count)", referral_list),
    ("referrals read_group month x format", referral_read_group),
    ("allocation: matching devices", matching_devices),
    ("scan station: lookup of a serial", scan_lookup),
    # Writes last (each rolled back): the mass change leaves dead rows the views would then read.
    ("a day of changes (1,000 devices, 200 handovers)", day_of_changes),
    ("indicators with that day not refreshed", indicators, day_of_changes),
    ("refresh job after that day", refresh_aggregates, day_of_changes),
    ("mass change: 333,333 devices change zone", zone_redrawn),
    ("indicators after it, not refreshed", indicators, zone_redrawn),
    ("refresh job after it", refresh_aggregates, zone_redrawn),
]

EXPLAINED = [
    (
        "devices list",
        lambda env: env["stock.lot"]._search(DEVICES, limit=80, order="name, id"),
    ),
    (
        "kanban column 'available'",
        lambda env: env["stock.lot"]._search(
            DEVICES + [("device_state", "=", "available")], limit=40, order="name, id"
        ),
    ),
    (
        "allocation: matching devices",
        lambda env: env["stock.lot"]._search(
            [
                ("is_device", "=", True),
                ("device_state", "=", "available"),
                ("company_id", "in", (env.company.id, False)),
                ("device_type_id", "=", env.ref("filiere_reemploi.device_type_laptop").id),
                ("condition_id.reusable", "=", True),
            ],
            limit=50,
            order="condition_id, id",
        ),
    ),
    (
        "portal: a prescriber's referrals",
        lambda env: env["filiere.referral"]._search(
            [("prescriber_id", "=", env["res.partner"].search([("name", "=", "VOL Prescriber 001")], limit=1).id)],
            limit=20,
        ),
    ),
]


def load():
    return "load average " + " ".join(f"{value:.2f}" for value in os.getloadavg())


def main():
    parser = parser_for(__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--user", default=None, help="login to measure as (default: the superuser)")
    parser.add_argument("--explain", action="store_true", help="print the plans of the main searches")
    args = parser.parse_args()
    registry = open_registry(args)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"lang": "en_US"})
        cr.execute("SELECT count(*) FILTER (WHERE is_device), count(*) FROM stock_lot")
        devices, _lots = cr.fetchone()
        cr.execute("SELECT count(*) FROM filiere_referral WHERE state IN ('delivered', 'closed')")
        handovers = cr.fetchone()[0]
        if args.user:
            user = env["res.users"].search([("login", "=", args.user)])
            env = env(user=user.id, context={"lang": "en_US", "allowed_company_ids": user.company_ids.ids})
        print(f"{args.database}: {devices} devices, {handovers} handovers; as {env.user.login}; {load()}")
        print(f"{'measure':<42} {'result':>8} {'median s':>9} {'max s':>7} {'queries':>8}")
        for label, measure, *prepare in MEASURES:
            timings, queries = [], []
            for _round in range(args.rounds):
                for step in prepare:
                    step(env)
                env.invalidate_all()
                env.registry.clear_cache()
                count, start = cr.sql_log_count, time.perf_counter()
                result = measure(env)
                timings.append(time.perf_counter() - start)
                queries.append(cr.sql_log_count - count)
                cr.rollback()
            print(
                f"{label:<42} {result!s:>8} {statistics.median(timings):>9.3f} {max(timings):>7.3f} {max(queries):>8}"
            )
        print(load())
        if args.explain:
            for label, query in EXPLAINED:
                sql = query(env).select()
                cr.execute(odoo.tools.SQL("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) %s", sql))
                print(f"\n-- {label}")
                print("\n".join(row[0] for row in cr.fetchall()))
        cr.rollback()


if __name__ == "__main__":
    main()
