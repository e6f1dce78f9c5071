from odoo import fields, models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    donation_id = fields.Many2one("filiere.donation", "Donation agreement", index=True, check_company=True)
