from odoo.tests import HttpCase, tagged
from odoo.tools import format_date

from .common import WipeCase
from .test_import_report import one_disk


@tagged("post_install", "-at_install")
class TestPublicPage(HttpCase, WipeCase):
    def setUp(self):
        super().setUp()
        device = self.refurbished("PUBLIC-1", erasure={"operator_id": self.technician.id})
        self.certificate = device.action_issue_erasure_certificate()

    def _page(self, code):
        response = self.url_open(f"/filiere/certificate/{code}")
        return response.status_code, response.text

    def test_valid_certificate_without_personal_data(self):
        status, html = self._page(self.certificate.verification_code)
        self.assertEqual(status, 200)
        self.assertIn('data-status="valid"', html)
        self.assertIn(self.certificate.name, html)
        # The visitor reads the page in the database's language.
        names = {self.laptop.with_context(lang=lang).name for lang, _name in self.env["res.lang"].get_installed()}
        self.assertTrue(any(name in html for name in names), names)
        for personal in (self.donor.name, self.technician.name, "Z6E8K1TQ", "PUBLIC-1"):
            self.assertNotIn(personal, html)

    def test_unknown_code_leaks_nothing(self):
        status, html = self._page("0123456789ABCDEF")
        self.assertEqual(status, 404)
        self.assertIn('data-status="not_found"', html)
        self.assertNotIn("CERT/", html)

    def test_cancelled_certificate_names_its_replacement(self):
        new = self.certificate.action_cancel("Erreur de saisie")
        status, html = self._page(self.certificate.verification_code)
        self.assertEqual(status, 200)
        self.assertIn('data-status="cancelled"', html)
        self.assertIn(new.name, html)

    def test_tampering_behind_the_orm_is_detected(self):
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE filiere_erasure SET method = 'Fill With Zeros' WHERE id IN %s",
            [tuple(self.certificate.erasure_ids.ids)],
        )
        self.env.invalidate_all()
        status, html = self._page(self.certificate.verification_code)
        self.assertEqual(status, 200)
        self.assertIn('data-status="altered"', html)
        self.assertEqual(self.certificate._integrity(), "altered")

    def test_tampering_with_the_stored_content_is_detected(self):
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE filiere_erasure_certificate SET content = replace(content, 'erased', 'destroyed') WHERE id = %s",
            [self.certificate.id],
        )
        self.env.invalidate_all()
        status, html = self._page(self.certificate.verification_code)
        self.assertEqual(status, 200)
        self.assertIn('data-status="altered"', html)

    def test_staff_download_the_pdf_others_cannot(self):
        self.authenticate(self.technician.login, self.technician.login)
        response = self.url_open(f"/filiere/certificate/{self.certificate.verification_code}/pdf")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "application/pdf")
        self.assertTrue(response.content.startswith(b"%PDF"))
        self.authenticate(None, None)
        response = self.url_open(f"/filiere/certificate/{self.certificate.verification_code}/pdf")
        self.assertNotEqual(response.headers.get("Content-Type"), "application/pdf")

    def test_the_code_is_read_as_people_type_it(self):
        code = self.certificate.verification_code
        for typed in (code.lower(), f" {code[:8]} {code[8:]} ", f"{code[:4]}-{code[4:8]}-{code[8:12]}-{code[12:]}"):
            status, html = self._page(typed)
            self.assertEqual(status, 200, typed)
            self.assertIn('data-status="valid"', html)

    def test_a_page_to_type_the_code(self):
        response = self.url_open("/filiere/certificate")
        self.assertEqual(response.status_code, 200)
        self.assertIn('id="filiere_certificate_lookup"', response.text)
        response = self.url_open(f"/filiere/certificate?code={self.certificate.verification_code.lower()}")
        self.assertEqual(response.status_code, 200)
        self.assertIn('data-status="valid"', response.text, "the typed code leads to its certificate")
        response = self.url_open("/filiere/certificate?code=CERT-2026")
        self.assertIn('id="filiere_certificate_lookup"', response.text)
        self.assertIn("CERT-2026", response.text, "what was typed is kept, with the reason it is no code")

    def test_page_names_the_structure_the_method_and_a_readable_date(self):
        status, html = self._page(self.certificate.verification_code)
        self.assertEqual(status, 200)
        self.assertIn(self.certificate.company_id.name, html)
        erasure = self.certificate.erasure_ids[:1]
        self.assertTrue(erasure.method)
        self.assertIn(erasure.method, html)
        self.assertNotIn(str(self.certificate.issue_date.date()), html, "no ISO date for a person")
        dates = {
            format_date(self.env(context={"lang": lang}), self.certificate.issue_date.date())
            for lang, _name in self.env["res.lang"].get_installed()
        }
        self.assertTrue(any(date in html for date in dates), dates)

    def test_page_shows_the_hashes_and_the_structure_public_key(self):
        status, html = self._page(self.certificate.verification_code)
        self.assertEqual(status, 200)
        public_key = self.certificate._filiere_public_key(self.certificate.company_id)
        for shown in (self.certificate.content_hash, self.certificate.chain_hash, public_key):
            self.assertIn(shown, html)

    def test_a_signature_that_does_not_verify_shows_altered(self):
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE filiere_erasure_certificate SET signature = %s WHERE id = %s",
            [self.certificate.signature[:-4] + "AAA=", self.certificate.id],
        )
        self.env.invalidate_all()
        status, html = self._page(self.certificate.verification_code)
        self.assertEqual(status, 200)
        self.assertIn('data-status="altered"', html)

    def test_raw_report_download_refuses_an_altered_file(self):
        device = self.refurbished("PF1ABCD")
        [record] = self.env["filiere.erasure"].import_report(one_disk(), "nwipe.log")
        device.action_issue_erasure_certificate()
        self.authenticate(self.technician.login, self.technician.login)
        response = self.url_open(f"/filiere/erasure/{record.id}/report")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, one_disk())
        forged = self.env["ir.attachment"].create({"name": "forged.log", "raw": b"nwipe: all good"})
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE ir_attachment SET store_fname = %s, db_datas = %s WHERE id = %s",
            [forged.store_fname or None, forged.db_datas or None, record.report_attachment_id.id],
        )
        self.env.invalidate_all()
        response = self.url_open(f"/filiere/erasure/{record.id}/report")
        self.assertEqual(response.status_code, 409)
        # The message names the file, in the reader's language.
        self.assertIn("nwipe.log", response.text)
        self.assertNotIn("all good", response.text)
