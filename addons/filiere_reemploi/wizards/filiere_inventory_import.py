import base64

from odoo import fields, models


class FiliereInventoryImport(models.TransientModel):
    """Upload a donor inventory (CSV or XLSX) onto a donation agreement."""

    _name = "filiere.inventory.import"
    _description = "Donor inventory import"

    donation_id = fields.Many2one("filiere.donation", required=True, ondelete="cascade")
    file = fields.Binary("Inventory file", required=True)
    filename = fields.Char()
    max_mb = fields.Integer(related="donation_id.company_id.filiere_inventory_max_mb", string="Upload limit (MB)")

    def action_import(self):
        self.ensure_one()
        lots = self.donation_id.import_inventory(base64.b64decode(self.file), self.filename or "")
        action = self.donation_id.action_view_devices()
        if lots:
            action["domain"] = [("id", "in", lots.ids)]
        return action
