from odoo import api, fields, models


class FiliereGrantFinancialReportWizard(models.TransientModel):
    _name = "filiere.grant.financial.report.wizard"
    _description = "Issue a grant financial report (Cerfa 15059)"

    grant_id = fields.Many2one("filiere.grant", required=True)
    date_from = fields.Date(
        "From", required=True, compute="_compute_period", store=True, readonly=False, precompute=True
    )
    date_to = fields.Date("To", required=True, compute="_compute_period", store=True, readonly=False, precompute=True)
    currency_id = fields.Many2one(related="grant_id.currency_id")
    volunteer_hours = fields.Float(digits=(16, 2), help="Hours given by volunteers to the funded action in the period.")
    hourly_value = fields.Monetary(
        "Value of a volunteer hour", help="Valuation of one volunteer hour, e.g. the hourly minimum wage with charges."
    )
    note = fields.Text("Explanations", help="Printed on the report: gaps between budget and actual figures, etc.")

    @api.depends("grant_id")
    def _compute_period(self):
        for wizard in self:
            wizard.date_from = wizard.grant_id.date_from
            wizard.date_to = wizard.grant_id.date_to

    def action_issue(self):
        self.ensure_one()
        report = self.env["filiere.grant.financial.report"]._issue(
            self.grant_id, self.date_from, self.date_to, self.volunteer_hours, self.hourly_value, self.note
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "filiere.grant.financial.report",
            "res_id": report.id,
            "view_mode": "form",
        }
