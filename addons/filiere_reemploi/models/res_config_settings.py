from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    filiere_inventory_max_mb = fields.Integer(related="company_id.filiere_inventory_max_mb", readonly=False)
