# Copyright 2026 Filière réemploi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""1.1.1: one mediator per appointment, relay points marked as such.

The mediator is the person (``mediator_partner_id``, always filled: creation required it); the
staff user is now computed from them. The contacts already used as relay points are marked
'Coaching relay point', so that the restricted lookup still offers them.
"""

from openupgradelib import openupgrade


@openupgrade.migrate()
def migrate(env, version):
    openupgrade.logged_query(
        env.cr,
        """
        UPDATE res_partner p
           SET filiere_relay_point = TRUE
         WHERE EXISTS (SELECT 1 FROM filiere_sad_appointment a WHERE a.place_partner_id = p.id)
        """,
    )
    appointments = env["filiere.sad.appointment"].with_context(active_test=False).search([])
    env.add_to_compute(appointments._fields["mediator_user_id"], appointments)
    appointments.flush_recordset(["mediator_user_id"])
