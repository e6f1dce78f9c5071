from odoo import api, fields, models


class FiliereTaxReceiptDeclaration(models.TransientModel):
    """The yearly count and total of the tax receipts a structure issued (CGI art. 222 bis)."""

    _name = "filiere.tax.receipt.declaration"
    _description = "Annual declaration of the tax receipts issued"

    company_id = fields.Many2one("res.company", "Structure", required=True, default=lambda self: self.env.company)
    year = fields.Integer(required=True, default=lambda self: fields.Date.context_today(self).year - 1)
    receipt_count = fields.Integer("Receipts issued", compute="_compute_declaration")
    amount = fields.Monetary("Total amount", compute="_compute_declaration")
    currency_id = fields.Many2one(related="company_id.currency_id")
    due_date = fields.Date("To declare by", compute="_compute_declaration")
    numbers = fields.Text("Receipt numbers", compute="_compute_declaration")

    @api.depends("company_id", "year")
    def _compute_declaration(self):
        receipts = self.env["filiere.tax.receipt"]
        for wizard in self:
            if not (wizard.company_id and wizard.year):
                wizard.update({"receipt_count": 0, "amount": 0.0, "due_date": False, "numbers": False})
                continue
            declaration = receipts.annual_declaration(wizard.company_id, wizard.year)
            wizard.update(
                {
                    "receipt_count": declaration["count"],
                    "amount": declaration["amount"],
                    "due_date": declaration["due_date"],
                    "numbers": ", ".join(declaration["numbers"]),
                }
            )
