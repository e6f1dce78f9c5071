from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import WipeCase


@tagged("post_install", "-at_install")
class TestErasureGate(WipeCase):
    def test_no_record_blocks_whoever_the_user(self):
        device = self.refurbished()
        for user in (self.technician, self.manager, self.env.ref("base.user_admin")):
            with self.subTest(user=user.login), self.assertRaisesRegex(UserError, "has no erasure record"):
                device.with_user(user).action_make_available()
        with self.assertRaisesRegex(UserError, "has no erasure record"):
            device.sudo().write({"device_state": "available"})
        self.assertEqual(device.device_state, "refurbished")

    def test_every_medium_must_be_erased_or_destroyed(self):
        device = self.refurbished()
        self.erasure(device, media_serial="DISK-A")
        self.erasure(device, media_serial="DISK-B", result="failed", verify_errors=3)
        with self.assertRaisesRegex(UserError, "still holds data: no successful erasure or destruction of DISK-B"):
            device.action_make_available()
        # The failed disk is shredded: a destruction counts.
        self.erasure(device, media_serial="DISK-B", nist_category="destroy", method="Shredding", tool="shredder")
        device.action_make_available()
        self.assertEqual(device.device_state, "available")
        self.assertEqual(device.erasure_status, "erased")

    def test_a_second_successful_pass_makes_up_for_an_aborted_one(self):
        device = self.refurbished()
        self.erasure(device, result="aborted")
        self.assertEqual(device.erasure_status, "failed")
        self.erasure(device, method="DoD Short", rounds=3)
        device.action_make_available()
        self.assertEqual(device.device_state, "available")

    def test_device_without_storage_is_declared_by_a_person(self):
        device = self.refurbished()
        device.with_user(self.technician).action_declare_no_storage()
        self.assertEqual(device.no_storage_declared_by_id, self.technician)
        self.assertTrue(device.no_storage_declared_date)
        device.action_make_available()
        self.assertEqual(device.device_state, "available")
        other = self.refurbished("WIPE-2")
        self.erasure(other)
        with self.assertRaisesRegex(UserError, "cannot be declared without storage"):
            other.action_declare_no_storage()

    def test_gate_holds_for_reserved_and_delivered_too(self):
        device = self.refurbished()
        self.erasure(device)
        self.walk(device, "action_make_available", "action_reserve", "action_mark_delivered")
        self.assertEqual(device.device_state, "delivered")
