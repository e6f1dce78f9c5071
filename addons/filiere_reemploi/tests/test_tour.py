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


@tagged("post_install", "-at_install")
class TestInventoryPreviewTour(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("en_US")

    def _wizard(self, staff, prefix):
        import base64

        from .test_inventory_preview import glpi_export

        donor = self.env["res.partner"].create({"name": f"Mairie {prefix}", "filiere_donor_type": "public"})
        donation = self.env["filiere.donation"].create({"partner_id": donor.id, "company_id": staff.company_id.id})
        donation.action_sign()
        wizard = self.env["filiere.inventory.import"].create(
            {
                "donation_id": donation.id,
                "file": base64.b64encode(glpi_export(prefix)),
                "filename": "export_glpi.csv",
            }
        )
        # The dialog the "Import" button of the agreement opens, on this wizard (a tour cannot upload).
        action = self.env["ir.actions.act_window"].create(
            {
                "name": "Import a donor inventory",
                "res_model": "filiere.inventory.import",
                "res_id": wizard.id,
                "view_mode": "form",
                "target": "new",
            }
        )
        return donation, f"/odoo/action-{action.id}"

    def test_glpi_export_mapped_then_known(self):
        staff = new_test_user(
            self.env, login="tour_inventaire", groups="filiere_reemploi.group_filiere_user", lang="en_US"
        )
        donation, url = self._wizard(staff, "TOUR1")
        self.start_tour(url, "filiere_inventory_preview_tour", login=staff.login)
        self.assertEqual(donation.device_count, 6)
        self.assertEqual(
            {lot.name: lot.device_type_id.code for lot in donation.lot_ids},
            {
                "TOUR1-01": "laptop",
                "TOUR1-02": "desktop",
                "TOUR1-03": "desktop",
                "TOUR1-04": "other",
                "TOUR1-05": "other",
                "TOUR1-06": "desktop",
            },
        )
        words = self.env["filiere.device.type.alias"].search([("company_id", "=", staff.company_id.id)])
        self.assertEqual(sorted(words.mapped("name")), ["Borne interactive", "Client léger"])

        donation, url = self._wizard(staff, "TOUR2")
        self.start_tour(url, "filiere_inventory_known_tour", login=staff.login)
        self.assertEqual(donation.device_count, 6)
        self.assertEqual(donation.lot_ids.filtered(lambda lot: lot.name == "TOUR2-06").device_type_id.code, "desktop")
