import base64

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import FiliereCase, inventory_csv
from .label_reading import decode_label, pdf_text


@tagged("post_install", "-at_install")
class TestDeviceLabels(FiliereCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sheet_3x8 = cls.env.ref("filiere_reemploi.label_format_a4_3x8")
        cls.zpl_62 = cls.env.ref("filiere_reemploi.label_format_zpl_62mm")

    def _device(self, serial, **values):
        specs = {
            "ram_gb": 8,
            "storage_type": "ssd",
            "storage_size_gb": 256,
            "keyboard_layout": "azerty_fr",
            "condition_id": self.grade_a.id,
        }
        return self.make_device(serial, **dict(specs, **values))

    def _print(self, wizard_action, user, **values):
        wizard = self.env["filiere.label.print"].with_user(user).with_context(**wizard_action["context"]).create(values)
        wizard.action_print()
        return wizard, base64.b64decode(wizard.label_file)

    def test_label_of_one_device_in_french(self):
        device = self._device("GAP-LT-0001")
        (values,) = device.with_context(lang="fr_FR")._filiere_label_values()
        self.assertEqual(values["serial"], "GAP-LT-0001")
        self.assertEqual(values["structure"], self.company.name)
        self.assertEqual(values["lines"][0], f"{self.laptop.with_context(lang='fr_FR').name} · Grade A")
        self.assertEqual(values["lines"][1], "RAM 8 Go · SSD SATA 256 Go")
        self.assertEqual(values["lines"][2], "AZERTY (français)")

    def test_selection_from_the_device_list_prints_a_sheet_read_back_by_a_scanner(self):
        devices = self._device("GAP-LT-0001") | self._device("GAP-LT-0002", ram_gb=1.5) | self._device("GAP-LT-0003")
        context = {"active_model": "stock.lot", "active_ids": devices.ids}
        wizard, pdf = self._print({"context": context}, self.technician, format_id=self.sheet_3x8.id, skip=1)
        self.assertEqual(wizard.lot_ids, devices)
        self.assertTrue(wizard.label_filename.endswith(".pdf"))
        text = pdf_text(pdf)
        for serial in devices.mapped("name"):
            self.assertIn(serial, text)
        self.assertIn(self.company.name, text)
        self.assertEqual(
            [decode_label(pdf, self.sheet_3x8, position) for position in range(4)],
            ["", "GAP-LT-0001", "GAP-LT-0002", "GAP-LT-0003"],
            "the first position was already used; each next one holds a device's serial",
        )

    def test_a_whole_receipt_from_its_button(self):
        content = inventory_csv([("PC portable", 1, "Lenovo", "T480", 2018, "", "", f"REC-{n}") for n in range(1, 6)])
        lots = self.donation.import_inventory(content, "inventaire.csv")
        receipt = self.donation.picking_ids
        action = receipt.with_user(self.technician).action_filiere_print_labels()
        self.assertEqual(action["res_model"], "filiere.label.print")
        wizard, pdf = self._print(action, self.technician)
        self.assertEqual(wizard.lot_ids, lots)
        self.assertEqual(wizard.format_id, self.sheet_3x8, "the first format is the default")
        self.assertEqual([decode_label(pdf, self.sheet_3x8, p) for p in range(5)], [f"REC-{n}" for n in range(1, 6)])

    def test_a_receipt_without_serials_says_so(self):
        receipt = self.env["stock.picking"].create(
            {
                "picking_type_id": self.env["stock.warehouse"]
                .search([("company_id", "=", self.company.id)], limit=1)
                .in_type_id.id,
                "company_id": self.company.id,
            }
        )
        with self.assertRaisesRegex(UserError, receipt.name):
            receipt.with_user(self.technician).action_filiere_print_labels()

    def test_thermal_printer_labels_in_zpl(self):
        devices = self._device("GAP-LT-0001") | self._device("GAP-LT-0002")
        wizard, code = self._print(devices.action_filiere_print_labels(), self.technician, format_id=self.zpl_62.id)
        self.assertTrue(wizard.label_filename.endswith(".zpl"))
        code = code.decode()
        self.assertEqual(code.count("^XA"), 2)
        self.assertIn("^FDMA,GAP-LT-0001^FS", code)
        self.assertIn("^FDMA,GAP-LT-0002^FS", code)

    def test_a_format_that_does_not_fit_its_page_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "215 mm"):
            self.sheet_3x8.copy({"name": "Trop large", "margin_left": 5})

    def test_formats_are_set_by_managers_and_labels_printed_by_the_workshop(self):
        with self.assertRaises(AccessError):
            self.sheet_3x8.with_user(self.technician).write({"margin_top": 1})
        self.sheet_3x8.with_user(self.manager).write({"margin_top": 1})
        device = self._device("GAP-LT-0001")
        with self.assertRaises(AccessError):
            self.env["filiere.label.print"].with_user(self.auditor).create({"lot_ids": device.ids})

    def test_odoo_lot_label_report_renders_its_barcode(self):
        """Odoo's own 'Lot/Serial Number' label draws its barcode with reportlab's renderPM, which
        reportlab from PyPI lacks unless rl-renderPM is installed (requirements.txt)."""
        device = self._device("GAP-LT-0042")
        png = self.env["ir.actions.report"].barcode("Code128", device.name, width=600, height=100)
        self.assertEqual(png[:8], b"\x89PNG\r\n\x1a\n")
        report = self.env.ref("stock.action_report_lot_label")
        pdf, kind = (
            self.env["ir.actions.report"].with_context(force_report_rendering=True)._render_qweb_pdf(report, device.ids)
        )
        self.assertEqual(kind, "pdf")
        self.assertIn("GAP-LT-0042", pdf_text(pdf))
