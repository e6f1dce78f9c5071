from odoo import models

from .stock_lot import RELEASE_USAGES


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

    def _action_done(self, cancel_backorder=False):
        self._filiere_released_parts()._filiere_check_parts_release()
        return super()._action_done(cancel_backorder=cancel_backorder)

    def _filiere_released_parts(self):
        """Spare parts these moves take out of the structure's stock (a repair, a sale, a delivery)."""
        lines = self.move_line_ids.filtered(
            lambda line: (
                line.lot_id.filiere_source_lot_id
                and line.location_id.usage == "internal"
                and line.location_dest_id.usage in RELEASE_USAGES
            )
        )
        return lines.lot_id
