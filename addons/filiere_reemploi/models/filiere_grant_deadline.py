from odoo import fields, models


class FiliereGrantDeadline(models.Model):
    _name = "filiere.grant.deadline"
    _description = "Grant reporting deadline"
    _order = "date, id"

    grant_id = fields.Many2one("filiere.grant", required=True, ondelete="cascade", index=True)
    name = fields.Char(required=True, help="e.g. Interim report, Final statement (balance)")
    date = fields.Date(required=True)
    reminder_days = fields.Integer("Remind (days before)", default=15)
    reminded = fields.Boolean(readonly=True)
    done = fields.Boolean()
