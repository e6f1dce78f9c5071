from dateutil.relativedelta import relativedelta
from lxml import etree

from odoo import fields
from odoo.tests import tagged

from .common import SadCase


@tagged("post_install", "-at_install")
class TestGuaranteeTicket(SadCase):
    """The after-sales ticket says what covers the device: the legal guarantee of a sale (2 years,
    articles L217-3 and L217-7 of the Code de la consommation) or the structure's commitment."""

    def after_sales_ticket(self, segments, serial):
        self.company.filiere_sad_required = False
        device = self.stocked_device(serial)
        referral = self.make_referral(self.make_beneficiary(f"Personne {serial}", segments=segments))
        referral.action_accept()
        referral.action_allocate_device(device)
        referral.action_handover()
        ticket = self.env["helpdesk.ticket"].create(
            {
                "name": "Ne démarre plus",
                "description": "<p>Écran noir</p>",
                "filiere_kind": "sav",
                "filiere_lot_id": device.id,
                "company_id": self.company.id,
            }
        )
        return referral, ticket

    def test_a_sold_device_shows_the_legal_guarantee_until_two_years_after_the_handover(self):
        referral, ticket = self.after_sales_ticket(self.senior, "SAV-SOLD")
        today = fields.Date.context_today(referral)
        self.assertEqual(referral.price, 80.0)
        self.assertEqual(ticket.filiere_guarantee_kind, "legal")
        self.assertEqual(ticket.filiere_warranty_end_date, today + relativedelta(years=2))
        self.assertTrue(ticket.filiere_under_warranty)

    def test_a_given_device_shows_the_structure_commitment_for_its_months(self):
        self.company.filiere_warranty_months = 12
        referral, ticket = self.after_sales_ticket(self.refugee, "SAV-GIVEN")
        today = fields.Date.context_today(referral)
        self.assertEqual(referral.sale_format, "donation")
        self.assertEqual(ticket.filiere_guarantee_kind, "commitment")
        self.assertEqual(ticket.filiere_warranty_end_date, today + relativedelta(months=12))
        labels = dict(
            ticket.with_context(lang="fr_FR")
            ._fields["filiere_guarantee_kind"]
            ._description_selection(ticket.with_context(lang="fr_FR").env)
        )
        self.assertEqual(labels["commitment"], "Engagement propre de la structure (gratuit)")
        self.assertEqual(labels["legal"], "Garantie légale de conformité (vente)")

    def test_the_ticket_form_shows_which_guarantee_and_until_when(self):
        arch = self.env["helpdesk.ticket"].get_views([(False, "form")])["views"]["form"]["arch"]
        form = etree.fromstring(arch)
        for name in ("filiere_guarantee_kind", "filiere_warranty_end_date"):
            self.assertTrue(form.xpath(f"//field[@name='{name}']"), name)
        notes = " ".join(" ".join(div.itertext()) for div in form.xpath("//div[@role='status']"))
        self.assertIn("L217-3", notes)
