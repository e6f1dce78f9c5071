from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    filiere_relay_point = fields.Boolean(
        "Coaching relay point",
        help="A place where coaching sessions are held (médiathèque, France Services, town hall...): "
        "it is offered as the relay point of an appointment.",
    )
