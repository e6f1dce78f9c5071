import base64
import hashlib

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression

from ..lib import nwipe

MEDIA_TYPES = [("hdd", "HDD"), ("ssd", "SATA SSD"), ("nvme", "NVMe"), ("emmc", "eMMC"), ("other", "Other")]
NIST_CATEGORIES = [("clear", "Clear"), ("purge", "Purge"), ("destroy", "Destroy")]
RESULTS = [("success", "Success"), ("failed", "Failed"), ("aborted", "Aborted"), ("to_review", "To review")]


class FiliereErasure(models.Model):
    """The sanitization record of one storage medium (NIST SP 800-88 §4.7)."""

    _name = "filiere.erasure"
    _description = "Data erasure record"
    _order = "date_end desc, id desc"
    _check_company_auto = True

    lot_id = fields.Many2one(
        "stock.lot", "Device", index=True, check_company=True, help="Empty while the record waits to be matched."
    )
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    donation_id = fields.Many2one(related="lot_id.donation_id", store=True)
    match_state = fields.Selection(
        [("to_match", "To match"), ("matched", "Matched")], compute="_compute_match_state", store=True
    )
    media_manufacturer = fields.Char("Media manufacturer")
    media_model = fields.Char("Media model")
    media_serial = fields.Char("Media serial number", index=True)
    media_type = fields.Selection(MEDIA_TYPES)
    media_size_gb = fields.Float("Size (GB)", digits=(16, 1))
    device_path = fields.Char(help="Name of the disk in the erasure tool, e.g. /dev/sda.")
    system_serial = fields.Char(help="Serial number of the computer read by the erasure tool.")
    nist_category = fields.Selection(NIST_CATEGORIES, "NIST SP 800-88 category", required=True)
    method = fields.Char(required=True, help="E.g. DoD Short, PRNG Stream, ATA Secure Erase, shredding.")
    tool = fields.Char(help="E.g. nwipe 0.37, ShredOS, KillDisk, Blancco, BIOS secure erase, shredder.")
    tool_version = fields.Char()
    rounds = fields.Integer()
    verification = fields.Selection([("none", "None"), ("last", "Last pass"), ("all", "All passes")], default="none")
    date_start = fields.Datetime("Start")
    date_end = fields.Datetime("End", default=fields.Datetime.now)
    duration_seconds = fields.Integer("Duration (s)")
    result = fields.Selection(RESULTS, required=True, default="success")
    pass_errors = fields.Integer()
    verify_errors = fields.Integer("Verification errors")
    review_reason = fields.Char(
        "Why not erased", readonly=True, help="Why the imported report does not prove that this medium was erased."
    )
    evidence_line = fields.Char(
        "Deciding line", readonly=True, help="The line of the imported report that decided the result."
    )
    operator_id = fields.Many2one("res.users", "Performed by", default=lambda self: self.env.user)
    verifier_id = fields.Many2one("res.users", "Verified by")
    place = fields.Char()
    media_destination = fields.Selection(
        [("reuse", "Reuse"), ("destroyed", "Destroyed"), ("recycled", "Recycled")], default="reuse"
    )
    report_attachment_id = fields.Many2one("ir.attachment", "Raw report", readonly=True)
    report_status = fields.Selection(
        [
            ("none", "No report"),
            ("open", "Not certified yet"),
            ("intact", "Intact"),
            ("altered", "Altered"),
        ],
        compute="_compute_report_status",
        help="Locked as evidence when a certificate is issued; altered when the file no longer has the SHA-256 "
        "taken then.",
    )
    report_format = fields.Selection(
        [("log", "nwipe log"), ("pdf", "nwipe PDF certificate"), ("json", "nwipe JSON report (provisional)")],
        readonly=True,
    )
    report_runs = fields.Text(
        "Runs in the report",
        readonly=True,
        help="Each run of the imported report on this medium: start, method, result.",
    )
    evidence_attachment_ids = fields.One2many(
        "ir.attachment",
        "res_id",
        "Evidence files",
        domain=[("res_model", "=", "filiere.erasure")],
        readonly=True,
        help="The imported reports of this medium, e.g. the nwipe log and its PDF certificate.",
    )
    import_key = fields.Char(readonly=True, copy=False, index=True, help="Report digest and disk: one import only.")
    certificate_ids = fields.Many2many(
        "filiere.erasure.certificate",
        "filiere_erasure_certificate_rel",
        "erasure_id",
        "certificate_id",
        string="Certificates",
        readonly=True,
    )
    is_erased = fields.Boolean(compute="_compute_is_erased", help="Successful Clear or Purge, or a destruction.")

    _sql_constraints = [("import_key_unique", "unique(import_key)", "This disk of this report is already imported.")]

    @api.depends("lot_id")
    def _compute_match_state(self):
        for erasure in self:
            erasure.match_state = "matched" if erasure.lot_id else "to_match"

    @api.depends("nist_category", "result")
    def _compute_is_erased(self):
        for erasure in self:
            erasure.is_erased = erasure.result == "success"

    def _evidence_files(self):
        """The files behind these records: each raw report and the other files of its import (a PDF certificate)."""
        return (self.report_attachment_id | self.evidence_attachment_ids).sudo()

    @api.depends("report_attachment_id.filiere_locked", "report_attachment_id.filiere_sha256")
    def _compute_report_status(self):
        for erasure in self:
            attachment = erasure.report_attachment_id.sudo()
            if not attachment:
                erasure.report_status = "none"
            elif not attachment.filiere_locked:
                erasure.report_status = "open"
            else:
                erasure.report_status = "intact" if attachment._filiere_intact() else "altered"

    @api.depends("lot_id", "media_model", "media_serial", "device_path")
    def _compute_display_name(self):
        for erasure in self:
            medium = erasure.media_serial or erasure.device_path or erasure.media_model or str(erasure.id)
            erasure.display_name = f"{erasure.lot_id.name or '?'} / {medium}"

    # ------------------------------------------------------------------
    # Certified records cannot change, whoever asks.
    # ------------------------------------------------------------------
    def _check_not_certified(self):
        certified = self.filtered("certificate_ids")
        if certified:
            raise UserError(
                self.env._(
                    "Erasure records covered by a certificate cannot be changed or deleted (%s). "
                    "Cancel the certificate with a reason and record a new erasure instead.",
                    ", ".join(certified.mapped("display_name")),
                )
            )

    def write(self, vals):
        self._check_not_certified()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_certified(self):
        self._check_not_certified()

    def _check_report_intact(self):
        """Refuse to hand out a raw report that no longer is the file certified."""
        self.ensure_one()
        if self.report_status == "altered":
            raise UserError(
                self.env._(
                    "The raw report %(file)s of %(record)s has been altered since its certificate was issued: "
                    "it is not the certified file.",
                    file=self.report_attachment_id.sudo().name,
                    record=self.display_name,
                )
            )

    def action_download_report(self):
        """Download the raw report, checked against the SHA-256 certified."""
        self.ensure_one()
        if not self.report_attachment_id:
            raise UserError(self.env._("%s has no raw report.", self.display_name))
        self._check_report_intact()
        return {"type": "ir.actions.act_url", "url": f"/filiere/erasure/{self.id}/report", "target": "self"}

    def action_assign_device(self, lot):
        """Match records of the 'to match' list to a device."""
        self.write({"lot_id": lot.id, "company_id": lot.company_id.id})
        return True

    # ------------------------------------------------------------------
    # Import of erasure-tool reports
    # ------------------------------------------------------------------
    @api.model
    def import_report(self, content, filename, lot=None):
        """Create one record per disk of an nwipe log, PDF certificate or JSON report and return them.

        The disks are matched to devices by the computer's serial number or by a disk
        serial already known; the others wait in the 'to match' list. An unreadable
        report raises a UserError and creates nothing; a report imported twice creates
        nothing new. The log is the richer record: the PDF certificate of a disk already
        imported from its log is only attached to that record, and a log imported after the
        PDF replaces the values the PDF gave (unless a certificate covers them already).

        ``lot``, the device the report was imported from, takes the disks the report does not tie
        to another device; a report whose computer serial number is another device's is refused.
        """
        return self._import_report(content, filename, lot=lot)["records"]

    def _import_report(self, content, filename, lot=None):
        """``import_report``: ``records`` as it returns them, and among them the ``created`` ones."""
        try:
            report = nwipe.parse_report(content, filename)
        except nwipe.ReportError as exc:
            raise UserError(self._report_error_message(filename, exc)) from exc
        if lot:
            self._check_report_device(report, lot, filename)
        digest = hashlib.sha256(content).hexdigest()
        # "key" tells apart two disks shown under the same name in appended runs (/dev/sda#2).
        keys = {disk["key"]: f"{digest}:{disk['key']}" for disk in report["disks"]}
        known = self.search([("import_key", "in", list(keys.values()))])
        already = set(self.sudo().search([("import_key", "in", list(keys.values()))]).mapped("import_key"))
        disks = [disk for disk in report["disks"] if keys[disk["key"]] not in already]
        result = {"records": self.browse(), "created": self.browse()}
        if lot:
            # Imported earlier, still waiting in the 'to match' list: this device is theirs.
            unmatched = known.filtered(lambda erasure: not erasure.lot_id)
            unmatched.action_assign_device(lot)
            result["records"] |= unmatched
        if not disks:
            return result
        name = filename or {"pdf": "nwipe_report.pdf", "json": "nwipe_report.json"}.get(report["format"], "nwipe.log")
        if report["format"] == "pdf":
            paired = self._paired_records(disks, "log")
            records = self._attach_evidence(paired.values(), content, name)
            if lot:
                records.filtered(lambda erasure: not erasure.lot_id).action_assign_device(lot)
            result["records"] |= records
            disks = [disk for disk in disks if disk["key"] not in paired]
            if not disks:
                return result
        records = result["records"]
        attachment = self.env["ir.attachment"].create(
            {"name": name, "datas": base64.b64encode(content), "res_model": self._name}
        )
        lots = self._match_devices(report["system"].get("serial"), [disk["serial"] for disk in disks])
        if lot:
            lots[None] = lot
        if report["format"] == "log":
            # The PDF gave fewer facts than the log of the same run: the log values replace them.
            for key, record in self._paired_records(disks, "pdf").items():
                disk = next(disk for disk in disks if disk["key"] == key)
                values = self._report_disk_values(report, disk, keys[key], attachment, lots)
                if record.lot_id:
                    del values["lot_id"]
                del values["company_id"]
                record.write(values)
                records |= record
                disks.remove(disk)
        vals_list = [self._report_disk_values(report, disk, keys[disk["key"]], attachment, lots) for disk in disks]
        created = self.create(vals_list)
        attachment.res_id = (created or records)[:1].id
        # Every record of the report keeps the file among its evidence, not only the first one.
        self._attach_evidence(records | created, content, name)
        return {"records": records | created, "created": created}

    def _check_report_device(self, report, lot, filename):
        """Refuse, from a device's form, a report whose computer serial number names another device."""
        serial = report["system"].get("serial")
        if not serial or serial == lot.name:
            return
        other = self.env["stock.lot"].search([("name", "=", serial), ("is_device", "=", True)], limit=2)
        if len(other) == 1 and other != lot:
            raise UserError(
                self.env._(
                    "The report %(file)s was not imported: it is the erasure of the computer with serial number "
                    "%(serial)s, which is device %(other)s, not %(device)s. Import it from that device's form "
                    "or from the list of erasures.",
                    file=filename,
                    serial=serial,
                    other=other.display_name,
                    device=lot.display_name,
                )
            )

    def _medium_domain(self, disk):
        """Records of the same medium: by serial number, else by its name and model in the tool."""
        if disk["serial"]:
            return [("media_serial", "=", disk["serial"])]
        if disk["device"]:
            return [
                ("media_serial", "=", False),
                ("device_path", "=", disk["device"]),
                ("media_model", "=", disk["model"] or False),
            ]
        if disk["model"]:
            # The system report names no device: the model and the start time must do.
            return [("media_serial", "=", False), ("media_model", "=", disk["model"])]
        return None

    def _paired_records(self, disks, report_format):
        """Records imported from a report of the other kind for the same run of the same disk.

        nwipe writes the same start time (to the second) in the log and in the PDF of a run.
        Certified records are left alone: a log imported after their certificate creates its own.
        """
        wanted = [(disk, self._medium_domain(disk)) for disk in disks]
        wanted = [(disk, domain) for disk, domain in wanted if domain and any(r.get("start") for r in disk["runs"])]
        if not wanted:
            return {}
        domain = expression.AND(
            [expression.OR([domain for _disk, domain in wanted]), [("report_format", "=", report_format)]]
        )
        candidates = self.search(domain, order="id desc")
        paired = {}
        for disk, _domain in wanted:
            starts = {run["start"] for run in disk["runs"] if run.get("start")}
            for record in candidates:
                same = (record.media_serial or False) == (disk["serial"] or False) and (
                    disk["serial"]
                    or (record.device_path, record.media_model or None) == (disk["device"], disk["model"])
                    or (not disk["device"] and record.media_model == disk["model"])
                )
                if not same or record in paired.values():
                    continue
                if report_format == "pdf" and (record.certificate_ids or record.date_start not in starts):
                    continue
                if report_format == "log" and not starts & record._run_starts():
                    continue
                paired[disk["key"]] = record
                break
        return paired

    def _run_starts(self):
        self.ensure_one()
        starts = set()
        for line in (self.report_runs or "").splitlines():
            try:
                starts.add(fields.Datetime.to_datetime(line[:19]))
            except ValueError:
                continue
        return starts

    def _attach_evidence(self, records, content, name):
        """Attach a report file to records as evidence, once per record."""
        records = self.browse([record.id for record in records])
        checksum = hashlib.sha1(content).hexdigest()  # ir.attachment's own checksum
        Attachment = self.env["ir.attachment"]
        known = Attachment.search(
            [("res_model", "=", self._name), ("res_id", "in", records.ids), ("checksum", "=", checksum)]
        )
        for record in records - self.browse(known.mapped("res_id")):
            Attachment.create(
                {"name": name, "datas": base64.b64encode(content), "res_model": self._name, "res_id": record.id}
            )
        return records

    def _match_devices(self, system_serial, disk_serials):
        """Devices by system serial (key None), else by disk serials: those listed on a device by
        a hardware snapshot, then those known from earlier erasure records."""
        lots = {}
        if system_serial:
            lot = self.env["stock.lot"].search([("name", "=", system_serial), ("is_device", "=", True)], limit=2)
            if len(lot) == 1:
                lots[None] = lot
        known = [serial for serial in disk_serials if serial]
        if known:
            for disk in self.env["filiere.device.disk"].search([("serial", "in", known)]):
                lots.setdefault(disk.serial, disk.lot_id)
            for erasure in self.search([("media_serial", "in", known), ("lot_id", "!=", False)], order="id"):
                lots.setdefault(erasure.media_serial, erasure.lot_id)
        return lots

    def _report_disk_values(self, report, disk, import_key, attachment, lots):
        lot = lots.get(None) or lots.get(disk["serial"]) or self.env["stock.lot"]
        category = disk["nist_category"] if disk["nist_category"] in ("clear", "purge") else "clear"
        result = {"review": "to_review"}.get(disk["result"], disk["result"])
        if disk["nist_category"] == "verify" and result == "success":
            # A verification pass proves the disk is blank but erases nothing: not an erasure on its own.
            result = "to_review"
        return {
            "lot_id": lot.id,
            "company_id": (lot.company_id or self.env.company).id,
            "media_model": disk["model"],
            "media_serial": disk["serial"],
            "media_size_gb": round((disk["size_bytes"] or 0) / 1e9, 1),
            "device_path": disk["device"],
            "system_serial": report["system"].get("serial"),
            "nist_category": category,
            "method": disk["method"] or "?",
            # ShredOS runs nwipe under its own banner: "nwipe (ShredOS v2024.11_27_x86-64_0.38)".
            "tool": f"{report['tool']} ({report['platform']})" if report.get("platform") else report["tool"],
            "tool_version": report["tool_version"],
            "rounds": disk["rounds"] or 0,
            "verification": disk["verification"] or "none",
            "date_start": disk["start"],
            "date_end": disk["end"],
            "duration_seconds": disk["duration_seconds"] or 0,
            "result": result,
            "pass_errors": disk["pass_errors"],
            "verify_errors": disk["verify_errors"],
            "review_reason": self._review_reason(disk.get("review_code")),
            "evidence_line": (disk.get("evidence_line") or "")[:500] or False,
            "report_attachment_id": attachment.id,
            "report_format": report["format"],
            "report_runs": "\n".join(
                f"{fields.Datetime.to_string(run['start']) if run.get('start') else '?':19} "
                f"{run.get('method') or '?'}: {run.get('result')}"
                for run in disk.get("runs") or []
            )
            or False,
            "import_key": import_key,
        }

    def _review_reason(self, code):
        """The translated reason of nwipe.REASONS for a disk the report does not show as erased."""
        if not code:
            return False
        reasons = {
            "status": self.env._("nwipe's status for this disk is not Erased"),
            "signal": self.env._("nwipe was stopped by a signal during the wipe"),
            "no_end": self.env._("the log shows no end of the wipe of this disk"),
            "error_line": self.env._("an error line names this disk during its wipe"),
            "unattributed_error": self.env._("an error line of this run names no disk: which one failed is unknown"),
            "cut_run": self.env._("this run stops before its result"),
            "verify_only": self.env._("only a verification run: it shows the disk reads back blank, it erases nothing"),
            "later_run_failed": self.env._("a later run on this disk failed"),
            "later_run_unfinished": self.env._("a later run on this disk did not finish"),
            "unknown_method": self.env._("the log does not name the wipe method"),
            "json_status": self.env._("the JSON report does not say success"),
            "pdf_status": self.env._("the certificate does not say ERASED"),
            "pdf_errors": self.env._("the certificate says ERASED but counts errors"),
            "pdf_rounds": self.env._("fewer rounds completed than requested"),
        }
        return reasons.get(code, nwipe.REASONS.get(code, code))

    def _report_error_message(self, filename, exc):
        reasons = {
            "empty": self.env._("the file is empty"),
            "binary": self.env._("the file is binary, not a text log"),
            "truncated": self.env._("the log is cut off before its final Drive Status table"),
            "unrecognised": self.env._(
                "it is neither an nwipe log, nor an nwipe PDF certificate, nor an nwipe JSON report"
            ),
            "json": self.env._("the JSON report is malformed or lacks its device or result"),
            "pdf": self.env._("the PDF cannot be read"),
        }
        return self.env._(
            "The erasure report %(file)s was not imported, nothing was created: %(reason)s.",
            file=filename,
            reason=reasons.get(exc.code, exc.code) + (f" ({exc.detail})" if exc.detail else ""),
        )
