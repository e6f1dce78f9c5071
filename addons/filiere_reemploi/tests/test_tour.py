from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestDeviceTour(HttpCase):
    def test_technician_diagnoses_a_device_from_the_board(self):
        technician = new_test_user(self.env, login="tour_technicien", groups="filiere_reemploi.group_filiere_user")
        device = self.env["stock.lot"].create(
            {
                "name": "TOUR-0001",
                "device_type_id": self.env.ref("filiere_reemploi.device_type_laptop").id,
                "company_id": technician.company_id.id,
            }
        )
        self.start_tour(
            "/odoo/action-filiere_reemploi.stock_lot_device_action",
            "filiere_device_lifecycle_tour",
            login=technician.login,
        )
        self.assertEqual(device.device_state, "diagnosed")
        self.assertEqual(device.bios_lock, "unlocked")
