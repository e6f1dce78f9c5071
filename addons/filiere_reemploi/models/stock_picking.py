from odoo import fields, models
from odoo.exceptions import UserError


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

    def action_filiere_print_labels(self):
        """Labels of every serial of the receipt, in the order of its lines."""
        self.ensure_one()
        lots = self.move_line_ids.lot_id
        if not lots:
            raise UserError(
                self.env._("Receipt %s has no serial numbers yet: enter them before printing labels.", self.name)
            )
        return lots.action_filiere_print_labels()
