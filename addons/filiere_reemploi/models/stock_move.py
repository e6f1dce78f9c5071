from odoo import models


class StockMove(models.Model):
    _inherit = "stock.move"

    def _update_reserved_quantity(self, need, location_id, lot_id=None, package_id=None, owner_id=None, strict=True):
        """The delivery of a referral reserves the serial allocated to it, never another one."""
        if not lot_id and self.sale_line_id:
            allocated = self.sale_line_id.order_id.sudo().filiere_referral_id.lot_id
            if allocated and allocated.product_id == self.product_id:
                lot_id = allocated
        return super()._update_reserved_quantity(
            need, location_id, lot_id=lot_id, package_id=package_id, owner_id=owner_id, strict=strict
        )
