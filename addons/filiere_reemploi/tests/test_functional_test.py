from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import FiliereCase


@tagged("post_install", "-at_install")
class TestFunctionalTest(FiliereCase):
    def test_checklist_follows_the_device_type(self):
        laptop = self.make_device("L-1")
        phone = self.make_device("S-1", device_type=self.smartphone)
        (laptop | phone).action_load_test_checklist()
        self.assertIn("Keyboard", laptop.test_result_ids.mapped("name"))
        self.assertNotIn("Mobile network (SIM, calls)", laptop.test_result_ids.mapped("name"))
        self.assertIn("Mobile network (SIM, calls)", phone.test_result_ids.mapped("name"))
        self.assertNotIn("Keyboard", phone.test_result_ids.mapped("name"))
        count = len(laptop.test_result_ids)
        laptop.action_load_test_checklist()
        self.assertEqual(len(laptop.test_result_ids), count, "loading twice adds nothing")

    def test_passes_only_when_every_required_item_passes(self):
        device = self.make_device().with_user(self.technician)
        device.action_load_test_checklist()
        self.assertEqual(device.functional_test_state, "todo")
        required = device.test_result_ids.filtered("required")
        optional = device.test_result_ids - required
        self.assertTrue(optional, "the camera is optional on a laptop")
        required[:-1].write({"result": "pass"})
        self.assertEqual(device.functional_test_state, "in_progress")
        required[-1].result = "fail"
        self.assertEqual(device.functional_test_state, "failed")
        required[-1].result = "pass"
        optional.write({"result": "fail"})
        self.assertEqual(device.functional_test_state, "passed", "a failed optional item does not block")
        result = required[0]
        self.assertEqual(result.tested_by_id, self.technician)
        self.assertTrue(result.tested_on)

    def test_checklist_needs_a_device_type(self):
        device = self.env["stock.lot"].create(
            {"name": "NO-TYPE", "product_id": self.laptop.product_id.id, "company_id": self.company.id}
        )
        with self.assertRaisesRegex(UserError, "Set the device type of NO-TYPE"):
            device.action_load_test_checklist()

    def test_checklist_is_editable_data(self):
        point = self.env["filiere.test.point"].create(
            {"name": "Lecteur d'empreintes", "device_type_ids": [(4, self.laptop.id)], "required": True}
        )
        device = self.make_device()
        device.action_pass_all_tests()
        self.assertIn(point, device.test_result_ids.test_point_id)
        self.assertEqual(device.functional_test_state, "passed")
