from odoo import fields, models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    donation_id = fields.Many2one("filiere.donation", "Donation agreement", index=True, check_company=True)

    def _action_done(self):
        result = super()._action_done()
        for picking in self.filtered(lambda p: p.state == "done" and p.picking_type_code == "outgoing"):
            referral = picking.sale_id.sudo().filiere_referral_id
            if referral:
                referral._on_delivery_done(picking)
        return result
