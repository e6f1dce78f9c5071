import hashlib

from odoo.exceptions import UserError

from .common import FiliereCase


class TestAttachmentLock(FiliereCase):
    """Files locked as evidence refuse write and unlink, whoever asks; their SHA-256 is kept."""

    def setUp(self):
        super().setUp()
        self.report = self.env["ir.attachment"].create(
            {
                "name": "nwipe.log",
                "raw": b"[2026/11/30 10:00:00] nwipe: notice: Nwipe exited successfully",
                "res_model": "filiere.donation",
                "res_id": self.donation.id,
            }
        )
        self.digests = self.report._filiere_lock()

    def test_lock_records_the_sha256_of_the_file(self):
        expected = hashlib.sha256(b"[2026/11/30 10:00:00] nwipe: notice: Nwipe exited successfully").hexdigest()
        self.assertEqual(self.digests, {self.report.id: expected})
        self.assertEqual(self.report.filiere_sha256, expected)
        self.assertEqual(len(self.report.filiere_sha256), 64)
        self.assertTrue(self.report.filiere_locked)
        self.assertTrue(self.report._filiere_intact())

    def test_nobody_replaces_or_deletes_a_locked_file(self):
        for user in (self.technician, self.manager):
            attachment = self.report.with_user(user)
            with self.assertRaisesRegex(UserError, "nwipe.log is evidence"):
                attachment.write({"raw": b"forged"})
            with self.assertRaisesRegex(UserError, "nwipe.log is evidence"):
                attachment.unlink()
        with self.assertRaisesRegex(UserError, "evidence"):
            self.report.sudo().write({"name": "other.log"})
        with self.assertRaisesRegex(UserError, "evidence"):
            self.report.sudo().unlink()
        self.assertEqual(self.report.raw, b"[2026/11/30 10:00:00] nwipe: notice: Nwipe exited successfully")
        self.assertTrue(self.report._filiere_intact())

    def test_the_lock_cannot_be_lifted_nor_set_by_hand(self):
        with self.assertRaises(UserError):
            self.report.sudo().write({"filiere_locked": False})
        self.assertTrue(self.report.filiere_locked)
        with self.assertRaises(UserError):
            self.env["ir.attachment"].with_user(self.technician).create(
                {"name": "mine.txt", "raw": b"x", "filiere_locked": True, "filiere_sha256": "0" * 64}
            )

    def test_a_file_changed_behind_the_orm_is_no_longer_intact(self):
        self.env.cr.execute("UPDATE ir_attachment SET filiere_sha256 = %s WHERE id = %s", ("0" * 64, self.report.id))
        self.report.invalidate_recordset()
        self.assertFalse(self.report._filiere_intact())

    def test_a_download_of_an_altered_file_is_refused(self):
        binary = self.env["ir.binary"]
        self.env.cr.execute("UPDATE ir_attachment SET filiere_sha256 = %s WHERE id = %s", ("0" * 64, self.report.id))
        self.report.invalidate_recordset()
        with self.assertRaisesRegex(UserError, "nwipe.log no longer has the SHA-256"):
            # What /web/content calls (a UserError there answers 404).
            binary._get_stream_from(self.report)
