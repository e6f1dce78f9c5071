from odoo import api, fields, models


class FiliereBeneficiary(models.Model):
    _inherit = "filiere.beneficiary"

    filiere_appointment_ids = fields.One2many("filiere.sad.appointment", "beneficiary_id", "Coaching appointments")

    @api.depends("filiere_appointment_ids.start")
    def _compute_last_activity_date(self):
        return super()._compute_last_activity_date()

    def _activity_dates(self):
        dates = super()._activity_dates()
        held = self.sudo().filiere_appointment_ids.filtered(lambda a: a.state != "cancelled")
        return dates + [fields.Date.to_date(start) for start in held.mapped("start")]
