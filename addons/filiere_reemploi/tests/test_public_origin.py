import base64

import lxml.html

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import DistributionCase, inventory_csv


@tagged("post_install", "-at_install")
class TestPublicOrigin(DistributionCase):
    """Devices given by a town hall: L3212-2 3° and L3212-3 CGPPP, décret of 7 November 2022."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.town_hall = cls.env["res.partner"].create(
            {"name": "Mairie de Gap (test)", "is_company": True, "filiere_donor_type": "public"}
        )
        cls.public_donation = cls.env["filiere.donation"].create(
            {"partner_id": cls.town_hall.id, "company_id": cls.company.id}
        )
        cls.public_donation.action_sign()

    def public_device(self, serial, **values):
        return self.stocked_device(serial, donation_id=self.public_donation.id, **values)

    def accepted_referral(self, segments):
        referral = self.make_referral(self.make_beneficiary(segments=segments))
        referral.action_accept()
        return referral

    def assert_nothing_allocated(self, referral, device):
        self.assertEqual(referral.state, "accepted")
        self.assertFalse(referral.lot_id or referral.sale_order_id)
        self.assertEqual(device.device_state, "available")
        self.assertFalse(self.env["sale.order"].search([("origin", "=", referral.name)]))

    def test_the_shipped_caps_are_those_of_the_decret(self):
        caps = {
            code: self.env.ref(f"filiere_reemploi.device_type_{code}").public_price_cap
            for code in ("laptop", "desktop", "tablet", "smartphone", "screen", "printer", "multifunction_printer")
        }
        self.assertEqual(
            caps,
            {
                "laptop": 180.0,
                "desktop": 150.0,
                "tablet": 100.0,
                "smartphone": 100.0,
                "screen": 30.0,
                "printer": 30.0,
                "multifunction_printer": 170.0,
            },
        )
        eligible = self.env["filiere.segment"].search([("public_origin_eligible", "=", True)])
        self.assertIn(self.job_seeker, eligible)
        self.assertIn(self.refugee, eligible)
        self.assertNotIn(self.senior, eligible)
        self.assertNotIn(self.student, eligible)

    def test_a_device_of_a_public_donor_carries_that_origin(self):
        public = self.make_device("PUB-ORIGIN", donation_id=self.public_donation.id)
        private = self.make_device("PRIV-ORIGIN")
        self.assertTrue(public.filiere_public_origin)
        self.assertFalse(private.filiere_public_origin)
        found = self.env["stock.lot"].search(
            [("filiere_public_origin", "=", True), ("name", "in", ["PUB-ORIGIN", "PRIV-ORIGIN"])]
        )
        self.assertEqual(found, public)
        # It follows the donor: a partner recorded as a company by mistake, then corrected.
        self.donor.filiere_donor_type = "public"
        self.assertTrue(private.filiere_public_origin)

    def test_a_town_hall_laptop_cannot_be_allocated_at_181_euros(self):
        device = self.public_device("PUB-181")
        self.env["filiere.price.grid"].create(
            self._grid(self.laptop, self.grade_a, self.job_seeker, 181.0, company_id=self.company.id)
        )
        referral = self.accepted_referral(self.job_seeker).with_user(self.distribution)
        with self.assertRaises(UserError) as error:
            referral.action_allocate_device(device)
        message = str(error.exception)
        self.assertIn("PUB-181", message)
        self.assertIn("180", message)
        self.assertIn("L3212-3", message)
        self.assert_nothing_allocated(referral, device)
        # The matching helper's button goes through the same check.
        wizard = self.env["filiere.referral.allocate"].with_user(self.distribution).create({"referral_id": referral.id})
        line = wizard.line_ids.filtered(lambda item: item.lot_id == device)
        self.assertTrue(line.public_origin)
        with self.assertRaises(UserError):
            line.action_allocate()
        self.assert_nothing_allocated(referral, device)
        # A grid line for devices of public origin cannot say 181 either.
        with self.assertRaises(ValidationError) as error:
            self.env["filiere.price.grid"].create(
                self._grid(self.laptop, self.grade_a, self.job_seeker, 181.0, public_origin=True)
            )
        self.assertIn("180", str(error.exception))
        # At the cap, from the line for devices of public origin (it prices them before the general one).
        capped = self.env["filiere.price.grid"].create(
            self._grid(
                self.laptop, self.grade_a, self.job_seeker, 180.0, public_origin=True, company_id=self.company.id
            )
        )
        referral.action_allocate_device(device)
        self.assertEqual(referral.price_grid_id, capped)
        self.assertEqual(referral.sale_order_id.amount_total, 180.0)

    def test_no_price_gets_a_town_hall_laptop_to_a_person_outside_the_eligible_segments(self):
        device = self.public_device("PUB-SENIOR")
        grid = self.env["filiere.price.grid"]
        grid.create(
            self._grid(self.laptop, self.grade_a, self.student, 0.0, sale_format="donation", company_id=self.company.id)
        )
        for segments in (self.senior, self.student, self.senior | self.student):
            referral = self.accepted_referral(segments).with_user(self.distribution)
            with self.assertRaises(UserError) as error:
                referral.action_allocate_device(device)
            self.assertIn("PUB-SENIOR", str(error.exception))
            self.assertIn("L3212-3", str(error.exception))
            self.assert_nothing_allocated(referral, device)
        # Nor can the grid price devices of public origin for such a segment.
        with self.assertRaises(ValidationError):
            grid.create(self._grid(self.laptop, self.grade_a, self.senior, 10.0, public_origin=True))
        # The same laptop from a company goes to the senior at the senior price.
        company_laptop = self.stocked_device("PRIV-SENIOR")
        referral = self.accepted_referral(self.senior)
        referral.action_allocate_device(company_laptop)
        self.assertEqual(referral.price, 80.0)

    def test_only_the_eligible_segments_price_a_device_of_public_origin(self):
        device = self.public_device("PUB-MIXED")
        self.env["filiere.price.grid"].create(
            self._grid(
                self.laptop, self.grade_a, self.job_seeker, 120.0, public_origin=True, company_id=self.company.id
            )
        )
        referral = self.accepted_referral(self.senior | self.job_seeker)
        # The senior line (80 €) is for seniors in general; this device goes as a job seeker's.
        referral.action_allocate_device(device)
        self.assertEqual(referral.price, 120.0)
        self.assertEqual(referral.price_grid_id.segment_id, self.job_seeker)

    def test_a_public_agreement_refuses_a_device_declared_at_320_euros(self):
        with self.assertRaises(ValidationError) as error:
            self.make_device("PUB-320", donation_id=self.public_donation.id, filiere_transfer_value=320.0)
        self.assertIn("PUB-320", str(error.exception))
        self.assertIn("300", str(error.exception))
        self.assertIn("D. 3212-3", str(error.exception))
        self.assertFalse(self.env["stock.lot"].search([("name", "=", "PUB-320")]))
        device = self.make_device("PUB-300", donation_id=self.public_donation.id, filiere_transfer_value=300.0)
        with self.assertRaises(ValidationError):
            device.filiere_transfer_value = 320.0
        self.assertEqual(device.filiere_transfer_value, 300.0)
        # A company may give it; moving it onto the public agreement afterwards is refused.
        company_device = self.make_device("PRIV-320", filiere_transfer_value=320.0)
        with self.assertRaises(ValidationError):
            company_device.donation_id = self.public_donation
        self.assertEqual(company_device.donation_id, self.donation)
        # Nor can the agreement's donor become a public body while it holds such a device.
        with self.assertRaises(ValidationError):
            self.donation.partner_id = self.town_hall

    def _counts(self):
        return (
            self.env["stock.lot"].search_count([]),
            self.env["stock.picking"].search_count([]),
            self.env["stock.move.line"].search_count([]),
        )

    def test_the_inventory_import_refuses_a_320_euros_device_of_a_public_body_and_creates_nothing(self):
        header = "Matériel;Quantité;Marque;Modèle;Année;N° de série;Valeur nette comptable"
        content = inventory_csv(
            [
                ("PC portable", 1, "Lenovo", "ThinkPad T480", 2018, "VNC-A", "0"),
                ("PC portable", 1, "Dell", "Latitude 7490", 2021, "VNC-B", "320,00"),
                ("PC portable", 1, "HP", "EliteBook 840", 2020, "VNC-C", "150"),
            ],
            header=header,
        )
        before = self._counts()
        with self.assertRaises(UserError) as error:
            self.public_donation.with_user(self.technician).import_inventory(content, "inventaire.csv")
        message = str(error.exception)
        self.assertIn("VNC-B", message)
        self.assertIn("300", message)
        self.assertIn("D. 3212-3", message)
        self.assertNotIn("VNC-A", message)
        self.assertEqual(self._counts(), before)
        # The same file from a company goes through, each device with its value.
        lots = self.donation.with_user(self.technician).import_inventory(content, "inventaire.csv")
        self.assertEqual(
            {lot.name: lot.filiere_transfer_value for lot in lots}, {"VNC-A": 0.0, "VNC-B": 320.0, "VNC-C": 150.0}
        )
        # Through the import wizard (the preview maps the column) the town hall's file is refused too.
        before = self._counts()
        wizard = (
            self.env["filiere.inventory.import"]
            .with_user(self.technician)
            .create(
                {
                    "donation_id": self.public_donation.id,
                    "file": base64.b64encode(content.replace(b"VNC-", b"WIZ-")),
                    "filename": "inventaire.csv",
                }
            )
        )
        wizard.action_preview()
        self.assertEqual(wizard.column_ids.filtered(lambda col: col.field == "value").header, "Valeur nette comptable")
        with self.assertRaises(UserError) as error:
            wizard.action_import()
        self.assertIn("WIZ-B", str(error.exception))
        self.assertEqual(self._counts(), before)

    def test_a_workshop_user_changes_neither_the_caps_nor_the_public_origin(self):
        device = self.make_device("PUB-RIGHTS", donation_id=self.public_donation.id)
        with self.assertRaises(AccessError):
            self.laptop.with_user(self.technician).public_price_cap = 500.0
        with self.assertRaises(AccessError):
            self.senior.with_user(self.technician).public_origin_eligible = True
        with self.assertRaises(AccessError):
            self.env["filiere.price.grid"].with_user(self.distribution).create(
                self._grid(self.laptop, self.grade_a, self.job_seeker, 100.0, public_origin=True)
            )
        for user in (self.technician, self.distribution, self.manager):
            with self.assertRaises(UserError):
                device.with_user(user).filiere_public_origin = False
            with self.assertRaises(UserError):
                self.env["stock.lot"].with_user(user).create(
                    {
                        "name": f"PUB-FORGED-{user.login}",
                        "device_type_id": self.laptop.id,
                        "company_id": self.company.id,
                        "filiere_public_origin": True,
                    }
                )
        self.assertTrue(device.filiere_public_origin)
        self.assertEqual(self.laptop.public_price_cap, 180.0)
        # Managers keep the caps up to date (a new décret).
        self.laptop.with_user(self.manager).public_price_cap = 190.0
        self.assertEqual(self.laptop.public_price_cap, 190.0)

    def test_the_agreement_with_a_public_body_cites_the_rule_in_french(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"].search([("name", "=", "filiere_reemploi")])._update_translations("fr_FR")
        self.town_hall.lang = "fr_FR"
        self.make_device("PUB-PDF", donation_id=self.public_donation.id, filiere_transfer_value=120.0)
        html, _type = self.env["ir.actions.report"]._render_qweb_html(
            "filiere_reemploi.filiere_donation_report_action", self.public_donation.ids
        )
        text = " ".join(lxml.html.fromstring(html).text_content().split())
        for words in (
            "L3212-2 3°",
            "L3212-3",
            "n° 2022-217",
            "D. 3212-3",
            "personnes en situation de précarité",
            "7 novembre 2022",
            "PUB-PDF",
        ):
            self.assertIn(words, text)
        # Amounts as a French reader writes them, whatever the spaces.
        compact = text.replace("\xa0", " ").replace("\u202f", " ")
        # The legal figures are in euros, whatever the structure's currency.
        for amount in ("300,00 €", "180,00 €", "150,00 €", "170,00 €", "30,00 €"):
            self.assertIn(amount, compact)
        self.assertIn("120,00", compact)
        # A company's agreement says nothing of it.
        html, _type = self.env["ir.actions.report"]._render_qweb_html(
            "filiere_reemploi.filiere_donation_report_action", self.donation.ids
        )
        self.assertNotIn("L3212-3", lxml.html.fromstring(html).text_content())

    def test_a_desktop_of_public_origin_for_free_to_a_refugee(self):
        desktop = self.env.ref("filiere_reemploi.device_type_desktop")
        device = self.public_device("PUB-DESK", device_type=desktop)
        self.env["filiere.price.grid"].create(
            self._grid(desktop, self.grade_a, self.refugee, 0.0, sale_format="donation", public_origin=True)
        )
        referral = self.make_referral(self.make_beneficiary(segments=self.refugee), device_type_id=desktop.id)
        referral.action_accept()
        referral.action_allocate_device(device)
        self.assertEqual((referral.sale_format, referral.price), ("donation", 0.0))
        self.assertEqual(referral.segment_ids, self.refugee)
        self.assertEqual(referral.sale_order_id.order_line.product_id, desktop.product_id)
