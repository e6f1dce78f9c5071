from odoo import api, fields, models
from odoo.exceptions import UserError


class FiliereErasureImport(models.TransientModel):
    """Upload one or several erasure-tool reports (nwipe / ShredOS logs, PDF certificates or JSON)."""

    _name = "filiere.erasure.import"
    _description = "Erasure report import"

    attachment_ids = fields.Many2many("ir.attachment", string="Reports")
    lot_id = fields.Many2one(
        "stock.lot",
        "Device",
        domain=[("is_device", "=", True)],
        help="Started from a device: the disks its reports do not tie to another device are matched to it.",
    )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        context = self.env.context
        # Opened from one device (its form's button, or the list with one device ticked).
        if (
            "lot_id" in fields_list
            and not values.get("lot_id")
            and context.get("active_model") == "stock.lot"
            and len(context.get("active_ids") or [context.get("active_id")]) == 1
            and context.get("active_id")
        ):
            lot = self.env["stock.lot"].browse(context["active_id"]).exists()
            if lot.is_device:
                values["lot_id"] = lot.id
        return values

    def action_import(self):
        self.ensure_one()
        if not self.attachment_ids:
            raise UserError(self.env._("Add at least one erasure report."))
        Erasure = self.env["filiere.erasure"]
        records = created = Erasure
        known_files = []
        file_count = len(self.attachment_ids)
        # A bad file stops the whole upload and nothing of it is kept, even inside a larger transaction.
        with self.env.cr.savepoint():
            for attachment in self.attachment_ids:
                result = Erasure._import_report(attachment.raw or b"", attachment.name, lot=self.lot_id or None)
                if not result["records"]:
                    known_files.append(attachment.name)
                records |= result["records"]
                created |= result["created"]
        self.attachment_ids.unlink()
        if self.lot_id:
            # Back to the device's form, reloaded with its erasure records.
            next_action = {"type": "ir.actions.act_window_close"}
        else:
            next_action = self.env["ir.actions.act_window"]._for_xml_id("filiere_wipe.filiere_erasure_action")
            next_action["domain"] = [("id", "in", records.ids)]
            next_action["context"] = {}
        to_match = records.filtered(lambda erasure: not erasure.lot_id)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Erasure reports imported"),
                "message": self._summary(file_count, records, created, known_files),
                "type": "warning" if to_match or not records else "success",
                "sticky": bool(to_match or not records),
                "next": next_action,
            },
        }

    def _summary(self, file_count, records, created, known_files):
        """Created / completed / matched / to match, and the files that brought nothing new."""
        matched = records.filtered("lot_id")
        parts = [
            self.env._(
                "%(files)s reports read: %(created)s erasure records created, %(updated)s completed or matched "
                "among those already imported; %(matched)s matched to a device (%(devices)s), %(to_match)s to "
                "match in the 'To match' list.",
                files=file_count,
                created=len(created),
                updated=len(records - created),
                matched=len(matched),
                devices=", ".join(matched.lot_id.mapped("name")) or "-",
                to_match=len(records - matched),
            )
        ]
        if known_files:
            parts.append(
                self.env._(
                    "Already imported, nothing new: %s.",
                    ", ".join(known_files),
                )
            )
        return " ".join(parts)
