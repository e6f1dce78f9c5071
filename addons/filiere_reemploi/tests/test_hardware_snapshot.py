"""Import of hardware snapshots: real tool outputs of tests/unit/fixtures/hardware (see its README)."""

import base64
from pathlib import Path

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import FiliereCase

FIXTURES = Path(__file__).resolve().parents[3] / "tests" / "unit" / "fixtures" / "hardware"


def fixture(name):
    return (FIXTURES / name).read_bytes()


@tagged("post_install", "-at_install")
class TestHardwareSnapshot(FiliereCase):
    def _import(self, name, content=None, user=None, lang=None):
        lots = self.env["stock.lot"].with_user(user or self.technician)
        if lang:  # the web client sends the user's language in the context
            lots = lots.with_context(lang=lang)
        return lots.import_hardware_snapshot(content if content is not None else fixture(name), name)

    def _state(self):
        return (
            self.env["filiere.device.disk"].search_count([]),
            self.env["mail.message"].search_count([("model", "=", "stock.lot")]),
        )

    def test_lshw_fills_the_passport_of_the_device_with_the_system_serial(self):
        device = self.make_device("PF0QMY5N")
        updated = self._import("x1c5_lshw.json")
        self.assertEqual(updated, device)
        self.assertEqual((device.brand, device.model_name), ("Lenovo", "ThinkPad X1 Carbon 5th"))
        self.assertEqual((device.cpu, device.ram_gb, device.year), ("Intel Core i7-7500U", 16.0, 2017))
        self.assertEqual((device.storage_type, device.storage_size_gb), ("nvme", 1024))
        [disk] = device.disk_ids
        self.assertEqual(
            (disk.serial, disk.model, disk.size_gb, disk.type, disk.source),
            ("S35ANX0J401001", "SAMSUNG MZVLW1T0HMLH-000L7", 1024, "nvme", "lshw"),
        )
        self.assertEqual(disk.company_id, self.company)
        message = device.message_ids[0]
        self.assertIn("x1c5_lshw.json", message.body)
        self.assertIn("ThinkPad X1 Carbon 5th", message.body)
        self.assertIn("S35ANX0J401001", message.body)

    def test_the_donors_year_stays(self):
        device = self.make_device("PF0QMY5N", year=2016)
        self._import("x1c5_dmidecode.txt")
        self.assertEqual(device.year, 2016)

    def test_dmidecode_and_upower_in_one_file_give_the_battery_health(self):
        device = self.make_device("PF0QMY5N")
        content = fixture("x1c5_dmidecode.txt") + fixture("x1c5_upower.txt")
        self._import("x1c5_dmidecode_upower.txt", content)
        self.assertEqual(device.battery_health, 76)  # 43.32 Wh of 57 Wh
        self.assertEqual(device.model_name, "ThinkPad X1 Carbon 5th")

    def test_inxi_and_workbench_snapshots(self):
        device = self.make_device("PF0QMY5N")
        self._import("x1c5_inxi.json")
        self.assertEqual(device.battery_health, 76)
        eee = self.make_device("B8OAAS048285")
        self.assertEqual(self._import("eee1001pxd_workbench12.json"), eee)
        self.assertEqual((eee.brand, eee.model_name, eee.ram_gb), ("ASUS", "1001PXD", 1.0))
        self.assertEqual(eee.disk_ids.serial, "E2024242CV86MM")

    def test_a_file_without_system_serial_matches_by_a_known_disk_serial(self):
        device = self.make_device("DESKTOP-42")
        self.env["filiere.device.disk"].create({"lot_id": device.id, "serial": "VD051GTF024B4L"})
        updated = self._import("desktop_no_sn_workbench2022.json")
        self.assertEqual(updated, device)
        self.assertEqual((device.cpu, device.ram_gb, device.storage_size_gb), ("Intel Core2 6420", 2.5, 200))
        self.assertEqual(device.disk_ids.model, "HDT722520DLAT80")
        # smartctl names the disk only: it finds the device by the disk's serial too.
        self.assertEqual(self._import("desktop_no_sn_smartctl_sda.json"), device)

    def test_unknown_serials_are_refused_and_create_nothing(self):
        before = (self.env["stock.lot"].search_count([]), *self._state())
        for name, reason in [
            ("x1c5_lshw.json", "no device has the serial number PF0QMY5N, S35ANX0J401001"),
            ("desktop_no_sn_smartctl_sda.json", "no device has the serial number VD051GTF024B4L"),
            ("vm_lshw.json", "neither the serial number of the computer nor that of a disk"),
        ]:
            with self.subTest(name=name), self.assertRaisesRegex(UserError, f"{name}.*{reason}"):
                self._import(name)
        self.assertEqual((self.env["stock.lot"].search_count([]), *self._state()), before)

    def test_unreadable_files_are_refused_with_their_name(self):
        self.make_device("PF0QMY5N")
        for name, content, reason in [
            ("vide.json", b"", "the file is empty"),
            ("photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "binary"),
            ("coupe.json", fixture("x1c5_lshw.json")[:500], "JSON is malformed"),
            ("note.txt", b"Bonjour\n", "not an output of lshw"),
            ("vm_dmidecode.txt", None, "could not read the hardware"),
            ("vm_smartctl_vda.json", None, "Unable to detect device type"),
            ("x1c5_upower.txt", None, "upower describes the battery only"),
        ]:
            with self.subTest(name=name), self.assertRaisesRegex(UserError, f"{name}.*{reason}"):
                self._import(name, content)

    def test_a_french_technician_reads_the_refusal_in_french(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        with self.assertRaisesRegex(UserError, "x1c5_upower.txt n'a pas été importé, rien n'a été modifié"):
            self._import("x1c5_upower.txt", lang="fr_FR")
        device = self.make_device("PF0QMY5N")
        self._import("x1c5_lshw.json", lang="fr_FR")
        self.assertIn("Disque ajouté", device.message_ids[0].body)
        self.assertIn("Marque : Lenovo", device.message_ids[0].body)

    def test_same_file_twice_changes_nothing_more(self):
        device = self.make_device("PF0QMY5N")
        self._import("x1c5_workbench14.json")
        before = self._state()
        passport = device.read(["brand", "model_name", "cpu", "ram_gb", "storage_size_gb", "storage_type"])
        self.assertEqual(self._import("x1c5_workbench14.json"), device)
        self.assertEqual(self._state(), before, "no second disk, no second message")
        self.assertEqual(
            device.read(["brand", "model_name", "cpu", "ram_gb", "storage_size_gb", "storage_type"]), passport
        )
        # lshw then smartctl of the same disk: one disk.
        self._import("x1c5_smartctl_nvme0.json")
        self.assertEqual(len(device.disk_ids), 1)

    def test_a_disk_found_in_another_device_moves_there(self):
        first = self.make_device("FIRST-PC")
        disk = self.env["filiere.device.disk"].create({"lot_id": first.id, "serial": "S35ANX0J401001"})
        x1 = self.make_device("PF0QMY5N")
        self._import("x1c5_lshw.json")
        self.assertEqual(disk.lot_id, x1)
        self.assertFalse(first.disk_ids)

    def test_only_workshop_users_import(self):
        self.make_device("PF0QMY5N")
        for user in (self.auditor, self._user("magasinier", "stock.group_stock_user", self.company)):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self._import("x1c5_lshw.json", user=user)
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env["filiere.hardware.snapshot.import"].with_user(user).create({})

    def test_disks_are_per_structure(self):
        device = self.make_device("PF0QMY5N")
        self._import("x1c5_lshw.json")
        other = self._user("technicien.briancon", "filiere_reemploi.group_filiere_user", self.other_company)
        self.assertFalse(self.env["filiere.device.disk"].with_user(other).search([]))
        with self.assertRaises(AccessError):
            device.disk_ids.with_user(other).read(["serial"])
        # A file of a device of another structure finds nothing there.
        with self.assertRaisesRegex(UserError, "no device has the serial number"):
            self._import("x1c5_lshw.json", user=other)
        with self.assertRaises(AccessError):
            device.disk_ids.with_user(self.auditor).write({"serial": "X"})

    def test_wizard_uploads_several_files_and_a_bad_one_keeps_nothing(self):
        x1 = self.make_device("PF0QMY5N")
        eee = self.make_device("B8OAAS048285")
        Attachment = self.env["ir.attachment"].with_user(self.technician)
        Wizard = self.env["filiere.hardware.snapshot.import"].with_user(self.technician)

        def upload(*names):
            attachments = Attachment.create(
                [{"name": name, "datas": base64.b64encode(fixture(name))} for name in names]
            )
            return Wizard.create({"attachment_ids": [(6, 0, attachments.ids)]})

        with self.assertRaisesRegex(UserError, "vm_lshw.json"):
            upload("eee1001pxd_workbench12.json", "vm_lshw.json").action_import()
        self.assertFalse(eee.disk_ids or eee.brand)
        action = upload("x1c5_lshw.json", "eee1001pxd_workbench12.json").action_import()
        self.assertEqual(self.env["stock.lot"].search(action["domain"]), x1 | eee)
        self.assertEqual((x1.brand, eee.brand), ("Lenovo", "ASUS"))

    def test_batch_queries_are_bounded(self):
        """A batch of snapshots costs a bounded number of queries per file."""
        names = ["x1c5_lshw.json", "eee1001pxd_workbench12.json", "desktop_no_sn_workbench2022.json"]
        self.make_device("PF0QMY5N")
        self.make_device("B8OAAS048285")
        desktop = self.make_device("DESKTOP-42")
        self.env["filiere.device.disk"].create({"lot_id": desktop.id, "serial": "VD051GTF024B4L"})
        self.env.flush_all()
        lots = self.env["stock.lot"].with_user(self.technician)
        # About 25 queries a file (75 measured for these three), whatever the file holds.
        with self.assertQueryCount(80):
            for name in names:
                lots.import_hardware_snapshot(fixture(name), name)
