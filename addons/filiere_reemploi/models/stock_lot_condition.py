from odoo import api, fields, models
from odoo.exceptions import ValidationError

# OCA stock_lot_condition's demo conditions: reusable by default here, without threshold.
OCA_CONDITIONS = ("condition_as_new", "condition_very_good", "condition_good", "condition_acceptable")


class StockLotCondition(models.Model):
    """The OCA lot condition, used as the network's editable grade scale."""

    _inherit = "stock.lot.condition"

    # OCA ships no French: the labels a structure reads are given here, translated in this addon.
    name = fields.Char("Grade")
    # Declared again only for this addon to carry their French (their labels are OCA's).
    sequence = fields.Integer()
    active = fields.Boolean()
    description = fields.Char()
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
        oca._filiere_translate_oca_conditions()
        grade_c = self.env.ref("filiere_reemploi.grade_c", raise_if_not_found=False)
        if grade_c and grade_c.reusable and not grade_c.min_battery_health:
            grade_c.min_battery_health = 50

    def _filiere_translate_oca_conditions(self):
        """French names for OCA's conditions, which ship without French.

        Only a condition still under OCA's English name and description gets them (its French
        ones unset or equal to the English ones), so a structure's own wording stays.
        """
        if not self.env["res.lang"]._lang_get("fr_FR"):
            return
        english = {
            "As new": "The item is intact and works perfectly, but the packaging may be damaged.",
            "Very good": "Minimal use, with minor cosmetic signs.",
            "Good": "Works perfectly, but with visible wear from normal use.",
            "Acceptable": "May have cosmetic imperfections, scratches, dents, etc., but is still functional.",
        }
        env_fr = self.with_context(lang="fr_FR").env
        french = {
            "As new": (
                env_fr._("As new"),
                env_fr._("The item is intact and works perfectly, but the packaging may be damaged."),
            ),
            "Very good": (env_fr._("Very good"), env_fr._("Minimal use, with minor cosmetic signs.")),
            "Good": (env_fr._("Good"), env_fr._("Works perfectly, but with visible wear from normal use.")),
            "Acceptable": (
                env_fr._("Acceptable"),
                env_fr._("May have cosmetic imperfections, scratches, dents, etc., but is still functional."),
            ),
        }
        for condition in self:
            name = condition.with_context(lang="en_US").name
            if name not in english or condition.with_context(lang="fr_FR").name != name:
                continue
            name_fr, description_fr = french[name]
            condition.update_field_translations("name", {"fr_FR": name_fr})
            if condition.with_context(lang="en_US").description == english[name]:
                condition.update_field_translations("description", {"fr_FR": description_fr})
