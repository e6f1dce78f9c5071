from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from ..lib import parts


class FiliereDeviceDismantle(models.TransientModel):
    """Dismantle a device sent to spare parts: each harvested component becomes stock of a parts product."""

    _name = "filiere.device.dismantle"
    _description = "Dismantle a device into spare parts"

    lot_id = fields.Many2one(
        "stock.lot", "Device", required=True, ondelete="cascade", domain="[('device_state', '=', 'parts')]"
    )
    company_id = fields.Many2one(related="lot_id.company_id")
    line_ids = fields.One2many("filiere.device.dismantle.line", "wizard_id", "Harvested components")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        device = self.env["stock.lot"].browse(values.get("lot_id"))
        if device and "line_ids" in fields_list and not values.get("line_ids"):
            line_model = self.env["filiere.device.dismantle.line"]
            values["line_ids"] = [
                Command.create(line_model._complete_values(vals, device.company_id))
                for vals in device._filiere_dismantle_default_lines()
            ]
        return values

    def action_dismantle(self):
        """Create the parts, bring them into stock, and mark the device dismantled: all or nothing."""
        self.ensure_one()
        device = self.lot_id
        device.check_access("write")
        device._check_can_dismantle()
        names = self._checked_part_names()
        location = device._filiere_stock_location()
        lot_model = self.env["stock.lot"]
        lot_model.check_access("create")
        # sudo: the part's origin is a dismantling-driven field (stock.lot.DISMANTLING_DRIVEN_FIELDS).
        part_lots = lot_model.sudo().create(
            [line._part_lot_values(name) for line, name in zip(self.line_ids, names, strict=True)]
        )
        part_lots = part_lots.sudo(False)
        self._receive_parts(part_lots, location)
        device.sudo().write({"filiere_dismantled_date": fields.Date.context_today(self)})
        device.message_post(
            body=self.env._(
                "Dismantled into %(count)s spare parts: %(parts)s.",
                count=len(part_lots),
                parts=", ".join(f"{lot.product_id.display_name} {lot.name}" for lot in part_lots),
            )
        )
        return {"type": "ir.actions.act_window_close"}

    def _checked_part_names(self):
        """The serial of each line's part, once every line is known to be valid (nothing written before)."""
        if not self.line_ids:
            raise UserError(self.env._("Add the components harvested from %s.", self.lot_id.display_name))
        for line in self.line_ids:
            line._check_product()
        names = parts.part_serials(self.lot_id.name, self.line_ids.mapped("serial"))
        repeated = parts.duplicates(names)
        if repeated:
            raise UserError(
                self.env._("Serial %s is given to two harvested components: each part has its own.", repeated[0])
            )
        existing = (
            self.env["stock.lot"]
            .sudo()
            .search(
                [
                    ("name", "in", names),
                    ("product_id", "in", self.line_ids.product_id.ids),
                    ("company_id", "in", (self.lot_id.company_id.id, False)),
                ]
            )
        )
        for line, name in zip(self.line_ids, names, strict=True):
            clash = existing.filtered(
                lambda lot, line=line, name=name: lot.name == name and lot.product_id == line.product_id
            )
            if clash:
                raise UserError(
                    self.env._(
                        "Serial %(serial)s of %(product)s is already in stock: check the serial of this component.",
                        serial=name,
                        product=line.product_id.display_name,
                    )
                )
        return names

    def _receive_parts(self, part_lots, location):
        """One inventory move per part, from the inventory adjustment location into the device's location."""
        device = self.lot_id
        origin = self.env._("Dismantling of %s", device.name)
        move_vals = []
        for lot in part_lots:
            product = lot.product_id.with_company(device.company_id)
            source = product.property_stock_inventory
            move_vals.append(
                {
                    "name": origin,
                    "origin": origin,
                    "product_id": product.id,
                    "product_uom": product.uom_id.id,
                    "product_uom_qty": 1.0,
                    "location_id": source.id,
                    "location_dest_id": location.id,
                    "company_id": device.company_id.id,
                    "is_inventory": True,
                    "picked": True,
                    "move_line_ids": [
                        Command.create(
                            {
                                "product_id": product.id,
                                "product_uom_id": product.uom_id.id,
                                "lot_id": lot.id,
                                "quantity": 1.0,
                                "location_id": source.id,
                                "location_dest_id": location.id,
                                "company_id": device.company_id.id,
                            }
                        )
                    ],
                }
            )
        moves = self.env["stock.move"].create(move_vals)
        moves._action_done()
        return moves
