import base64
import csv
import io
import re

from openpyxl import load_workbook

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import DistributionCase

COMPANY_SIRET = "73282932000074"
TOWN_HALL_SIRET = "35600000000048"
TRANSPORTER_SIRET = "44306184100047"
FACILITY_SIRET = "78467169500087"


@tagged("post_install", "-at_install")
class TestEcoOrganisationExports(DistributionCase):
    """Reuse data and waste register of one structure on a dataset with known figures."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.context_today(cls.env.user)
        cls.company.write({"zip": "05000", "city": "Gap", "country_id": cls.env.ref("base.fr").id})
        cls.company.partner_id.siret = COMPANY_SIRET
        cls.donor.write({"siret": TOWN_HALL_SIRET, "zip": "05000", "city": "Gap"})
        cls.individual = cls.env["res.partner"].create(
            {"name": "Particulier de Tallard", "zip": "05130", "city": "Tallard", "filiere_donor_type": "individual"}
        )
        cls.donation_individual = cls.env["filiere.donation"].create(
            {"partner_id": cls.individual.id, "company_id": cls.company.id}
        )
        cls.donation_individual.action_sign()
        cls.transporter = cls.env["res.partner"].create(
            {"name": "ESAT de transport", "is_company": True, "siret": TRANSPORTER_SIRET}
        )
        cls.facility = cls.env["res.partner"].create(
            {
                "name": "Centre de traitement DEEE",
                "is_company": True,
                "siret": FACILITY_SIRET,
                "street": "1 avenue du Recyclage",
                "zip": "13015",
                "city": "Marseille",
            }
        )

    def hand_over(self, device):
        referral = self.make_referral(self.make_beneficiary(f"Bénéficiaire {device.name}"))
        referral.action_accept()
        referral.action_allocate_device(device)
        referral.action_handover()
        return referral

    def export(self, report, file_format="xlsx", user=None, company=None):
        return (
            self.env["filiere.eco.organisation.export"]
            .with_user(user or self.manager)
            .create(
                {
                    "report": report,
                    "file_format": file_format,
                    "date_from": self.today,
                    "date_to": self.today,
                    "company_id": (company or self.company).id,
                }
            )
        )

    def send_to_recycling(self, devices, user=None, **values):
        wizard = (
            self.env["filiere.recycling.wizard"]
            .with_user(user or self.technician)
            .create(
                {
                    "lot_ids": [fields.Command.set(devices.ids)],
                    "transporter_id": self.transporter.id,
                    "destination_id": self.facility.id,
                    **values,
                }
            )
        )
        return wizard.action_confirm()

    def setUp(self):
        super().setUp()
        # Reused: two laptops of the town hall (2.2 + 2.3 kg), one of a private person (2.0 kg).
        self.hand_over(self.stocked_device("ECO-R1", weight_kg=2.2))
        self.hand_over(self.stocked_device("ECO-R2", weight_kg=2.3))
        self.hand_over(self.stocked_device("ECO-R3", weight_kg=2.0, donation_id=self.donation_individual.id))
        # Reused by another structure: not in this structure's export.
        other = self.env["stock.lot"].create(
            {"name": "ECO-OTHER", "device_type_id": self.laptop.id, "company_id": self.other_company.id}
        )
        other.action_send_to_recycling()
        # Sent to recycling: two laptops together, a screen with hazardous components apart.
        self.laptops = self.make_device("ECO-W1") | self.make_device("ECO-W2")
        self.send_to_recycling(self.laptops)
        self.screen_device = self.make_device("ECO-W3", device_type=self.screen)
        self.send_to_recycling(self.screen_device, waste_code="160213*")

    def test_reuse_data_per_category_and_origin(self):
        wizard = self.export("reuse")
        with self.assertQueryCount(__system__=6, manager=6):
            rows = wizard.reuse_rows()
        self.assertEqual(
            [
                (row["category"], row["origin_siret"], row["origin_departement"], row["units"], row["kg"])
                for row in rows
            ],
            [("2", "", "05", 1, 2.0), ("2", TOWN_HALL_SIRET, "05", 2, 4.5)],
        )
        self.assertEqual([row["tonnes"] for row in rows], [0.002, 0.005])

    def test_reuse_data_xlsx_names_the_reusing_installation(self):
        name, content = self.export("reuse").render()
        self.assertTrue(name.endswith(".xlsx"))
        sheet = load_workbook(io.BytesIO(content)).active
        values = list(sheet.iter_rows(values_only=True))
        self.assertEqual(len(values), 3)
        period = f"{self.today.isoformat()}/{self.today.isoformat()}"
        self.assertEqual(
            values[2],
            (period, "2", values[2][2], 2, 0.005, TOWN_HALL_SIRET, "05", self.company.name, COMPANY_SIRET, "05"),
        )
        self.assertIn("100", values[2][2])  # "Screens ... over 100 cm²", in whatever language

    def test_reuse_data_csv_in_french(self):
        self.company.partner_id.lang = "fr_FR"
        wizard = self.export("reuse", "csv")
        action = wizard.action_export()
        self.assertIn(f"/{wizard.id}/file_data/", action["url"])
        text = base64.b64decode(wizard.file_data).decode("utf-8-sig")
        header, *lines = list(csv.reader(io.StringIO(text), delimiter=";"))
        self.assertIn("Unités réemployées", header)
        self.assertIn("SIRET de l'installation de réemploi", header)
        self.assertEqual(lines[1][3:7], ["2", "0,005", TOWN_HALL_SIRET, "05"])

    def test_waste_register_one_row_per_shipment(self):
        wizard = self.export("register")
        with self.assertQueryCount(__system__=6, manager=6):
            rows = wizard.register_rows()
        self.assertEqual(
            [(row["waste_code"], row["units"], row["kg"]) for row in rows],
            [("16 02 14", 2, 4.4), ("16 02 13*", 1, 4.5)],
        )
        for row in rows:
            self.assertEqual(row["date"], self.today.isoformat())
            self.assertEqual((row["producer"], row["producer_siret"]), (self.company.name, COMPANY_SIRET))
            self.assertEqual((row["transporter"], row["transporter_siret"]), ("ESAT de transport", TRANSPORTER_SIRET))
            self.assertEqual(row["destination"], "Centre de traitement DEEE")
            self.assertEqual(row["destination_address"], "1 avenue du Recyclage, 13015 Marseille")
            self.assertEqual(row["destination_siret"], FACILITY_SIRET)
        # The usual name, in the structure's language.
        lang = self.company.partner_id.lang
        self.assertIn(self.laptop.with_context(lang=lang).name, rows[0]["name"])
        self.assertIn(self.screen.with_context(lang=lang).name, rows[1]["name"])

    def test_waste_register_xlsx_in_tonnes(self):
        _name, content = self.export("register").render()
        values = list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
        self.assertEqual([line[2:5] for line in values[1:]], [("16 02 14", 0.004, 2), ("16 02 13*", 0.005, 1)])

    def test_recycling_records_transporter_facility_and_code(self):
        self.assertEqual(set(self.laptops.mapped("device_state")), {"recycled"})
        self.assertEqual(self.laptops.filiere_recycling_destination_id, self.facility)
        self.assertEqual(self.laptops.filiere_recycling_transporter_id, self.transporter)
        self.assertEqual(self.screen_device.filiere_waste_code, "16 02 13*")

    def test_a_bad_waste_code_stops_the_batch(self):
        devices = self.make_device("ECO-BAD1") | self.make_device("ECO-BAD2")
        with self.assertRaisesRegex(UserError, "ECO-BAD1.*16 02 14"):
            self.send_to_recycling(devices, waste_code="16-02")
        self.assertEqual(set(devices.mapped("device_state")), {"received"})
        self.assertFalse(devices.filiere_recycling_destination_id)

    def test_a_device_already_handed_over_cannot_be_recycled(self):
        delivered = self.stocked_device("ECO-DELIV")
        self.hand_over(delivered)
        fresh = self.make_device("ECO-FRESH")
        with self.assertRaises(UserError):
            self.send_to_recycling(fresh | delivered)
        self.assertEqual(fresh.device_state, "received")
        self.assertFalse(fresh.filiere_recycling_destination_id)

    def test_waste_code_of_a_device_type_is_checked(self):
        with self.assertRaises(ValidationError):
            self.laptop.waste_code = "ABC"
        self.laptop.waste_code = "20 01 36"
        self.assertEqual(self.laptop.eco_category, "2")
        self.assertEqual(self.smartphone.eco_category, "6")

    def test_rights(self):
        # The auditor exports; a workshop user does not; an auditor does not send devices to recycling.
        self.assertTrue(self.export("register", user=self.auditor).register_rows())
        with self.assertRaises(AccessError):
            self.export("reuse", user=self.technician)
        with self.assertRaises(AccessError):
            self.send_to_recycling(self.make_device("ECO-AUD"), user=self.auditor)

    def test_a_structure_outside_the_user_companies_is_refused(self):
        wizard = self.export("reuse", company=self.other_company)
        with self.assertRaisesRegex(UserError, re.escape(self.other_company.name)):
            wizard.render()
