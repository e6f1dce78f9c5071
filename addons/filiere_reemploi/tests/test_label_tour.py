import base64

from odoo.tests import HttpCase, new_test_user, tagged

from .common import inventory_csv
from .label_reading import decode_label, pdf_text


@tagged("post_install", "-at_install")
class TestReceiptLabelsTour(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("en_US")

    def test_technician_prints_the_labels_of_a_receipt(self):
        technician = new_test_user(
            self.env, login="tour_etiquettes", groups="filiere_reemploi.group_filiere_user", lang="en_US"
        )
        donor = self.env["res.partner"].create({"name": "Mairie d'Étiquette", "is_company": True})
        donation = self.env["filiere.donation"].create(
            {"partner_id": donor.id, "company_id": technician.company_id.id, "expected_quantity": 5}
        )
        donation.action_sign()
        rows = [("PC portable", 1, "Dell", "Latitude 5490", 2019, "", "", f"TOUR-LBL-{n}") for n in range(1, 6)]
        donation.import_inventory(inventory_csv(rows), "inventaire.csv")
        receipt = donation.picking_ids
        self.start_tour(
            f"/odoo/action-stock.action_picking_tree_all/{receipt.id}",
            "filiere_receipt_labels_tour",
            login=technician.login,
        )
        wizard = self.env["filiere.label.print"].search([("create_uid", "=", technician.id)])
        sheet = self.env.ref("filiere_reemploi.label_format_a4_2x7")
        self.assertEqual(wizard.format_id, sheet)
        pdf = base64.b64decode(wizard.label_file)
        self.assertIn("TOUR-LBL-3", pdf_text(pdf))
        self.assertEqual(
            [decode_label(pdf, sheet, position) for position in range(7)],
            ["", ""] + [f"TOUR-LBL-{n}" for n in range(1, 6)],
        )
