from odoo import fields, models

PART_KINDS = [
    ("ram", "RAM"),
    ("disk", "Disk"),
    ("battery", "Battery"),
    ("screen", "Screen"),
    ("keyboard", "Keyboard"),
    ("charger", "Charger"),
    ("other", "Other part"),
]


class ProductTemplate(models.Model):
    _inherit = "product.template"

    filiere_part_kind = fields.Selection(
        PART_KINDS,
        "Spare part kind",
        index=True,
        help="Set on the products that harvested components become when a device is dismantled.",
    )
