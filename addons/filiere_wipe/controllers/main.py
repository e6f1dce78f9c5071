from werkzeug.exceptions import NotFound

from odoo import http
from odoo.http import request


class ErasureCertificateController(http.Controller):
    @http.route("/filiere/certificate/<string:code>", type="http", auth="public", methods=["GET"], sitemap=False)
    def verify_certificate(self, code, **kwargs):
        """Public check of a certificate: status, number, date, device type and result; no personal data."""
        certificate = (
            request.env["filiere.erasure.certificate"].sudo().search([("verification_code", "=", code)], limit=1)
            if code.isalnum()
            else None
        )
        if not certificate:
            return request.render("filiere_wipe.certificate_verification_page", {"found": False}, status=404)
        integrity = certificate._integrity()
        values = {
            "found": True,
            "status": "altered" if integrity == "altered" else certificate.state,
            "number": certificate.name,
            "date": certificate.issue_date.date(),
            "device_type": certificate.lot_id.device_type_id.name,
            "result": dict(certificate._fields["result"]._description_selection(request.env)).get(certificate.result),
            "replaced_by": certificate.replaced_by_id.name,
        }
        return request.render("filiere_wipe.certificate_verification_page", values)

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
