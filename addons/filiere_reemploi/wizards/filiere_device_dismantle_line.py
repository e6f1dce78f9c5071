from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.product_template import PART_KINDS


class FiliereDeviceDismantleLine(models.TransientModel):
    """One component harvested from the device."""

    _name = "filiere.device.dismantle.line"
    _description = "Harvested component"

    wizard_id = fields.Many2one("filiere.device.dismantle", required=True, ondelete="cascade")
    kind = fields.Selection(PART_KINDS, required=True, default="other")
    product_id = fields.Many2one(
        "product.product",
        "Parts product",
        required=True,
        domain="[('filiere_part_kind', '=', kind), ('is_storable', '=', True)]",
    )
    serial = fields.Char(
        help="The component's own serial number; leave empty when it has none (one is made from the device's)."
    )
    description = fields.Char(help="Capacity, type, model: e.g. DDR4 8 GB, SSD 256 GB, 45 Wh.")
    weight_kg = fields.Float("Weight (kg)", digits=(16, 3))

    @api.model
    def _part_product(self, kind, company):
        return self.env["product.product"].search(
            [
                ("filiere_part_kind", "=", kind),
                ("is_storable", "=", True),
                ("company_id", "in", (company.id, False)),
            ],
            limit=1,
        )

    @api.model
    def _complete_values(self, vals, company):
        """A suggested line with the kind's parts product and that product's weight."""
        vals = dict(vals)
        if not vals.get("product_id"):
            product = self._part_product(vals.get("kind", "other"), company)
            vals["product_id"] = product.id
            vals.setdefault("weight_kg", product.weight)
        return vals

    @api.onchange("kind")
    def _onchange_kind(self):
        if self.kind and self.product_id.filiere_part_kind != self.kind:
            self.product_id = self._part_product(self.kind, self.wizard_id.company_id or self.env.company)

    @api.onchange("product_id")
    def _onchange_product_id(self):
        if self.product_id:
            self.weight_kg = self.product_id.weight

    def _check_product(self):
        self.ensure_one()
        product = self.product_id
        if not product.is_storable or product.tracking == "none":
            raise UserError(
                self.env._(
                    "%s is no spare parts product: it must be tracked in stock by serial or lot.",
                    product.display_name,
                )
            )

    def _part_lot_values(self, name):
        self.ensure_one()
        device = self.wizard_id.lot_id
        return {
            "name": name,
            "product_id": self.product_id.id,
            "company_id": device.company_id.id,
            "filiere_source_lot_id": device.id,
            "filiere_part_description": self.description,
            "weight_kg": self.weight_kg,
        }
