import base64

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import WipeCase, pdf_text


@tagged("post_install", "-at_install")
class TestErasedOnlyFromRecords(WipeCase):
    """Finding 10: 'Data erased' moved a device to Erased with no erasure record."""

    def diagnosed(self, serial="TRUST-1", **values):
        device = self.make_device(serial, **values)
        device.action_mark_diagnosed()
        return device

    def test_staff_cannot_mark_erased_without_a_record(self):
        device = self.diagnosed()
        for user in (self.technician, self.manager):
            with self.subTest(user=user.login):
                with self.assertRaisesRegex(UserError, "has no erasure record"):
                    device.with_user(user).action_mark_erased()
                # The board's column is a plain write of the state: same gate.
                with self.assertRaisesRegex(UserError, "has no erasure record"):
                    device.with_user(user).write({"device_state": "erased"})
        with self.assertRaisesRegex(UserError, "has no erasure record"):
            device.sudo().write({"device_state": "erased"})
        self.assertEqual(device.device_state, "diagnosed")
        self.assertEqual(device.erasure_status, "pending")
        self.assertFalse(device.no_storage_declared)

    def test_a_failed_record_does_not_erase(self):
        device = self.diagnosed()
        self.erasure(device, result="failed", verify_errors=12)
        for user in (self.technician, self.manager):
            with self.subTest(user=user.login), self.assertRaisesRegex(UserError, "still holds data"):
                device.with_user(user).action_mark_erased()
        self.assertEqual(device.device_state, "diagnosed")
        self.assertEqual(device.erasure_status, "failed")

    def test_a_successful_record_lets_the_board_and_the_erasure_button_agree(self):
        device = self.diagnosed()
        self.erasure(device, nist_category="purge", method="ATA Secure Erase")
        device.with_user(self.technician).action_mark_erased()
        self.assertEqual(device.device_state, "erased")
        self.assertEqual(device.erasure_status, "erased")
        board = self.env["stock.lot"]._read_group([("id", "=", device.id)], ["device_state"], ["__count"])
        self.assertEqual(board, [("erased", 1)])

    def test_a_failed_medium_recorded_after_the_erasure_stops_the_device_again(self):
        device = self.refurbished("TRUST-LATE", erasure={"media_serial": "DISK-A"})
        self.erasure(device, media_serial="DISK-B", result="aborted")
        with self.assertRaisesRegex(UserError, "no successful erasure or destruction of DISK-B"):
            device.with_user(self.manager).action_make_available()
        self.assertEqual(device.device_state, "refurbished")


@tagged("post_install", "-at_install")
class TestDevicesWithoutStorage(WipeCase):
    """Finding 10: screens and keyboards without storage were counted as pending erasures."""

    def test_types_without_storage(self):
        for xmlid in ("device_type_screen", "device_type_keyboard", "device_type_mouse", "device_type_dock"):
            self.assertFalse(self.env.ref(f"filiere_reemploi.{xmlid}").has_storage, xmlid)
        # An unknown device may be an external drive: it is erased until someone says otherwise.
        for xmlid in ("device_type_laptop", "device_type_smartphone", "device_type_other"):
            self.assertTrue(self.env.ref(f"filiere_reemploi.{xmlid}").has_storage, xmlid)

    def test_a_screen_is_declared_without_storage_at_creation_and_goes_through(self):
        screen = (
            self.env["stock.lot"]
            .with_user(self.technician)
            .create(
                {
                    "name": "SCREEN-1",
                    "device_type_id": self.screen.id,
                    "company_id": self.company.id,
                    "donation_id": self.donation.id,
                    # A forged trace is ignored: the declaration records who made it.
                    "no_storage_declared_by_id": self.manager.id,
                }
            )
        )
        laptop = self.make_device("LAPTOP-1")
        self.assertTrue(screen.no_storage_declared)
        self.assertEqual(screen.no_storage_declared_by_id, self.technician)
        self.assertTrue(screen.no_storage_declared_date)
        self.assertEqual(screen.erasure_status, "no_storage")
        self.assertFalse(laptop.no_storage_declared)
        self.assertEqual(laptop.erasure_status, "pending")
        self.walk(
            screen.with_user(self.technician),
            "action_mark_diagnosed",
            "action_mark_erased",
            "action_mark_refurbished",
            "action_pass_all_tests",
        )
        screen.condition_id = self.grade_a
        screen.with_user(self.technician).action_make_available()
        self.assertEqual(screen.device_state, "available")
        self.assertFalse(screen.erasure_ids)

    def test_staff_withdraw_the_declaration_before_the_erasure_only(self):
        screen = self.make_device("SCREEN-2", device_type=self.screen)
        screen.with_user(self.technician).write({"no_storage_declared": False})
        self.assertFalse(screen.no_storage_declared_by_id)
        screen.action_mark_diagnosed()
        with self.assertRaisesRegex(UserError, "has no erasure record"):
            screen.action_mark_erased()
        screen.with_user(self.technician).action_declare_no_storage()
        screen.action_mark_erased()
        with self.assertRaisesRegex(UserError, "passed the erasure gate on its 'no storage medium' declaration"):
            screen.with_user(self.manager).write({"no_storage_declared": False})
        self.assertTrue(screen.no_storage_declared)
        self.assertEqual(screen.device_state, "erased")

    def test_a_device_retyped_before_its_erasure_takes_its_new_type_default(self):
        device = self.make_device("RETYPED", device_type=self.screen)
        self.assertTrue(device.no_storage_declared)
        device.with_user(self.technician).write({"device_type_id": self.laptop.id})
        self.assertFalse(device.no_storage_declared)
        device.action_mark_diagnosed()
        with self.assertRaisesRegex(UserError, "has no erasure record"):
            device.action_mark_erased()
        device.write({"device_type_id": self.screen.id})
        self.assertTrue(device.no_storage_declared)

    def test_devices_received_before_the_install_are_declared_by_their_type(self):
        # As the screens of a donation received before filiere_wipe was installed.
        screen = self.make_device("OLD-SCREEN", device_type=self.screen, no_storage_declared=False)
        laptop = self.make_device("OLD-LAPTOP")
        self.env["stock.lot"]._declare_no_storage_from_types()
        self.assertTrue(screen.no_storage_declared)
        self.assertFalse(laptop.no_storage_declared)

    def test_a_device_with_records_cannot_be_declared_without_storage(self):
        laptop = self.make_device("LAPTOP-2")
        self.erasure(laptop, result="failed")
        with self.assertRaisesRegex(UserError, "cannot be declared without storage"):
            laptop.with_user(self.technician).write({"no_storage_declared": True})
        self.assertFalse(laptop.no_storage_declared)


@tagged("post_install", "-at_install")
class TestAttestationSaysWhatHappened(WipeCase):
    """Finding 10: the attestation said 'erased' for pending rows and was sent without a warning."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.donor.write({"lang": "en_US", "email": "dsi@mairie.example"})

    def setUp(self):
        super().setUp()
        self.erased = self.env["stock.lot"]
        for index in range(3):
            device = self.refurbished(
                f"ATT-ERASED-{index}",
                erasure={"media_serial": f"DISK-{index}", "nist_category": "purge", "method": "ATA Secure Erase"},
            )
            device.action_issue_erasure_certificate()
            self.erased |= device
        self.pending = self.make_device("ATT-PENDING-0") | self.make_device("ATT-PENDING-1")
        self.screen_device = self.make_device("ATT-SCREEN", device_type=self.screen)

    def rows(self):
        data = self.donation._attestation_data()
        return data, {line[0]: line for line in data["lines"]}

    def test_each_row_is_worded_by_its_real_status(self):
        _data, rows = self.rows()
        self.assertEqual(len(rows), 6)
        for device in self.erased:
            _serial, _type, status, certificate, method, _date = rows[device.name]
            self.assertEqual(status, "Erased")
            self.assertEqual(certificate, device.erasure_certificate_id.name)
            self.assertEqual(method, "Purge")
        for device in self.pending:
            self.assertEqual(rows[device.name][2:4], ("Pending", "—"))
        self.assertEqual(rows[self.screen_device.name][2:4], ("Holds no storage medium", "—"))
        self.assertEqual(self.donation.erasure_pending_count, 2)
        self.assertEqual(self.donation.erasure_erased_count, 3)
        self.assertEqual(self.donation.erasure_no_storage_count, 1)

        text = pdf_text(self.donation._render_erasure_attestation())
        self.assertIn("Partial attestation: 2 devices still pending", text)
        self.assertIn("Devices marked 'Erased' (3): their data has been erased", text)
        self.assertIn("Devices marked 'Holds no storage medium' (1): they hold no data", text)
        self.assertIn("Devices marked 'Pending' or 'Failed' (2): their data has not been erased yet", text)
        # The old blanket statement covering every row is gone.
        self.assertNotIn("was erased with a certified method", text)
        self.assertNotIn("below the one agreed", text)

    def test_attestation_queries_do_not_grow_with_the_devices(self):
        def queries():
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            self.donation._attestation_data()
            return self.env.cr.sql_log_count - before

        six = queries()
        for index in range(3):
            device = self.refurbished(f"ATT-MORE-{index}", erasure={"media_serial": f"MORE-{index}"})
            device.action_issue_erasure_certificate()
            self.make_device(f"ATT-MORE-PENDING-{index}")
        self.assertEqual(queries(), six)

    def test_a_failed_erasure_is_not_erased(self):
        failed = self.pending[0]
        self.erasure(failed, media_serial="BAD-DISK", result="failed")
        _data, rows = self.rows()
        self.assertEqual(rows[failed.name][2], "Failed: to be erased again or destroyed")
        self.assertEqual(self.donation.erasure_pending_count, 2)

    def test_an_erasure_without_certificate_is_still_pending(self):
        device = self.pending[0]
        self.erasure(device, media_serial="OK-DISK", nist_category="purge")
        _data, rows = self.rows()
        self.assertEqual(rows[device.name][2:4], ("Pending: erased, certificate not issued yet", "—"))

    def donation_attachments(self):
        return self.env["ir.attachment"].search(
            [("res_model", "=", "filiere.donation"), ("res_id", "=", self.donation.id)]
        )

    def test_send_asks_before_a_partial_attestation(self):
        messages = self.donation.message_ids
        action = self.donation.with_user(self.technician).action_send_erasure_attestation()
        # Not the composer: a confirmation, and nothing attached or sent yet.
        self.assertEqual(action["res_model"], "filiere.erasure.attestation.confirm")
        wizard = self.env[action["res_model"]].browse(action["res_id"])
        self.assertEqual(wizard.pending_count, 2)
        self.assertFalse(self.donation_attachments())
        self.assertEqual(self.donation.message_ids, messages)
        # The technician confirms the partial attestation: it says so on its face.
        composer_action = wizard.with_user(self.technician).action_confirm()
        self.assertEqual(composer_action["res_model"], "mail.compose.message")
        composer = (
            self.env["mail.compose.message"]
            .with_user(self.technician)
            .with_context(**composer_action["context"])
            .create({})
        )
        composer.action_send_mail()
        message = self.donation.message_ids[0]
        self.assertIn(self.donor, message.partner_ids)
        self.assertIn("This attestation is partial", message.body)
        text = pdf_text(base64.b64decode(message.attachment_ids.datas))
        self.assertIn("Partial attestation: 2 devices still pending", text)

    def test_a_complete_attestation_goes_straight_to_the_composer(self):
        for index, device in enumerate(self.pending):
            device.action_mark_diagnosed()
            self.erasure(device, media_serial=f"LATE-{index}", nist_category="purge")
            device.action_mark_erased()
            device.action_issue_erasure_certificate()
        self.assertEqual(self.donation.erasure_pending_count, 0)
        action = self.donation.with_user(self.technician).action_send_erasure_attestation()
        self.assertEqual(action["res_model"], "mail.compose.message")
        attachment = self.env["ir.attachment"].browse(action["context"]["default_attachment_ids"][0][2])
        text = pdf_text(base64.b64decode(attachment.datas))
        self.assertNotIn("Partial attestation", text)
        self.assertNotIn("not been erased yet", text)
        self.assertIn("Devices marked 'Erased' (5): their data has been erased", text)

    def test_a_clear_erasure_on_a_purge_agreement_is_flagged(self):
        self.assertEqual(self.donation.erasure_standard, "nist_purge")
        cleared = self.refurbished("ATT-CLEARED", erasure={"media_serial": "DISK-CLEAR", "nist_category": "clear"})
        cleared.action_issue_erasure_certificate()
        # Two media: a purged one and a cleared one; the device is only as sanitised as its weakest medium.
        mixed = self.refurbished("ATT-MIXED", erasure={"media_serial": "DISK-M1", "nist_category": "purge"})
        self.erasure(mixed, media_serial="DISK-M2", nist_category="clear")
        mixed.action_issue_erasure_certificate()
        data, rows = self.rows()
        for device in cleared | mixed:
            self.assertEqual(rows[device.name][2], "Erased")
            self.assertEqual(rows[device.name][4], "Clear – below the agreed NIST SP 800-88 Purge")
        for device in self.erased:
            self.assertEqual(rows[device.name][4], "Purge")
        self.assertIn(("Below the agreed method (NIST SP 800-88 Purge)", 2), data["totals"])
        text = pdf_text(self.donation._render_erasure_attestation())
        self.assertIn(
            "2 devices were erased with a method below the one agreed in the donation agreement "
            "(NIST SP 800-88 Purge): ATT-CLEARED, ATT-MIXED.",
            text,
        )
