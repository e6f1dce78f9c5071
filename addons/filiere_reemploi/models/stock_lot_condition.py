from odoo import api, fields, models
from odoo.exceptions import ValidationError

# OCA stock_lot_condition's demo conditions: reusable by default here, without threshold.
OCA_CONDITIONS = ("condition_as_new", "condition_very_good", "condition_good", "condition_acceptable")


class StockLotCondition(models.Model):
    """The OCA lot condition, used as the network's editable grade scale."""

    _inherit = "stock.lot.condition"

    # OCA ships no French: the labels a structure reads are given here, translated in this addon.
    name = fields.Char("Grade")
    description = fields.Char("Description")
    required_note = fields.Boolean("Note required")
    code = fields.Char(help="Short grade label printed on documents (A, B, C...).")
    criteria = fields.Text(translate=True, help="What a device must meet to get this grade.")
    reusable = fields.Boolean(
        default=True, help="Devices with this grade can be offered to beneficiaries; others go to parts or recycling."
    )
    min_battery_health = fields.Integer(
        "Minimum battery health (%)", help="Devices with a battery below this health cannot get the grade."
    )

    @api.constrains("active", "reusable", "min_battery_health")
    def _check_min_battery_health(self):
        """A device offered for reuse must have a battery its grade vouches for."""
        for grade in self:
            if not 0 <= grade.min_battery_health <= 100:
                raise ValidationError(
                    self.env._("The minimum battery health of grade '%s' must be between 0 and 100 %%.", grade.name)
                )
            if grade.active and grade.reusable and not grade.min_battery_health:
                raise ValidationError(
                    self.env._(
                        "Grade '%s' is for reuse: set its minimum battery health (in %%) or mark it not for reuse.",
                        grade.name,
                    )
                )

    @api.model
    def _filiere_fix_grade_scale(self):
        """Only the network's grades active, each reusable one with its battery threshold.

        Called from data at install and update: archives OCA's demo conditions while they
        still lack a threshold, and gives grade C the threshold it shipped without.
        """
        oca = self.browse()
        for name in OCA_CONDITIONS:
            oca |= self.env.ref(f"stock_lot_condition.{name}", raise_if_not_found=False) or self.browse()
        oca.filtered(lambda grade: grade.active and grade.reusable and not grade.min_battery_health).active = False
        grade_c = self.env.ref("filiere_reemploi.grade_c", raise_if_not_found=False)
        if grade_c and grade_c.reusable and not grade_c.min_battery_health:
            grade_c.min_battery_health = 50
