from odoo import api, fields, models


class FiliereErasureAttestationConfirm(models.TransientModel):
    """Asked before sending an attestation while devices of the donation are still pending."""

    _name = "filiere.erasure.attestation.confirm"
    _description = "Confirm a partial erasure attestation"

    donation_id = fields.Many2one("filiere.donation", required=True, readonly=True, ondelete="cascade")
    pending_count = fields.Integer("Devices still pending", compute="_compute_pending_count")

    @api.depends("donation_id")
    def _compute_pending_count(self):
        for wizard in self:
            wizard.pending_count = wizard.donation_id.erasure_pending_count

    def action_confirm(self):
        """The user chose to send a partial attestation: it says so on its face."""
        self.ensure_one()
        return self.donation_id._erasure_attestation_composer()
