from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.filiere_reemploi.tests.common import SparePartsCase

from .common import WipeCase


@tagged("post_install", "-at_install")
class TestHarvestedDiskGate(SparePartsCase, WipeCase):
    """A harvested disk leaves as a part (repair, sale, delivery) only once erased or destroyed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.disk = cls.env.ref("filiere_reemploi.product_part_disk")

    def harvested_disk(self, serial, device_serial):
        device = self.donor_device(device_serial)
        return self.dismantle(device, [self.line(self.disk, serial, "SSD 256 GB")])

    def target(self, serial="PC-RECEVEUR"):
        device = self.make_device(serial, storage_type="none")
        self.env["stock.quant"]._update_available_quantity(device.product_id, self.stock, 1, lot_id=device)
        return device

    def deliver(self, part):
        """Send the part to a customer: a plain outgoing move of its serial."""
        move = self.env["stock.move"].create(
            {
                "name": "Vente de pièce",
                "product_id": part.product_id.id,
                "product_uom": part.product_id.uom_id.id,
                "product_uom_qty": 1,
                "location_id": self.stock.id,
                "location_dest_id": self.env.ref("stock.stock_location_customers").id,
                "company_id": self.company.id,
            }
        )
        move._action_confirm()
        move._action_assign()
        self.assertEqual(move.move_line_ids.lot_id, part)
        move.picked = True
        move._action_done()
        return move

    def test_the_disk_lines_come_from_the_erasure_records(self):
        device = self.donor_device("GATE-PREFILL")
        self.erasure(device, media_serial="S3Z9NB0K123456", media_model="Samsung SSD 860", media_size_gb=256)
        wizard = self.env["filiere.device.dismantle"].with_context(default_lot_id=device.id).create({})
        disk_lines = wizard.line_ids.filtered(lambda line: line.kind == "disk")
        self.assertEqual(disk_lines.mapped("serial"), ["S3Z9NB0K123456"])
        self.assertEqual(disk_lines.product_id, self.disk)
        self.assertIn("Samsung SSD 860", disk_lines.description)

    def test_a_disk_is_fitted_in_a_repair_only_once_erased(self):
        part = self.harvested_disk("WD-GATE-0001", "GATE-SRC")
        device = part.filiere_source_lot_id
        # A failed run on this disk (another disk of the device was erased).
        self.erasure(device, media_serial="WD-GATE-0001", result="failed")
        self.erasure(device, media_serial="AUTRE-DISQUE")
        target = self.target()
        repair = self.repair_adding(target, part)
        with self.assertRaises(UserError) as caught:
            repair.action_repair_end()
        self.assertIn("WD-GATE-0001", str(caught.exception))
        self.assertEqual(repair.state, "under_repair")
        self.assertEqual(part.product_qty, 1, "the disk is still in stock")

        self.erasure(device, media_serial="WD-GATE-0001", date_end=fields.Datetime.now() + timedelta(minutes=5))
        repair.action_repair_end()
        self.assertEqual(repair.state, "done")
        self.assertEqual(part.product_qty, 0)
        target.invalidate_recordset(["filiere_fitted_part_ids"])
        self.assertEqual(target.filiere_fitted_part_ids, part)

    def test_a_disk_is_refused_at_the_repair_confirmation_when_chosen_before(self):
        part = self.harvested_disk("WD-GATE-0002", "GATE-EARLY")
        target = self.target("PC-TOT")
        repair = (
            self.env["repair.order"]
            .with_company(self.company)
            .create(
                {
                    "product_id": target.product_id.id,
                    "lot_id": target.id,
                    "company_id": self.company.id,
                    "picking_type_id": self.warehouse.repair_type_id.id,
                    "move_ids": [(0, 0, {"product_id": self.disk.id, "product_uom_qty": 1, "repair_line_type": "add"})],
                }
            )
        )
        repair.move_ids.lot_ids = part
        with self.assertRaises(UserError):
            repair.action_validate()
        self.assertEqual(repair.state, "draft")

    def test_a_disk_is_delivered_only_once_destroyed_or_erased_on_the_part(self):
        part = self.harvested_disk("WD-GATE-0003", "GATE-SALE")
        with self.assertRaises(UserError):
            self.deliver(part)
        self.assertEqual(part.product_qty, 1)
        # Recorded on the part itself: the latest record decides.
        self.erasure(part, media_serial=False, nist_category="destroy", method="Broyage", tool="Broyeur")
        self.deliver(part)
        self.assertEqual(part.product_qty, 0)

    def test_other_parts_and_internal_moves_are_not_gated(self):
        device = self.donor_device("GATE-RAM")
        ram = self.dismantle(device, [self.line(self.ram, "RAM-LIBRE")])
        self.assertEqual(self.deliver(ram).state, "done")
