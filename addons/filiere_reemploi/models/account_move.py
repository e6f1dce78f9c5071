from odoo import models


class AccountMove(models.Model):
    _inherit = "account.move"

    def _filiere_guarantee_referrals(self):
        """The referrals whose sale this customer invoice bills: the invoice carries their guarantee mention.

        Read as superuser: an accountant prints the invoice without the distribution's rights, and the
        mention tells the device and its dates only, nobody's identity.
        """
        self.ensure_one()
        if self.move_type != "out_invoice":
            return self.env["filiere.referral"]
        orders = self.sudo().invoice_line_ids.sale_line_ids.order_id
        return orders.filiere_referral_id.filtered("lot_id")
