#!/usr/bin/env python3
"""Volume for the load test and the benchmarks: a network's history, inserted with SQL in bulk.

On a database with the three addons (and their demo data) installed, adds in one transaction:

* ``--devices`` devices (default 1,000,000) over the last two years, in both demo structures, of
  five types: the first ``--handovers`` (default 200,000) handed over, the others spread over the
  lifecycle (3 % received, 1 % each diagnosed, erased and refurbished, 15 % available, 10 % spare
  parts, the rest recycled), with their dates, grade and functional test as the application sets them,
  and a quant in the structure's stock for each device still in the workshop (so that it can be
  reserved and delivered);
* one successful erasure record (nwipe, NIST Clear) for each device with storage past the erasure;
* one beneficiary and one handed-over referral (with its segment) per handover, from 200 prescriber
  organisations, plus ``--submitted`` (default 3,000) submitted referrals waiting for the staff;
* the accounts of the load test (``tests/load/locustfile.py``), each password equal to its login:
  ``load.prescriber.01`` to ``.50`` (portal, one per prescriber organisation), ``load.tech.01`` to
  ``.10`` (workshop), ``load.staff.1`` to ``.5`` (distribution), ``load.accountant.1`` and ``.2``
  (auditor, both structures).

The history has no sale orders, deliveries or stock moves: the indicators and the device views read
the devices and referrals only. Everything is named ``VOL-...`` / ``load.*`` and done once: a second
run on the same database does nothing (``filiere_load.volume`` in the system parameters). Then::

    python3 tests/load/generate_volume.py --database load_bench [--devices 1000000 --handovers 200000]
"""

import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from benchmark_common import open_registry, parser_for

import odoo
from odoo import Command

PRESCRIBER_ORGS = 200
PRESCRIBER_USERS = 50
TECHNICIANS = 10
STAFF = 5
ACCOUNTANTS = 2
PRESCRIBER_TYPES = ["ccas", "france_services", "mission_locale", "association", "conseiller_numerique", "college"]
DEVICE_TYPES = ["laptop", "laptop", "desktop", "smartphone", "screen", "tablet"]


def step(label, started):
    print(f"  {label}: {time.perf_counter() - started:.1f} s", flush=True)
    return time.perf_counter()


def create_accounts(env, orgs):
    """The load test's accounts (the ORM: passwords hashed, groups implied as in the interface)."""
    companies = env["res.company"].search([], order="id")
    main = env.ref("base.main_company")
    users = env["res.users"].with_context(no_reset_password=True, mail_create_nosubscribe=True, tracking_disable=True)
    vals_list = []
    for n in range(1, PRESCRIBER_USERS + 1):
        login = f"load.prescriber.{n:02d}"
        contact = env["res.partner"].create(
            {"name": f"Agent {n:02d}", "parent_id": orgs[n - 1].id, "email": f"{login}@example.org"}
        )
        vals_list.append(
            {
                "login": login,
                "password": login,
                "partner_id": contact.id,
                "groups_id": [Command.set([env.ref("base.group_portal").id])],
                "company_id": main.id,
                "company_ids": [Command.set([main.id])],
            }
        )
    roles = [
        ("tech", TECHNICIANS, "filiere_reemploi.group_filiere_user", "{:02d}"),
        ("staff", STAFF, "filiere_reemploi.group_filiere_distribution", "{}"),
        ("accountant", ACCOUNTANTS, "filiere_reemploi.group_filiere_auditor", "{}"),
    ]
    for role, count, group, fmt in roles:
        for n in range(1, count + 1):
            login = f"load.{role}.{fmt.format(n)}"
            groups = [env.ref("base.group_user").id, env.ref(group).id]
            if role == "accountant":
                groups.append(env.ref("base.group_multi_company").id)
            vals_list.append(
                {
                    "name": f"Load {role} {n}",
                    "login": login,
                    "password": login,
                    "email": f"{login}@example.org",
                    "groups_id": [Command.set(groups)],
                    "company_id": main.id,
                    "company_ids": [Command.set(companies.ids if role == "accountant" else [main.id])],
                }
            )
    users.create(vals_list)


ERASURES = """
    INSERT INTO filiere_erasure (lot_id, company_id, match_state, media_serial, media_type, media_size_gb,
                                 device_path, nist_category, method, tool, rounds, verification,
                                 date_start, date_end, result, operator_id,
                                 create_uid, create_date, write_uid, write_date)
    SELECT l.id, l.company_id, 'matched', 'DISK-' || l.name, 'ssd', l.storage_size_gb, '/dev/sda', 'clear',
           'PRNG Stream', 'nwipe', 1, 'last', l.filiere_received_date + 2, l.filiere_received_date + 2,
           'success', %(uid)s, %(uid)s, l.filiere_received_date + 2, %(uid)s, l.filiere_received_date + 2
      FROM stock_lot l
     WHERE l.name LIKE 'VOL-%%' AND NOT l.no_storage_declared
       AND l.device_state IN ('erased', 'refurbished', 'available', 'reserved', 'delivered')
       AND NOT EXISTS (SELECT 1 FROM filiere_erasure e WHERE e.lot_id = l.id)
"""


def add_erasures(cr, params):
    """One successful erasure (nwipe, Clear) per medium of the devices past the erasure gate."""
    cr.execute(ERASURES, params)


def populate(env, devices, handovers, submitted):
    cr = env.cr
    started = time.perf_counter()
    zones = env["filiere.zone"].search([], order="id")
    orgs = env["res.partner"].create(
        [
            {
                "name": f"VOL Prescriber {n:03d}",
                "is_company": True,
                "filiere_prescriber_type": PRESCRIBER_TYPES[n % len(PRESCRIBER_TYPES)],
                "filiere_zone_id": zones[n % len(zones)].id if zones else False,
            }
            for n in range(1, PRESCRIBER_ORGS + 1)
        ]
    )
    create_accounts(env, orgs)
    started = step("accounts", started)
    main = env.ref("base.main_company")
    other = env.ref("filiere_reemploi.company_ateliers_chorges")
    types = [env.ref(f"filiere_reemploi.device_type_{key}") for key in DEVICE_TYPES]
    warehouses = {w.company_id.id: w.lot_stock_id.id for w in env["stock.warehouse"].search([])}
    params = {
        "devices": devices,
        "handovers": handovers,
        "submitted": submitted,
        # Two devices out of three in the main structure (where the load test's accounts work).
        "companies": [main.id, main.id, other.id],
        "locations": [warehouses[main.id], warehouses[main.id], warehouses[other.id]],
        "types": [t.id for t in types],
        "products": [t.product_id.id for t in types],
        "weights": [t.default_weight_kg or 1.0 for t in types],
        "storage": [bool(t.has_storage) for t in types],
        "zones": zones.ids or [None],
        "grades": [env.ref("filiere_reemploi.grade_a").id, env.ref("filiere_reemploi.grade_b").id],
        "orgs": orgs.ids,
        "segments": env["filiere.segment"].search([], order="id").ids,
        "uid": odoo.SUPERUSER_ID,
    }
    # State of device i: the first ``handovers`` handed over, then by i % 100.
    cr.execute(
        """
        CREATE TEMP TABLE vol_device ON COMMIT DROP AS
        SELECT i, 1 + i %% 3 AS c, 1 + (i / 3) %% array_length(%(types)s::int[], 1) AS t,
               CASE WHEN i <= %(handovers)s THEN 'delivered'
                    WHEN i %% 100 < 3 THEN 'received' WHEN i %% 100 = 3 THEN 'diagnosed'
                    WHEN i %% 100 = 4 THEN 'erased' WHEN i %% 100 = 5 THEN 'refurbished'
                    WHEN i %% 100 < 21 THEN 'available' WHEN i %% 100 < 31 THEN 'parts'
                    ELSE 'recycled' END AS state,
               (CURRENT_DATE - 730 + ((i::bigint * 7919) %% 700)::int)::date AS received
          FROM generate_series(1, %(devices)s) AS i
        """,
        params,
    )
    cr.execute(
        """
        INSERT INTO stock_lot (name, product_id, company_id, device_type_id, is_device, device_state, state_date,
                               weight_kg, brand, model_name, year, ram_gb, storage_size_gb, keyboard_layout,
                               condition_id, functional_test_state, no_storage_declared,
                               filiere_received_date, filiere_refurbished_date, filiere_recycled_date,
                               filiere_parts_date, filiere_zone_id, location_id,
                               create_uid, create_date, write_uid, write_date)
        SELECT 'VOL-' || lpad(d.i::text, 7, '0'), (%(products)s::int[])[d.t], (%(companies)s::int[])[d.c],
               (%(types)s::int[])[d.t], TRUE, d.state, d.received + 20,
               (%(weights)s::float[])[d.t], (ARRAY['Dell', 'Lenovo', 'HP', 'Apple', 'Samsung'])[1 + d.i %% 5],
               'Model ' || (d.i %% 40), 2014 + d.i %% 8, 4 + 4 * (d.i %% 3), 128 * (1 + d.i %% 4), 'azerty_fr',
               CASE WHEN d.state IN ('refurbished', 'available', 'delivered')
                    THEN (%(grades)s::int[])[1 + d.i %% 2] END,
               CASE WHEN d.state IN ('available', 'delivered') THEN 'passed' ELSE 'todo' END,
               NOT (%(storage)s::bool[])[d.t],
               d.received,
               CASE WHEN d.state IN ('refurbished', 'available', 'delivered') THEN d.received + 10 END,
               CASE WHEN d.state = 'recycled' THEN d.received + 5 END,
               CASE WHEN d.state = 'parts' THEN d.received + 5 END,
               (%(zones)s::int[])[1 + d.i %% array_length(%(zones)s::int[], 1)],
               CASE WHEN d.state IN ('received', 'diagnosed', 'erased', 'refurbished', 'available')
                    THEN (%(locations)s::int[])[d.c] END,
               %(uid)s, d.received, %(uid)s, d.received + 20
          FROM vol_device d
         ORDER BY d.i
        """,
        params,
    )
    started = step(f"{devices} devices", started)
    add_erasures(cr, params)
    started = step("erasure records", started)
    # Each device still in the workshop is in its structure's stock, as a receipt leaves it.
    cr.execute(
        """
        INSERT INTO stock_quant (product_id, company_id, location_id, lot_id, quantity, reserved_quantity, in_date,
                                 create_uid, create_date, write_uid, write_date)
        SELECT l.product_id, l.company_id, l.location_id, l.id, 1, 0, l.filiere_received_date,
               %(uid)s, l.create_date, %(uid)s, l.create_date
          FROM stock_lot l
         WHERE l.name LIKE 'VOL-%%' AND l.location_id IS NOT NULL
        """,
        params,
    )
    started = step("quants", started)
    # One beneficiary per handover and per submitted referral, from the 200 organisations.
    cr.execute(
        """
        INSERT INTO filiere_beneficiary (name, company_id, city, zip, zone_id, consent_date, need, device_type_id,
                                         prescriber_id, charter_signed, active,
                                         create_uid, create_date, write_uid, write_date)
        SELECT 'VOL Person ' || i, (%(companies)s::int[])[1 + i %% 3], 'Commune ' || (i %% 162),
               '05' || lpad((i %% 1000)::text, 3, '0'),
               (%(zones)s::int[])[1 + i %% array_length(%(zones)s::int[], 1)], CURRENT_DATE - 740,
               'online_procedures', (%(types)s::int[])[1 + (i / 3) %% array_length(%(types)s::int[], 1)],
               (%(orgs)s::int[])[1 + i %% array_length(%(orgs)s::int[], 1)], TRUE, TRUE,
               %(uid)s, now(), %(uid)s, now()
          FROM generate_series(1, %(handovers)s + %(submitted)s) AS i
         ORDER BY i
        """,
        params,
    )
    cr.execute(
        """
        INSERT INTO filiere_beneficiary_segment_rel (beneficiary_id, segment_id)
        SELECT b.id, (%(segments)s::int[])[1 + b.id %% (array_length(%(segments)s::int[], 1) - 1)]
          FROM filiere_beneficiary b WHERE b.name LIKE 'VOL Person %%'
        """,
        params,
    )
    started = step("beneficiaries", started)
    # Handed over: device i to person i (same structure: both follow i % 3).
    cr.execute(
        """
        WITH lots AS (
            SELECT id, company_id, device_type_id, filiere_received_date, substr(name, 5)::int AS i
              FROM stock_lot WHERE name LIKE 'VOL-%%' AND device_state = 'delivered'
        ), people AS (
            SELECT id, company_id, city, zone_id, prescriber_id, substr(name, 12)::int AS i
              FROM filiere_beneficiary WHERE name LIKE 'VOL Person %%'
        )
        INSERT INTO filiere_referral (name, company_id, prescriber_id, beneficiary_id, device_type_id, need, state,
                                      lot_id, sale_format, price, date_accepted, handover_date, warranty_end_date,
                                      guarantee_kind, zone_id, city,
                                      create_uid, create_date, write_uid, write_date)
        SELECT 'VOL-R-' || lpad(lots.i::text, 7, '0'), lots.company_id, people.prescriber_id, people.id,
               lots.device_type_id, 'online_procedures', 'delivered', lots.id,
               (ARRAY['sale', 'donation', 'loan', 'rental'])[1 + lots.i %% 4],
               CASE WHEN lots.i %% 4 IN (0, 3) THEN 50 ELSE 0 END,
               lots.filiere_received_date + 12, lots.filiere_received_date + 20,
               lots.filiere_received_date + 20 + 730,
               CASE WHEN lots.i %% 4 IN (0, 3) THEN 'legal' ELSE 'commitment' END,
               people.zone_id, people.city,
               %(uid)s, lots.filiere_received_date, %(uid)s, lots.filiere_received_date + 20
          FROM lots JOIN people ON people.i = lots.i
         ORDER BY lots.i
        """,
        params,
    )
    # Submitted, waiting for the staff (two in three in the main structure, as the devices).
    cr.execute(
        """
        INSERT INTO filiere_referral (name, company_id, prescriber_id, beneficiary_id, device_type_id, need, state,
                                      zone_id, city, create_uid, create_date, write_uid, write_date)
        SELECT 'VOL-S-' || lpad((b.n)::text, 7, '0'), b.company_id, b.prescriber_id, b.id, b.device_type_id,
               'online_procedures', 'submitted', b.zone_id, b.city, %(uid)s, now(), %(uid)s, now()
          FROM (SELECT id, company_id, prescriber_id, device_type_id, zone_id, city,
                       substr(name, 12)::int - %(handovers)s AS n
                  FROM filiere_beneficiary WHERE name LIKE 'VOL Person %%') AS b
         WHERE b.n > 0
         ORDER BY b.n
        """,
        params,
    )
    cr.execute(
        """
        INSERT INTO filiere_referral_segment_rel (referral_id, segment_id)
        SELECT r.id, rel.segment_id
          FROM filiere_referral r JOIN filiere_beneficiary_segment_rel rel ON rel.beneficiary_id = r.beneficiary_id
         WHERE r.name LIKE 'VOL-%%'
        """,
        params,
    )
    started = step("referrals", started)
    # The triggers noted every bucket as dirty: one rebuild is quicker than their refresh.
    env["filiere.indicator.aggregate"]._filiere_rebuild()
    started = step("indicator aggregates", started)
    env["ir.config_parameter"].set_param("filiere_load.volume", f"{devices},{handovers},{submitted}")
    env.invalidate_all()


def main():
    parser = parser_for(__doc__)
    parser.add_argument("--devices", type=int, default=1_000_000)
    parser.add_argument("--handovers", type=int, default=200_000)
    parser.add_argument("--submitted", type=int, default=3_000)
    args = parser.parse_args()
    if args.handovers > args.devices:
        parser.error("--handovers cannot exceed --devices")
    registry = open_registry(args)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        done = env["ir.config_parameter"].get_param("filiere_load.volume")
        if done:
            print(f"Volume already generated on {args.database}: {done} (devices, handovers, submitted).")
            return
        started = time.perf_counter()
        print(f"Generating {args.devices} devices, {args.handovers} handovers on {args.database}:", flush=True)
        populate(env, args.devices, args.handovers, args.submitted)
        cr.commit()
    with registry.cursor() as cr:
        # VACUUM cannot run in a transaction block.
        cr._cnx.autocommit = True
        cr.execute("VACUUM ANALYZE stock_lot, stock_quant, filiere_referral, filiere_beneficiary")
        cr.execute("VACUUM ANALYZE filiere_referral_segment_rel, filiere_beneficiary_segment_rel")
        cr.execute(
            "VACUUM ANALYZE filiere_indicator_device_day, filiere_indicator_handover_day, filiere_indicator_member_day"
        )
    print(f"Done in {time.perf_counter() - started:.0f} s.")


if __name__ == "__main__":
    main()
