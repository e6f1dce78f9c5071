from odoo import api, fields, models
from odoo.exceptions import UserError

from ..lib import pricing
from ..models.filiere_price_grid import SALE_FORMATS


class FiliereReferralAllocate(models.TransientModel):
    """Matching helper: the available devices that fit a referral's need, with this person's price."""

    _name = "filiere.referral.allocate"
    _description = "Allocate a device to a referral"

    referral_id = fields.Many2one("filiere.referral", required=True, ondelete="cascade")
    company_id = fields.Many2one(related="referral_id.company_id")
    device_type_id = fields.Many2one(related="referral_id.device_type_id")
    keyboard_layout = fields.Selection(related="referral_id.keyboard_layout")
    segment_ids = fields.Many2many(related="referral_id.segment_ids")
    line_ids = fields.One2many("filiere.referral.allocate.line", "wizard_id", "Matching devices")
    keyboard_filter = fields.Boolean(
        "Only this keyboard", default=True, help="List only the devices with the keyboard the person asked for."
    )
    left_out_count = fields.Integer("Devices with another keyboard", readonly=True)
    left_out_message = fields.Char("Devices left out", compute="_compute_left_out_message")
    lot_id = fields.Many2one(
        "stock.lot",
        "Other device",
        domain="[('is_device', '=', True), ('device_state', '=', 'available'), "
        "('company_id', 'in', (company_id, False))]",
        help="Any other available device, when none of the matching ones suits.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        wizards = super().create(vals_list)
        for wizard in wizards:
            wizard._load_matching_devices()
        return wizards

    @api.depends("left_out_count", "keyboard_filter", "keyboard_layout")
    def _compute_left_out_message(self):
        for wizard in self:
            layouts = dict(wizard.referral_id._fields["keyboard_layout"]._description_selection(self.env))
            layout = layouts.get(wizard.keyboard_layout, "")
            if not wizard.left_out_count:
                wizard.left_out_message = False
            elif wizard.keyboard_filter:
                wizard.left_out_message = self.env._(
                    "%(count)s device(s) left out because their keyboard is not %(layout)s.",
                    count=wizard.left_out_count,
                    layout=layout,
                )
            else:
                wizard.left_out_message = self.env._(
                    "All keyboards shown: %(count)s device(s) listed have a keyboard other than %(layout)s.",
                    count=wizard.left_out_count,
                    layout=layout,
                )

    def _load_matching_devices(self):
        referral = self.referral_id
        devices = referral._matching_devices(keyboard=self.keyboard_filter)
        self.left_out_count = referral._devices_left_out_by_keyboard()
        grid = self.env["filiere.price.grid"]
        lines = grid._candidate_lines(devices.device_type_id, referral.company_id)
        today = fields.Date.context_today(self)
        # A device of public origin is priced only for the person's eligible segments (L3212-3 CGPPP).
        eligible_ids = referral.segment_ids.filtered("public_origin_eligible").ids
        vals_list = []
        for device in devices:
            public = device.filiere_public_origin
            line, _missing = pricing.best_line(
                lines,
                device.device_type_id.id,
                device.condition_id.id,
                eligible_ids if public else referral.segment_ids.ids,
                referral.company_id.id,
                today,
                public,
            )
            vals_list.append(
                {
                    "wizard_id": self.id,
                    "lot_id": device.id,
                    "grid_line_id": line and line["id"],
                    "price": line["price"] if line else 0.0,
                    "sale_format": line and line["sale_format"],
                }
            )
        self.env["filiere.referral.allocate.line"].create(vals_list)

    def action_toggle_keyboard_filter(self):
        """Show the devices with another keyboard too, or only the requested one again."""
        self.ensure_one()
        self.line_ids.unlink()
        self.keyboard_filter = not self.keyboard_filter
        self._load_matching_devices()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Allocate a device"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "context": {**self.env.context, "dialog_size": "extra-large"},
        }

    def action_allocate_other(self):
        self.ensure_one()
        if not self.lot_id:
            raise UserError(self.env._("Choose a device first."))
        self.referral_id.action_allocate_device(self.lot_id)
        return {"type": "ir.actions.act_window_close"}


class FiliereReferralAllocateLine(models.TransientModel):
    _name = "filiere.referral.allocate.line"
    _description = "Device matching a referral"
    _order = "price, id"

    wizard_id = fields.Many2one("filiere.referral.allocate", required=True, ondelete="cascade")
    lot_id = fields.Many2one("stock.lot", "Device", required=True, ondelete="cascade")
    condition_id = fields.Many2one(related="lot_id.condition_id")
    keyboard_layout = fields.Selection(related="lot_id.keyboard_layout")
    brand = fields.Char(related="lot_id.brand")
    model_name = fields.Char(related="lot_id.model_name")
    ram_gb = fields.Float(related="lot_id.ram_gb")
    storage_size_gb = fields.Integer(related="lot_id.storage_size_gb")
    specs = fields.Char("Specifications", compute="_compute_specs")
    brand_model = fields.Char("Brand and model", compute="_compute_specs")
    public_origin = fields.Boolean(related="lot_id.filiere_public_origin")
    grid_line_id = fields.Many2one("filiere.price.grid", "Grid line")
    currency_id = fields.Many2one(related="wizard_id.company_id.currency_id")
    price = fields.Monetary()
    sale_format = fields.Selection(SALE_FORMATS, "Format")
    has_price = fields.Boolean(compute="_compute_has_price")

    @api.depends("brand", "model_name", "ram_gb", "storage_size_gb")
    def _compute_specs(self):
        """Brand and model in one column, memory and storage in another: "8 GB RAM, 256 GB"."""
        for line in self:
            line.brand_model = " ".join(part for part in (line.brand, line.model_name) if part)
            parts = []
            if line.ram_gb:
                ram = f"{line.ram_gb:g}"
                parts.append(self.env._("%s GB RAM", ram))
            if line.storage_size_gb:
                parts.append(self.env._("%s GB", line.storage_size_gb))
            line.specs = ", ".join(parts)

    @api.depends("grid_line_id")
    def _compute_has_price(self):
        for line in self:
            line.has_price = bool(line.grid_line_id)

    def action_allocate(self):
        self.ensure_one()
        # Without a grid line the referral raises the grid's own, explicit error.
        self.wizard_id.referral_id.action_allocate_device(self.lot_id, self.grid_line_id or None)
        return {"type": "ir.actions.act_window_close"}
