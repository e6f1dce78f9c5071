from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestSparePartsTour(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The tours read the English labels; a database installed in French may have deactivated English.
        cls.env["res.lang"]._activate_lang("en_US")

    def test_technician_dismantles_a_device_and_fits_its_ram_in_another(self):
        technician = new_test_user(
            self.env, login="tour_pieces", groups="filiere_reemploi.group_filiere_user", lang="en_US"
        )
        company = technician.company_id
        stock = self.env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1).lot_stock_id
        laptop = self.env.ref("filiere_reemploi.device_type_laptop")
        quants = self.env["stock.quant"]
        source = self.env["stock.lot"].create(
            {"name": "TOUR-DON-1", "device_type_id": laptop.id, "company_id": company.id, "ram_gb": 8}
        )
        quants._update_available_quantity(source.product_id, stock, 1, lot_id=source)
        source.action_send_to_parts()
        self.start_tour(
            f"/odoo/action-filiere_reemploi.stock_lot_device_action/{source.id}",
            "filiere_dismantle_tour",
            login=technician.login,
        )
        ram = source.filiere_harvested_lot_ids.filtered(lambda part: part.filiere_part_kind == "ram")
        self.assertEqual(ram.name, "TOUR-RAM-0001")
        self.assertEqual(ram.product_qty, 1)

        target = self.env["stock.lot"].create(
            {"name": "TOUR-CIBLE-1", "device_type_id": laptop.id, "company_id": company.id, "ram_gb": 4}
        )
        quants._update_available_quantity(target.product_id, stock, 1, lot_id=target)
        repair = (
            self.env["repair.order"]
            .with_user(technician)
            .create({"product_id": target.product_id.id, "lot_id": target.id, "company_id": company.id})
        )
        self.start_tour(
            f"/odoo/action-repair.action_repair_order_tree/{repair.id}", "filiere_fit_part_tour", login=technician.login
        )
        self.assertEqual(repair.state, "done")
        self.assertEqual(ram.product_qty, 0)
        self.assertEqual(target.filiere_fitted_part_ids, ram)
        self.assertEqual(target.filiere_fitted_part_ids.filiere_source_lot_id, source)
