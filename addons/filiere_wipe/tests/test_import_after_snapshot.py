"""nwipe reports that name no computer find it by the disks a hardware snapshot listed."""

from pathlib import Path

from odoo.tests import tagged

from .common import WipeCase
from .test_import_report import one_disk

HARDWARE = Path(__file__).resolve().parents[3] / "tests" / "unit" / "fixtures" / "hardware"


@tagged("post_install", "-at_install")
class TestImportAfterSnapshot(WipeCase):
    def test_report_with_a_masked_system_serial_matches_by_the_snapshot_disk(self):
        device = self.make_device("PF0QMY5N")
        name = "x1c5_workbench14.json"
        self.env["stock.lot"].import_hardware_snapshot((HARDWARE / name).read_bytes(), name)
        self.assertEqual(device.disk_ids.serial, "S35ANX0J401001")
        # nwipe -q masks the computer's serial; the disk's serial is the one the snapshot listed.
        [record] = self.env["filiere.erasure"].import_report(one_disk("X" * 8, "S35ANX0J401001"), "nwipe.log")
        self.assertFalse(record.system_serial)
        self.assertEqual(record.lot_id, device)
        self.assertEqual(record.match_state, "matched")
        self.assertEqual(device.erasure_status, "erased")

    def test_report_of_an_unknown_disk_still_waits_to_be_matched(self):
        device = self.make_device("PF0QMY5N")
        name = "x1c5_lshw.json"
        self.env["stock.lot"].import_hardware_snapshot((HARDWARE / name).read_bytes(), name)
        [record] = self.env["filiere.erasure"].import_report(one_disk("X" * 8, "OTHER-DISK-1"), "nwipe.log")
        self.assertFalse(record.lot_id)
        self.assertNotEqual(device.erasure_status, "erased")

    def test_snapshot_without_system_serial_matches_a_disk_erased_earlier(self):
        device = self.make_device("DESKTOP-42")
        self.erasure(device, media_serial="VD051GTF024B4L")
        name = "desktop_no_sn_smartctl_sda.json"
        updated = self.env["stock.lot"].import_hardware_snapshot((HARDWARE / name).read_bytes(), name)
        self.assertEqual(updated, device)
        self.assertEqual(
            (device.disk_ids.serial, device.storage_type, device.storage_size_gb), ("VD051GTF024B4L", "hdd", 200)
        )
