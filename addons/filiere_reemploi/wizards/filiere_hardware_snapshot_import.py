from odoo import fields, models
from odoo.exceptions import UserError


class FiliereHardwareSnapshotImport(models.TransientModel):
    """Upload one or several hardware snapshots (lshw, inxi, dmidecode, smartctl, upower, Workbench)."""

    _name = "filiere.hardware.snapshot.import"
    _description = "Hardware snapshot import"

    attachment_ids = fields.Many2many("ir.attachment", string="Snapshots")

    def action_import(self):
        self.ensure_one()
        if not self.attachment_ids:
            raise UserError(self.env._("Add at least one hardware snapshot."))
        devices = self.env["stock.lot"]
        # A bad file stops the whole upload and nothing of it is kept, even inside a larger transaction.
        with self.env.cr.savepoint():
            for attachment in self.attachment_ids:
                devices |= devices.import_hardware_snapshot(attachment.raw or b"", attachment.name)
        self.attachment_ids.unlink()
        action = self.env["ir.actions.act_window"]._for_xml_id("filiere_reemploi.stock_lot_device_action")
        action["domain"] = [("id", "in", devices.ids)]
        action["context"] = {}
        return action
