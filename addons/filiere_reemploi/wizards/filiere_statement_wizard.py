from odoo import api, fields, models


class FiliereStatementWizard(models.TransientModel):
    _name = "filiere.statement.wizard"
    _description = "Issue a grant statement"

    grant_id = fields.Many2one("filiere.grant", required=True)
    deadline_id = fields.Many2one(
        "filiere.grant.deadline",
        "For the deadline",
        compute="_compute_deadline_id",
        store=True,
        readonly=False,
        precompute=True,
        domain="[('grant_id', '=', grant_id), ('done', '=', False)]",
        help="The grant's next statement due; issuing the statement marks it done.",
    )
    date_from = fields.Date(
        "From", required=True, compute="_compute_period", store=True, readonly=False, precompute=True
    )
    date_to = fields.Date("To", required=True, compute="_compute_period", store=True, readonly=False, precompute=True)

    @api.depends("grant_id")
    def _compute_deadline_id(self):
        for wizard in self:
            wizard.deadline_id = wizard.grant_id.deadline_ids.filtered(lambda d: not d.done).sorted("date")[:1]

    @api.depends("grant_id", "deadline_id")
    def _compute_period(self):
        """From the start of the grant to its next deadline, or to today when the deadline is still ahead."""
        today = fields.Date.context_today(self)
        for wizard in self:
            grant = wizard.grant_id
            wizard.date_from = grant.date_from
            wizard.date_to = grant.date_to
            if wizard.deadline_id:
                ends = [day for day in (wizard.deadline_id.date, today, grant.date_to) if day]
                wizard.date_to = max(min(ends), grant.date_from) if grant.date_from else min(ends)

    def action_issue(self):
        self.ensure_one()
        statement = self.env["filiere.statement"]._issue(self.grant_id, self.date_from, self.date_to)
        if self.deadline_id:
            # The statement due is delivered: no more reminder for it (only the manager's own grant's).
            self.deadline_id.filtered(lambda deadline: deadline.grant_id == self.grant_id).done = True
        return {
            "type": "ir.actions.act_window",
            "res_model": "filiere.statement",
            "res_id": statement.id,
            "view_mode": "form",
        }
