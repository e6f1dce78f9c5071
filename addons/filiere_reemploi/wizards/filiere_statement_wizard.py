from odoo import api, fields, models


class FiliereStatementWizard(models.TransientModel):
    _name = "filiere.statement.wizard"
    _description = "Issue a grant statement"

    grant_id = fields.Many2one("filiere.grant", required=True)
    date_from = fields.Date(
        "From", required=True, compute="_compute_period", store=True, readonly=False, precompute=True
    )
    date_to = fields.Date("To", required=True, compute="_compute_period", store=True, readonly=False, precompute=True)

    @api.depends("grant_id")
    def _compute_period(self):
        for wizard in self:
            wizard.date_from = wizard.grant_id.date_from
            wizard.date_to = wizard.grant_id.date_to

    def action_issue(self):
        self.ensure_one()
        statement = self.env["filiere.statement"]._issue(self.grant_id, self.date_from, self.date_to)
        return {
            "type": "ir.actions.act_window",
            "res_model": "filiere.statement",
            "res_id": statement.id,
            "view_mode": "form",
        }
