# Copyright 2026 Filière réemploi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""1.2.0 chains and signs the erasure certificates, and keeps the donation each one certifies.

- ``donation_id`` was the device's donation (a related field) and is now the donation certified
  at issue: the column keeps its values; fill those left empty from the device.
- Each structure's certificates form a hash chain signed with its Ed25519 key (server option
  ``filiere_signing_key``): chain and sign those already issued, in (issue date, id) order, and
  lock the raw reports behind them. Their certified content stays as issued (its hash is printed
  on the PDFs already sent). Without a configured key nothing is chained: a warning says how to
  do it later.
- Devices of a type without storage, not erased yet and without erasure record, are declared so.
"""

import logging

from openupgradelib import openupgrade

from odoo.exceptions import UserError

_logger = logging.getLogger("odoo.addons.filiere_wipe.migrations")


@openupgrade.migrate()
def migrate(env, version):
    openupgrade.logged_query(
        env.cr,
        """
        UPDATE filiere_erasure_certificate c SET donation_id = l.donation_id
          FROM stock_lot l
         WHERE l.id = c.lot_id AND c.donation_id IS NULL AND l.donation_id IS NOT NULL
        """,
    )
    # Devices already received of a type without storage get the declaration new ones get.
    env["stock.lot"]._declare_no_storage_from_types()
    certificates = env["filiere.erasure.certificate"].sudo().with_context(active_test=False)
    companies = certificates.search([("chain_sequence", "=", False)]).company_id
    for company in companies:
        try:
            certificates._filiere_signing_key(company)
        except UserError as error:
            _logger.warning(
                "Erasure certificates of %s NOT chained nor signed: %s Once the key is configured, run in "
                "`odoo shell`: env['filiere.erasure.certificate']._chain_unchained(env['res.company'].browse(%s)); "
                "env.cr.commit()",
                company.name,
                error.args[0],
                company.id,
            )
            continue
        count = certificates._chain_unchained(company)
        _logger.info("Chained and signed %s erasure certificates of %s.", count, company.name)
