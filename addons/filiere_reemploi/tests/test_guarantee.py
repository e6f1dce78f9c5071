import io

import lxml.html
from dateutil.relativedelta import relativedelta
from pypdf import PdfReader

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools.misc import format_date

from .common import DistributionCase


def page_text(html):
    text = " ".join(lxml.html.fromstring(html).text_content().split())
    return text.replace("\xa0", " ").replace("\u202f", " ")


@tagged("post_install", "-at_install")
class TestGuarantee(DistributionCase):
    """Code de la consommation L217-3, L217-7 on a sale; the structure's own commitment on a gift."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.env["ir.module.module"].search([("name", "=", "filiere_reemploi")])._update_translations("fr_FR")
        cls.company.partner_id.lang = "fr_FR"
        cls.today = fields.Date.context_today(cls.env.user)

    def handed_over(self, serial, segments):
        device = self.stocked_device(serial)
        referral = self.make_referral(self.make_beneficiary(segments=segments))
        referral.action_accept()
        referral.action_allocate_device(device)
        referral.action_handover()
        return referral

    def french_date(self, day):
        return format_date(self.env(context={"lang": "fr_FR"}), day)

    def handover_text(self, referral):
        html = self.env["ir.actions.report"]._render_qweb_html(
            "filiere_reemploi.report_filiere_handover", referral.ids
        )[0]
        return page_text(html)

    def test_a_sale_carries_the_legal_guarantee_of_two_years(self):
        referral = self.handed_over("GAR-SALE", self.senior)
        two_years = self.today + relativedelta(years=2)
        self.assertEqual((referral.sale_format, referral.price), ("sale", 80.0))
        self.assertEqual(referral.guarantee_kind, "legal")
        self.assertEqual(referral.warranty_end_date, two_years)
        self.assertEqual(referral.lot_id.filiere_guarantee_kind, "legal")
        self.assertEqual(referral.lot_id.filiere_warranty_end_date, two_years)
        text = self.handover_text(referral)
        self.assertIn("Garantie légale de conformité", text)
        self.assertIn("pendant 2 ans à compter de sa délivrance", text)
        self.assertIn("L217-3", text)
        self.assertIn("L217-7", text)
        self.assertIn("12 mois", text)
        self.assertIn(self.french_date(two_years), text)
        self.assertIn(self.french_date(self.today + relativedelta(years=1)), text)
        self.assertNotIn("n'est pas une vente", text)

    def test_the_printed_handover_form_of_a_sale_reads_back_the_mention(self):
        referral = self.handed_over("GAR-PDF", self.senior)
        pdf, _type = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("filiere_reemploi.report_filiere_handover", referral.ids)
        )
        reader = PdfReader(io.BytesIO(pdf))
        text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
        self.assertIn("GAR-PDF", text)
        self.assertIn("Garantie légale de conformité", text)
        self.assertIn("L217-7", text)
        self.assertIn(self.french_date(self.today + relativedelta(years=2)), text)

    def test_the_invoice_of_a_sale_carries_the_mention_and_no_other_invoice_does(self):
        referral = self.handed_over("GAR-INVOICE", self.senior)
        self.env["account.chart.template"].try_loading("generic_coa", company=self.company, install_demo=False)
        order = referral.sale_order_id.sudo()
        order.partner_id.lang = "fr_FR"
        invoice = order._create_invoices()
        invoice.action_post()
        html = self.env["ir.actions.report"]._render_qweb_html("account.account_invoices", invoice.ids)[0]
        text = page_text(html)
        self.assertIn("GAR-INVOICE", text)
        self.assertIn("Garantie légale de conformité", text)
        self.assertIn("L217-7", text)
        self.assertIn(self.french_date(self.today + relativedelta(years=2)), text)
        # An invoice of the structure's other sales is left as Odoo prints it.
        customer = self.env["res.partner"].create({"name": "Client ordinaire", "lang": "fr_FR"})
        other = (
            self.env["account.move"]
            .with_company(self.company)
            .create(
                {
                    "move_type": "out_invoice",
                    "partner_id": customer.id,
                    "invoice_line_ids": [fields.Command.create({"name": "Atelier", "price_unit": 30.0})],
                }
            )
        )
        other.action_post()
        html = self.env["ir.actions.report"]._render_qweb_html("account.account_invoices", other.ids)[0]
        self.assertNotIn("L217", page_text(html))

    def test_a_free_donation_carries_the_structure_commitment_not_the_legal_guarantee(self):
        self.company.filiere_warranty_months = 12
        referral = self.handed_over("GAR-GIFT", self.refugee)
        one_year = self.today + relativedelta(months=12)
        self.assertEqual((referral.sale_format, referral.price), ("donation", 0.0))
        self.assertEqual(referral.guarantee_kind, "commitment")
        self.assertEqual(referral.warranty_end_date, one_year)
        self.assertEqual(referral.lot_id.filiere_guarantee_kind, "commitment")
        text = self.handover_text(referral)
        self.assertIn("Engagement de Ressourcerie de test (Gap)", text)
        self.assertIn("un don gratuit n'est pas une vente", text)
        self.assertIn("pendant 12 mois à compter de sa remise", text)
        self.assertIn(self.french_date(one_year), text)
        self.assertNotIn("Garantie légale de conformité", text)
        self.assertNotIn("L217-7", text)

    def test_the_handover_form_printed_before_the_handover_says_what_will_apply(self):
        device = self.stocked_device("GAR-BEFORE")
        referral = self.make_referral()
        referral.action_accept()
        referral.action_allocate_device(device)
        self.assertFalse(referral.guarantee_kind)
        text = self.handover_text(referral)
        self.assertIn("Garantie légale de conformité", text)
        self.assertIn(self.french_date(self.today + relativedelta(years=2)), text)

    def test_the_guarantee_is_written_by_the_handover_only(self):
        referral = self.handed_over("GAR-DRIVEN", self.refugee)
        for user in (self.distribution, self.manager):
            with self.assertRaises(UserError):
                referral.with_user(user).guarantee_kind = "legal"
            with self.assertRaises(UserError):
                referral.lot_id.with_user(user).filiere_guarantee_kind = "legal"
        self.assertEqual(referral.guarantee_kind, "commitment")
        self.assertEqual(referral.lot_id.filiere_guarantee_kind, "commitment")
