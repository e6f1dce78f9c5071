import json

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import WipeCase

# An nwipe 0.37 log of one laptop: dmidecode lines, one disk, the final Drive Status table.
LOG_ONE_DISK = """\
[2026/10/14 09:02:11]    info: nwipe version 0.37
[2026/10/14 09:02:11]    info: Linux version 6.6.30 (ShredOS)
[2026/10/14 09:02:11]    info: bios-version = N24ET74W (1.49 )
[2026/10/14 09:02:11]    info: system-manufacturer = LENOVO
[2026/10/14 09:02:11]    info: system-product-name = 20L5CTO1WW
[2026/10/14 09:02:11]    info: system-serial-number = {system_serial}
[2026/10/14 09:02:11]    info: chassis-asset-tag = No Asset Tag
[2026/10/14 09:02:12]    info: Found /dev/sda, ATA, SAMSUNG MZ7LN256, 256 GB, S/N={disk_serial}
[2026/10/14 09:02:40]  notice: Invoking method 'PRNG Stream' on /dev/sda
[2026/10/14 09:02:40]  notice: Starting round 1 of 1 on /dev/sda
[2026/10/14 09:02:40]  notice: Starting pass 1/1, round 1/1, on /dev/sda
[2026/10/14 09:20:02]  notice: 256060514304 bytes written to /dev/sda
[2026/10/14 09:20:02]  notice: Finished pass 1/1, round 1/1, on /dev/sda
[2026/10/14 09:20:02]  notice: Verifying that /dev/sda is matches the last pass
[2026/10/14 09:37:21]  notice: Verified that /dev/sda matches the last pass
[2026/10/14 09:37:21]  notice: [SUCCESS] Blanked device /dev/sda
[2026/10/14 09:37:21]  notice: Finished final round 1 of 1 on /dev/sda
[2026/10/14 09:37:22]    info: Nwipe successfully completed. See summary table for details.
********************************************************************************
! Device | Status | Thru-put | HH:MM:SS | Model/Serial Number
--------------------------------------------------------------------------------
  sda    |  Erased  |  245 MB/s | 00:34:41 | SAMSUNG MZ7LN256/{disk_serial}
--------------------------------------------------------------------------------
[2026/10/14 09:37:22] Total Throughput 245 MB/s, PRNG Stream, 1R+B+VL
********************************************************************************
"""


def one_disk(system_serial="PF1ABCD", disk_serial="S3TANX0K401"):
    return LOG_ONE_DISK.format(system_serial=system_serial, disk_serial=disk_serial).encode()


@tagged("post_install", "-at_install")
class TestImportReport(WipeCase):
    def _count(self):
        return self.env["filiere.erasure"].search_count([]), self.env["ir.attachment"].search_count([])

    def test_log_matched_by_system_serial(self):
        device = self.make_device("PF1ABCD")
        [record] = self.env["filiere.erasure"].import_report(one_disk(), "nwipe_2026-10-14.log")
        self.assertEqual(record.lot_id, device)
        self.assertEqual(record.match_state, "matched")
        self.assertEqual((record.media_serial, record.device_path), ("S3TANX0K401", "/dev/sda"))
        self.assertEqual((record.nist_category, record.method, record.result), ("clear", "PRNG Stream", "success"))
        self.assertEqual(record.tool, "nwipe")
        self.assertEqual(record.report_attachment_id.raw, one_disk())
        self.assertEqual(device.erasure_status, "erased")

    def test_log_matched_by_a_known_disk_serial(self):
        device = self.make_device("PF-OTHER")
        self.erasure(device, media_serial="S3TEST0K999", result="failed", date_end="2026-10-13 16:00:00")
        # The computer's serial is masked (-q): the disk serial is known from the first attempt.
        content = one_disk("X" * 15, "S3TEST0K999")
        [record] = self.env["filiere.erasure"].import_report(content, "second_pass.log")
        self.assertFalse(record.system_serial, "a masked serial is no serial")
        self.assertEqual(record.lot_id, device)
        self.assertEqual(device.erasure_status, "erased")

    def test_unmatched_disks_wait_in_the_list_to_match(self):
        [record] = self.env["filiere.erasure"].import_report(one_disk("UNKNOWN-PC", "UNKNOWN-DISK"), "x.log")
        self.assertFalse(record.lot_id)
        self.assertEqual(record.match_state, "to_match")
        self.assertIn(record, self.env["filiere.erasure"].search([("match_state", "=", "to_match")]))
        device = self.make_device("LATE-1")
        record.action_assign_device(device)
        self.assertEqual(device.erasure_status, "erased")

    def test_same_report_twice_creates_nothing_new(self):
        first = self.env["filiere.erasure"].import_report(one_disk(), "a.log")
        before = self._count()
        second = self.env["filiere.erasure"].import_report(one_disk(), "a (copie).log")
        self.assertEqual(len(first), 1)
        self.assertFalse(second)
        self.assertEqual(self._count(), before)

    def test_unreadable_reports_create_nothing(self):
        before = self._count()
        truncated = one_disk().split(b"! Device")[0]
        for content, name, reason in [
            (b"", "vide.log", "the file is empty"),
            (b"\x00\x01\x02\x89PNG\xff\xfe", "photo.log", "binary"),
            (truncated, "coupe.log", "cut off"),
            (b"Bonjour, ceci n'est pas un journal.\n", "note.txt", "neither an nwipe log"),
            (b'{"device": ', "rapport.json", "JSON report is malformed"),
        ]:
            with self.subTest(name=name), self.assertRaisesRegex(UserError, reason):
                self.env["filiere.erasure"].import_report(content, name)
        self.assertEqual(self._count(), before)

    def test_json_report(self):
        device = self.make_device("JSON-PC")
        self.erasure(device, media_serial="WD-WCC4N0000001", result="failed")
        report = {
            "report_metadata": {"generated_at": "2026-10-15T10:00:00Z", "software": "nwipe", "version": "0.38"},
            "organization": {"business_name": "La Petite Ourse"},
            "device": {
                "name": "/dev/sdb",
                "model": "WDC WD10EZEX",
                "serial_no": "WD-WCC4N0000001",
                "size_bytes": 1000204886016,
                "size_text": "1 TB",
            },
            "wipe_result": {
                "status": "success",
                "rounds_requested": 1,
                "pass_errors": 0,
                "verify_errors": 0,
                "start_time": 1792051200,
                "end_time": 1792058400,
                "duration_seconds": 7200,
            },
        }
        [record] = self.env["filiere.erasure"].import_report(json.dumps(report).encode(), "sdb.json")
        self.assertEqual(record.lot_id, device)
        self.assertEqual(record.result, "success")
        self.assertEqual(record.duration_seconds, 7200)
        self.assertEqual(record.tool_version, "0.38")

    def test_wizard_uploads_several_files_at_once(self):
        files = [one_disk("PC-A", "DISK-A"), one_disk("PC-B", "DISK-B")]
        attachments = self.env["ir.attachment"].create(
            [{"name": f"{i}.log", "raw": content} for i, content in enumerate(files)]
        )
        wizard = self.env["filiere.erasure.import"].create({"attachment_ids": [(6, 0, attachments.ids)]})
        action = wizard.action_import()["params"]["next"]
        records = self.env["filiere.erasure"].search(action["domain"])
        self.assertEqual(sorted(records.mapped("media_serial")), ["DISK-A", "DISK-B"])

    def _upload(self, files, **context):
        attachments = self.env["ir.attachment"].create([{"name": name, "raw": content} for name, content in files])
        wizard = (
            self.env["filiere.erasure.import"]
            .with_context(**context)
            .create({"attachment_ids": [(6, 0, attachments.ids)]})
        )
        return wizard, wizard.action_import()

    def test_wizard_says_what_was_created_matched_and_left_to_match(self):
        device = self.make_device("SUM-PC-A")
        files = [("a.log", one_disk("SUM-PC-A", "SUM-DISK-A")), ("b.log", one_disk("SUM-PC-X", "SUM-DISK-B"))]
        _wizard, notification = self._upload(files)
        params = notification["params"]
        self.assertEqual(notification["tag"], "display_notification")
        self.assertIn(
            "2 reports read: 2 erasure records created, 0 completed or matched among those already imported; "
            "1 matched to a device (SUM-PC-A), 1 to match in the 'To match' list.",
            params["message"],
        )
        self.assertEqual((params["type"], params["sticky"]), ("warning", True), "a record waits to be matched")
        records = self.env["filiere.erasure"].search(params["next"]["domain"])
        self.assertEqual(records.lot_id, device)

        # The same files again: nothing new, said so.
        before = self._count()
        _wizard, notification = self._upload(files)
        self.assertEqual(self._count(), before)
        self.assertIn("0 erasure records created", notification["params"]["message"])
        self.assertIn("Already imported, nothing new: a.log, b.log.", notification["params"]["message"])

    def test_import_from_a_device_matches_that_device(self):
        # An inventory row without serial: the device bears an internal serial, the BIOS another one.
        device = self.make_device("DON-0001-002-01")
        wizard, notification = self._upload(
            [("bench.log", one_disk("PF9BIOS", "DEV-DISK-1"))],
            active_model="stock.lot",
            active_id=device.id,
            active_ids=[device.id],
        )
        self.assertEqual(wizard.lot_id, device)
        self.assertEqual(notification["params"]["next"], {"type": "ir.actions.act_window_close"})
        self.assertIn("1 matched to a device (DON-0001-002-01), 0 to match", notification["params"]["message"])
        self.assertEqual(device.erasure_ids.mapped("media_serial"), ["DEV-DISK-1"])
        self.assertEqual(device.erasure_status, "erased")

    def test_import_from_a_device_matches_a_report_waiting_to_be_matched(self):
        [waiting] = self.env["filiere.erasure"].import_report(one_disk("PF-UNKNOWN", "WAIT-DISK"), "wait.log")
        self.assertFalse(waiting.lot_id)
        device = self.make_device("WAIT-PC")
        _wizard, notification = self._upload(
            [("wait.log", one_disk("PF-UNKNOWN", "WAIT-DISK"))], active_model="stock.lot", active_id=device.id
        )
        self.assertEqual(waiting.lot_id, device)
        self.assertIn("0 erasure records created, 1 completed or matched", notification["params"]["message"])

    def test_import_from_a_device_refuses_another_devices_report(self):
        device = self.make_device("MINE-PC")
        self.make_device("THEIRS-PC")
        before = self._count()
        with self.assertRaises(UserError) as error:
            self._upload(
                [("theirs.log", one_disk("THEIRS-PC", "THEIRS-DISK"))], active_model="stock.lot", active_id=device.id
            )
        self.assertIn("theirs.log was not imported", str(error.exception))
        self.assertIn("serial number THEIRS-PC, which is device THEIRS-PC, not MINE-PC", str(error.exception))
        self.assertEqual(self._count()[0], before[0], "no erasure record")
        self.assertFalse(self.env["filiere.erasure"].search([("media_serial", "=", "THEIRS-DISK")]))

    def test_a_bad_file_in_an_upload_keeps_nothing(self):
        attachments = self.env["ir.attachment"].create(
            [{"name": "good.log", "raw": one_disk("PC-C", "DISK-C")}, {"name": "bad.log", "raw": b""}]
        )
        wizard = self.env["filiere.erasure.import"].create({"attachment_ids": [(6, 0, attachments.ids)]})
        with self.assertRaisesRegex(UserError, "bad.log"):
            wizard.action_import()
        self.assertFalse(self.env["filiere.erasure"].search([("media_serial", "=", "DISK-C")]))

    def test_per_report_queries_are_bounded(self):
        """Importing a report costs a bounded number of queries, whatever came before."""
        for index in range(3):
            content = one_disk(f"BOUND-PC-{index}", f"BOUND-DISK-{index}")
            with self.assertQueryCount(__system__=25):
                self.env["filiere.erasure"].import_report(content, f"{index}.log")
