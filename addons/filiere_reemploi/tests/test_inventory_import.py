import io

import openpyxl

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import FiliereCase, inventory_csv


@tagged("post_install", "-at_install")
class TestInventoryImport(FiliereCase):
    def _counts(self):
        return (
            self.env["stock.lot"].search_count([]),
            self.env["stock.picking"].search_count([]),
            self.env["stock.move.line"].search_count([]),
        )

    def test_french_csv_creates_serials_and_receipt(self):
        content = inventory_csv(
            [
                ("PC portable", 1, "Lenovo", "ThinkPad T480", 2018, "Bureautique", "Fonctionnel", "PF1AAAA"),
                ("Smartphone", 1, "Samsung", "Galaxy A52", 2021, "", "Écran rayé", "R58AAAA"),
                ("Écran", 3, "Iiyama", "ProLite", 2016, "", "", ""),
            ]
        )
        lots = self.donation.with_user(self.technician).import_inventory(content, "inventaire.csv")
        self.assertEqual(len(lots), 5)
        laptop = lots.filtered(lambda lot: lot.name == "PF1AAAA")
        self.assertEqual(laptop.device_type_id, self.laptop)
        self.assertEqual((laptop.brand, laptop.model_name, laptop.year), ("Lenovo", "ThinkPad T480", 2018))
        self.assertEqual((laptop.donor_usage, laptop.donor_status), ("Bureautique", "Fonctionnel"))
        self.assertEqual(laptop.routing, "refurbish", "triage runs at intake")
        screens = lots.filtered(lambda lot: lot.device_type_id == self.screen)
        self.assertEqual(
            sorted(screens.mapped("name")),
            [f"{self.donation.name}-004-0{i}" for i in (1, 2, 3)],
            "devices given without serial get internal ones",
        )
        self.assertEqual(set(lots.mapped("company_id")), {self.company})
        self.assertEqual(lots.donation_id, self.donation)

        receipt = self.donation.picking_ids
        self.assertEqual(len(receipt), 1)
        self.assertEqual(receipt.picking_type_code, "incoming")
        self.assertEqual(receipt.partner_id, self.donor)
        self.assertEqual(receipt.move_line_ids.lot_id, lots)
        receipt.button_validate()
        self.assertEqual(receipt.state, "done")
        self.assertEqual(lots.mapped("product_qty"), [1.0] * 5, "every device is in stock")
        self.assertEqual(self.donation.device_count, 5)

    def test_xlsx_with_english_headers(self):
        workbook = openpyxl.Workbook()
        workbook.active.append(["Device", "Quantity", "Brand", "Model", "Year", "Serial number"])
        workbook.active.append(["Laptop", 1, "Dell", "Latitude 5490", 2019, "DL-5490-1"])
        workbook.active.append(["Tablette", 1, "Apple", "iPad", 2018, 123456789])
        buffer = io.BytesIO()
        workbook.save(buffer)
        lots = self.donation.import_inventory(buffer.getvalue(), "inventory.xlsx")
        self.assertEqual(sorted(lots.mapped("name")), ["123456789", "DL-5490-1"])
        self.assertEqual(lots.filtered(lambda lot: lot.name == "123456789").device_type_id.code, "tablet")

    def test_bad_rows_are_all_listed_and_nothing_is_created(self):
        self.donation.import_inventory(inventory_csv([("PC portable", 1, "", "", "", "", "", "TAKEN-1")]), "a.csv")
        before = self._counts()
        content = inventory_csv(
            [
                ("PC portable", 1, "Lenovo", "T480", 2018, "", "", "OK-1"),
                ("Grille-pain", 1, "", "", "", "", "", "TOAST-1"),
                ("PC portable", 1, "", "", "", "", "", ""),
                ("PC portable", 1, "", "", "", "", "", "OK-1"),
            ]
        )
        with self.assertRaises(UserError) as error:
            self.donation.import_inventory(content, "inventaire.csv")
        message = str(error.exception)
        self.assertIn("nothing was created", message)
        self.assertIn("row 3: unknown device type 'Grille-pain'", message)
        self.assertIn("row 4: the serial number is missing for a single device", message)
        self.assertIn("row 5: serial number OK-1 already appears on row 2", message)
        self.assertEqual(self._counts(), before)

        other = self.env["filiere.donation"].create({"partner_id": self.donor.id, "company_id": self.company.id})
        with self.assertRaisesRegex(UserError, "row 2: serial number TAKEN-1 is already registered"):
            other.import_inventory(inventory_csv([("PC portable", 1, "", "", "", "", "", "TAKEN-1")]), "b.csv")
        self.assertEqual(self._counts(), before)

    def test_unreadable_files(self):
        before = self._counts()
        for content, filename, reason in [
            (b"", "vide.csv", "the file is empty"),
            (b"\x00\x01\x02\xff\xfe garbage", "binaire.csv", "cannot be read"),
            (b"PK\x03\x04broken", "casse.xlsx", "cannot be read"),
            (b"Nom;Adresse\nDupont;Gap\n", "autre.csv", "lacks the columns"),
        ]:
            with self.subTest(filename=filename), self.assertRaisesRegex(UserError, reason):
                self.donation.import_inventory(content, filename)
        self.assertEqual(self._counts(), before)

    def test_importing_twice_creates_no_duplicate(self):
        content = inventory_csv(
            [("PC portable", 1, "HP", "840 G5", 2018, "", "", "5CG-1"), ("Écran", 2, "Dell", "P22", 2019, "", "", "")]
        )
        first = self.donation.import_inventory(content, "inventaire.csv")
        self.assertEqual(len(first), 3)
        before = self._counts()
        second = self.donation.import_inventory(content, "inventaire.csv")
        self.assertFalse(second)
        self.assertEqual(self._counts(), before)

    def test_wizard_imports_the_uploaded_file(self):
        import base64

        wizard = self.env["filiere.inventory.import"].create(
            {
                "donation_id": self.donation.id,
                "file": base64.b64encode(inventory_csv([("Smartphone", 1, "", "", "", "", "", "WIZ-1")])),
                "filename": "inventaire.csv",
            }
        )
        notification = wizard.action_import()
        self.assertEqual(notification["tag"], "display_notification")
        self.assertIn(
            f"1 devices created on {self.donation.name} from inventaire.csv", notification["params"]["message"]
        )
        action = notification["params"]["next"]
        self.assertEqual(action["res_model"], "stock.lot")
        self.assertEqual(self.env["stock.lot"].search(action["domain"]).mapped("name"), ["WIZ-1"])

    def _import_wizard(self, content, filename="inventaire.csv"):
        import base64

        return self.env["filiere.inventory.import"].create(
            {"donation_id": self.donation.id, "file": base64.b64encode(content), "filename": filename}
        )

    def test_importing_the_same_file_again_says_nothing_was_created(self):
        content = inventory_csv(
            [("PC portable", 1, "HP", "840 G5", 2018, "", "", "AGAIN-1"), ("Écran", 2, "Dell", "P22", 2019, "", "", "")]
        )
        self._import_wizard(content).action_import()
        before = self._counts()
        notification = self._import_wizard(content).action_import()
        self.assertEqual(self._counts(), before)
        params = notification["params"]
        self.assertEqual((params["type"], params["sticky"]), ("warning", True))
        self.assertIn("Nothing was created: the 3 devices of inventaire.csv are already registered", params["message"])
        self.assertIn("AGAIN-1", params["message"])
        # The list still opens on the agreement's devices, the ones the file named.
        self.assertEqual(self.env["stock.lot"].search(params["next"]["domain"]).mapped("donation_id"), self.donation)

        # One new row among known ones: the new device is created, the known ones are named.
        content = inventory_csv(
            [
                ("PC portable", 1, "HP", "840 G5", 2018, "", "", "AGAIN-1"),
                ("Tablette", 1, "", "", "", "", "", "AGAIN-2"),
            ]
        )
        params = self._import_wizard(content).action_import()["params"]
        self.assertIn("1 devices created on", params["message"])
        self.assertIn(
            "1 devices of the file were already registered on it and were left as they were (AGAIN-1)",
            params["message"],
        )
        self.assertEqual(self.env["stock.lot"].search(params["next"]["domain"]).mapped("name"), ["AGAIN-2"])

    def test_unknown_type_lists_the_known_types_and_their_words(self):
        before = self._counts()
        content = inventory_csv(
            [("Clavier", 1, "", "", "", "", "", "K-1"), ("Grille-pain", 1, "", "", "", "", "", "P-1")]
        )
        with self.assertRaises(UserError) as error:
            self.donation.import_inventory(content, "accessoires.csv")
        message = str(error.exception)
        self.assertIn("row 3: unknown device type 'Grille-pain'", message)
        self.assertNotIn("row 2:", message, "the keyboard is a known type")
        self.assertIn("The known device types", message)
        for device_type in self.env["filiere.device.type"].search([]):
            self.assertIn(f"- {device_type.name}: {device_type.code}", message)
        keyboard = self.env.ref("filiere_reemploi.device_type_keyboard")
        self.assertIn(f"- {keyboard.name}: keyboard, clavier, clavier usb", message)
        self.assertIn("Configuration > Device types", message)
        self.assertEqual(self._counts(), before)

    def _inventory(self, count, prefix):
        return inventory_csv(
            [("PC portable", 1, "Lenovo", "T480", 2018, "", "", f"{prefix}-{index:04d}") for index in range(count)]
        )

    def test_per_device_work_is_bounded(self):
        """Importing 100 devices costs no more queries than importing 10: no per-device query."""
        small, large = self._inventory(10, "SMALL"), self._inventory(100, "LARGE")
        for content in (small, large):
            donation = self.env["filiere.donation"].create({"partner_id": self.donor.id, "company_id": self.company.id})
            # One more than before 1.3.0: the check of the donor's type (public bodies' 300 € limit).
            with self.assertQueryCount(__system__=71):
                donation.import_inventory(content, "inventaire.csv")
            self.assertEqual(donation.device_count, 10 if content is small else 100)

    def test_600_device_inventory_of_a_town_hall(self):
        lots = self.donation.import_inventory(self._inventory(600, "GAP"), "ville_de_gap.csv")
        self.assertEqual(len(lots), 600)
        self.assertEqual(len(set(lots.mapped("name"))), 600)
        receipt = self.donation.picking_ids
        self.assertEqual(len(receipt.move_line_ids), 600)
        receipt.button_validate()
        self.assertEqual(receipt.state, "done")
        quants = self.env["stock.quant"].search([("lot_id", "in", lots.ids), ("location_id.usage", "=", "internal")])
        self.assertEqual(sum(quants.mapped("quantity")), 600)
