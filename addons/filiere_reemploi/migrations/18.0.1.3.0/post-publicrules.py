# Copyright 2026 Filière réemploi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""1.3.0 applies the rules of devices given by public bodies and of the guarantee of what is sold.

- The shipped device types get the price caps of the décret of 7 November 2022 and the precarity
  segments their eligibility for devices of public origin (both files are noupdate: an update
  leaves the new fields at their defaults, which would make every public device free-only and
  nobody eligible). A value a manager already set is kept.
- Devices handed over before: a sale at a price carried the legal guarantee of conformity of the
  Code de la consommation (2 years from the handover, articles L217-3 and L217-7) whatever the
  structure's setting said; they get it recorded, and their end date moves to the handover's
  second anniversary when it was earlier. Free handovers keep the structure's commitment.
"""

import logging

from openupgradelib import openupgrade

_logger = logging.getLogger(__name__)

PRICE_CAPS = {
    "device_type_laptop": 180.0,
    "device_type_desktop": 150.0,
    "device_type_tablet": 100.0,
    "device_type_smartphone": 100.0,
    "device_type_screen": 30.0,
}
ELIGIBLE_SEGMENTS = ("segment_job_seeker", "segment_minimum_benefits", "segment_young_integration", "segment_refugee")


def _reference_data(env):
    for xmlid, cap in PRICE_CAPS.items():
        device_type = env.ref(f"filiere_reemploi.{xmlid}", raise_if_not_found=False)
        if device_type and not device_type.public_price_cap:
            device_type.public_price_cap = cap
    for xmlid in ELIGIBLE_SEGMENTS:
        segment = env.ref(f"filiere_reemploi.{xmlid}", raise_if_not_found=False)
        if segment:
            segment.public_origin_eligible = True


def _guarantees(env):
    openupgrade.logged_query(
        env.cr,
        """
        UPDATE filiere_referral
           SET guarantee_kind = CASE WHEN sale_format = 'sale' AND price > 0 THEN 'legal' ELSE 'commitment' END,
               warranty_end_date = CASE
                   WHEN sale_format = 'sale' AND price > 0
                   THEN GREATEST(warranty_end_date, (handover_date + INTERVAL '2 years')::date)
                   ELSE warranty_end_date END
         WHERE handover_date IS NOT NULL AND guarantee_kind IS NULL
        """,
    )
    # The device shows what its last handover gave.
    openupgrade.logged_query(
        env.cr,
        """
        UPDATE stock_lot l
           SET filiere_guarantee_kind = r.guarantee_kind, filiere_warranty_end_date = r.warranty_end_date
          FROM (SELECT DISTINCT ON (lot_id) lot_id, guarantee_kind, warranty_end_date
                  FROM filiere_referral
                 WHERE handover_date IS NOT NULL AND lot_id IS NOT NULL
                 ORDER BY lot_id, handover_date DESC, id DESC) r
         WHERE r.lot_id = l.id
        """,
    )


def _report_public_devices_held(env):
    """Devices of public origin reserved before the rules existed, above the cap or for a person
    outside the eligible segments, are left to the staff (to release or reprice), and named."""
    env.flush_all()
    env.cr.execute(
        """
        SELECT r.name
          FROM filiere_referral r
          JOIN stock_lot l ON l.id = r.lot_id
          JOIN filiere_device_type t ON t.id = l.device_type_id
         WHERE r.state = 'reserved' AND l.filiere_public_origin
           AND (r.price > t.public_price_cap
                OR NOT EXISTS (SELECT 1 FROM filiere_referral_segment_rel rs
                                 JOIN filiere_segment s ON s.id = rs.segment_id
                                WHERE rs.referral_id = r.id AND s.public_origin_eligible))
        """
    )
    names = [row[0] for row in env.cr.fetchall()]
    if names:
        _logger.warning(
            "%s referrals hold a device given by a public body, reserved before 1.3.0, above its type's cap "
            "or for a person outside the segments eligible for it: release or reprice them (%s).",
            len(names),
            ", ".join(names),
        )


@openupgrade.migrate()
def migrate(env, version):
    _reference_data(env)
    _guarantees(env)
    _report_public_devices_held(env)
