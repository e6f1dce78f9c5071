"""Issue 12's measured goal: the interactions that take a laptop from its donor's inventory line to
'available', with its erasure certificate and its label, when devices move in batches of 20."""

import base64
import re
from pathlib import Path
from unittest.mock import patch

from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import ChromeBrowser

from odoo.addons.filiere_reemploi.tests.common import inventory_csv
from odoo.addons.filiere_reemploi.tests.label_reading import decode_label, pdf_text

from .common import WipeCase
from .test_import_report import one_disk

HARDWARE = Path(__file__).resolve().parents[3] / "tests" / "unit" / "fixtures" / "hardware"
# dmidecode and upower run on a ThinkPad X1 Carbon 5th, in one file (see the fixtures' README);
# each laptop of the batch is that machine under its own serial.
SNAPSHOT = ("x1c5_dmidecode.txt", "x1c5_upower.txt")
SNAPSHOT_SERIAL = "PF0QMY5N"
BATCH = 20
TARGET_PER_DEVICE = 6
# Before issue 12, one device at a time from its form (counted step by step in filiere_reemploi's
# readme/USAGE.md, "Workshop speed"): 26 interactions, plus its share of the intake, and no label.
TODAY_PER_DEVICE = 26

# What a person does outside the scan station for the whole batch (a tour cannot choose files: the
# test makes the same calls as the upload wizards, each upload of many files counting 1).
UPLOADS = {
    "inventory: open the donation, 'Import inventory', choose the file, 'Preview', 'Import'": 5,
    "receipt: open it from the donation, 'Validate'": 2,
    "snapshots: menu 'Workshop', 'Import hardware snapshots', choose the 20 files, 'Import'": 4,
    "nwipe reports: menu 'Data erasure', its import item, choose the 20 files, 'Import'": 4,
    "open the scan station from its menu": 1,
}


@tagged("post_install", "-at_install")
class TestMeasuredGoal(HttpCase):
    def setUp(self):
        super().setUp()
        self.env["res.lang"]._activate_lang("en_US")
        self.technician = new_test_user(
            self.env, login="banc_objectif", groups="filiere_reemploi.group_filiere_user", lang="en_US"
        )
        env = self.env(user=self.technician)
        self.serials = [f"GOAL-{n:02d}" for n in range(1, BATCH + 1)]
        # The structure's manager records the donor and signs the agreement; the bench does the rest.
        donor = self.env["res.partner"].create({"name": "Entreprise Objectif", "is_company": True})
        donation = self.env["filiere.donation"].create(
            {"partner_id": donor.id, "company_id": self.technician.company_id.id, "expected_quantity": BATCH}
        )
        donation.action_sign()
        donation = donation.with_user(self.technician)
        rows = [("PC portable", 1, "Lenovo", "ThinkPad X1 Carbon", 2017, "", "", serial) for serial in self.serials]
        self.devices = donation.import_inventory(inventory_csv(rows), "inventaire.csv")
        donation.picking_ids.button_validate()
        snapshot = b"".join((HARDWARE / name).read_bytes() for name in SNAPSHOT)
        for serial in self.serials:
            content = snapshot.replace(SNAPSHOT_SERIAL.encode(), serial.encode())
            env["stock.lot"].import_hardware_snapshot(content, f"{serial}_dmidecode_upower.txt")
        self.erasures = env["filiere.erasure"]
        for number, serial in enumerate(self.serials, 1):
            report = one_disk(serial, f"S3GOAL{number:04d}")
            self.erasures |= env["filiere.erasure"].import_report(report, f"{serial}.log")

    def _tour_interactions(self):
        """Run the tour; the count it writes to the browser console at its end."""
        messages = []
        console = ChromeBrowser._handle_console

        def read_console(browser, type, args=None, **kwargs):  # pylint: disable=redefined-builtin
            messages.extend(str(browser._from_remoteobject(arg)) for arg in args or [])
            return console(browser, type, args, **kwargs)

        with patch.object(ChromeBrowser, "_handle_console", read_console):
            self.start_tour(
                "/odoo/action-filiere_reemploi.filiere_scan_station_action",
                "filiere_measured_goal_tour",
                login=self.technician.login,
            )
        counts = [int(found) for message in messages for found in re.findall(r"interactions=(\d+)", message)]
        self.assertEqual(len(counts), 1, "the tour hands its count once")
        return counts[0]

    def test_a_batch_of_20_laptops_to_available_with_certificates_and_labels(self):
        self.assertEqual(self.devices.mapped("name"), self.serials)
        passports = {(device.model_name, device.battery_health) for device in self.devices}
        self.assertEqual(passports, {("ThinkPad X1 Carbon 5th", 76)}, "the snapshots filled the passports")
        self.assertEqual(set(self.devices.mapped("erasure_status")), {"erased"})
        self.assertEqual(set(self.devices.mapped("device_state")), {"received"})

        in_tour = self._tour_interactions()

        self.assertEqual(set(self.devices.mapped("device_state")), {"available"})
        self.assertEqual(set(self.devices.mapped("condition_id.code")), {"A"})
        for device, erasure in zip(self.devices, self.erasures, strict=True):
            certificate = device.erasure_certificate_id
            self.assertEqual(certificate.state, "valid", device.name)
            self.assertEqual(certificate.erasure_ids, erasure, device.name)
        wizard = self.env["filiere.label.print"].search([("create_uid", "=", self.technician.id)])
        self.assertEqual(wizard.lot_ids, self.devices)
        pdf = base64.b64decode(wizard.label_file)
        self.assertTrue(all(serial in pdf_text(pdf) for serial in self.serials))
        self.assertEqual(decode_label(pdf, wizard.format_id, 0), "GOAL-01")

        self.assertGreaterEqual(in_tour, BATCH, "each device of the batch was scanned")
        total = in_tour + sum(UPLOADS.values())
        # The issue asks for the figures in the test's output.
        print(  # pylint: disable=print-used
            f"\nMeasured goal, batch of {BATCH}: {in_tour} interactions at the scan station + "
            f"{sum(UPLOADS.values())} for the imports = {total}, {total / BATCH:.2f} per device "
            f"(before: {TODAY_PER_DEVICE} per device plus its share of the intake, and no label)"
        )
        self.assertLessEqual(total / BATCH, TARGET_PER_DEVICE)


@tagged("post_install", "-at_install")
class TestScanStationCertificates(WipeCase):
    """The scan station's 'Issue the certificates': each device of the batch on its own."""

    def test_certificates_of_a_batch_each_device_refused_with_its_reason(self):
        erased = self.refurbished("CERT-1")
        pending = self.make_device("CERT-2")
        apply = self.env["stock.lot"].with_user(self.technician).filiere_scan_apply
        results = {result["serial"]: result for result in apply(["CERT-1", "CERT-2"], "issue_certificate")["results"]}
        self.assertTrue(results["CERT-1"]["ok"])
        self.assertEqual(erased.erasure_certificate_id.state, "valid")
        self.assertFalse(results["CERT-2"]["ok"])
        self.assertIn("CERT-2", results["CERT-2"]["message"])
        self.assertFalse(pending.erasure_certificate_ids)
        [again] = apply(["CERT-1"], "issue_certificate")["results"]
        self.assertFalse(again["ok"])
        self.assertIn("CERT-1", again["message"])
        self.assertEqual(len(erased.erasure_certificate_ids), 1, "a second scan issues no second certificate")
