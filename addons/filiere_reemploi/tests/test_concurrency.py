import threading

from odoo import SUPERUSER_ID, Command, api
from odoo.modules.registry import Registry
from odoo.tests import BaseCase, tagged
from odoo.tests.common import get_db_name

# Every record this test commits, removed at the end (tables in deletion order).
CLEANUP = [
    ("stock_move_line", "move_id IN (SELECT id FROM stock_move WHERE picking_id = ANY(%(pickings)s))"),
    ("stock_move", "picking_id = ANY(%(pickings)s)"),
    ("stock_picking", "id = ANY(%(pickings)s)"),
    ("sale_order_line", "order_id = ANY(%(orders)s)"),
    ("sale_order", "id = ANY(%(orders)s)"),
    ("filiere_referral", "id = ANY(%(referrals)s)"),
    ("filiere_beneficiary", "id = ANY(%(beneficiaries)s)"),
    ("res_partner", "id = ANY(%(partners)s)"),
    ("stock_move_line", "lot_id = %(lot)s"),
    ("stock_quant", "lot_id = %(lot)s"),
    ("filiere_test_result", "lot_id = %(lot)s"),
    ("stock_lot", "id = %(lot)s"),
    ("filiere_price_grid", "id = %(grid)s"),
]


@tagged("post_install", "-at_install")
class TestOneDeviceOneReferral(BaseCase):
    """Two people reserve the same device at the same time, each in their own transaction."""

    def setUp(self):
        super().setUp()
        self.registry = Registry(get_db_name())

    def _commit_fixture(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            company = env.ref("base.main_company")
            warehouse = env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1)
            laptop = env.ref("filiere_reemploi.device_type_laptop")
            lot = env["stock.lot"].create({"name": "RACE-0001", "device_type_id": laptop.id, "company_id": company.id})
            if "no_storage_declared" in lot._fields:
                lot.action_declare_no_storage()
            lot.action_mark_diagnosed()
            lot.action_mark_erased()
            lot.action_mark_refurbished()
            lot.action_pass_all_tests()
            lot.condition_id = env.ref("filiere_reemploi.grade_a")
            lot.action_make_available()
            env["stock.quant"]._update_available_quantity(lot.product_id, warehouse.lot_stock_id, 1, lot_id=lot)
            senior = env.ref("filiere_reemploi.segment_senior")
            grid = env["filiere.price.grid"].create(
                {
                    "device_type_id": laptop.id,
                    "condition_id": lot.condition_id.id,
                    "segment_id": senior.id,
                    "price": 33.0,
                    "company_id": company.id,
                }
            )
            prescriber = env["res.partner"].create({"name": "CCAS Course", "filiere_prescriber_type": "ccas"})
            referrals = env["filiere.referral"]
            for name in ("Première Personne", "Seconde Personne"):
                beneficiary = env["filiere.beneficiary"].create(
                    {
                        "name": name,
                        "company_id": company.id,
                        "consent_date": "2026-11-01",
                        "segment_ids": [Command.set(senior.ids)],
                    }
                )
                referrals |= env["filiere.referral"].create(
                    {
                        "company_id": company.id,
                        "prescriber_id": prescriber.id,
                        "beneficiary_id": beneficiary.id,
                        "device_type_id": laptop.id,
                    }
                )
            referrals.action_accept()
            cr.commit()  # pylint: disable=invalid-commit
            return lot.id, grid.id, prescriber.id, referrals.ids, referrals.beneficiary_id.ids

    def _cleanup(self, lot_id, grid_id, prescriber_id, referral_ids, beneficiary_ids):
        with self.registry.cursor() as cr:
            cr.execute("SELECT id FROM sale_order WHERE filiere_referral_id = ANY(%s)", (referral_ids,))
            orders = [row[0] for row in cr.fetchall()]
            cr.execute("SELECT id FROM stock_picking WHERE sale_id = ANY(%s)", (orders or [0],))
            pickings = [row[0] for row in cr.fetchall()]
            cr.execute("SELECT partner_id FROM filiere_beneficiary WHERE id = ANY(%s)", (beneficiary_ids,))
            partners = [row[0] for row in cr.fetchall() if row[0]] + [prescriber_id]
            params = {
                "pickings": pickings or [0],
                "orders": orders or [0],
                "referrals": referral_ids,
                "beneficiaries": beneficiary_ids,
                "partners": partners,
                "lot": lot_id,
                "grid": grid_id,
            }
            for table, where in CLEANUP:
                cr.execute(f"DELETE FROM {table} WHERE {where}", params)

    def test_exactly_one_of_two_simultaneous_reservations_wins(self):
        fixture = self._commit_fixture()
        lot_id, _grid_id, _prescriber_id, referral_ids, _beneficiary_ids = fixture
        try:
            barrier = threading.Barrier(2, timeout=30)
            outcomes = {}

            def reserve(referral_id):
                with self.registry.cursor() as cr:
                    env = api.Environment(cr, SUPERUSER_ID, {})
                    referral = env["filiere.referral"].browse(referral_id)
                    lot = env["stock.lot"].browse(lot_id)
                    referral.segment_ids  # noqa: B018 - start both transactions before the race
                    barrier.wait()
                    try:
                        referral.action_allocate_device(lot)
                        cr.commit()  # pylint: disable=invalid-commit
                        outcomes[referral_id] = "won"
                    except Exception as exc:  # noqa: BLE001 - the loser's error, whatever its kind
                        cr.rollback()
                        outcomes[referral_id] = type(exc).__name__

            threads = [threading.Thread(target=reserve, args=(referral_id,)) for referral_id in referral_ids]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=60)

            self.assertEqual(sorted(outcomes), sorted(referral_ids))
            winners = [referral_id for referral_id, outcome in outcomes.items() if outcome == "won"]
            self.assertEqual(len(winners), 1, outcomes)
            # The loser gets the user's message or the database's serialization error (retried by the server).
            self.assertTrue(set(outcomes.values()) - {"won"} <= {"UserError", "SerializationFailure"}, outcomes)
            with self.registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                referrals = env["filiere.referral"].browse(referral_ids)
                winner = referrals.browse(winners)
                loser = referrals - winner
                self.assertEqual(env["stock.lot"].browse(lot_id).device_state, "reserved")
                self.assertEqual(winner.lot_id.id, lot_id)
                self.assertEqual(winner.state, "reserved")
                self.assertEqual(winner.sale_order_id.state, "sale")
                self.assertFalse(loser.lot_id)
                self.assertEqual(loser.state, "accepted")
                self.assertFalse(loser.sale_order_id)
                self.assertEqual(env["sale.order"].search_count([("filiere_referral_id", "in", referral_ids)]), 1)
        finally:
            self._cleanup(*fixture)
