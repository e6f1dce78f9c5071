import base64

from odoo import fields, models
from odoo.tools import format_date

from ..lib import certificate_pdf


class FiliereDonation(models.Model):
    _inherit = "filiere.donation"

    erasure_erased_count = fields.Integer("Devices erased", compute="_compute_erasure_counts")
    erasure_destroyed_count = fields.Integer("Media destroyed", compute="_compute_erasure_counts")
    erasure_pending_count = fields.Integer("Erasures pending", compute="_compute_erasure_counts")

    def _compute_erasure_counts(self):
        groups = self.env["filiere.erasure.certificate"]._read_group(
            [("donation_id", "in", self.ids), ("state", "=", "valid")], ["donation_id", "result"], ["__count"]
        )
        counts = {(donation.id, result): count for donation, result, count in groups}
        for donation in self:
            certified = sum(count for (donation_id, _result), count in counts.items() if donation_id == donation.id)
            donation.erasure_erased_count = counts.get((donation.id, "erased"), 0)
            donation.erasure_destroyed_count = counts.get((donation.id, "destroyed"), 0)
            donation.erasure_pending_count = donation.device_count - certified

    def _attestation_data(self):
        self.ensure_one()
        certificates = self.env["filiere.erasure.certificate"].search(
            [("donation_id", "=", self.id), ("state", "=", "valid")]
        )
        by_lot = {certificate.lot_id.id: certificate for certificate in certificates}
        result_labels = dict(certificates._fields["result"]._description_selection(self.env))
        lots = self.env["stock.lot"].search([("donation_id", "=", self.id)], order="name")
        pending = self.env._("Pending")
        lines = []
        for lot in lots:
            certificate = by_lot.get(lot.id)
            lines.append(
                (
                    lot.name,
                    lot.device_type_id.name or "",
                    certificate.name if certificate else "—",
                    result_labels.get(certificate.result) if certificate else pending,
                    format_date(self.env, certificate.issue_date.date()) if certificate else "",
                )
            )
        erased = sum(1 for certificate in certificates if certificate.result in ("erased", "no_storage"))
        destroyed = sum(1 for certificate in certificates if certificate.result == "destroyed")
        return {
            "structure": self.company_id.name,
            "structure_address": ", ".join(
                filter(None, [self.company_id.street, self.company_id.zip, self.company_id.city])
            ),
            "donor": self.partner_id.name,
            "donation": self.name,
            "date": format_date(self.env, fields.Date.context_today(self)),
            "lines": lines,
            "totals": [
                (self.env._("Devices"), len(lots)),
                (self.env._("Erased"), erased),
                (self.env._("Destroyed"), destroyed),
                (self.env._("Pending"), len(lots) - erased - destroyed),
            ],
            "signatory": self.user_id.name or "",
        }

    def _render_erasure_attestation(self):
        self.ensure_one()
        donation = self.with_context(lang=self.partner_id.lang or self.env.lang)
        labels = {
            "title": donation.env._("Data erasure attestation"),
            "intro": donation.env._(
                "The structure attests that the data of the devices below, given under this agreement, "
                "was erased with a certified method (NIST SP 800-88) or that their storage media were destroyed. "
                "Each certificate can be checked online with its verification code."
            ),
            "donor": donation.env._("Donor"),
            "donation": donation.env._("Donation agreement"),
            "date": donation.env._("Date"),
            "columns": [
                donation.env._("Serial number"),
                donation.env._("Type"),
                donation.env._("Certificate"),
                donation.env._("Result"),
                donation.env._("Date"),
            ],
            "signature": donation.env._("For the structure, signature:"),
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

    def action_send_erasure_attestation(self):
        """Open the mail composer with the template and the attestation attached."""
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
