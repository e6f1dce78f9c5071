from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class FiliereGrant(models.Model):
    """A grant programme: who funds what, over which period, structures and zones, on which account."""

    _name = "filiere.grant"
    _description = "Grant programme"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_from desc, id desc"

    name = fields.Char(required=True, tracking=True)
    partner_id = fields.Many2one("res.partner", "Funder", required=True, tracking=True)
    user_id = fields.Many2one("res.users", "Responsible", default=lambda self: self.env.user, tracking=True)
    company_id = fields.Many2one(
        "res.company", "Lead structure", required=True, default=lambda self: self.env.company, index=True
    )
    company_ids = fields.Many2many(
        "res.company",
        "filiere_grant_company_rel",
        "grant_id",
        "company_id",
        "Structures covered",
        help="Empty: the lead structure only.",
    )
    zone_ids = fields.Many2many(
        "filiere.zone", "filiere_grant_zone_rel", "grant_id", "zone_id", "Zones covered", help="Empty: every zone."
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    amount = fields.Monetary("Grant amount", tracking=True)
    advance_rate = fields.Float("Advance (%)", help="Share paid in advance, e.g. 40 for a 40 % advance.")
    date_from = fields.Date("Period start", required=True)
    date_to = fields.Date("Period end", required=True)
    analytic_account_id = fields.Many2one(
        "account.analytic.account",
        "Analytic account",
        help="Carries the expenses and revenues of the grant (standard analytic accounting).",
    )
    indicator_ids = fields.Many2many(
        "filiere.indicator",
        "filiere_grant_indicator_rel",
        "grant_id",
        "indicator_id",
        "Indicators required",
        help="Empty: every indicator.",
    )
    deadline_ids = fields.One2many("filiere.grant.deadline", "grant_id", "Reporting deadlines")
    statement_ids = fields.One2many("filiere.statement", "grant_id", "Statements")
    statement_count = fields.Integer(compute="_compute_statement_count")
    note = fields.Html()
    active = fields.Boolean(default=True)

    @api.constrains("date_from", "date_to")
    def _check_period(self):
        for grant in self:
            if grant.date_to < grant.date_from:
                raise ValidationError(self.env._("The grant period of %s ends before it starts.", grant.name))

    @api.depends("statement_ids")
    def _compute_statement_count(self):
        for grant in self:
            grant.statement_count = len(grant.statement_ids)

    def _covered_companies(self):
        self.ensure_one()
        return self.company_ids or self.company_id

    def _check_covered_companies_selected(self, document_model):
        """Before issuing a document of this grant (``document_model``: "filiere.statement" or
        "filiere.grant.financial.report"): every structure the grant covers is selected in the
        company switcher, so that the document's figures cover every structure it names. Server
        code in superuser mode is not asked. Call it on the grant in the issue's environment."""
        self.ensure_one()
        if self.env.su:
            return
        # Read as the system: the user cannot read the structures left out of the switcher (nor
        # the grant's list of them), and their names are for the message only.
        outside = self.sudo()._covered_companies() - self.env.companies
        if not outside:
            return
        companies = ", ".join(outside.mapped("name"))
        if document_model == "filiere.grant.financial.report":
            message = self.env._(
                "The grant %(grant)s covers %(companies)s: select them in the company switcher before "
                "issuing its financial report.",
                grant=self.name,
                companies=companies,
            )
        else:
            message = self.env._(
                "The grant %(grant)s covers %(companies)s: select them in the company switcher before "
                "issuing its statement, so that its figures cover every structure it names.",
                grant=self.name,
                companies=companies,
            )
        raise UserError(message)

    def action_open_statement_wizard(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("New statement"),
            "res_model": "filiere.statement.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_grant_id": self.id},
        }

    def action_view_statements(self):
        action = self.env["ir.actions.act_window"]._for_xml_id("filiere_reemploi.filiere_statement_action")
        action["domain"] = [("grant_id", "in", self.ids)]
        action["context"] = {"default_grant_id": self.id}
        return action

    @api.model
    def _cron_deadline_reminders(self):
        """An activity for the grant's responsible, once per deadline, some days before it."""
        today = fields.Date.context_today(self)
        deadlines = self.env["filiere.grant.deadline"].sudo().search([("done", "=", False), ("reminded", "=", False)])
        for deadline in deadlines.filtered(lambda d: d.date - timedelta(days=d.reminder_days) <= today):
            grant = deadline.grant_id
            responsible = grant.user_id or self.env.ref("base.user_admin")
            # The scheduled job runs without a language: the activity speaks the responsible's.
            env = self.with_context(lang=responsible.lang or grant.company_id.partner_id.lang or self.env.lang).env
            grant.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=deadline.date,
                summary=env._("Statement due: %s", deadline.with_env(env).name),
                user_id=responsible.id,
            )
            deadline.reminded = True
        return True
