from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools.misc import formatLang


class FiliereStatementLine(models.Model):
    """One figure of a statement, which opens the records behind it."""

    _name = "filiere.statement.line"
    _description = "Grant statement figure"
    _order = "statement_id, id"

    statement_id = fields.Many2one("filiere.statement", required=True, ondelete="cascade", index=True)
    indicator_id = fields.Many2one("filiere.indicator", "Definition", required=True, ondelete="restrict")
    kind = fields.Selection(related="indicator_id.kind")
    unit = fields.Char(related="indicator_id.unit")
    key = fields.Char(required=True)
    sub_key = fields.Char(help="Segment or zone code of a breakdown.")
    name = fields.Char("Indicator", required=True)
    value = fields.Float("Raw value", digits=(16, 4))
    value_display = fields.Char("Value", compute="_compute_value_display")

    @api.depends("value", "kind")
    def _compute_value_display(self):
        for line in self:
            line.value_display = line._format_value()

    def _format_value(self):
        """The figure as the reader writes numbers (the language of the environment)."""
        self.ensure_one()
        env = self.env
        if self.kind == "ratio" and self.key == "satisfaction_avg":
            return f"{formatLang(env, self.value, digits=2)} / 5"
        if self.kind == "ratio":
            return f"{formatLang(env, self.value * 100, digits=1)} %"
        if self.kind == "amount":
            return formatLang(env, self.value, currency_obj=self.statement_id.currency_id)
        if self.kind == "weight":
            return f"{formatLang(env, self.value, digits=2)} {self.unit or ''}".strip()
        return formatLang(env, self.value, digits=0)

    def write(self, vals):
        if vals:
            raise UserError(self.env._("A grant statement never changes once issued."))
        return super().write(vals)

    def action_open_records(self):
        """The records this figure counts, as they are today (the figure itself is frozen)."""
        self.ensure_one()
        model, domain = self.statement_id._records_behind(self.key)
        if self.sub_key and self.key == "beneficiaries_by_segment":
            domain = [*domain, ("segment_ids.code", "=", self.sub_key)]
        elif self.sub_key and self.key == "beneficiaries_by_zone":
            domain = [*domain, ("zone_id", "=", self._zone_of_sub_key().id)]
        return {
            "type": "ir.actions.act_window",
            "name": self.name,
            "res_model": model,
            "view_mode": "list,form",
            "views": [(False, "list"), (False, "form")],
            "domain": domain,
            "context": {"create": False},
        }

    def _zone_of_sub_key(self):
        """The zone a breakdown line stands for: its code, or its id when it has no code."""
        zones = self.env["filiere.zone"].with_context(active_test=False)
        if self.sub_key == "none":
            return zones
        return zones.search([("code", "=", self.sub_key)], limit=1) or (
            zones.browse(int(self.sub_key)) if self.sub_key.isdigit() else zones
        )
