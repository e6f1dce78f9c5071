from odoo import fields, models


class FiliereZone(models.Model):
    """A territory of the network (e.g. Nord/Briançonnais), used for reporting."""

    _name = "filiere.zone"
    _description = "Territorial zone"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char()
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)

    _sql_constraints = [
        ("code_unique", "unique(code)", "A zone code must be unique."),
    ]
