from odoo import api, fields, models
from odoo.exceptions import UserError

from ..lib import lifecycle
from ..lib.eco_organisation import WasteCodeError, normalise_waste_code


class FiliereRecyclingWizard(models.TransientModel):
    """Send devices to recycling with what the waste register needs: transporter, facility, waste code."""

    _name = "filiere.recycling.wizard"
    _description = "Send devices to recycling"

    lot_ids = fields.Many2many("stock.lot", string="Devices", required=True)
    transporter_id = fields.Many2one("res.partner", help="Empty when the structure carries them itself.")
    destination_id = fields.Many2one("res.partner", "Recycling facility", required=True)
    waste_code = fields.Char(
        help="European List of Waste code for all these devices; empty: the code of each device's type.",
    )

    @api.model
    def _waste_code_of(self, code, device):
        try:
            return normalise_waste_code(code)
        except WasteCodeError as error:
            raise UserError(
                self.env._(
                    "Device %(device)s: %(code)s is not a code of the European List of Waste (six digits, "
                    "e.g. 16 02 14, a star for hazardous waste: 16 02 13*). Set it here or on the device type.",
                    device=device.display_name,
                    code=code or "-",
                )
            ) from error

    def action_confirm(self):
        """Record transporter, facility and waste code on each device, then send it to recycling.

        With the user's own rights; one device that cannot go (wrong state, no waste code) stops the
        whole batch and nothing is written.
        """
        self.ensure_one()
        codes = {}
        for device in self.lot_ids:
            # Checked before anything is written (the state's own check runs again on the write).
            device._check_device_transition(lifecycle.RECYCLED)
            code = self._waste_code_of(self.waste_code or device.device_type_id.waste_code, device)
            codes.setdefault(code, self.env["stock.lot"])
            codes[code] |= device
        common = {
            "filiere_recycling_transporter_id": self.transporter_id.id,
            "filiere_recycling_destination_id": self.destination_id.id,
        }
        # One write per waste code, not per device.
        for code, devices in codes.items():
            devices.write({**common, "filiere_waste_code": code})
        self.lot_ids.action_send_to_recycling()
        return {"type": "ir.actions.act_window_close"}
