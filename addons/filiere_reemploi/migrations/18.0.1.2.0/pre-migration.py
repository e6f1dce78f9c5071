# Copyright 2026 Filière réemploi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""1.2.0 makes statement numbers unique per structure.

Odoo only logs a warning when a new unique constraint cannot be added, and the constraint is
added before the post-migration runs: give the later duplicates a distinct number first (the
number followed by the record's id) and say so in the log, so that the upgrade cannot leave the
statements without the constraint unnoticed.
"""

import logging

from openupgradelib import openupgrade

_logger = logging.getLogger(__name__)


@openupgrade.migrate()
def migrate(env, version):
    env.cr.execute(
        """
        SELECT name, company_id, array_agg(id ORDER BY issue_date, id)
          FROM filiere_statement
      GROUP BY name, company_id
        HAVING COUNT(*) > 1
        """
    )
    for name, company_id, ids in env.cr.fetchall():
        for statement_id in ids[1:]:
            openupgrade.logged_query(
                env.cr,
                "UPDATE filiere_statement SET name = name || '-' || id WHERE id = %s",
                (statement_id,),
            )
        _logger.warning(
            "Grant statement number %s was used %s times in structure %s: the later statements (ids %s) are "
            "renumbered %s-<id>; their PDF still prints the old number.",
            name,
            len(ids),
            company_id,
            ids[1:],
            name,
        )
