from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools.misc import formatLang

from .filiere_inalterable_mixin import _ISSUANCE


class FiliereStatementLine(models.Model):
    """One figure of a statement, which opens the records behind it.

    Lines are part of what the statement certifies (its chain hash covers them): they are created
    only with the statement, at issue, and never changed nor removed afterwards.
    """

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

    @api.depends("value", "kind", "statement_id.figures")
    def _compute_value_display(self):
        figures = {}
        for line in self:
            statement = line.statement_id
            if statement.id not in figures:
                figures[statement.id] = statement._figures_as_stored()
            line.value_display = line._format_value(figures[statement.id])

    def _format_value(self, figures=None):
        """The figure as the reader writes numbers (the language of the environment), or why it is
        not measured, as the statement's documents print it (``figures``: the statement's)."""
        self.ensure_one()
        if figures is None:
            figures = self.statement_id._figures_as_stored()
        not_measured = self.statement_id._not_measured_text(self.env, self.key, self.value, figures)
        return not_measured or self._format_indicator_value(
            self.indicator_id, self.key, self.value, self.statement_id.currency_id
        )

    @api.model
    def _format_indicator_value(self, indicator, key, value, currency):
        """A figure as the reader writes it; also used before the line exists, to render the documents."""
        env = self.env
        indicator = indicator.with_env(env)
        if indicator.kind == "ratio" and key == "satisfaction_avg":
            return f"{formatLang(env, value, digits=2)} / 5"
        if indicator.kind == "ratio":
            return f"{formatLang(env, value * 100, digits=1)} %"
        if indicator.kind == "amount":
            return formatLang(env, value, currency_obj=currency)
        if indicator.kind == "weight":
            return f"{formatLang(env, value, digits=2)} {indicator.unit or ''}".strip()
        return formatLang(env, value, digits=0)

    @api.model_create_multi
    def create(self, vals_list):
        # The access file gives nobody create; server code too must go through the statement's issue
        # (the mixin's issuance environment, which no client can make).
        if not (self.env.su and self.env.context.get("filiere_issuance") is _ISSUANCE):
            raise AccessError(
                self.env._("Lines of a grant statement are made when it is issued: none can be added afterwards.")
            )
        return super().create(vals_list)

    def write(self, vals):
        if vals:
            raise UserError(self.env._("A grant statement never changes once issued."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("A figure of an issued grant statement cannot be removed."))

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
