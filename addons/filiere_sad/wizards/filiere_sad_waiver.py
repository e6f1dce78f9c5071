from odoo import fields, models


class FiliereSadWaiver(models.TransientModel):
    """A manager lets a handover go without a coaching appointment, and says why."""

    _name = "filiere.sad.waiver"
    _description = "Waive the coaching of a handover"

    referral_id = fields.Many2one("filiere.referral", required=True, ondelete="cascade")
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        self.referral_id._waive_sad(self.reason)
        return {"type": "ir.actions.act_window_close"}
