from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import SparePartsCase


@tagged("post_install", "-at_install")
class TestSpareParts(SparePartsCase):
    """Dismantle a device sent to parts, then fit one of its parts in another device by a repair order."""

    def test_the_wizard_is_prefilled_from_the_passport(self):
        device = self.donor_device()
        wizard = self.env["filiere.device.dismantle"].with_context(default_lot_id=device.id).create({})
        lines = {line.kind: line for line in wizard.line_ids}
        self.assertEqual(set(lines), {"ram", "disk", "battery"})
        self.assertEqual(lines["ram"].product_id, self.ram)
        self.assertIn("8", lines["ram"].description)
        self.assertIn("256", lines["disk"].description)
        self.assertEqual(lines["battery"].weight_kg, self.battery.weight)
        # The data products in French, as a French workshop reads them.
        self.assertEqual(self.ram.with_context(lang="fr_FR").display_name, "[PIECE-RAM] Barrette RAM")
        self.assertEqual(self.env.ref("filiere_reemploi.product_part_disk").with_context(lang="fr_FR").name, "Disque")

    def test_dismantling_brings_the_parts_into_stock_with_their_origin(self):
        device = self.donor_device()
        parts = self.dismantle(
            device,
            [
                self.line(self.ram, "RAM-8G-0001", "DDR4 8 GB"),
                self.line(self.battery, "BAT-45WH-01", "45 Wh", weight_kg=0.25),
                self.line(self.charger),
            ],
        )
        self.assertEqual(len(parts), 3)
        self.assertEqual(set(parts.mapped("name")), {"RAM-8G-0001", "BAT-45WH-01", "DON-001-P3"})
        self.assertEqual(parts.filiere_source_lot_id, device)
        self.assertEqual(parts.company_id, self.company)
        for part in parts:
            self.assertEqual(part.product_qty, 1, part.name)
            self.assertEqual(part.quant_ids.filtered(lambda q: q.quantity > 0).location_id, self.stock)
        moves = self.env["stock.move.line"].search([("lot_id", "in", parts.ids)]).move_id
        self.assertEqual(len(moves), 3)
        self.assertEqual(set(moves.mapped("state")), {"done"})
        self.assertTrue(all(moves.mapped("is_inventory")))
        self.assertEqual(device.filiere_dismantled_date, fields.Date.context_today(device))
        self.assertAlmostEqual(device.filiere_harvested_kg, self.ram.weight + 0.25 + self.charger.weight)
        self.assertFalse(device.can_dismantle)
        with self.assertRaises(UserError):
            device.action_dismantle()

    def test_only_a_device_sent_to_parts_is_dismantled(self):
        device = self.make_device("DON-REF")
        with self.assertRaises(UserError):
            device.action_dismantle()
        with self.assertRaises(UserError):
            self.dismantle(device, [self.line(self.ram, "RAM-X")])
        self.assertFalse(device.filiere_harvested_lot_ids)

    def test_a_duplicate_serial_leaves_nothing_half_written(self):
        first = self.donor_device("DON-A")
        self.dismantle(first, [self.line(self.ram, "RAM-DUP")])
        device = self.donor_device("DON-B")
        lots_before = self.env["stock.lot"].search_count([])
        moves_before = self.env["stock.move"].search_count([])
        for lines in (
            # the second line's serial is already in stock
            [self.line(self.battery, "BAT-OK-1"), self.line(self.ram, " RAM-DUP ")],
            # two lines with one serial
            [self.line(self.battery, "BAT-TWICE"), self.line(self.battery, "BAT-TWICE")],
        ):
            with self.assertRaises(UserError) as caught:
                self.dismantle(device, lines)
            self.assertIn(lines[1]["serial"].strip(), str(caught.exception))
        self.assertEqual(self.env["stock.lot"].search_count([]), lots_before)
        self.assertEqual(self.env["stock.move"].search_count([]), moves_before)
        self.assertFalse(device.filiere_dismantled_date)
        self.assertTrue(device.can_dismantle)

    def test_a_repair_fits_a_part_and_the_passport_shows_it(self):
        source = self.donor_device("DON-SRC")
        ram = self.dismantle(source, [self.line(self.ram, "RAM-FIT-1", "DDR4 8 GB")])
        target = self.make_device("PC-CIBLE", ram_gb=4)
        self.env["stock.quant"]._update_available_quantity(target.product_id, self.stock, 1, lot_id=target)
        self.assertFalse(target.filiere_fitted_part_ids)
        repair = self.fit(target, ram)
        self.assertEqual(repair.state, "done")
        self.assertEqual(ram.product_qty, 0, "the part left the stock")
        target.invalidate_recordset(["filiere_fitted_part_ids"])
        self.assertEqual(target.filiere_fitted_part_ids, ram)
        self.assertEqual(target.filiere_fitted_part_ids.filiere_source_lot_id, source)
        ram.invalidate_recordset(["filiere_fitted_in_lot_id"])
        self.assertEqual(ram.filiere_fitted_in_lot_id, target)

    def test_the_origin_of_a_part_is_not_written_by_hand(self):
        source = self.donor_device("DON-HAND")
        other = self.make_device("PC-AUTRE")
        part = self.dismantle(source, [self.line(self.ram, "RAM-HAND")])
        for values in ({"filiere_source_lot_id": other.id}, {"filiere_dismantled_date": False}):
            with self.assertRaises(UserError):
                (part if "filiere_source_lot_id" in values else source).with_user(self.manager).write(values)
        with self.assertRaises(UserError):
            self.env["stock.lot"].with_user(self.technician).create(
                {"name": "FAUX-1", "product_id": self.ram.id, "filiere_source_lot_id": other.id}
            )
        self.assertEqual(part.filiere_source_lot_id, source)

    def test_only_the_workshop_dismantles(self):
        device = self.donor_device("DON-RIGHTS")
        outsider = self._user("employe_sans_atelier", "base.group_user", self.company)
        for user in (self.auditor, outsider):
            with self.assertRaises(AccessError):
                self.dismantle(device, [self.line(self.ram, "RAM-R")], env=self.env(user=user))
        self.assertFalse(device.filiere_harvested_lot_ids)
        parts = self.dismantle(device, [self.line(self.ram, "RAM-R")], env=self.env(user=self.technician))
        self.assertEqual(parts.name, "RAM-R")
        # The auditor reads the passport, parts included.
        self.assertEqual(device.with_user(self.auditor).filiere_harvested_lot_ids.mapped("name"), ["RAM-R"])


@tagged("post_install", "-at_install")
class TestSparePartsWeights(SparePartsCase):
    """Harvested kg count once in the grant statement and the eco-organisation report."""

    def test_harvested_kg_are_counted_once(self):
        today = fields.Date.context_today(self.env.user)
        # A 2.2 kg laptop dismantled (0.3 + 0.25 kg harvested) and its carcass recycled;
        # a 0.18 kg phone waiting whole in the parts stock; a 2.2 kg laptop recycled whole.
        laptop = self.donor_device("KG-LAPTOP", weight_kg=2.2)
        self.dismantle(laptop, [self.line(self.battery, "KG-BAT", weight_kg=0.3), self.line(self.ram, weight_kg=0.25)])
        self.walk(laptop, "action_send_to_recycling")
        phone = self.make_device("KG-PHONE", device_type=self.smartphone, weight_kg=0.18)
        self.walk(phone, "action_send_to_parts")
        whole = self.make_device("KG-WHOLE", weight_kg=2.2)
        self.walk(whole, "action_send_to_recycling")

        result = self.env["filiere.statement"].compute_indicators(today, today, company_ids=self.company.ids)
        self.assertEqual(result["devices_received_kg"], 4.58)
        self.assertEqual(result["devices_recycled"], 2)
        self.assertEqual(result["devices_recycled_kg"], 3.85)  # 1.65 + 2.2
        self.assertEqual(result["devices_parts"], 2)

        rows = self.env["filiere.statement"]._eco_organisation_report(today, today, self.company.ids)
        month = today.strftime("%Y-%m")
        self.assertEqual(
            rows,
            [
                {"device_type": "laptop", "channel": "parts", "month": month, "units": 1, "kg": 0.55},
                {"device_type": "laptop", "channel": "recycling", "month": month, "units": 2, "kg": 3.85},
                {"device_type": "smartphone", "channel": "parts", "month": month, "units": 1, "kg": 0.18},
            ],
        )
        # 0.55 + 3.85 + 0.18: the 4.58 kg received, each kg once.
        self.assertAlmostEqual(sum(row["kg"] for row in rows), result["devices_received_kg"])

    def test_the_waste_register_weighs_a_carcass_without_its_harvested_parts(self):
        today = fields.Date.context_today(self.env.user)
        # A 2.2 kg laptop dismantled (0.3 + 0.25 kg harvested), its carcass recycled with a 2.2 kg
        # laptop recycled whole: one shipment of 2 units weighing 1.65 + 2.2 kg.
        laptop = self.donor_device("REG-LAPTOP", weight_kg=2.2)
        self.dismantle(laptop, [self.line(self.battery, "REG-BAT", weight_kg=0.3), self.line(self.ram, weight_kg=0.25)])
        whole = self.make_device("REG-WHOLE", weight_kg=2.2)
        facility = self.env["res.partner"].create({"name": "Centre de traitement DEEE", "is_company": True})
        self.env["filiere.recycling.wizard"].with_user(self.technician).create(
            {"lot_ids": [fields.Command.set((laptop | whole).ids)], "destination_id": facility.id}
        ).action_confirm()
        self.assertEqual(laptop.filiere_recycling_kg, 1.65)

        wizard = (
            self.env["filiere.eco.organisation.export"]
            .with_user(self.manager)
            .create({"report": "register", "date_from": today, "date_to": today, "company_id": self.company.id})
        )
        rows = wizard.register_rows()
        self.assertEqual([(row["destination"], row["units"], row["kg"]) for row in rows], [(facility.name, 2, 3.85)])
        # The harvested parts stay in the parts channel, not in the register.
        self.assertEqual(laptop.filiere_parts_kg, 0.55)
