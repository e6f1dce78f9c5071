from odoo import fields, models
from odoo.exceptions import UserError


class FiliereErasureImport(models.TransientModel):
    """Upload one or several erasure-tool reports (nwipe / ShredOS logs, PDF certificates or JSON)."""

    _name = "filiere.erasure.import"
    _description = "Erasure report import"

    attachment_ids = fields.Many2many("ir.attachment", string="Reports")

    def action_import(self):
        self.ensure_one()
        if not self.attachment_ids:
            raise UserError(self.env._("Add at least one erasure report."))
        records = self.env["filiere.erasure"]
        # A bad file stops the whole upload and nothing of it is kept, even inside a larger transaction.
        with self.env.cr.savepoint():
            for attachment in self.attachment_ids:
                records |= records.import_report(attachment.raw or b"", attachment.name)
        self.attachment_ids.unlink()
        action = self.env["ir.actions.act_window"]._for_xml_id("filiere_wipe.filiere_erasure_action")
        action["domain"] = [("id", "in", records.ids)]
        action["context"] = {}
        return action
