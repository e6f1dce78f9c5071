from datetime import datetime

from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.filiere_reemploi.lib import lifecycle, parts

# From "erased" on, a device's state says its data is gone: each of these steps checks it again,
# so that a medium recorded (and failed) after the erasure is caught before the device leaves.
GATED_STATES = {
    lifecycle.ERASED,
    lifecycle.REFURBISHED,
    lifecycle.AVAILABLE,
    lifecycle.RESERVED,
    lifecycle.DELIVERED,
}
NO_STORAGE_TRACE = ("no_storage_declared_by_id", "no_storage_declared_date")


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
    no_storage_declared = fields.Boolean(
        "No storage medium",
        copy=False,
        tracking=True,
        help="Declared by a person, or by default for the types of devices that hold no data (screens, "
        "keyboards...). Lets the device pass the erasure gate without an erasure record.",
    )
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
        """Media of the device whose latest erasure record is not a successful Clear/Purge or a destruction.

        A medium is known by its serial number, else by its name in the tool. Its latest record
        (by end, else start, else entry order) decides: a successful zero fill followed by a failed
        verification run is not erased, a failed pass redone successfully is.
        """
        self.ensure_one()
        latest = {}
        for erasure in self.erasure_ids.sorted(lambda e: (e.date_end or e.date_start or datetime.min, e.id)):
            latest[erasure.media_serial or erasure.device_path or f"#{erasure.id}"] = erasure
        return [erasure for erasure in latest.values() if not erasure.is_erased]

    @api.model_create_multi
    def create(self, vals_list):
        """A device of a type without storage is declared so at creation (staff may withdraw it)."""
        type_ids = {vals["device_type_id"] for vals in vals_list if vals.get("device_type_id")}
        without_storage = self.env["filiere.device.type"].browse(type_ids).filtered(lambda kind: not kind.has_storage)
        declared_by_type = [
            "no_storage_declared" not in vals and vals.get("device_type_id") in without_storage.ids
            for vals in vals_list
        ]
        return super().create(
            [
                self._no_storage_values(dict(vals, no_storage_declared=True) if by_type else vals)
                for vals, by_type in zip(vals_list, declared_by_type, strict=True)
            ]
        )

    def write(self, vals):
        if "no_storage_declared" in vals:
            self._check_no_storage_change(bool(vals["no_storage_declared"]))
        retyped = self.browse()
        if "device_type_id" in vals and "no_storage_declared" not in vals:
            retyped = self.filtered(lambda lot: lot.device_type_id.id != vals["device_type_id"])
        result = super().write(self._no_storage_values(vals))
        retyped._follow_type_storage()
        return result

    def _follow_type_storage(self):
        """A device whose type changes before its erasure takes the new type's default: a 'screen'
        found to be a laptop loses the declaration it had from its first type."""
        todo = self.filtered(
            lambda lot: (
                lot.device_state in lifecycle.NOT_YET_ERASED
                and not lot.erasure_ids
                and lot.device_type_id
                and lot.no_storage_declared == lot.device_type_id.has_storage
            )
        )
        for declared in (True, False):
            lots = todo.filtered(lambda lot, declared=declared: lot.device_type_id.has_storage != declared)
            if lots:
                lots.write({"no_storage_declared": declared})

    def _no_storage_values(self, vals):
        """Who declared it and when: set by the declaration itself, never given by the caller."""
        vals = {key: value for key, value in vals.items() if key not in NO_STORAGE_TRACE}
        if "no_storage_declared" not in vals:
            return vals
        if not vals["no_storage_declared"]:
            return dict(vals, no_storage_declared_by_id=False, no_storage_declared_date=False)
        return dict(vals, no_storage_declared_by_id=self.env.uid, no_storage_declared_date=fields.Datetime.now())

    def _check_no_storage_change(self, declared):
        for lot in self:
            if declared and lot.erasure_ids and not lot.no_storage_declared:
                raise UserError(
                    self.env._("Device %s has erasure records: it cannot be declared without storage.", lot.name)
                )
            if not declared and lot.no_storage_declared and not lot.erasure_ids and lot._passed_gate_on_declaration():
                raise UserError(
                    self.env._(
                        "Device %s passed the erasure gate on its 'no storage medium' declaration: record the "
                        "erasure of its storage media before withdrawing the declaration.",
                        lot.name,
                    )
                )

    def _passed_gate_on_declaration(self):
        """True when the 'no storage' declaration is what let the device through (state or certificate)."""
        self.ensure_one()
        return self.device_state in GATED_STATES or bool(self.erasure_certificate_id)

    @api.model
    def _declare_no_storage_from_types(self):
        """At install: devices already received of a type without storage get the declaration new ones get."""
        self.search(
            [
                ("device_type_id.has_storage", "=", False),
                ("erasure_ids", "=", False),
                ("no_storage_declared", "=", False),
                ("device_state", "in", list(lifecycle.NOT_YET_ERASED)),
            ]
        ).write({"no_storage_declared": True})

    @api.onchange("device_type_id")
    def _onchange_device_type_id_storage(self):
        if self.device_type_id and not self.erasure_ids and self.device_state in lifecycle.NOT_YET_ERASED:
            self.no_storage_declared = not self.device_type_id.has_storage

    def _check_device_transition(self, target):
        result = super()._check_device_transition(target)
        if target in GATED_STATES:
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
        self.write({"no_storage_declared": True})
        return True

    def action_issue_erasure_certificate(self):
        """Issue the certificates of these devices together (one batch, see ``_issue_batch``)."""
        for lot in self:
            if lot.erasure_certificate_id:
                raise UserError(self.env._("Device %s already has a valid erasure certificate.", lot.name))
        return self.env["filiere.erasure.certificate"]._issue_batch(self)

    def action_view_erasures(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("filiere_wipe.filiere_erasure_action")
        action["domain"] = [("lot_id", "=", self.id)]
        action["context"] = {"default_lot_id": self.id, "default_company_id": self.company_id.id}
        return action

    # ------------------------------------------------------------------
    # Spare parts: a harvested disk keeps the erasure gate
    # ------------------------------------------------------------------
    def _filiere_part_release_blockers(self):
        blockers = super()._filiere_part_release_blockers()
        if self.filiere_part_kind in parts.DATA_KINDS and not self._filiere_part_erased():
            blockers.append(
                self.env._(
                    "Disk %(part)s harvested from %(device)s has no successful erasure or destruction: record "
                    "it (on the device, with the disk's serial, or on the part) before the disk leaves.",
                    part=self.name,
                    device=self.filiere_source_lot_id.display_name,
                )
            )
        return blockers

    def _filiere_part_erased(self):
        """The latest erasure record of this disk, on the part itself or on its device under its serial, erased."""
        self.ensure_one()
        serial = self.name.strip().casefold()
        records = self.sudo().erasure_ids | self.sudo().filiere_source_lot_id.erasure_ids.filtered(
            lambda erasure: (erasure.media_serial or "").strip().casefold() == serial
        )
        latest = records.sorted(lambda e: (e.date_end or e.date_start or datetime.min, e.id))[-1:]
        return bool(latest) and latest.is_erased

    def _filiere_dismantle_disk_lines(self):
        """One disk line per medium of the erasure records, with its serial, else the passport's guess."""
        self.ensure_one()
        media = {}
        for erasure in self.erasure_ids.sorted(lambda e: (e.date_end or e.date_start or datetime.min, e.id)):
            media[erasure.media_serial or erasure.device_path or f"#{erasure.id}"] = erasure
        if not media:
            return super()._filiere_dismantle_disk_lines()
        types = dict(self.env["filiere.erasure"]._fields["media_type"]._description_selection(self.env))
        lines = []
        for erasure in media.values():
            words = [types.get(erasure.media_type) or "", erasure.media_model or ""]
            if erasure.media_size_gb:
                size = f"{erasure.media_size_gb:g}"
                words.append(self.env._("%s GB", size))
            lines.append(
                {
                    "kind": "disk",
                    "serial": erasure.media_serial or "",
                    "description": " ".join(word for word in words if word),
                }
            )
        return lines

    @api.model
    def _snapshot_devices_by_disks(self, disk_serials):
        """A hardware snapshot without computer serial also finds the device its disk was erased on."""
        lots = super()._snapshot_devices_by_disks(disk_serials)
        if lots:
            return lots
        return (
            self.env["filiere.erasure"].search([("media_serial", "in", disk_serials), ("lot_id", "!=", False)]).lot_id
        )

    # Scan station (filiere_reemploi): declare a batch without storage, issue its certificates, show
    # the erasure status
    # ------------------------------------------------------------------
    def _filiere_scan_actions(self):
        actions = super()._filiere_scan_actions()
        ordered = {}
        for key, label in actions.items():
            ordered[key] = label
            if key == "pass_checklist":
                ordered["no_storage"] = self.env._("Declare no storage")
        ordered.setdefault("no_storage", self.env._("Declare no storage"))
        # A batch erased together gets its certificates together (the gate is checked per device).
        ordered["issue_certificate"] = self.env._("Issue the certificates")
        return ordered

    def _filiere_scan_do_no_storage(self, params):
        self.action_declare_no_storage()

    def _filiere_scan_do_issue_certificate(self, params):
        self.action_issue_erasure_certificate()

    def _filiere_scan_card(self):
        cards = super()._filiere_scan_card()
        statuses = dict(self._fields["erasure_status"]._description_selection(self.env))
        for lot, card in zip(self, cards, strict=True):
            card["erasure"] = statuses.get(lot.erasure_status, "")
        return cards
