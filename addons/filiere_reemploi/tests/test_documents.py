from odoo.tests import tagged

from .common import DistributionCase, FiliereCase
from .label_reading import pdf_reading as pdf_text


@tagged("post_install", "-at_install")
class TestDonationAgreementDocument(FiliereCase):
    """The printed agreement: both parties identified, signatures before the annex, no layout wizard."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.env["ir.module.module"].search([("name", "=", "filiere_reemploi")])._update_translations("fr_FR")
        france = cls.env.ref("base.fr")
        cls.company.partner_id.write(
            {
                "street": "12 rue Carnot",
                "zip": "05000",
                "city": "Gap",
                "country_id": france.id,
                "siret": "73282932000074",
                "lang": "fr_FR",
            }
        )
        cls.donor.write(
            {
                "street": "3 place de la Mairie",
                "zip": "05100",
                "city": "Briançon",
                "country_id": france.id,
                "lang": "fr_FR",
            }
        )
        rows = "\n".join(f"Laptop;PF-ANNEX-{index:03};Lenovo" for index in range(60))
        cls.donation.import_inventory(f"Device;Serial;Brand\n{rows}\n".encode(), "inventory.csv")

    def agreement_pdf(self):
        return (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("filiere_reemploi.report_donation_agreement", self.donation.ids)[0]
        )

    def test_the_agreement_names_the_receiving_structure_and_is_signed_before_its_annex(self):
        text = pdf_text(self.agreement_pdf())
        parties = text[text.index(self.donation.name) :]
        # The receiving structure, as the donor must be able to identify it.
        self.assertIn("SIRET 73282932000074", parties)
        self.assertIn("12 rue Carnot, 05000 Gap", parties)
        self.assertIn("3 place de la Mairie, 05100 Briançon", parties)
        # The donor's street is not printed alone above the title by the layout any more.
        self.assertNotIn("3 place de la Mairie", text[: text.index(self.donation.name)])
        # Whoever signs finds the signatures right after the clauses, before the 60-device annex.
        signature = text.index("Date et signature")
        annex = text.index("Annexe")
        self.assertLess(signature, annex)
        self.assertLess(annex, text.index("PF-ANNEX-000"))
        self.assertLess(text.index("Article 4"), signature)
        self.assertEqual(text.count("Date et signature"), 2, "one line for each party")

    def test_a_first_print_goes_straight_to_the_document(self):
        company = self.env["res.company"].create({"name": "Nouvelle structure"})
        self.assertEqual(company.external_report_layout_id, self.env.ref("web.external_layout_standard"))
        self.assertTrue(self.env.company.external_report_layout_id, "the data gives the existing companies one")
        action = self.env.ref("filiere_reemploi.filiere_donation_report_action").report_action(
            self.donation, config=True
        )
        self.assertEqual(action["type"], "ir.actions.report", "no document layout wizard on the first print")


@tagged("post_install", "-at_install")
class TestStatementDocumentRows(DistributionCase):
    """The statement prints no average of nobody's answers."""

    def test_satisfaction_without_a_session_is_not_measured(self):
        self.env["res.lang"]._activate_lang("en_US")
        env = self.env(context=dict(self.env.context, lang="en_US"))
        indicator = env["filiere.indicator"].search([("key", "=", "satisfaction_avg")])
        line = {"key": "satisfaction_avg", "value": 0.0, "name": indicator.name}
        statement = env["filiere.statement"]
        currency = self.company.currency_id
        row = statement._document_row(env, indicator, line, {"sad_sessions_held": 0}, currency)
        self.assertIsNone(row["number"], "the spreadsheet cell stays empty")
        self.assertEqual(row["text"], "Not measured (no session held)")
        row = statement._document_row(env, indicator, dict(line, value=4.5), {"sad_sessions_held": 3}, currency)
        self.assertEqual((row["number"], row["text"]), (4.5, "4.50 / 5"))
