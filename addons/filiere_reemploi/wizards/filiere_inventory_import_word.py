from odoo import api, fields, models


class FiliereInventoryImportWord(models.TransientModel):
    """A type word of the previewed file that the network does not know, and the user's choice."""

    _name = "filiere.inventory.import.word"
    _description = "Unknown type word of a donor inventory"

    wizard_id = fields.Many2one("filiere.inventory.import", required=True, ondelete="cascade")
    name = fields.Char("Word", readonly=True)
    row_count = fields.Integer("Rows", readonly=True)
    device_type_id = fields.Many2one("filiere.device.type", "Device type")
    skip = fields.Boolean("Skip these rows")

    @api.onchange("skip")
    def _onchange_skip(self):
        if self.skip:
            self.device_type_id = False
