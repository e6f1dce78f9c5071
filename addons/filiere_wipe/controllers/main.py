from werkzeug.exceptions import NotFound

from odoo import http
from odoo.exceptions import UserError
from odoo.http import request
from odoo.tools import format_date

from ..models.filiere_erasure_certificate import parse_id_ranges


class ErasureCertificateController(http.Controller):
    @http.route("/filiere/certificate", type="http", auth="public", methods=["GET"], sitemap=False)
    def certificate_lookup(self, code=None, **kwargs):
        """A page to type the code printed on a certificate (or read from its QR code)."""
        normalised = self._normalise_code(code or "")
        if normalised:
            return request.redirect(f"/filiere/certificate/{normalised}")
        return request.render("filiere_wipe.certificate_lookup_page", {"typed": code or ""})

    @http.route("/filiere/certificate/<string:code>", type="http", auth="public", methods=["GET"], sitemap=False)
    def verify_certificate(self, code, **kwargs):
        """Public check of a certificate: status, number, date, structure, method and result; no personal data."""
        code = self._normalise_code(code)
        certificate = (
            request.env["filiere.erasure.certificate"].sudo().search([("verification_code", "=", code)], limit=1)
            if code
            else None
        )
        if not certificate:
            return request.render("filiere_wipe.certificate_verification_page", {"found": False}, status=404)
        integrity = certificate._integrity()
        erasures = certificate.erasure_ids
        values = {
            "found": True,
            "status": "altered" if integrity == "altered" else certificate.state,
            "number": certificate.name,
            "date": format_date(request.env, certificate.issue_date.date()),
            "structure": certificate.company_id.name,
            "methods": ", ".join(
                dict.fromkeys(
                    " – ".join(filter(None, [self._label(erasure, "nist_category"), erasure.method]))
                    for erasure in erasures.sorted("id")
                )
            ),
            "device_type": certificate.lot_id.device_type_id.name,
            "result": self._label(certificate, "result"),
            "replaced_by": certificate.replaced_by_id.name,
            "content_hash": certificate.content_hash,
            "chain_hash": certificate.chain_hash,
            "public_key": self._public_key(certificate),
        }
        return request.render("filiere_wipe.certificate_verification_page", values)

    @staticmethod
    def _normalise_code(code):
        """The code as issued (16 upper-case hexadecimal digits), from what a person types or a
        scanner reads: lower case, spaces and dashes are accepted; anything else is no code."""
        code = "".join(code.split()).replace("-", "").upper()
        return code if len(code) == 16 and all(char in "0123456789ABCDEF" for char in code) else ""

    @staticmethod
    def _label(record, field):
        return dict(record._fields[field]._description_selection(request.env)).get(record[field], "")

    @staticmethod
    def _public_key(certificate):
        """The structure's public key as this server holds it (None when its key is not configured)."""
        try:
            return certificate._filiere_public_key(certificate.company_id)
        except UserError:
            return None

    @http.route("/filiere/certificate/<string:code>/pdf", type="http", auth="user", methods=["GET"])
    def certificate_pdf(self, code, **kwargs):
        certificate = request.env["filiere.erasure.certificate"].search([("verification_code", "=", code)], limit=1)
        if not certificate:
            raise NotFound()
        return self._pdf_response(certificate._render_pdf(), f"{certificate.name}.pdf")

    @http.route("/filiere/donation/<int:donation_id>/erasure_attestation", type="http", auth="user", methods=["GET"])
    def donation_attestation(self, donation_id, **kwargs):
        donation = request.env["filiere.donation"].search([("id", "=", donation_id)])
        if not donation:
            raise NotFound()
        return self._pdf_response(donation._render_erasure_attestation(), f"attestation-{donation.name}.pdf")

    @http.route("/filiere/certificates/pdf", type="http", auth="user", methods=["GET"])
    def certificates_pdf(self, ids="", **kwargs):
        """The certificates selected in the list, in one PDF to print (those the user may read)."""
        certificate_model = request.env["filiere.erasure.certificate"]
        wanted = parse_id_ranges(ids)
        readable = set(certificate_model.search([("id", "in", wanted)]).ids) if wanted else set()
        certificates = certificate_model.browse([record_id for record_id in wanted if record_id in readable])
        if not certificates:
            raise NotFound()
        return self._pdf_response(certificates._render_merged_pdf(), "certificates.pdf")

    @http.route("/filiere/donation/<int:donation_id>/erasure_certificates", type="http", auth="user", methods=["GET"])
    def donation_certificates(self, donation_id, **kwargs):
        """All the valid certificates of a donation, in one PDF to print."""
        donation = request.env["filiere.donation"].search([("id", "=", donation_id)])
        certificates = donation._erasure_certificates() if donation else None
        if not certificates:
            raise NotFound()
        return self._pdf_response(certificates._render_merged_pdf(), f"certificates-{donation.name}.pdf")

    @http.route("/filiere/erasure/<int:erasure_id>/report", type="http", auth="user", methods=["GET"])
    def erasure_report(self, erasure_id, **kwargs):
        """The raw report of an erasure record, refused when it is no longer the certified file."""
        erasure = request.env["filiere.erasure"].search([("id", "=", erasure_id)])
        attachment = erasure.report_attachment_id.sudo()
        if not attachment:
            raise NotFound()
        try:
            erasure._check_report_intact()
        except UserError as error:
            return request.make_response(
                error.args[0], status=409, headers=[("Content-Type", "text/plain; charset=utf-8")]
            )
        content = attachment.raw or b""
        return request.make_response(
            content,
            headers=[
                ("Content-Type", attachment.mimetype or "application/octet-stream"),
                ("Content-Length", str(len(content))),
                ("Content-Disposition", http.content_disposition(attachment.name or "report")),
            ],
        )

    def _pdf_response(self, pdf, filename):
        filename = filename.replace("/", "-")
        return request.make_response(
            pdf,
            headers=[
                ("Content-Type", "application/pdf"),
                ("Content-Length", str(len(pdf))),
                ("Content-Disposition", http.content_disposition(filename)),
            ],
        )
