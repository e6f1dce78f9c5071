from odoo import fields, models


class FiliereErasureCertificateCancel(models.TransientModel):
    _name = "filiere.erasure.certificate.cancel"
    _description = "Cancel an erasure certificate"

    certificate_id = fields.Many2one("filiere.erasure.certificate", required=True, ondelete="cascade")
    reason = fields.Text(required=True)

    def action_cancel(self):
        self.ensure_one()
        replacement = self.certificate_id.action_cancel(self.reason)
        return {
            "type": "ir.actions.act_window",
            "res_model": replacement._name,
            "res_id": replacement.id,
            "view_mode": "form",
        }
