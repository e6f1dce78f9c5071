from odoo import models


class RepairOrder(models.Model):
    _inherit = "repair.order"

    def _action_repair_confirm(self):
        """Say at once, not at the end of the repair, that a part chosen may not be fitted yet."""
        self.move_ids.filtered(lambda move: move.repair_line_type == "add").lot_ids._filiere_check_parts_release()
        return super()._action_repair_confirm()
