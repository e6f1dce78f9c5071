import lxml.html

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import FiliereCase


@tagged("post_install", "-at_install")
class TestDonation(FiliereCase):
    def test_agreement_workflow(self):
        donation = self.env["filiere.donation"].create({"partner_id": self.donor.id, "company_id": self.company.id})
        self.assertRegex(donation.name, r"^CONV/\d{4}/\d{4}$")
        self.assertEqual(donation.state, "draft")
        donation.action_sign()
        self.assertEqual(donation.state, "signed")
        self.assertTrue(donation.date_signed)
        with self.assertRaisesRegex(UserError, "Only a draft agreement can be signed"):
            donation.action_sign()
        donation.action_close()
        self.assertEqual(donation.state, "closed")
        with self.assertRaisesRegex(UserError, "is closed"):
            donation.import_inventory(b"Device;Serial\nLaptop;X1\n", "inventory.csv")

    def test_no_signature_without_erasure_commitment(self):
        donation = self.env["filiere.donation"].create(
            {"partner_id": self.donor.id, "company_id": self.company.id, "erasure_commitment": False}
        )
        with self.assertRaisesRegex(UserError, "certified data erasure commitment"):
            donation.action_sign()
        self.assertEqual(donation.state, "draft")

    def test_multi_year_needs_consistent_dates(self):
        values = {"partner_id": self.donor.id, "company_id": self.company.id, "agreement_type": "multi_year"}
        with self.assertRaisesRegex(ValidationError, "needs an end date"):
            self.env["filiere.donation"].create(values)
        with self.assertRaisesRegex(ValidationError, "cannot end before it starts"):
            self.env["filiere.donation"].create(dict(values, date_start="2027-01-01", date_end="2026-01-01"))
        donation = self.env["filiere.donation"].create(dict(values, date_start="2026-01-01", date_end="2028-12-31"))
        self.assertEqual(donation.agreement_type, "multi_year")

    def test_public_donor_resale_depends_on_esus_status_at_signature(self):
        self.company.filiere_esus_status = "none"
        donation = self.env["filiere.donation"].create({"partner_id": self.donor.id, "company_id": self.company.id})
        donation.action_sign()
        self.assertEqual(donation.esus_status, "none")
        self.assertTrue(donation.is_public_donor)
        self.assertFalse(donation.resale_allowed)
        self.company.filiere_esus_status = "esus"
        self.assertFalse(donation.resale_allowed, "the status recorded at signature counts")
        company_donor = self.env["res.partner"].create({"name": "SARL Test", "filiere_donor_type": "company"})
        private = self.env["filiere.donation"].create({"partner_id": company_donor.id, "company_id": self.company.id})
        self.assertTrue(private.resale_allowed)

    def test_siret_is_validated(self):
        partner = self.env["res.partner"].create({"name": "Entreprise", "siret": "812 345 676 00017"})
        self.assertEqual(partner.siret, "81234567600017", "spaces are removed")
        with self.assertRaisesRegex(ValidationError, "SIRET 81234567600018 of Entreprise is not valid"):
            partner.siret = "81234567600018"
        with self.assertRaisesRegex(ValidationError, "is not valid"):
            self.env["res.partner"].create({"name": "Trop court", "siret": "1234"})

    def test_agreement_document_in_french(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"].search([("name", "=", "filiere_reemploi")])._update_translations("fr_FR")
        self.donor.lang = "fr_FR"
        self.donation.import_inventory(b"Device;Serial;Brand\nLaptop;PF-REPORT-1;Lenovo\n", "inventory.csv")
        html, _type = self.env["ir.actions.report"]._render_qweb_html(
            "filiere_reemploi.filiere_donation_report_action", self.donation.ids
        )
        page = lxml.html.fromstring(html)
        text = " ".join(page.text_content().split())
        self.assertIn(self.donation.name, text)
        self.assertIn("Mairie de Test", text)
        self.assertIn("PF-REPORT-1", text)
        # The module's French translation is loaded with the language.
        headings = [" ".join(h.text_content().split()) for h in page.iter("h4")]
        self.assertIn("Article 2 – Effacement des données", headings)
