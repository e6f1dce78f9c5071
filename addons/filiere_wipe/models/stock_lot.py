from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.filiere_reemploi.lib import lifecycle

# A device leaves the workshop only once every byte of the previous user's data is gone.
GATED_STATES = {lifecycle.AVAILABLE, lifecycle.RESERVED, lifecycle.DELIVERED}


class StockLot(models.Model):
    _inherit = "stock.lot"

    erasure_ids = fields.One2many("filiere.erasure", "lot_id", "Erasure records")
    erasure_certificate_ids = fields.One2many("filiere.erasure.certificate", "lot_id", "Erasure certificates")
    erasure_certificate_id = fields.Many2one(
        "filiere.erasure.certificate", "Erasure certificate", compute="_compute_erasure_certificate_id"
    )
    erasure_status = fields.Selection(
        [("pending", "Pending"), ("erased", "Erased"), ("failed", "Failed"), ("no_storage", "No storage")],
        compute="_compute_erasure_status",
    )
    no_storage_declared = fields.Boolean("No storage medium", readonly=True, copy=False, tracking=True)
    no_storage_declared_by_id = fields.Many2one("res.users", "Declared by", readonly=True, copy=False)
    no_storage_declared_date = fields.Datetime("Declared on", readonly=True, copy=False)

    @api.depends("erasure_certificate_ids.state")
    def _compute_erasure_certificate_id(self):
        for lot in self:
            valid = lot.erasure_certificate_ids.filtered(lambda cert: cert.state == "valid")
            lot.erasure_certificate_id = valid[:1]

    @api.depends("erasure_ids.result", "erasure_ids.media_serial", "no_storage_declared")
    def _compute_erasure_status(self):
        for lot in self:
            if lot.no_storage_declared and not lot.erasure_ids:
                lot.erasure_status = "no_storage"
            elif not lot.erasure_ids:
                lot.erasure_status = "pending"
            elif lot._media_not_erased():
                lot.erasure_status = "failed"
            else:
                lot.erasure_status = "erased"

    def _media_not_erased(self):
        """Media of the device without a successful Clear/Purge or a destruction.

        A medium is known by its serial number, else by its name in the tool; a later
        successful pass on the same medium makes up for a failed one.
        """
        self.ensure_one()
        erased, pending = set(), {}
        for erasure in self.erasure_ids:
            key = erasure.media_serial or erasure.device_path or f"#{erasure.id}"
            if erasure.is_erased:
                erased.add(key)
            else:
                pending.setdefault(key, erasure)
        return [erasure for key, erasure in pending.items() if key not in erased]

    def _check_device_transition(self, target):
        result = super()._check_device_transition(target)
        if target in GATED_STATES and self.device_state not in GATED_STATES:
            self._check_erasure_gate()
        return result

    def _check_erasure_gate(self):
        """Each storage medium erased (Clear/Purge) or destroyed, or no storage declared by a person."""
        self.ensure_one()
        if not self.erasure_ids:
            if self.no_storage_declared:
                return
            raise UserError(
                self.env._(
                    "Device %s has no erasure record. Import or record the erasure of each of its "
                    "storage media, or declare that it has none.",
                    self.display_name,
                )
            )
        failed = self._media_not_erased()
        if failed:
            raise UserError(
                self.env._(
                    "Device %(device)s still holds data: no successful erasure or destruction of %(media)s.",
                    device=self.display_name,
                    media=", ".join(erasure.media_serial or erasure.device_path or "?" for erasure in failed),
                )
            )

    def action_declare_no_storage(self):
        for lot in self:
            if lot.erasure_ids:
                raise UserError(
                    self.env._("Device %s has erasure records: it cannot be declared without storage.", lot.name)
                )
        self.write(
            {
                "no_storage_declared": True,
                "no_storage_declared_by_id": self.env.uid,
                "no_storage_declared_date": fields.Datetime.now(),
            }
        )
        return True

    def action_issue_erasure_certificate(self):
        certificates = self.env["filiere.erasure.certificate"]
        for lot in self:
            if lot.erasure_certificate_id:
                raise UserError(self.env._("Device %s already has a valid erasure certificate.", lot.name))
            certificates |= certificates._issue_for(lot)
        return certificates

    def action_view_erasures(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("filiere_wipe.filiere_erasure_action")
        action["domain"] = [("lot_id", "=", self.id)]
        action["context"] = {"default_lot_id": self.id, "default_company_id": self.company_id.id}
        return action
