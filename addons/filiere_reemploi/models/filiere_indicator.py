from odoo import fields, models


class FiliereIndicator(models.Model):
    """One figure a funder may ask for; its exact definition is in the module's readme."""

    _name = "filiere.indicator"
    _description = "Grant indicator"
    _order = "sequence, id"

    key = fields.Char(required=True, readonly=True, help="Key in the result of compute_indicators().")
    name = fields.Char(required=True, translate=True)
    description = fields.Text("Definition", translate=True)
    unit = fields.Char(translate=True)
    sequence = fields.Integer(default=10)
    kind = fields.Selection(
        [
            ("count", "Count"),
            ("weight", "Weight"),
            ("amount", "Amount"),
            ("ratio", "Ratio"),
            ("breakdown", "Breakdown"),
        ],
        required=True,
        default="count",
    )

    _sql_constraints = [("key_unique", "unique(key)", "An indicator key must be unique.")]
