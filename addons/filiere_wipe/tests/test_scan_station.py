from odoo.tests import HttpCase, new_test_user, tagged

from .common import WipeCase


@tagged("post_install", "-at_install")
class TestScanStationErasureGate(WipeCase):
    """The scan station's batch with filiere_wipe: the erasure gate refuses per device, and the
    'no storage' declaration is one of its actions."""

    def _apply(self, serials, action):
        answer = self.env["stock.lot"].with_user(self.technician).filiere_scan_apply(serials, action, {})
        return {result["serial"]: result for result in answer["results"]}

    def _diagnosed(self, serial, **values):
        device = self.make_device(serial, **values)
        device.action_mark_diagnosed()
        return device

    def test_the_station_offers_the_declaration_after_the_checklist(self):
        data = self.env["stock.lot"].with_user(self.technician).filiere_scan_station_data()
        keys = [action["key"] for action in data["actions"]]
        self.assertEqual(keys.index("no_storage"), keys.index("pass_checklist") + 1)

    def test_the_erasure_gate_stops_a_device_and_lets_the_others_through(self):
        erased = self._diagnosed("GATE-1")
        self.erasure(erased)
        failed = self._diagnosed("GATE-2")
        self.erasure(failed, media_serial="WD-FAILED", result="failed")
        no_record = self._diagnosed("GATE-3")
        results = self._apply(["GATE-1", "GATE-2", "GATE-3"], "next_state")
        self.assertTrue(results["GATE-1"]["ok"])
        self.assertEqual(erased.device_state, "erased")
        statuses = dict(erased._fields["erasure_status"]._description_selection(self.env))
        self.assertEqual(results["GATE-1"]["device"]["erasure"], statuses["erased"])
        self.assertFalse(results["GATE-2"]["ok"])
        self.assertIn("WD-FAILED", results["GATE-2"]["message"])
        self.assertFalse(results["GATE-3"]["ok"])
        self.assertIn("GATE-3", results["GATE-3"]["message"])
        self.assertEqual((failed | no_record).mapped("device_state"), ["diagnosed", "diagnosed"])

    def test_declare_a_batch_without_storage_then_move_it_on(self):
        keyboards = self._diagnosed("KB-1") | self._diagnosed("KB-2")
        with_record = self._diagnosed("KB-3")
        self.erasure(with_record)
        results = self._apply(["KB-1", "KB-2", "KB-3"], "no_storage")
        self.assertEqual([results[s]["ok"] for s in ("KB-1", "KB-2", "KB-3")], [True, True, False])
        self.assertIn("KB-3", results["KB-3"]["message"])
        self.assertTrue(all(keyboards.mapped("no_storage_declared")))
        self.assertEqual(keyboards.no_storage_declared_by_id, self.technician)
        self.assertFalse(with_record.no_storage_declared)
        results = self._apply(["KB-1", "KB-2"], "next_state")
        self.assertEqual(keyboards.mapped("device_state"), ["erased", "erased"])


@tagged("post_install", "-at_install")
class TestScanStationTour(HttpCase):
    def test_batch_of_five_scans_one_unknown_one_stopped_by_the_erasure_gate(self):
        self.env["res.lang"]._activate_lang("en_US")
        technician = new_test_user(
            self.env, login="tour_banc", groups="filiere_reemploi.group_filiere_user", lang="en_US"
        )
        laptop = self.env.ref("filiere_reemploi.device_type_laptop")
        devices = self.env["stock.lot"].create(
            [
                {"name": f"TOUR-SCAN-{n}", "device_type_id": laptop.id, "company_id": technician.company_id.id}
                for n in range(1, 5)
            ]
        )
        devices.action_mark_diagnosed()
        for device in devices:
            self.env["filiere.erasure"].create(
                {
                    "lot_id": device.id,
                    "company_id": device.company_id.id,
                    "media_serial": f"DISK-{device.name}",
                    "media_type": "ssd",
                    "nist_category": "clear",
                    "method": "PRNG Stream",
                    "tool": "nwipe",
                    "result": "failed" if device.name == "TOUR-SCAN-4" else "success",
                }
            )
        count = self.env["stock.lot"].search_count([])
        self.start_tour(
            "/odoo/action-filiere_reemploi.filiere_scan_station_action",
            "filiere_scan_station_tour",
            login=technician.login,
        )
        self.assertEqual(devices.mapped("device_state"), ["erased", "erased", "erased", "diagnosed"])
        self.assertEqual(self.env["stock.lot"].search_count([]), count, "the unknown serial created nothing")
