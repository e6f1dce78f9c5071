from odoo import fields, models


class FiliereTaxReceiptCancel(models.TransientModel):
    _name = "filiere.tax.receipt.cancel"
    _description = "Cancel a tax receipt"

    receipt_id = fields.Many2one("filiere.tax.receipt", required=True, ondelete="cascade")
    reason = fields.Text(required=True)
    replace = fields.Boolean(
        "Issue a replacement", default=True, help="Issue the donation's new receipt now; it names the cancelled one."
    )

    def action_confirm(self):
        self.ensure_one()
        if not self.replace:
            self.receipt_id.action_cancel(self.reason)
            return {"type": "ir.actions.act_window_close"}
        replacement = self.receipt_id.action_cancel_and_replace(self.reason)
        return {
            "type": "ir.actions.act_window",
            "res_model": "filiere.tax.receipt",
            "res_id": replacement.id,
            "view_mode": "form",
        }
