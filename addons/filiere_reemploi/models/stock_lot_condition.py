from odoo import fields, models


class StockLotCondition(models.Model):
    """The OCA lot condition, used as the network's editable grade scale."""

    _inherit = "stock.lot.condition"

    code = fields.Char(help="Short grade label printed on documents (A, B, C...).")
    criteria = fields.Text(translate=True, help="What a device must meet to get this grade.")
    reusable = fields.Boolean(
        default=True, help="Devices with this grade can be offered to beneficiaries; others go to parts or recycling."
    )
    min_battery_health = fields.Integer(
        "Minimum battery health (%)", help="Devices with a battery below this health cannot get the grade."
    )
