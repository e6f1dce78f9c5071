from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    filiere_sad_required = fields.Boolean(
        "No handover without coaching",
        default=True,
        help="'Pas de remise sans prise en main': a device is handed over only once a first coaching "
        "appointment is scheduled, unless a manager waives it with a written reason.",
    )
    filiere_sad_reminder_hours = fields.Integer(
        "Reminder (hours before)", default=24, help="When the reminder of a coaching appointment is sent."
    )
