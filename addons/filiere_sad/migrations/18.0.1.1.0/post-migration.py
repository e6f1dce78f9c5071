# Copyright 2026 Filière réemploi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""1.1.0: coaching tickets no longer carry the person's name in their title.

Titles were "Getting started: <device> for <name>"; they become "Getting started: <device> (referral
<number>)", in the structure's language, and so do the document names kept by their messages and
activities. (Portal mediators' write right is removed by the access file itself.)
"""

from openupgradelib import openupgrade


@openupgrade.migrate()
def migrate(env, version):
    tickets = (
        env["helpdesk.ticket"]
        .with_context(active_test=False)
        .search([("filiere_kind", "=", "sad"), ("filiere_referral_id", "!=", False)])
    )
    coaching = tickets.filtered(lambda t: t.filiere_referral_id.sad_ticket_id == t)
    for company in coaching.company_id:
        lang = company.partner_id.lang or "en_US"
        coaching.filtered(lambda t, company=company: t.company_id == company).with_context(lang=lang)._filiere_retitle()
