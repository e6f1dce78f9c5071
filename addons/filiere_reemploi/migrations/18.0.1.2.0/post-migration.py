# Copyright 2026 Filière réemploi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""1.2.0 locks the statements' files and chains and signs the statements of each structure.

The PDF and spreadsheet of every statement already issued are locked as evidence (their SHA-256
as they are today), then each structure's statements are chained and signed in the order they
were issued (issue date, id) with the structure's key. Without a configured key the files are
still locked, and the log says how to chain the statements once the key is there.
"""

import logging

from openupgradelib import openupgrade

from odoo.exceptions import UserError

_logger = logging.getLogger(__name__)


@openupgrade.migrate()
def migrate(env, version):
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
