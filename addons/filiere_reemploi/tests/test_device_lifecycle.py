from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import FiliereCase


@tagged("post_install", "-at_install")
class TestDeviceLifecycle(FiliereCase):
    def test_full_lifecycle_of_one_device_is_tracked(self):
        device = self.make_device(year=2019, battery_health=85).with_user(self.technician)
        self.flush_tracking()
        self.assertEqual(device.device_state, "received")
        self.assertEqual(device.product_id, self.laptop.product_id, "the type gives the stock product")
        self.assertEqual(device.weight_kg, 2.2, "the type gives the default weight")
        self.assertTrue(device.is_device)

        self.ready_for_reuse(device)
        self.walk(device, "action_make_available")
        self.assertEqual(device.device_state, "available")
        # Reservation and handover are the referral's (tested in test_trust_distribution).
        with self.assertRaisesRegex(UserError, "only through its referral"):
            device.action_reserve()

        # Every change of state is in the chatter, with who made it.
        tracked = self.env["mail.tracking.value"].search(
            [
                ("mail_message_id", "in", device.message_ids.ids),
                ("field_id.name", "=", "device_state"),
            ]
        )
        self.assertEqual(
            sorted(tracked.mapped("new_value_char")),
            sorted(["Diagnosed", "Erased", "Refurbished", "Available"]),
        )
        self.assertEqual(set(tracked.mail_message_id.author_id.ids), {self.technician.partner_id.id})

    def test_forbidden_transitions_are_refused_with_the_states_named(self):
        device = self.make_device()
        with self.assertRaisesRegex(UserError, "cannot go from 'Received' to 'Available'"):
            device.action_make_available()
        with self.assertRaisesRegex(UserError, "cannot go from 'Received' to 'Delivered'"):
            device.write({"device_state": "delivered"})
        self.assertEqual(device.device_state, "received", "nothing changed")

    def test_not_available_before_test_passed_and_grade_set(self):
        device = self.make_device()
        self.declare_no_data(device)
        self.walk(device, "action_mark_diagnosed", "action_mark_erased", "action_mark_refurbished")
        with self.assertRaisesRegex(UserError, "the functional test has not passed; no grade is set"):
            device.action_make_available()
        device.action_pass_all_tests()
        with self.assertRaisesRegex(UserError, "no grade is set"):
            device.action_make_available()
        device.condition_id = self.grade_recycling
        with self.assertRaisesRegex(UserError, "is not for reuse"):
            device.action_make_available()
        device.condition_id = self.grade_a
        self.declare_no_data(device)
        device.action_make_available()
        self.assertEqual(device.device_state, "available")

    def test_grade_minimum_battery_health(self):
        device = self.ready_for_reuse(self.make_device(battery_health=60), self.grade_a)
        with self.assertRaisesRegex(UserError, "battery health 60 % is below the 75 % required"):
            device.action_make_available()
        device.condition_id = self.grade_c
        device.action_make_available()
        self.assertEqual(device.device_state, "available")

    def test_side_exits_and_unreserve(self):
        to_parts = self.walk(self.make_device("P-1"), "action_mark_diagnosed", "action_send_to_parts")
        self.assertEqual(to_parts.device_state, "parts")
        to_parts.action_send_to_recycling()
        self.assertEqual(to_parts.device_state, "recycled")

        device = self.ready_for_reuse(self.make_device("P-2"))
        self.walk(device, "action_make_available", "action_reserve", "action_unreserve")
        self.assertEqual(device.device_state, "available")
        device.action_reserve()
        device.action_mark_delivered()
        with self.assertRaisesRegex(UserError, "cannot go from 'Delivered' to 'Recycled"):
            device.action_send_to_recycling()

    def test_kanban_groups_show_every_state(self):
        self.make_device()
        groups = self.env["stock.lot"].read_group([("is_device", "=", True)], ["device_state"], ["device_state"])
        self.assertEqual(
            [group["device_state"] for group in groups],
            [
                "received",
                "diagnosed",
                "erased",
                "refurbished",
                "available",
                "reserved",
                "delivered",
                "parts",
                "recycled",
            ],
        )
