"""Imports of real nwipe outputs (tests/unit/fixtures/nwipe, produced on loop devices, see its README)."""

import hashlib
import io
import json
from pathlib import Path

from pypdf import PdfWriter

from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import SQL

from .common import WipeCase

FIXTURES = Path(__file__).resolve().parents[3] / "tests" / "unit" / "fixtures" / "nwipe"


def fixture(relative):
    path = FIXTURES / relative
    if path.is_dir():
        (path,) = path.glob("*.pdf")
    return path.read_bytes(), path.name


@tagged("post_install", "-at_install")
class TestImportRealReports(WipeCase):
    def _import(self, relative):
        content, name = fixture(relative)
        return self.env["filiere.erasure"].import_report(content, name)

    def _count(self):
        return self.env["filiere.erasure"].search_count([]), self.env["ir.attachment"].search_count([])

    def test_026_io_error_named_only_by_the_next_warning_is_failed(self):
        records = self._import("0.26/ioerror_full_tmpfs.log")
        by_path = {record.device_path: record for record in records}
        self.assertEqual(set(by_path), {"/dev/loop0", "/dev/loop1"})
        good, bad = by_path["/dev/loop1"], by_path["/dev/loop0"]
        self.assertEqual((good.result, good.review_reason), ("success", False))
        self.assertTrue(good.is_erased)
        # The log says "Verified that '/dev/loop0' is empty." and "Blanked device" after the error.
        self.assertEqual(bad.result, "failed")
        self.assertFalse(bad.is_erased)
        self.assertEqual(bad.review_reason, "an error line names this disk during its wipe")
        self.assertIn("fdatasync: Input/output error", bad.evidence_line)
        self.assertEqual((bad.method, bad.report_format), ("Quick Erase", "log"))

    def test_zero_fill_then_failed_verify_only_run_is_not_erased(self):
        [record] = self._import("0.38/appended_zero_then_verify_one_fail.log")
        self.assertEqual(record.result, "failed")
        self.assertFalse(record.is_erased)
        self.assertEqual((record.method, record.tool_version), ("Fill With Zeros", "0.38"))
        self.assertEqual(record.review_reason, "a later run on this disk failed")
        self.assertIn("[FAILURE] /dev/loop0 is not full of ones", record.evidence_line)
        runs = record.report_runs.splitlines()
        self.assertEqual(len(runs), 2)
        self.assertTrue(runs[0].endswith("Fill With Zeros: success"))
        self.assertTrue(runs[1].endswith("Verify Ones  (0xFF): failed"))

    def test_verify_only_run_is_to_review(self):
        [record] = self._import("0.42/verify_zero_success.log")
        self.assertEqual(record.result, "to_review")
        self.assertFalse(record.is_erased)
        self.assertIn("erases nothing", record.review_reason)
        # The form shows the reason to the user.
        arch = self.env["filiere.erasure"].get_view(view_type="form")["arch"]
        self.assertIn('name="review_reason"', arch)
        self.assertIn('name="evidence_line"', arch)

    def test_sigint_is_aborted(self):
        [record] = self._import("0.34/abort_sigint.log")
        self.assertEqual((record.result, record.tool_version, record.method), ("aborted", "0.33", "Gutmann Wipe"))
        self.assertIn("UABORTED", record.evidence_line)

    def test_pdf_certificate_is_imported_and_kept(self):
        [record] = self._import("0.38/zero_success")
        self.assertEqual((record.report_format, record.result, record.method), ("pdf", "success", "Fill With Zeros"))
        self.assertEqual(
            (record.device_path, record.media_model, record.tool_version), ("/dev/loop0", "Loopback device", "0.38")
        )
        self.assertEqual(record.verification, "last")
        self.assertEqual(record.report_attachment_id.mimetype, "application/pdf")
        self.assertEqual(record.evidence_attachment_ids, record.report_attachment_id)

    def test_pdf_after_its_log_is_only_attached(self):
        [record] = self._import("0.38/zero_success.log")
        before = self._count()
        pdf_records = self._import("0.38/zero_success")
        self.assertEqual(pdf_records, record)
        self.assertEqual(self._count()[0], before[0], "no new erasure record")
        self.assertEqual(record.report_format, "log")
        self.assertTrue(record.report_attachment_id.name.endswith(".log"))
        self.assertEqual(len(record.evidence_attachment_ids), 2)
        self.assertIn(record.report_attachment_id, record.evidence_attachment_ids)
        self.assertIn("application/pdf", record.evidence_attachment_ids.mapped("mimetype"))
        # Importing the same PDF again adds nothing.
        self._import("0.38/zero_success")
        self.assertEqual(len(record.evidence_attachment_ids), 2)
        self.assertEqual(self._count(), (before[0], before[1] + 1))

    def test_log_after_its_pdf_gives_the_values(self):
        [record] = self._import("0.38/abort_sigint")
        self.assertEqual((record.report_format, record.result), ("pdf", "aborted"))
        self.assertFalse(record.evidence_line.startswith("!"))
        [same] = self._import("0.38/abort_sigint.log")
        self.assertEqual(same, record)
        self.assertEqual(self.env["filiere.erasure"].search_count([("device_path", "=", "/dev/loop0")]), 1)
        self.assertEqual(record.report_format, "log")
        self.assertEqual(record.result, "aborted")
        self.assertIn("UABORTED", record.evidence_line)  # the log's line, richer than the PDF's status
        self.assertEqual(len(record.evidence_attachment_ids), 2)

    def test_pdfs_of_both_runs_of_an_appended_log_join_its_record(self):
        [record] = self._import("0.35/appended_zero_then_verify_one_fail.log")
        self.assertEqual(record.result, "failed")
        pdfs = sorted((FIXTURES / "0.35/appended_zero_then_verify_one_fail").glob("*.pdf"))
        for path in pdfs:
            self.assertEqual(self.env["filiere.erasure"].import_report(path.read_bytes(), path.name), record)
        self.assertEqual(self.env["filiere.erasure"].search_count([("device_path", "=", "/dev/loop0")]), 1)
        self.assertEqual(len(record.evidence_attachment_ids), 3)
        self.assertEqual(record.result, "failed", "the ERASED certificate of the first run changes nothing")

    def test_shredos_banner(self):
        content, _name = fixture("0.38/zero_success.log")
        content = content.replace(b"   info: nwipe 0.38", b"   info: ShredOS v2024.11_27_x86-64_0.38")
        [record] = self.env["filiere.erasure"].import_report(content, "nwipe_log_20241211-134028.txt")
        self.assertEqual((record.tool, record.tool_version), ("nwipe (ShredOS v2024.11_27_x86-64_0.38)", "0.38"))

    def test_system_report_pdf(self):
        records = self._import("0.42/ioerror_full_tmpfs")
        self.assertEqual(sorted(records.mapped("result")), ["failed", "success"])
        self.assertEqual(set(records.mapped("media_model")), {"Loopback device"})
        for record in records:
            self.assertEqual(len(record.evidence_attachment_ids), 1, "each disk keeps the PDF")

    def test_system_report_after_its_log_is_only_attached(self):
        records = self._import("0.42/ioerror_full_tmpfs.log")
        self.assertEqual(len(records), 2)
        with self.assertQueryCount(__system__=30):
            paired = self._import("0.42/ioerror_full_tmpfs")
        self.assertEqual(paired, records)
        self.assertEqual(self.env["filiere.erasure"].search_count([("media_model", "=", "Loopback device")]), 2)
        for record in records:
            self.assertEqual(record.report_format, "log")
            self.assertEqual(len(record.evidence_attachment_ids), 2, "the log and the system report")

    def test_wizard_upload_of_a_pdf_and_its_log_gives_one_record(self):
        for order in ((0, 1), (1, 0)):
            with self.subTest(order=order), self.env.cr.savepoint(flush=False) as savepoint:
                files = [fixture("0.38/ioerror_single_prng_sync1"), fixture("0.38/ioerror_single_prng_sync1.log")]
                attachments = self.env["ir.attachment"].create(
                    [{"name": files[i][1], "raw": files[i][0]} for i in order]
                )
                wizard = self.env["filiere.erasure.import"].create({"attachment_ids": [(6, 0, attachments.ids)]})
                [record] = self.env["filiere.erasure"].search(wizard.action_import()["params"]["next"]["domain"])
                self.assertEqual((record.report_format, record.result, record.method), ("log", "failed", "PRNG Stream"))
                self.assertEqual(len(record.evidence_attachment_ids), 2)
                savepoint.rollback()

    def test_bad_inputs_create_nothing(self):
        blank = io.BytesIO()
        writer = PdfWriter()
        writer.add_blank_page(width=200, height=200)
        writer.write(blank)
        cut = fixture("0.42/abort_before_wipe_started.log")[0]
        pasted = fixture("pasted/issue8_nwipe024_cut_during_blanking.log")[0]
        before = self._count()
        for content, name, reason in [
            (blank.getvalue(), "blank.pdf", "neither an nwipe log, nor an nwipe PDF certificate"),
            (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\nnot really a pdf", "broken.pdf", "the PDF cannot be read"),
            (cut, "abort_before_wipe_started.log", "cut off"),
            (pasted, "issue8.log", "cut off"),
        ]:
            with self.subTest(name=name), self.assertRaisesRegex(UserError, f"{name}.*nothing was created.*{reason}"):
                self.env["filiere.erasure"].import_report(content, name)
        self.assertEqual(self._count(), before)

    def test_the_pdf_beside_a_certified_log_is_locked_and_certified_too(self):
        erasures = self.env["filiere.erasure"].with_company(self.company)
        [record] = erasures.import_report(*fixture("0.38/zero_success.log"))
        erasures.import_report(*fixture("0.38/zero_success"))
        device = self.make_device("REAL-1")
        device.action_mark_diagnosed()
        record.lot_id = device
        device.action_mark_erased()
        certificate = self.env["filiere.erasure.certificate"]._issue_for(device)
        pdf = record.evidence_attachment_ids.filtered(lambda attachment: attachment.mimetype == "application/pdf")
        self.assertTrue(pdf.filiere_locked)
        [medium] = json.loads(certificate.content)["media"]
        self.assertEqual(medium["evidence_sha256"], [hashlib.sha256(pdf.raw).hexdigest()])
        for user in (self.technician, self.manager):
            with self.assertRaisesRegex(UserError, "evidence"):
                pdf.with_user(user).write({"raw": b"%PDF-1.4 forged"})
        self.assertEqual(certificate._integrity(), "intact")
        self.env.cr.execute(SQL("UPDATE ir_attachment SET filiere_sha256 = %s WHERE id = %s", "0" * 64, pdf.id))
        pdf.invalidate_recordset()
        self.assertEqual(certificate._integrity(), "altered")
