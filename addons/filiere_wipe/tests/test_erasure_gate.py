from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import WipeCase


@tagged("post_install", "-at_install")
class TestErasureGate(WipeCase):
    def diagnosed(self, serial="WIPE-1"):
        device = self.make_device(serial)
        device.action_mark_diagnosed()
        return device

    def test_no_record_blocks_whoever_the_user(self):
        device = self.diagnosed()
        for user in (self.technician, self.manager, self.env.ref("base.user_admin")):
            with self.subTest(user=user.login), self.assertRaisesRegex(UserError, "has no erasure record"):
                device.with_user(user).action_mark_erased()
        with self.assertRaisesRegex(UserError, "has no erasure record"):
            device.sudo().write({"device_state": "erased"})
        self.assertEqual(device.device_state, "diagnosed")

    def test_every_medium_must_be_erased_or_destroyed(self):
        device = self.diagnosed()
        self.erasure(device, media_serial="DISK-A")
        self.erasure(device, media_serial="DISK-B", result="failed", verify_errors=3)
        with self.assertRaisesRegex(UserError, "still holds data: no successful erasure or destruction of DISK-B"):
            device.action_mark_erased()
        # The failed disk is shredded: a destruction counts.
        self.erasure(device, media_serial="DISK-B", nist_category="destroy", method="Shredding", tool="shredder")
        device.action_mark_erased()
        self.assertEqual(device.device_state, "erased")
        self.assertEqual(device.erasure_status, "erased")

    def test_a_second_successful_pass_makes_up_for_an_aborted_one(self):
        device = self.diagnosed()
        self.erasure(device, result="aborted")
        self.assertEqual(device.erasure_status, "failed")
        with self.assertRaisesRegex(UserError, "still holds data"):
            device.action_mark_erased()
        self.erasure(device, method="DoD Short", rounds=3)
        device.action_mark_erased()
        self.assertEqual(device.device_state, "erased")

    def test_the_latest_run_on_a_medium_decides(self):
        device = self.diagnosed()
        self.erasure(device, date_start="2026-11-02 09:00:00", date_end="2026-11-02 10:00:00")
        # A later verification run on the same disk found data: the disk is not erased.
        self.erasure(
            device,
            method="Verify Zeros",
            result="failed",
            verify_errors=12,
            date_start="2026-11-03 09:00:00",
            date_end="2026-11-03 09:30:00",
        )
        with self.assertRaisesRegex(UserError, "no successful erasure or destruction of Z6E8K1TQ"):
            device.action_mark_erased()
        self.assertEqual(device.device_state, "diagnosed")
        # A report of an older failed run, imported last, does not undo the later success.
        other = self.diagnosed("WIPE-2")
        self.erasure(other, date_start="2026-11-05 09:00:00", date_end="2026-11-05 10:00:00")
        self.erasure(other, result="failed", pass_errors=1, date_end="2026-11-01 10:00:00")
        other.action_mark_erased()
        self.assertEqual(other.device_state, "erased")

    def test_device_without_storage_is_declared_by_a_person(self):
        device = self.diagnosed()
        device.with_user(self.technician).action_declare_no_storage()
        self.assertEqual(device.no_storage_declared_by_id, self.technician)
        self.assertTrue(device.no_storage_declared_date)
        device.action_mark_erased()
        self.assertEqual(device.device_state, "erased")
        other = self.refurbished("WIPE-2")
        with self.assertRaisesRegex(UserError, "cannot be declared without storage"):
            other.action_declare_no_storage()

    def test_gate_holds_for_available_reserved_and_delivered_too(self):
        device = self.refurbished()
        self.walk(device, "action_make_available", "action_reserve", "action_mark_delivered")
        self.assertEqual(device.device_state, "delivered")
        # A device already refurbished (e.g. before the gate moved to 'erased') is stopped at 'available'.
        late = self.refurbished("WIPE-LATE")
        late.erasure_ids.write({"result": "failed"})
        with self.assertRaisesRegex(UserError, "still holds data"):
            late.action_make_available()
        self.assertEqual(late.device_state, "refurbished")
