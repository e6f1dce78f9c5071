from unittest.mock import patch

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import FiliereCase


@tagged("post_install", "-at_install")
class TestScanStation(FiliereCase):
    """The batch method behind the scan station: each device applied or refused on its own."""

    def _apply(self, serials, action, params=None, user=None):
        lots = self.env["stock.lot"].with_user(user or self.technician)
        answer = lots.filiere_scan_apply(serials, action, params or {})
        return {result["serial"]: result for result in answer["results"]}, answer["action"]

    def test_a_scan_shows_the_device_with_its_next_step(self):
        self.make_device("SCAN-0001", brand="Lenovo", model_name="ThinkPad T480")
        answer = self.env["stock.lot"].with_user(self.technician).filiere_scan_lookup(" SCAN-0001 ")
        self.assertTrue(answer["found"])
        device = answer["device"]
        self.assertEqual(
            (device["serial"], device["state"], device["model"]), ("SCAN-0001", "received", "Lenovo ThinkPad T480")
        )
        self.assertTrue(device["next_step"])

    def test_an_unknown_serial_creates_nothing(self):
        count = self.env["stock.lot"].search_count([])
        answer = self.env["stock.lot"].with_user(self.technician).filiere_scan_lookup("INCONNU-42")
        self.assertFalse(answer["found"])
        self.assertIn("INCONNU-42", answer["message"])
        results, _action = self._apply(["INCONNU-42"], "next_state")
        self.assertFalse(results["INCONNU-42"]["ok"])
        self.assertIn("INCONNU-42", results["INCONNU-42"]["message"])
        self.assertEqual(self.env["stock.lot"].search_count([]), count)

    def test_a_device_of_another_structure_is_unknown_here(self):
        self.env["stock.lot"].create(
            {"name": "AUTRE-0001", "device_type_id": self.laptop.id, "company_id": self.other_company.id}
        )
        answer = self.env["stock.lot"].with_user(self.technician).filiere_scan_lookup("AUTRE-0001")
        self.assertFalse(answer["found"])

    def test_next_step_for_a_batch_refuses_one_and_applies_the_others(self):
        received = self.make_device("SCAN-0001") | self.make_device("SCAN-0002")
        refurbished = self.make_device("SCAN-0003")
        self.declare_no_data(refurbished)
        self.walk(refurbished, "action_mark_diagnosed", "action_mark_erased", "action_mark_refurbished")
        results, _action = self._apply(["SCAN-0001", "SCAN-0003", "SCAN-0002"], "next_state")
        self.assertTrue(results["SCAN-0001"]["ok"])
        self.assertTrue(results["SCAN-0002"]["ok"])
        self.assertEqual(set(received.mapped("device_state")), {"diagnosed"})
        self.assertEqual(results["SCAN-0001"]["device"]["state"], "diagnosed")
        refused = results["SCAN-0003"]
        self.assertFalse(refused["ok"])
        self.assertIn("SCAN-0003", refused["message"], "the reason names the device (no test passed, no grade)")
        self.assertEqual(refurbished.device_state, "refurbished", "the refused device is left as it was")

    def test_a_device_refused_half_way_is_left_whole(self):
        """Its checklist was loaded, then a later check refused it: the savepoint undoes the checklist
        too, and the devices before and after it keep theirs."""
        devices = self.make_device("SCAN-0001") | self.make_device("SCAN-0002") | self.make_device("SCAN-0003")
        original = type(devices)._filiere_scan_do_pass_checklist

        refusal = "refused after the checklist was written"  # a test's message, not one to translate

        def pass_then_refuse(lot, params):
            original(lot, params)
            if lot.name == "SCAN-0002":
                raise UserError(refusal)

        with patch.object(type(devices), "_filiere_scan_do_pass_checklist", pass_then_refuse):
            results, _action = self._apply(devices.mapped("name"), "pass_checklist")
        self.assertEqual([results[s]["ok"] for s in devices.mapped("name")], [True, False, True])
        self.assertEqual(results["SCAN-0002"]["message"], refusal)
        self.assertEqual(devices.mapped("functional_test_state"), ["passed", "todo", "passed"])
        self.assertFalse(devices[1].test_result_ids)

    def test_a_device_without_type_is_refused_with_the_reason(self):
        untyped = self.env["stock.lot"].create(
            {"name": "SCAN-0009", "product_id": self.laptop.product_id.id, "company_id": self.company.id}
        )
        self.assertTrue(untyped.is_device)
        results, _action = self._apply(["SCAN-0009"], "pass_checklist")
        self.assertFalse(results["SCAN-0009"]["ok"])
        self.assertIn("SCAN-0009", results["SCAN-0009"]["message"])

    def test_grade_a_batch_and_keep_the_history(self):
        devices = self.make_device("SCAN-0001") | self.make_device("SCAN-0002")
        self.flush_tracking()
        results, _action = self._apply(devices.mapped("name"), "grade", {"condition_id": self.grade_c.id})
        self.assertTrue(all(result["ok"] for result in results.values()))
        self.assertEqual(devices.condition_id, self.grade_c)
        self.flush_tracking()
        for device in devices:
            self.assertIn(
                self.grade_c.id,
                device.message_ids.tracking_value_ids.filtered(
                    lambda value: value.field_id.name == "condition_id"
                ).mapped("new_value_integer"),
            )
        with self.assertRaisesRegex(UserError, "grade"):
            devices.with_user(self.technician)._filiere_scan_do_grade({})

    def test_send_a_batch_to_parts_and_print_its_labels(self):
        devices = self.make_device("SCAN-0001") | self.make_device("SCAN-0002")
        self._apply(devices.mapped("name"), "parts")
        self.assertEqual(set(devices.mapped("device_state")), {"parts"})
        results, action = self._apply(devices.mapped("name") + ["INCONNU"], "print_labels")
        self.assertEqual(action["res_model"], "filiere.label.print")
        self.assertEqual(action["context"]["default_lot_ids"], devices.ids, "labels of the known devices only")
        self.assertFalse(results["INCONNU"]["ok"])

    def test_an_unknown_action_is_refused(self):
        self.make_device("SCAN-0001")
        with self.assertRaisesRegex(UserError, "action_make_available"):
            self._apply(["SCAN-0001"], "action_make_available")

    def test_auditor_and_portal_cannot_apply(self):
        device = self.make_device("SCAN-0001")
        portal = self._user("portail_scan", "base.group_portal", self.company)
        for user in (self.auditor, portal):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self._apply(["SCAN-0001"], "next_state", user=user)
        self.assertEqual(device.device_state, "received")

    def test_a_batch_of_20_costs_a_few_queries_per_device(self):
        """Savepoint, write and release per device (6 queries measured), one search for the batch."""
        devices = self.env["stock.lot"]
        for number in range(1, 21):
            devices |= self.make_device(f"SCAN-{number:04d}")
        self.flush_tracking()
        self.env.invalidate_all()
        with self.assertQueryCount(20 * 6 + 10):
            results, _action = self._apply(devices.mapped("name"), "next_state")
        self.assertEqual(len(results), 20)
        self.assertEqual(set(devices.mapped("device_state")), {"diagnosed"})
