from datetime import timedelta

from odoo import fields
from odoo.tests import TransactionCase, tagged
from odoo.tools import html2plaintext

from .french_walk import FrenchWalkMixin
from .label_reading import pdf_text


@tagged("post_install", "-at_install")
class TestFrenchWalk(FrenchWalkMixin, TransactionCase):
    """The French demo's screens of the devices addon hold no English where fr.po should speak."""

    walked_module = "filiere_reemploi"

    def test_grant_deadline_reminder_is_french(self):
        grant = self.env.ref("filiere_reemploi.grant_aap_05")
        self.env["filiere.grant.deadline"].create(
            {
                "grant_id": grant.id,
                "name": "Bilan intermédiaire",
                "date": fields.Date.today() + timedelta(days=3),
                "reminder_days": 10,
            }
        )
        cron = self.env.ref("filiere_reemploi.ir_cron_filiere_grant_deadlines")
        self.assert_french(self.walk_cron(lambda env: cron.with_env(env).method_direct_trigger(), grant.company_id))

    def test_oca_grades_are_french(self):
        french = self.env(context={"lang": "fr_FR"})
        names = french["stock.lot.condition"].with_context(active_test=False).search([]).mapped("name")
        self.assertIn("Comme neuf", names)
        self.assertFalse({"As new", "Very good", "Good", "Acceptable"} & set(names), names)


@tagged("post_install", "-at_install")
class TestDemoInEuros(TransactionCase):
    """The French demo's structure keeps its books, prices and documents in euros."""

    def test_main_company_and_its_pricelist_are_in_euros(self):
        company = self.env.ref("base.main_company")
        euro = self.env.ref("base.EUR")
        self.assertEqual(company.currency_id, euro)
        self.assertEqual(company.partner_id.lang, "fr_FR")
        pricelists = self.env["product.pricelist"].search([("company_id", "=", company.id)])
        self.assertTrue(pricelists)
        self.assertEqual(pricelists.currency_id, euro)
        # Odoo's accounting demo, loaded again after the switch, is in euros too.
        moves = self.env["account.move"].search([("company_id", "=", company.id)])
        self.assertTrue(moves)
        self.assertEqual(moves.currency_id, euro)
        self.assertEqual(self.env["sale.order"].search([("company_id", "=", company.id)]).currency_id, euro)

    def test_bon_de_remise_prices_in_euros(self):
        referral = self.env.ref("filiere_reemploi.referral_josette").with_context(lang="fr_FR")
        html, _type = (
            self.env["ir.actions.report"]
            .with_context(lang="fr_FR")
            ._render_qweb_html("filiere_reemploi.action_report_filiere_handover", referral.ids)
        )
        text = html2plaintext(html.decode())
        self.assertIn("Prix", text)
        self.assertIn("€", text)
        self.assertNotIn("$", text)
        self.assertNotIn("USD", text)

    def test_statement_amounts_in_euros(self):
        statement = self.env["filiere.statement"].search(
            [("company_id", "=", self.env.ref("base.main_company").id), ("pdf_attachment_id", "!=", False)], limit=1
        )
        self.assertTrue(statement, "the demo issues a statement")
        text = pdf_text(statement.pdf_attachment_id.raw)
        # The grant's amount on the second page, with the symbol a reader expects.
        self.assertIn("51 000,00 €", text.replace("\u202f", " ").replace("\xa0", " "))
        self.assertNotIn("USD", text)
        self.assertNotIn("$", text)
