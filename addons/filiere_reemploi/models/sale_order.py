from odoo import api, fields, models
from odoo.exceptions import UserError


class SaleOrder(models.Model):
    _inherit = "sale.order"

    filiere_referral_id = fields.Many2one(
        "filiere.referral", "Referral", readonly=True, copy=False, index="btree_not_null"
    )

    def _check_filiere_referral_link(self, vals):
        """Only the referral's allocation links an order to it (its delivery then hands the device over)."""
        if "filiere_referral_id" in vals and not self.env.su:
            self.check_access("write" if self else "create")
            raise UserError(self.env._("A sale order is linked to a referral only by the referral's allocation."))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_filiere_referral_link(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._check_filiere_referral_link(vals)
        return super().write(vals)
