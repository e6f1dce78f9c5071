"""Trust, findings 9 and 10: crafted inventory files, the grade scale and the checklist."""

import base64
import io
import re
import zipfile

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import FiliereCase, inventory_csv

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def crafted_xlsx():
    """1.5 KB: declares A1:XFD1048576, a header, and one cell in the very last row."""
    cell = '<c r="{}" t="inlineStr"><is><t>{}</t></is></c>'
    rows = (
        f'<row r="1">{cell.format("A1", "Matériel")}{cell.format("B1", "N° de série")}</row>'
        f'<row r="1048576">{cell.format("XFD1048576", "x")}</row>'
    )
    parts = {
        "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": f'<Relationships xmlns="{_RELS}"><Relationship Id="rId1" '
        f'Type="{_DOC_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{_MAIN}" xmlns:r="{_DOC_RELS}">'
        '<sheets><sheet name="Inventaire" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{_RELS}"><Relationship Id="rId1" '
        f'Type="{_DOC_RELS}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{_MAIN}"><dimension ref="A1:XFD1048576"/>'
        f"<sheetData>{rows}</sheetData></worksheet>",
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return buffer.getvalue()


@tagged("post_install", "-at_install")
class TestInventoryFiles(FiliereCase):
    def _counts(self):
        return (
            self.env["stock.lot"].search_count([]),
            self.env["stock.picking"].search_count([]),
            self.donation.message_ids.search_count([("model", "=", "filiere.donation")]),
        )

    def test_crafted_workbook_is_refused_by_the_technician_import(self):
        content = crafted_xlsx()
        self.assertLess(len(content), 2000)
        before = self._counts()
        with self.assertRaises(UserError) as error:
            self.donation.with_user(self.technician).import_inventory(content, "inventaire.xlsx")
        message = str(error.exception)
        self.assertIn("nothing was created", message)
        self.assertRegex(message, r"the file has more than 20[,.\s\u00a0\u202f]000 rows")
        self.assertEqual(self._counts(), before)

    def test_file_above_the_company_limit_is_refused_before_reading(self):
        self.assertEqual(self.company.filiere_inventory_max_mb, 10, "10 MB by default")
        self.company.filiere_inventory_max_mb = 1
        rows = [("PC portable", 1, "Lenovo", "T480", 2018, "", "", f"BIG-{index:06d}") for index in range(30000)]
        content = inventory_csv(rows)
        self.assertGreater(len(content), 1024 * 1024)
        before = self._counts()
        wizard = (
            self.env["filiere.inventory.import"]
            .with_user(self.technician)
            .create({"donation_id": self.donation.id, "file": base64.b64encode(content), "filename": "gros.csv"})
        )
        self.assertEqual(wizard.max_mb, 1, "the wizard shows the limit")
        with self.assertRaises(UserError) as error:
            wizard.action_import()
        message = str(error.exception)
        self.assertIn("gros.csv", message)
        self.assertIn("nothing was created", message)
        self.assertRegex(message, r"weighs 1[.,]3 MB, above the limit of 1 MB")
        self.assertEqual(self._counts(), before)

    def test_file_at_the_limit_is_read(self):
        self.company.filiere_inventory_max_mb = 1
        content = inventory_csv([("PC portable", 1, "", "", "", "", "", "SMALL-1")])
        lots = self.donation.with_user(self.technician).import_inventory(content, "petit.csv")
        self.assertEqual(lots.mapped("name"), ["SMALL-1"])

    def test_the_limit_is_a_company_setting(self):
        settings = self.env["res.config.settings"].with_company(self.company).create({})
        self.assertEqual(settings.filiere_inventory_max_mb, 10)
        settings.filiere_inventory_max_mb = 25
        settings.execute()
        self.assertEqual(self.company.filiere_inventory_max_mb, 25)
        with self.assertRaises(ValidationError) as error:
            self.company.filiere_inventory_max_mb = 0
        self.assertIn("must be at least 1 MB", str(error.exception))
        self.assertEqual(self.company.filiere_inventory_max_mb, 25)
        with self.assertRaises(AccessError):
            self.company.with_user(self.manager).filiere_inventory_max_mb = 500


@tagged("post_install", "-at_install")
class TestGrades(FiliereCase):
    def test_only_the_network_grades_are_active(self):
        grades = self.env["stock.lot.condition"].search([])
        network = {
            f"filiere_reemploi.{name}" for name in ("grade_a", "grade_b", "grade_c", "grade_parts", "grade_recycling")
        }
        self.assertTrue(network <= set(grades.get_external_id().values()))
        oca = self.env.ref("stock_lot_condition.condition_good", raise_if_not_found=False)
        if oca:  # OCA's conditions are demo data
            self.assertFalse(oca.active)
            self.assertNotIn(oca, grades)
        for name in ("As new", "Very good", "Good", "Acceptable"):
            self.assertNotIn(name, grades.mapped("name"))

    def test_every_reusable_grade_has_its_battery_threshold(self):
        reusable = self.env["stock.lot.condition"].search([("reusable", "=", True)])
        self.assertIn(self.grade_c, reusable)
        self.assertFalse(reusable.filtered(lambda grade: not grade.min_battery_health), reusable.mapped("name"))

    def test_manager_cannot_make_a_reusable_grade_without_threshold(self):
        conditions = self.env["stock.lot.condition"].with_user(self.manager)
        count = conditions.search_count([])
        with self.assertRaises(ValidationError) as error:
            conditions.create({"name": "D – Worn", "code": "D", "reusable": True})
        self.assertIn("Grade 'D – Worn' is for reuse: set its minimum battery health", str(error.exception))
        self.assertEqual(conditions.search_count([]), count)
        with self.assertRaises(ValidationError) as error:
            self.grade_c.with_user(self.manager).min_battery_health = 0
        self.assertIn("Grade 'C – Fair condition' is for reuse", str(error.exception))
        self.assertEqual(self.grade_c.min_battery_health, 50)
        with self.assertRaises(ValidationError) as error:
            self.grade_c.with_user(self.manager).min_battery_health = 150
        self.assertIn("between 0 and 100", str(error.exception))
        self.assertEqual(self.grade_c.min_battery_health, 50)
        # Not for reuse, or archived: no threshold needed.
        parts = conditions.create({"name": "Pièces écran", "reusable": False})
        self.assertFalse(parts.min_battery_health)

    def test_reactivating_an_oca_condition_needs_a_threshold(self):
        oca = self.env.ref("stock_lot_condition.condition_as_new", raise_if_not_found=False)
        if not oca:
            self.skipTest("OCA's conditions are demo data")
        with self.assertRaises(ValidationError) as error:
            oca.with_user(self.manager).active = True
        self.assertIn("Grade 'As new' is for reuse", str(error.exception))
        self.assertFalse(oca.active)


@tagged("post_install", "-at_install")
class TestRequiredChecklist(FiliereCase):
    def setUp(self):
        super().setUp()
        self.device = self.make_device("CHK-1")
        self.device.action_load_test_checklist()
        self.required = self.device.test_result_ids.filtered("required")
        self.optional = self.device.test_result_ids - self.required
        self.assertTrue(self.required and self.optional)
        self.optional.write({"result": "pass"})
        self.required[1:].write({"result": "pass"})
        self.skipped = self.required[0]  # the one the attacker wants gone

    def _assert_checklist_unchanged(self):
        self.device.invalidate_recordset()
        self.assertIn(self.skipped, self.device.test_result_ids)
        self.assertTrue(self.skipped.required)
        self.assertEqual(self.device.functional_test_state, "in_progress")

    def test_technician_cannot_remove_a_required_row(self):
        results = self.env["filiere.test.result"].with_user(self.technician)
        device = self.device.with_user(self.technician)
        with self.assertRaises(AccessError):
            results.browse(self.skipped.id).unlink()
        with self.assertRaises(AccessError):
            device.write({"test_result_ids": [Command.delete(self.skipped.id)]})
        with self.assertRaisesRegex(UserError, "follows its checklist item"):
            results.browse(self.skipped.id).write({"required": False})
        other = self.make_device("CHK-2")
        with self.assertRaisesRegex(UserError, re.escape(f"'{self.skipped.name}' stays on device CHK-1")):
            results.browse(self.skipped.id).write({"lot_id": other.id})
        with self.assertRaisesRegex(UserError, "stays on device"):
            results.browse(self.skipped.id).write({"test_point_id": self.optional[0].test_point_id.id})
        with self.assertRaisesRegex(UserError, "follows its checklist item"):
            results.create({"lot_id": other.id, "test_point_id": self.skipped.test_point_id.id, "required": False})
        self._assert_checklist_unchanged()

    def test_manager_cannot_remove_a_required_row(self):
        results = self.env["filiere.test.result"].with_user(self.manager)
        with self.assertRaisesRegex(UserError, re.escape(f"'{self.skipped.name}' cannot be removed from device CHK-1")):
            results.browse(self.skipped.id).unlink()
        with self.assertRaisesRegex(UserError, "cannot be removed"):
            self.device.with_user(self.manager).write({"test_result_ids": [Command.delete(self.skipped.id)]})
        with self.assertRaisesRegex(UserError, "cannot be removed"):
            self.device.with_user(self.manager).write({"test_result_ids": [Command.set(self.optional.ids)]})
        self._assert_checklist_unchanged()
        self.device.condition_id = self.grade_a
        with self.assertRaisesRegex(UserError, "the functional test has not passed"):
            self.device.with_user(self.technician)._check_ready_for_reuse()  # the gate of "available"

    def test_optional_rows_can_be_removed(self):
        self.optional.with_user(self.manager).unlink()
        self.skipped.with_user(self.technician).result = "pass"
        self.assertEqual(self.device.functional_test_state, "passed")
