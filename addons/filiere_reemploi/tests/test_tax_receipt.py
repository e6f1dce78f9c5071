import io
import re
from unittest.mock import patch

from psycopg2 import IntegrityError
from pypdf import PdfReader

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import freeze_time
from odoo.tools import mute_logger

from ..lib import integrity
from .common import FiliereCase


def pdf_text(receipt):
    reader = PdfReader(io.BytesIO(receipt.pdf_attachment_id.raw))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


class TestTaxReceipt(FiliereCase):
    """Issue 13, point 1: tax receipts for companies' in-kind gifts (article 238 bis CGI, Cerfa 16216*01)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {
                "currency_id": cls.env.ref("base.EUR").id,
                "street": "12 rue Carnot",
                "zip": "05000",
                "city": "Gap",
                "filiere_tax_object": "Équiper, former et accompagner les personnes en précarité numérique",
                "filiere_tax_status": "general_interest",
                "filiere_tax_status_reference": "Rescrit fiscal n° 2024-05-0042 du 3 mai 2024",
                "filiere_tax_receipt_signatory": "Marie Durand, présidente",
            }
        )
        cls.company_donor = cls.env["res.partner"].create(
            {
                "name": "Alpes Conseil Informatique",
                "is_company": True,
                "filiere_donor_type": "company",
                "filiere_legal_form": "SAS",
                "siret": "81234567600017",
                "street": "ZA des Eyssagnières",
                "zip": "05200",
                "city": "Embrun",
            }
        )
        cls.gift = cls._signed_donation(cls.company_donor)
        cls.other_manager = cls._user(
            "responsable.briancon", "filiere_reemploi.group_filiere_manager", cls.other_company
        )
        cls.receipts = cls.env["filiere.tax.receipt"]
        cls.year = fields.Datetime.context_timestamp(cls.receipts, fields.Datetime.now()).year

    @classmethod
    def _signed_donation(cls, donor, company=None, **values):
        donation = cls.env["filiere.donation"].create(
            {"partner_id": donor.id, "company_id": (company or cls.company).id, **values}
        )
        donation.action_sign()
        return donation

    def add_devices(self, donation, values, device_type=None, prefix="RF"):
        device_type = device_type or self.laptop
        return self.env["stock.lot"].create(
            [
                {
                    "name": f"{prefix}-{donation.id}-{device_type.id}-{index:04d}",
                    "device_type_id": device_type.id,
                    "company_id": donation.company_id.id,
                    "donation_id": donation.id,
                    "filiere_transfer_value": value,
                }
                for index, value in enumerate(values)
            ]
        )

    def issue(self, donation=None, user=None):
        donation = donation or self.gift
        return donation.with_user(user or self.manager).action_issue_tax_receipt()

    # ------------------------------------------------------------------
    # The receipt: number, value, every mention
    # ------------------------------------------------------------------
    def test_company_gift_gives_a_numbered_receipt_with_every_mention(self):
        self.add_devices(self.gift, [120.0, 80.5])
        self.add_devices(self.gift, [0.0], device_type=self.smartphone)
        self.gift.write({"tax_receipt_transport_cost": 50.0, "tax_receipt_handling_cost": 25.25})
        receipt = self.issue()
        self.assertEqual(receipt.name, f"RF/{self.year}/00001")
        self.assertEqual(receipt.state, "valid")
        self.assertEqual(receipt.device_count, 3)
        self.assertAlmostEqual(receipt.devices_value, 200.5)
        self.assertAlmostEqual(receipt.amount, 275.75)
        self.assertEqual(receipt.partner_id, self.company_donor)
        self.assertEqual(self.gift.tax_receipt_count, 1)
        text = pdf_text(receipt)
        laptop_fr = self.laptop.with_context(lang="fr_FR").name
        phone_fr = self.smartphone.with_context(lang="fr_FR").name
        for mention in (
            f"RF/{self.year}/00001",
            # The form and the article, in French.
            "Reçu des dons et versements effectués par les entreprises",
            "article 238 bis",
            "Cerfa n° 16216*01",
            # The beneficiary: name, address, object, status and its reference.
            "Ressourcerie de test (Gap)",
            "12 rue Carnot, 05000 Gap",
            "Équiper, former et accompagner les personnes en précarité numérique",
            "Œuvre ou organisme d'intérêt général",
            "Rescrit fiscal n° 2024-05-0042 du 3 mai 2024",
            # The donor: name, legal form, SIREN, address.
            "Alpes Conseil Informatique",
            "Forme juridique SAS",
            "812345676",
            "ZA des Eyssagnières, 05200 Embrun",
            # The gift: nature, description, value in figures and words, date, costs.
            "Don en nature",
            f"{laptop_fr} 2 200,50 EUR",
            f"{phone_fr} 1 0,00 EUR",
            "Frais de transport supportés par le donateur 50,00 EUR",
            "Frais de manutention supportés par le donateur 25,25 EUR",
            "***275,75 EUR***",
            "deux cent soixante-quinze euros et soixante-quinze centimes",
            "Date ou période du don",
            "certifie sur l'honneur",
            # Signature: place, date, signatory.
            "Fait à Gap",
            "Marie Durand, présidente",
        ):
            self.assertIn(mention, text)
        self.assertEqual(receipt.pdf_sha256, integrity.sha256_hex(receipt.pdf_attachment_id.raw))
        self.assertTrue(receipt.pdf_attachment_id.filiere_locked)
        self.assertEqual(
            receipt.action_download_pdf()["url"], f"/web/content/{receipt.pdf_attachment_id.id}?download=true"
        )
        self.assertEqual(self.receipts.verify_chain(self.company), {"ok": True, "checked": 1, "first_broken": False})

    def test_a_failed_issue_leaves_nothing_and_gives_its_number_back(self):
        self.add_devices(self.gift, [10.0])
        attachments = type(self.env["ir.attachment"])
        with (
            patch.object(attachments, "_filiere_lock", lambda files: dict.fromkeys(files.ids, "0" * 64)),
            self.assertRaisesRegex(UserError, "was not stored as rendered"),
            self.env.cr.savepoint(),  # what the end of a refused request does: roll its transaction back
        ):
            self.issue()
        self.env.invalidate_all()
        self.assertFalse(self.receipts.sudo().search_count([("donation_id", "=", self.gift.id)]))
        self.assertEqual(self.issue().name, f"RF/{self.year}/00001")

    def test_600_fully_depreciated_pcs_with_handling_costs(self):
        self.add_devices(self.gift, [0.0] * 600)
        self.gift.tax_receipt_handling_cost = 480.0
        receipt = self.issue()
        self.assertEqual(receipt.device_count, 600)
        self.assertEqual(receipt.devices_value, 0.0)
        self.assertEqual(receipt.amount, 480.0)
        text = pdf_text(receipt)
        self.assertIn(f"{self.laptop.with_context(lang='fr_FR').name} 600 0,00 EUR", text)
        self.assertIn("***480,00 EUR***", text)
        self.assertIn("quatre cent quatre-vingts euros", text)

    def test_zero_value_the_donor_chooses_a_receipt_at_zero_or_none(self):
        self.add_devices(self.gift, [0.0, 0.0])
        self.gift.tax_receipt_choice = "none"
        with self.assertRaisesRegex(UserError, "chose to receive no tax receipt"):
            self.issue()
        self.assertFalse(self.receipts.sudo().search([("donation_id", "=", self.gift.id)]))
        self.gift.tax_receipt_choice = "receipt"
        receipt = self.issue()
        self.assertEqual(receipt.amount, 0.0)
        text = pdf_text(receipt)
        self.assertIn("***0,00 EUR***", text)
        self.assertIn("zéro euros", text)
        self.assertIn("entièrement amortis", text)

    # ------------------------------------------------------------------
    # Refusals
    # ------------------------------------------------------------------
    def test_no_receipt_for_a_public_donor_an_individual_or_before_the_devices(self):
        self.make_device("PUB-1", filiere_transfer_value=100.0)
        with self.assertRaisesRegex(UserError, "public body"):
            self.issue(self.donation)
        person = self.env["res.partner"].create({"name": "Jean Dupont", "filiere_donor_type": "individual"})
        individual = self._signed_donation(person)
        self.add_devices(individual, [10.0])
        with self.assertRaisesRegex(UserError, "article 200"):
            self.issue(individual)
        with self.assertRaisesRegex(UserError, "no devices received"):
            self.issue()
        draft = self.env["filiere.donation"].create(
            {"partner_id": self.company_donor.id, "company_id": self.company.id}
        )
        self.add_devices(draft, [10.0])
        with self.assertRaisesRegex(UserError, "no devices received"):
            self.issue(draft)
        self.assertFalse(self.receipts.sudo().search_count([("company_id", "=", self.company.id)]))

    def test_missing_mentions_are_named_and_nothing_is_issued(self):
        self.add_devices(self.gift, [10.0])
        self.company_donor.filiere_legal_form = False
        self.company.filiere_tax_status_reference = False
        with self.assertRaises(UserError) as refusal:
            self.issue()
        self.assertIn("legal form", refusal.exception.args[0])
        self.assertIn("decree, ruling or approval", refusal.exception.args[0])
        self.assertFalse(self.receipts.sudo().search_count([("company_id", "=", self.company.id)]))

    def test_one_valid_receipt_per_donation(self):
        self.add_devices(self.gift, [10.0])
        first = self.issue()
        with self.assertRaisesRegex(UserError, "already has the valid tax receipt"):
            self.issue()
        first.with_user(self.manager).action_cancel("Erreur de SIREN du donateur")
        second = self.issue()
        self.assertEqual(second.replaces_id, first)
        self.assertEqual(first.replaced_by_id, second)
        self.assertIn(f"remplace le reçu {first.name}", pdf_text(second))
        # Two valid receipts for one donation are refused by the database too (two managers at once).
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.env.cr.savepoint():
            self.env.cr.execute("UPDATE filiere_tax_receipt SET state = 'valid' WHERE id = %s", (first.id,))

    # ------------------------------------------------------------------
    # Immutability, cancel and replace, chain
    # ------------------------------------------------------------------
    def test_nobody_writes_creates_or_deletes_a_receipt(self):
        self.add_devices(self.gift, [10.0])
        receipt = self.issue()
        for user in (self.technician, self.manager, self.auditor):
            with self.assertRaises(AccessError):
                receipt.with_user(user).write({"amount": 9999.0})
            with self.assertRaises(AccessError):
                receipt.with_user(user).unlink()
        with self.assertRaisesRegex(UserError, "never changes"):
            receipt.sudo().write({"amount": 9999.0})
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            receipt.sudo().unlink()
        with self.assertRaisesRegex(UserError, "never changes"):
            receipt.sudo().write({"state": "cancelled"})
        for receipts in (self.receipts.with_user(self.manager), self.receipts.sudo()):
            with self.assertRaises(AccessError):
                receipts.create({"name": "RF/FAUX/1", "company_id": self.company.id, "donation_id": self.gift.id})
        with self.assertRaisesRegex(UserError, "evidence"):
            receipt.pdf_attachment_id.sudo().write({"raw": b"%PDF-1.4 faux"})
        receipt.invalidate_recordset()
        self.assertEqual(receipt.amount, 10.0)
        self.assertEqual(receipt.state, "valid")

    def test_cancel_and_replace(self):
        self.add_devices(self.gift, [10.0])
        receipt = self.issue()
        with self.assertRaises(AccessError):
            receipt.with_user(self.technician).action_cancel("raison")
        with self.assertRaisesRegex(UserError, "reason"):
            receipt.with_user(self.manager).action_cancel_and_replace("  ")
        self.gift.tax_receipt_transport_cost = 30.0
        replacement = receipt.with_user(self.manager).action_cancel_and_replace("Frais de transport oubliés")
        self.assertEqual(receipt.state, "cancelled")
        self.assertEqual(receipt.cancel_reason, "Frais de transport oubliés")
        self.assertEqual(receipt.replaced_by_id, replacement)
        self.assertEqual(replacement.replaces_id, receipt)
        self.assertEqual(replacement.state, "valid")
        self.assertEqual(replacement.amount, 40.0)
        self.assertEqual(replacement.name, f"RF/{self.year}/00002")
        self.assertIn("Frais de transport oubliés", pdf_text(replacement))
        with self.assertRaisesRegex(UserError, "already cancelled"):
            receipt.with_user(self.manager).action_cancel("encore")
        self.assertEqual(self.receipts.verify_chain(self.company), {"ok": True, "checked": 2, "first_broken": False})

    def test_the_chain_shows_a_receipt_changed_in_sql(self):
        self.add_devices(self.gift, [10.0])
        receipt = self.issue()
        self.env.flush_all()
        self.env.cr.execute("UPDATE filiere_tax_receipt SET state = 'cancelled' WHERE id = %s", (receipt.id,))
        self.assertFalse(self.receipts.verify_chain(self.company)["ok"])
        self.env.cr.execute(
            "UPDATE filiere_tax_receipt SET state = 'valid', amount = 5000 WHERE id = %s", (receipt.id,)
        )
        result = self.receipts.verify_chain(self.company)
        self.assertEqual((result["ok"], result["first_broken"]), (False, receipt.name))

    # ------------------------------------------------------------------
    # Annual declaration
    # ------------------------------------------------------------------
    def test_annual_declaration_counts_valid_receipts_only(self):
        self.add_devices(self.gift, [100.0, 20.0])
        cancelled = self.issue()
        replacement = cancelled.with_user(self.manager).action_cancel_and_replace("Erreur d'adresse")
        other_donor = self.company_donor.copy({"name": "Hautes-Alpes Numérique", "siret": "81234567600017"})
        other_gift = self._signed_donation(other_donor)
        self.add_devices(other_gift, [50.0])
        other_gift.tax_receipt_handling_cost = 5.5
        third = self.issue(other_gift)
        declaration = self.receipts.with_user(self.auditor).annual_declaration(self.company, self.year)
        self.assertEqual(declaration["count"], 2)
        self.assertAlmostEqual(declaration["amount"], 175.5)
        self.assertEqual(declaration["numbers"], sorted([replacement.name, third.name]))
        self.assertNotIn(cancelled.name, declaration["numbers"])
        self.assertEqual(declaration["due_date"], fields.Date.to_date(f"{self.year + 1}-03-31"))
        self.assertEqual(self.receipts.annual_declaration(self.company, self.year - 1)["count"], 0)
        wizard = (
            self.env["filiere.tax.receipt.declaration"]
            .with_user(self.manager)
            .create({"company_id": self.company.id, "year": self.year})
        )
        self.assertEqual((wizard.receipt_count, wizard.amount), (2, 175.5))

    def test_managers_are_reminded_once_a_month_before_the_declaration(self):
        self.add_devices(self.gift, [100.0, 20.0])
        self.issue()
        self.manager.lang = "fr_FR"
        partner = self.company.partner_id

        def reminders(user):
            return self.env["mail.activity"].search(
                [("res_model", "=", "res.partner"), ("res_id", "=", partner.id), ("user_id", "=", user.id)]
            )

        with freeze_time(f"{self.year + 1}-02-27"):  # 32 days before the 31st of March: too early
            self.receipts._cron_annual_declaration_reminders()
        self.assertFalse(reminders(self.manager))
        with freeze_time(f"{self.year + 1}-03-05"):
            self.receipts._cron_annual_declaration_reminders()
            self.receipts._cron_annual_declaration_reminders()
        activity = reminders(self.manager)
        self.assertEqual(len(activity), 1, "one reminder, however often the job runs")
        self.assertEqual(activity.summary, f"Déclarer les reçus fiscaux de {self.year}")
        # One valid receipt of 120 €, due by the 31st of March.
        self.assertIn(f"Reçus fiscaux émis en {self.year} : 1, pour 120,00", activity.note)
        self.assertIn(f"31/03/{self.year + 1}", activity.note)
        self.assertEqual(activity.date_deadline, fields.Date.to_date(f"{self.year + 1}-03-31"))
        # Nobody of the other structure, which issued nothing, is reminded.
        self.assertFalse(reminders(self.other_manager))

    # ------------------------------------------------------------------
    # Access rights, multi-company
    # ------------------------------------------------------------------
    def test_rights_workshop_users_auditors_and_other_structures(self):
        self.add_devices(self.gift, [10.0])
        with self.assertRaises(AccessError):
            self.issue(user=self.technician)
        with self.assertRaises(AccessError):
            self.issue(user=self.auditor)
        receipt = self.issue()
        with self.assertRaises(AccessError):
            receipt.with_user(self.technician).read(["amount"])
        with self.assertRaises(AccessError):
            self.receipts.with_user(self.technician).annual_declaration(self.company, self.year)
        with self.assertRaises(AccessError):
            self.gift.with_user(self.technician).read(["tax_receipt_transport_cost"])
        # The workshop's donation form opens without the amounts nor the receipts.
        arch = self.env["filiere.donation"].with_user(self.technician).get_views([(False, "form")])["views"]["form"]
        self.assertIn("tax_receipt_choice", arch["arch"])
        self.assertNotIn("tax_receipt_transport_cost", arch["arch"])
        self.assertNotIn("action_issue_and_open_tax_receipt", arch["arch"])
        self.assertEqual(receipt.with_user(self.auditor).amount, 10.0)
        with self.assertRaises(AccessError):
            receipt.with_user(self.auditor).action_cancel("raison")
        # Another structure's manager sees nothing of this structure's receipts, nor issues them.
        self.assertFalse(self.receipts.with_user(self.other_manager).search([]))
        with self.assertRaises(AccessError):
            receipt.with_user(self.other_manager).read(["amount"])
        with self.assertRaises(AccessError):
            self.receipts.with_user(self.other_manager).annual_declaration(self.company, self.year)
        with self.assertRaises(AccessError):
            self.receipts.with_user(self.other_manager)._issue(self.gift)

    def test_each_structure_numbers_its_own_receipts(self):
        self.other_company.write(
            {
                "currency_id": self.env.ref("base.EUR").id,
                "street": "1 rue de la Gare",
                "zip": "05100",
                "city": "Briançon",
                "filiere_tax_object": "Réemploi solidaire",
                "filiere_tax_status": "insertion",
                "filiere_tax_status_reference": "Conventionnement ACI DDETS 05 n° 2025-017",
                "filiere_tax_receipt_signatory": "Paul Martin, trésorier",
            }
        )
        self.company_donor.company_id = False
        gift_briancon = self._signed_donation(self.company_donor, company=self.other_company)
        self.add_devices(gift_briancon, [15.0])
        self.add_devices(self.gift, [10.0])
        receipt_gap = self.issue()
        receipt_briancon = self.issue(gift_briancon, user=self.other_manager)
        self.assertEqual(receipt_gap.name, receipt_briancon.name)  # same number, two numberings
        self.assertEqual(receipt_briancon.company_id, self.other_company)
        self.assertIn("Paul Martin, trésorier", pdf_text(receipt_briancon))
        self.assertEqual(self.receipts.with_user(self.manager).search([]), receipt_gap)
        self.assertEqual(self.receipts.verify_chain(self.other_company)["checked"], 1)
        # A number is used once per structure, whatever writes the table.
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.env.cr.savepoint():
            self.env.cr.execute(
                "INSERT INTO filiere_tax_receipt (name, company_id, donation_id, partner_id, issue_date) "
                "SELECT name, company_id, donation_id, partner_id, issue_date FROM filiere_tax_receipt WHERE id = %s",
                (receipt_gap.id,),
            )
