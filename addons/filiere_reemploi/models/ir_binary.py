from odoo import models
from odoo.exceptions import UserError


class IrBinary(models.AbstractModel):
    """Every download of a locked evidence file (``/web/content`` included) checks its SHA-256 first."""

    _inherit = "ir.binary"

    def _record_to_stream(self, record, field_name):
        if record._name == "ir.attachment" and record.sudo().filiere_locked and not record._filiere_intact():
            raise UserError(
                self.env._(
                    "%s no longer has the SHA-256 it had when it was locked as evidence: it is not served.",
                    record.sudo().name,
                )
            )
        return super()._record_to_stream(record, field_name)
