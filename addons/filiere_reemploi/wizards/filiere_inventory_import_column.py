from odoo import fields, models

from .filiere_inventory_import import COLUMN_FIELDS


class FiliereInventoryImportColumn(models.TransientModel):
    """A column of the previewed file and the device field it fills."""

    _name = "filiere.inventory.import.column"
    _description = "Column of a donor inventory"
    _order = "index"

    wizard_id = fields.Many2one("filiere.inventory.import", required=True, ondelete="cascade")
    index = fields.Integer("Position", readonly=True)
    header = fields.Char("Column", readonly=True)
    sample = fields.Char("First values", readonly=True)
    field = fields.Selection(COLUMN_FIELDS, "Device field", required=True, default="ignore")
