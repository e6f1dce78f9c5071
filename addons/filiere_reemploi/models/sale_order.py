from odoo import fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    filiere_referral_id = fields.Many2one(
        "filiere.referral", "Referral", readonly=True, copy=False, index="btree_not_null"
    )
