import json
import secrets

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date, format_datetime

from ..lib import certificate_pdf

# What an erasure proves; names and places may be corrected later without altering it.
ERASURE_FACTS = (
    "serial",
    "model",
    "nist_category",
    "method",
    "rounds",
    "verification",
    "result",
    "errors",
    "start",
    "end",
)


class FiliereErasureCertificate(models.Model):
    """A device's erasure certificate: numbered per structure, hashed, immutable once issued."""

    _name = "filiere.erasure.certificate"
    _description = "Data erasure certificate"
    _order = "issue_date desc, id desc"
    _check_company_auto = True

    name = fields.Char("Number", required=True, readonly=True, copy=False)
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    lot_id = fields.Many2one("stock.lot", "Device", required=True, readonly=True, index=True, check_company=True)
    donation_id = fields.Many2one(related="lot_id.donation_id", store=True)
    device_type_id = fields.Many2one(related="lot_id.device_type_id")
    erasure_ids = fields.Many2many(
        "filiere.erasure",
        "filiere_erasure_certificate_rel",
        "certificate_id",
        "erasure_id",
        string="Erasure records",
        readonly=True,
    )
    issue_date = fields.Datetime(required=True, readonly=True, default=fields.Datetime.now)
    issued_by_id = fields.Many2one("res.users", readonly=True, default=lambda self: self.env.user)
    state = fields.Selection([("valid", "Valid"), ("cancelled", "Cancelled")], default="valid", readonly=True)
    result = fields.Selection(
        [("erased", "Erased"), ("destroyed", "Destroyed"), ("no_storage", "No storage")], readonly=True
    )
    verification_code = fields.Char(readonly=True, copy=False, index=True)
    content = fields.Text("Certified content", readonly=True, help="Canonical JSON of what the certificate states.")
    content_hash = fields.Char("SHA-256", readonly=True)
    cancel_reason = fields.Text(readonly=True)
    cancel_date = fields.Datetime(readonly=True)
    cancelled_by_id = fields.Many2one("res.users", readonly=True)
    replaced_by_id = fields.Many2one("filiere.erasure.certificate", readonly=True)
    replaces_id = fields.Many2one("filiere.erasure.certificate", readonly=True)

    _sql_constraints = [
        ("verification_code_unique", "unique(verification_code)", "Verification codes are unique."),
        ("name_company_unique", "unique(name, company_id)", "Certificate numbers are unique per structure."),
    ]

    # ------------------------------------------------------------------
    # Issue
    # ------------------------------------------------------------------
    @api.model
    def _issue_for(self, lot, replaces=None):
        """Issue the certificate of a device whose erasure gate is passed."""
        lot._check_erasure_gate()
        erasures = lot.erasure_ids.filtered("is_erased")
        values = {
            "name": self._next_number(lot.company_id),
            "company_id": lot.company_id.id,
            "lot_id": lot.id,
            "erasure_ids": [fields.Command.set(erasures.ids)],
            "verification_code": secrets.token_hex(8).upper(),
            "issue_date": fields.Datetime.now(),
            "result": self._result_of(lot, erasures),
            "replaces_id": replaces and replaces.id,
        }
        certificate = self.sudo().create(values)
        content = certificate._canonical_content()
        # Content and hash are part of issuance, written once before anyone can read the record.
        models.Model.write(
            certificate,
            {"content": certificate_pdf.canonical_json(content), "content_hash": certificate_pdf.content_hash(content)},
        )
        return certificate.sudo(False)

    @api.model
    def _result_of(self, lot, erasures):
        if not erasures:
            return "no_storage"
        if all(erasure.nist_category == "destroy" for erasure in erasures):
            return "destroyed"
        return "erased"

    @api.model
    def _next_number(self, company):
        sequence = (
            self.env["ir.sequence"]
            .sudo()
            .search([("code", "=", "filiere.erasure.certificate"), ("company_id", "=", company.id)], limit=1)
        )
        if not sequence:
            # One numbering per structure, created at its first certificate.
            sequence = (
                self.env["ir.sequence"]
                .sudo()
                .create(
                    {
                        "name": f"Erasure certificates – {company.name}",
                        "code": "filiere.erasure.certificate",
                        "prefix": "CERT/%(year)s/",
                        "padding": 5,
                        "company_id": company.id,
                    }
                )
            )
        return sequence.next_by_id()

    def _canonical_content(self):
        """What the certificate states, in a stable form (the hash covers exactly this)."""
        self.ensure_one()
        lot = self.lot_id
        media = [
            {
                "manufacturer": erasure.media_manufacturer or "",
                "model": erasure.media_model or "",
                "serial": erasure.media_serial or "",
                "type": erasure.media_type or "",
                "size_gb": erasure.media_size_gb,
                "nist_category": erasure.nist_category,
                "method": erasure.method,
                "tool": " ".join(filter(None, [erasure.tool, erasure.tool_version])),
                "rounds": erasure.rounds,
                "verification": erasure.verification or "",
                "result": erasure.result,
                "errors": erasure.pass_errors + erasure.verify_errors,
                "start": fields.Datetime.to_string(erasure.date_start) or "",
                "end": fields.Datetime.to_string(erasure.date_end) or "",
                "operator": erasure.operator_id.name or "",
                "verifier": erasure.verifier_id.name or "",
                "place": erasure.place or "",
                "destination": erasure.media_destination or "",
            }
            for erasure in self.erasure_ids.sorted("id")
        ]
        return {
            "number": self.name,
            "structure": self.company_id.name,
            "issue_date": fields.Datetime.to_string(self.issue_date),
            "device": {
                "serial": lot.name,
                "type": lot.device_type_id.with_context(lang="en_US").name or "",
                "brand": lot.brand or "",
                "model": lot.model_name or "",
            },
            "donor": lot.donation_id.partner_id.name or "",
            "result": self.result,
            "no_storage_declared": bool(lot.no_storage_declared),
            "media": media,
        }

    def _integrity(self):
        """'intact' or 'altered'.

        The stored hash must match the stored content, and the erasure facts it states must
        still be those of the records (a change made behind the ORM shows here).
        """
        self.ensure_one()
        try:
            stored = json.loads(self.content or "null")
        except ValueError:
            return "altered"
        if not stored or certificate_pdf.content_hash(stored) != self.content_hash:
            return "altered"
        live = self._canonical_content()

        def facts(content):
            media = [{key: medium.get(key) for key in ERASURE_FACTS} for medium in content.get("media", [])]
            return content.get("number"), content.get("device", {}).get("serial"), content.get("result"), media

        return "intact" if facts(stored) == facts(live) else "altered"

    # ------------------------------------------------------------------
    # Immutability: only a cancellation, which issues a new number.
    # ------------------------------------------------------------------
    def write(self, vals):
        if self:
            raise UserError(
                self.env._(
                    "An issued erasure certificate cannot be changed; cancel it with a reason to issue a new one."
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("An erasure certificate cannot be deleted; cancel it with a reason instead."))

    def action_cancel(self, reason):
        """Cancel with a reason; the device gets a new certificate with a new number."""
        self.ensure_one()
        if self.state != "valid":
            raise UserError(self.env._("Certificate %s is already cancelled.", self.name))
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason for cancelling certificate %s.", self.name))
        replacement = self._issue_for(self.lot_id, replaces=self)
        models.Model.write(
            self.sudo(),
            {
                "state": "cancelled",
                "cancel_reason": reason.strip(),
                "cancel_date": fields.Datetime.now(),
                "cancelled_by_id": self.env.uid,
                "replaced_by_id": replacement.id,
            },
        )
        return replacement

    # ------------------------------------------------------------------
    # Documents
    # ------------------------------------------------------------------
    def _verification_url(self):
        base = self.get_base_url()
        return f"{base}/filiere/certificate/{self.verification_code}"

    def _render_pdf(self):
        self.ensure_one()
        lot = self.lot_id
        lang_self = self.with_context(lang=lot.donation_id.partner_id.lang or self.env.lang)
        labels = lang_self._pdf_labels()
        selection = lang_self._selection_labels
        data = {
            "number": self.name,
            "date": format_date(lang_self.env, fields.Datetime.context_timestamp(self, self.issue_date).date()),
            "structure": self.company_id.name,
            "structure_address": ", ".join(
                filter(None, [self.company_id.street, self.company_id.zip, self.company_id.city])
            ),
            "donor": lot.donation_id.partner_id.name or "",
            "device": [
                (
                    labels["device"],
                    f"{lot.name} – {lot.device_type_id.with_context(lang=lang_self.env.lang).name or ''}",
                ),
                (labels["model"], " ".join(filter(None, [lot.brand, lot.model_name]))),
            ],
            "media": [
                {
                    "medium": " ".join(filter(None, [e.media_manufacturer, e.media_model, e.media_serial])) or "—",
                    "category": selection("filiere.erasure", "nist_category", e.nist_category),
                    "method": e.method,
                    "tool": " ".join(filter(None, [e.tool, e.tool_version])),
                    "verification": selection("filiere.erasure", "verification", e.verification),
                    "result": selection("filiere.erasure", "result", e.result),
                    "operator": e.operator_id.name or "",
                    "verifier": e.verifier_id.name or "",
                    "date": format_datetime(lang_self.env, e.date_end) if e.date_end else "",
                }
                for e in self.erasure_ids.sorted("id")
            ],
            "verification_code": self.verification_code,
            "verification_url": self._verification_url(),
            "hash": self.content_hash,
            "cancelled": self.state == "cancelled",
            "note": labels["no_storage"] if self.result == "no_storage" else "",
        }
        return certificate_pdf.render_certificate(data, labels)

    def _selection_labels(self, model, field, value):
        return dict(self.env[model]._fields[field]._description_selection(self.env)).get(value, value or "")

    def _pdf_labels(self):
        return {
            "title": self.env._("Data erasure certificate"),
            "cancelled": self.env._("CANCELLED – replaced by a new certificate"),
            "date": self.env._("Date"),
            "donor": self.env._("Donor"),
            "device": self.env._("Device"),
            "model": self.env._("Brand and model"),
            "media_title": self.env._("Storage media"),
            "media_columns": [
                ("medium", self.env._("Medium")),
                ("category", self.env._("NIST SP 800-88 category")),
                ("method", self.env._("Method")),
                ("tool", self.env._("Tool")),
                ("verification", self.env._("Verification")),
                ("result", self.env._("Result")),
                ("operator", self.env._("Performed by")),
                ("verifier", self.env._("Verified by")),
                ("date", self.env._("Date")),
            ],
            "verify": self.env._("Check this certificate at:"),
            "code": self.env._("Verification code"),
            "signature": self.env._("For the structure, signature:"),
            "no_storage": self.env._("This device holds no storage medium, as declared by the structure."),
        }

    def action_download_pdf(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": f"/filiere/certificate/{self.verification_code}/pdf",
            "target": "new",
        }
