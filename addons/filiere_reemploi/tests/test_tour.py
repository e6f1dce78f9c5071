from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestMainScreensTour(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The tours read the English labels; a database installed in French may have deactivated English.
        cls.env["res.lang"]._activate_lang("en_US")

    def test_technician_diagnoses_a_device_from_the_board(self):
        technician = new_test_user(
            self.env, login="tour_technicien", groups="filiere_reemploi.group_filiere_user", lang="en_US"
        )
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

    def test_staff_records_and_signs_a_donation_agreement(self):
        staff = new_test_user(
            self.env, login="tour_salarie", groups="filiere_reemploi.group_filiere_user", lang="en_US"
        )
        donor = self.env["res.partner"].create(
            {"name": "Mairie de Tourville", "is_company": True, "filiere_donor_type": "public"}
        )
        self.start_tour(
            "/odoo/action-filiere_reemploi.filiere_donation_action",
            "filiere_donation_agreement_tour",
            login=staff.login,
        )
        donation = self.env["filiere.donation"].search([("partner_id", "=", donor.id)])
        self.assertEqual(donation.state, "signed")
        self.assertEqual(donation.expected_quantity, 600)
        self.assertEqual(donation.company_id, staff.company_id)
