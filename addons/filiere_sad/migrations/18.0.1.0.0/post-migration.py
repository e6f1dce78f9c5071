# Copyright 2026 Filière réemploi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""0.1.0 created the team and category in the installing company; they are now network-wide.

helpdesk_mgmt gives a ticket the company of its team: a team bound to one structure would file
every other structure's coaching tickets under it.
"""

from openupgradelib import openupgrade


@openupgrade.migrate()
def migrate(env, version):
    for xmlid in ("filiere_sad.helpdesk_ticket_team_sad", "filiere_sad.helpdesk_ticket_category_sad"):
        record = env.ref(xmlid, raise_if_not_found=False)
        if record:
            record.company_id = False
