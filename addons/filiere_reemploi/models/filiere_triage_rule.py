from odoo import fields, models

from ..lib import triage

ROUTINGS = [
    (triage.REFURBISH, "Refurbish"),
    (triage.REVIEW, "Hold for review"),
    (triage.PARTS, "Spare parts"),
    (triage.RECYCLE, "Recycling (DEEE)"),
]


class FiliereTriageRule(models.Model):
    """An intake routing rule; the first matching rule (by sequence) decides."""

    _name = "filiere.triage.rule"
    _description = "Intake triage rule"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", help="Leave empty for a rule of the whole network.")
    rule_type = fields.Selection(
        [
            (triage.RULE_AGE, "Older than (years)"),
            (triage.RULE_BIOS_LOCKED, "BIOS locked"),
            (triage.RULE_BATTERY_BELOW, "Battery health below (%)"),
            (triage.RULE_ALWAYS, "Always"),
        ],
        required=True,
    )
    threshold = fields.Integer(help="Years for an age rule, percent for a battery rule.")
    device_type_ids = fields.Many2many("filiere.device.type", string="Device types", help="Empty: every type.")
    routing = fields.Selection(ROUTINGS, required=True)

    def _as_plain_rules(self):
        return [
            {
                "id": rule.id,
                "rule_type": rule.rule_type,
                "threshold": rule.threshold,
                "device_type_ids": set(rule.device_type_ids.ids),
                "routing": rule.routing,
            }
            for rule in self
        ]
