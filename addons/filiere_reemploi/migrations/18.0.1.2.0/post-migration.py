# Copyright 2026 Filière réemploi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""1.2.0 locks the statements' files and chains and signs the statements of each structure; the
customer contacts made for beneficiaries become pseudonymous; device types say whether they hold
storage.

The PDF and spreadsheet of every statement already issued are locked as evidence (their SHA-256
as they are today), then each structure's statements are chained and signed in the order they
were issued (issue date, id) with the structure's key. Without a configured key the files are
still locked, and the log says how to chain the statements once the key is there.
"""

import logging

from openupgradelib import openupgrade

from odoo import Command
from odoo.exceptions import UserError

_logger = logging.getLogger(__name__)


# Types without storage in data/filiere_device_type_data.xml (noupdate: an update leaves them
# at the new field's default), and the checklist rows of the types that 1.2.0 adds.
TYPES_WITHOUT_STORAGE = ("device_type_screen", "device_type_keyboard", "device_type_mouse", "device_type_dock")
NEW_TYPE_TEST_POINTS = {
    "device_type_keyboard": ("test_point_keyboard",),
    "device_type_mouse": ("test_point_buttons",),
    "device_type_dock": ("test_point_ports",),
}


def _device_types(env):
    for xmlid in TYPES_WITHOUT_STORAGE:
        env.ref(f"filiere_reemploi.{xmlid}").has_storage = False
    for type_xmlid, points in NEW_TYPE_TEST_POINTS.items():
        device_type = env.ref(f"filiere_reemploi.{type_xmlid}")
        for point in points:
            env.ref(f"filiere_reemploi.{point}").device_type_ids = [Command.link(device_type.id)]


def _pseudonymous_customers(env):
    """Mark the contacts 1.1 made for beneficiaries, then rewrite them to the pseudonym.

    Only a contact whose name is still the person's, that has no login and is neither a company,
    a prescriber nor a donor: a link forged under 1.1 (a beneficiary pointed at someone else's
    contact) is left alone.
    """
    openupgrade.logged_query(
        env.cr,
        """
        UPDATE res_partner p SET filiere_beneficiary_contact = TRUE
          FROM filiere_beneficiary b
         WHERE b.partner_id = p.id AND p.name = b.name AND p.parent_id IS NULL AND NOT p.is_company
           AND p.filiere_prescriber_type IS NULL AND p.filiere_donor_type IS NULL
           AND NOT EXISTS (SELECT 1 FROM res_users u WHERE u.partner_id = p.id)
        """,
    )
    beneficiaries = (
        env["filiere.beneficiary"].sudo().with_context(active_test=False).search([("partner_id", "!=", False)])
    )
    own = beneficiaries._own_partners()
    # Their history holds the identity they carried.
    env["mail.message"].sudo().search([("model", "=", "res.partner"), ("res_id", "in", own.ids)]).unlink()
    beneficiaries._sync_partner()
    _logger.info("%s customer contacts of beneficiaries made pseudonymous.", len(own))


@openupgrade.migrate()
def migrate(env, version):
    _device_types(env)
    _pseudonymous_customers(env)
    statements = env["filiere.statement"].sudo().with_context(active_test=False).search([])
    files = statements.pdf_attachment_id | statements.xlsx_attachment_id
    files._filiere_lock()
    _logger.info("Locked %s files of %s grant statements.", len(files), len(statements))
    try:
        chained = env["filiere.statement"]._chain_existing()
    except UserError as error:
        _logger.warning(
            "The %s existing grant statements were NOT chained nor signed: %s Once the key is configured, run "
            "env['filiere.statement']._chain_existing() in an Odoo shell and commit.",
            len(statements),
            error.args[0],
        )
        return
    _logger.info("Chained and signed %s existing grant statements.", len(chained))
