import base64

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date

from ..lib import attestation, certificate_pdf

# Devices read at a time for a donation's attestation (memory stays that of this many).
ROW_CHUNK = 1000


class FiliereDonation(models.Model):
    _inherit = "filiere.donation"

    erasure_erased_count = fields.Integer("Devices erased", compute="_compute_erasure_counts")
    erasure_destroyed_count = fields.Integer("Media destroyed", compute="_compute_erasure_counts")
    erasure_no_storage_count = fields.Integer("Without storage medium", compute="_compute_erasure_counts")
    erasure_pending_count = fields.Integer(
        "Erasures pending",
        compute="_compute_erasure_counts",
        help="Devices not yet certified erased or destroyed, failed erasures included.",
    )

    def _compute_erasure_counts(self):
        rows = self._erasure_rows()
        for donation in self:
            counts = attestation.count_statuses(row["status"] for row in rows[donation.id])
            donation.erasure_erased_count = counts[attestation.ERASED]
            donation.erasure_destroyed_count = counts[attestation.DESTROYED]
            donation.erasure_no_storage_count = counts[attestation.NO_STORAGE]
            donation.erasure_pending_count = counts["incomplete"]

    def _erasure_rows(self):
        """Donation id -> one dict per device, by serial number (see ``_iter_erasure_rows``)."""
        rows = {donation.id: [] for donation in self}
        for row in self._iter_erasure_rows():
            rows[row["donation_id"]].append(row)
        return rows

    def _iter_erasure_rows(self, chunk=ROW_CHUNK):
        """One dict per device of these donations, by serial number: serial, type, erasure status,
        valid certificate (number, date), attestation status, NIST category, below the agreed one.

        Plain values, read ``chunk`` devices at a time and each chunk dropped from the cache before
        the next: a donation of 6,000 devices takes the memory of 1,000, in a few queries per chunk.
        """
        standards = {donation.id: donation.erasure_commitment and donation.erasure_standard for donation in self}
        lot_ids = self.env["stock.lot"].search([("donation_id", "in", self.ids)], order="name, id").ids
        for start in range(0, len(lot_ids), chunk):
            lots = self.env["stock.lot"].browse(lot_ids[start : start + chunk])
            certificates = self.env["filiere.erasure.certificate"].search_fetch(
                [("lot_id", "in", lots.ids), ("donation_id", "in", self.ids), ("state", "=", "valid")],
                ["lot_id", "name", "result", "issue_date", "erasure_ids"],
            )
            by_lot = {certificate.lot_id.id: certificate for certificate in certificates}
            for lot in lots:
                certificate = by_lot.get(lot.id)
                status = attestation.row_status(certificate.result if certificate else None, lot.erasure_status)
                category = certificate and attestation.device_category(
                    (erasure.media_serial or erasure.device_path or erasure.id, erasure.nist_category)
                    for erasure in certificate.erasure_ids
                )
                yield {
                    "donation_id": lot.donation_id.id,
                    "serial": lot.name,
                    "type": lot.device_type_id.name or "",
                    "erasure_status": lot.erasure_status,
                    "certificate": certificate.name if certificate else False,
                    "certificate_date": certificate.issue_date.date() if certificate else False,
                    "status": status,
                    "category": category or None,
                    "below": status in (attestation.ERASED, attestation.DESTROYED)
                    and attestation.below_agreed(category, standards[lot.donation_id.id]),
                }
            erasures = certificates.erasure_ids | lots.erasure_ids
            for records in (lots, certificates, erasures):
                records.invalidate_recordset()

    def _attestation_data(self):
        """What the attestation states, in the environment's language."""
        self.ensure_one()
        categories = dict(self.env["filiere.erasure"]._fields["nist_category"]._description_selection(self.env))
        standards = dict(self._fields["erasure_standard"]._description_selection(self.env))
        agreed = standards.get(self.erasure_standard, "")
        words = self._attestation_status_words()
        waiting = self.env._("Pending: erased, certificate not issued yet")
        dates = {}
        lines, statuses, below, highlight = [], [], [], []
        for index, row in enumerate(self._iter_erasure_rows()):
            method = categories.get(row["category"], "") if row["category"] else ""
            if row["below"]:
                method = self.env._("%(method)s – below the agreed %(agreed)s", method=method, agreed=agreed)
                below.append(row["serial"])
            status = words[row["status"]]
            if row["status"] == attestation.PENDING and row["erasure_status"] == "erased":
                status = waiting
            day = row["certificate_date"]
            if day and day not in dates:
                dates[day] = format_date(self.env, day)
            lines.append(
                (row["serial"], row["type"], status, row["certificate"] or "—", method, dates[day] if day else "")
            )
            statuses.append(row["status"])
            if row["status"] not in attestation.FINAL or row["below"]:
                highlight.append(index)
        counts = attestation.count_statuses(statuses)
        return {
            "structure": self.company_id.name,
            "structure_address": ", ".join(
                filter(
                    None,
                    [self.company_id.street, " ".join(filter(None, [self.company_id.zip, self.company_id.city]))],
                )
            ),
            "donor": self.partner_id.name,
            "donation": self.name,
            "date": format_date(self.env, fields.Date.context_today(self)),
            "notices": self._attestation_notices(counts, below, agreed),
            "statements": self._attestation_statements(counts),
            "lines": lines,
            "highlight": highlight,
            "totals": [
                (self.env._("Devices"), len(lines)),
                (words[attestation.ERASED], counts[attestation.ERASED]),
                (words[attestation.DESTROYED], counts[attestation.DESTROYED]),
                (words[attestation.NO_STORAGE], counts[attestation.NO_STORAGE]),
                (self.env._("Erasure failed"), counts[attestation.FAILED]),
                (words[attestation.PENDING], counts[attestation.PENDING]),
                (self.env._("Below the agreed method (%s)", agreed), len(below)),
            ],
            "signatory": self.user_id.name or "",
        }

    def _attestation_status_words(self):
        return {
            attestation.ERASED: self.env._("Erased"),
            attestation.DESTROYED: self.env._("Storage media destroyed"),
            attestation.NO_STORAGE: self.env._("Holds no storage medium"),
            attestation.FAILED: self.env._("Failed: to be erased again or destroyed"),
            attestation.PENDING: self.env._("Pending"),
        }

    def _attestation_notices(self, counts, below, agreed):
        """The warnings printed on the face of the attestation, in red."""
        notices = []
        if counts["incomplete"]:
            notices.append(
                self.env._(
                    "Partial attestation: %s devices still pending. They are not covered by this attestation.",
                    counts["incomplete"],
                )
            )
        if below:
            notices.append(
                self.env._(
                    "%(count)s devices were erased with a method below the one agreed in the donation agreement "
                    "(%(agreed)s): %(devices)s.",
                    count=len(below),
                    agreed=agreed,
                    devices=", ".join(below),
                )
            )
        return notices

    def _attestation_statements(self, counts):
        """What the structure attests: one sentence per status present, none for what did not happen."""
        statements = [
            self.env._(
                "The structure states below, device by device, what became of the data of the devices given "
                "under this agreement."
            )
        ]
        if counts[attestation.ERASED]:
            statements.append(
                self.env._(
                    "Devices marked 'Erased' (%s): their data has been erased with a NIST SP 800-88 method; "
                    "each has a certificate that can be checked online with its verification code.",
                    counts[attestation.ERASED],
                )
            )
        if counts[attestation.DESTROYED]:
            statements.append(
                self.env._(
                    "Devices marked 'Storage media destroyed' (%s): their storage media have been physically "
                    "destroyed.",
                    counts[attestation.DESTROYED],
                )
            )
        if counts[attestation.NO_STORAGE]:
            statements.append(
                self.env._(
                    "Devices marked 'Holds no storage medium' (%s): they hold no data.",
                    counts[attestation.NO_STORAGE],
                )
            )
        if counts["incomplete"]:
            statements.append(
                self.env._(
                    "Devices marked 'Pending' or 'Failed' (%s): their data has not been erased yet.",
                    counts["incomplete"],
                )
            )
        return statements

    def _render_erasure_attestation(self):
        self.ensure_one()
        donation = self.with_context(lang=self.partner_id.lang or self.env.lang)
        labels = {
            "title": donation.env._("Data erasure attestation"),
            "intro": "",
            "donor": donation.env._("Donor"),
            "donation": donation.env._("Donation agreement"),
            "date": donation.env._("Date"),
            "columns": [
                donation.env._("Serial number"),
                donation.env._("Type"),
                donation.env._("Status"),
                donation.env._("Certificate"),
                donation.env._("Method"),
                donation.env._("Date"),
            ],
            "signature": donation.env._("For the structure, signature:"),
            "page": donation.env._("Page"),
        }
        return certificate_pdf.render_attestation(donation._attestation_data(), labels)

    def _erasure_attestation_attachment(self):
        self.ensure_one()
        return self.env["ir.attachment"].create(
            {
                "name": self.env._("Erasure attestation %s.pdf", self.name.replace("/", "-")),
                "datas": base64.b64encode(self._render_erasure_attestation()),
                "res_model": self._name,
                "res_id": self.id,
                "mimetype": "application/pdf",
            }
        )

    def action_print_erasure_attestation(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": f"/filiere/donation/{self.id}/erasure_attestation",
            "target": "new",
        }

    def action_issue_erasure_certificates(self):
        """Issue at once the certificates of the donation's devices whose erasure is done (or that
        hold no storage) and have none yet, then print all its certificates in one PDF."""
        self.ensure_one()
        lots = self.env["stock.lot"].search([("donation_id", "=", self.id)])
        ready = lots.filtered(
            lambda lot: not lot.erasure_certificate_id and lot.erasure_status in ("erased", "no_storage")
        )
        if ready:
            ready.action_issue_erasure_certificate()
        return self.action_print_erasure_certificates()

    def _erasure_certificates(self):
        """The valid certificates of the donation's devices, by serial number."""
        self.ensure_one()
        certificates = self.env["filiere.erasure.certificate"].search(
            [("donation_id", "=", self.id), ("state", "=", "valid")]
        )
        return certificates.sorted(lambda certificate: (certificate.lot_id.name or "", certificate.id))

    def action_print_erasure_certificates(self):
        """All the donation's valid certificates in one PDF, to print."""
        self.ensure_one()
        if not self._erasure_certificates():
            raise UserError(self.env._("No erasure certificate has been issued for donation %s yet.", self.name))
        return {
            "type": "ir.actions.act_url",
            "url": f"/filiere/donation/{self.id}/erasure_certificates",
            "target": "new",
        }

    def action_send_erasure_attestation(self):
        """Open the mail composer with the attestation; while devices are pending, ask first."""
        self.ensure_one()
        pending = self.erasure_pending_count
        if pending:
            wizard = self.env["filiere.erasure.attestation.confirm"].create({"donation_id": self.id})
            return {
                "type": "ir.actions.act_window",
                "name": self.env._("Send a partial attestation?"),
                "res_model": wizard._name,
                "res_id": wizard.id,
                "view_mode": "form",
                "target": "new",
            }
        return self._erasure_attestation_composer()

    def _erasure_attestation_composer(self):
        """The mail composer with the template and the attestation attached (partial or not, as it says)."""
        self.ensure_one()
        attachment = self._erasure_attestation_attachment()
        template = self.env.ref("filiere_wipe.mail_template_erasure_attestation")
        return {
            "type": "ir.actions.act_window",
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_model": self._name,
                "default_res_ids": self.ids,
                "default_template_id": template.id,
                "default_composition_mode": "comment",
                "default_attachment_ids": [fields.Command.set(attachment.ids)],
            },
        }
