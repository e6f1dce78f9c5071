import psycopg2
from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import DistributionCase


@tagged("post_install", "-at_install")
class TestReferral(DistributionCase):
    def allocate(self, referral, device):
        referral.action_accept()
        referral.action_allocate_device(device)
        return referral

    def test_referral_gets_a_number_and_the_beneficiary_statistics(self):
        beneficiary = self.make_beneficiary(segments=self.senior | self.student)
        referral = self.make_referral(beneficiary)
        self.assertRegex(referral.name, r"^ORI/\d{4}/\d{5}$")
        self.assertEqual(referral.state, "submitted")
        self.assertEqual(referral.zone_id, self.zone)
        self.assertEqual(referral.city, "Gap")
        self.assertEqual(referral.segment_ids, self.senior | self.student)
        self.assertEqual(beneficiary.prescriber_id, self.ccas)

    def test_full_distribution_with_standard_sale_delivery_and_invoice(self):
        device = self.stocked_device("DIST-001", keyboard_layout="azerty_fr")
        referral = self.make_referral().with_user(self.distribution)
        referral.action_accept()
        self.assertEqual(referral.state, "accepted")
        referral.action_allocate_device(device)
        self.assertEqual(referral.state, "reserved")
        self.assertEqual(device.device_state, "reserved")
        self.assertEqual(referral.price, 80.0)
        self.assertEqual(referral.sale_format, "sale")
        order = referral.sale_order_id
        self.assertEqual(order.state, "sale")
        # The customer is a pseudonym: stock and accounting users read the order, not the person.
        self.assertEqual(order.partner_id, referral.sudo().beneficiary_id.partner_id)
        self.assertNotIn("Jeanne", order.partner_id.name)
        self.assertFalse(order.partner_id.phone or order.partner_id.city)
        self.assertEqual(order.amount_untaxed, 80.0)
        self.assertEqual(order.order_line.product_id, device.product_id)
        self.assertEqual(order.filiere_referral_id, referral)
        picking = referral.picking_id
        self.assertEqual(picking.state, "assigned")
        self.assertEqual(picking.move_line_ids.lot_id, device)

        referral.action_handover()
        today = fields.Date.context_today(referral)
        self.assertEqual(picking.state, "done")
        self.assertEqual(referral.state, "delivered")
        self.assertEqual(referral.handover_date, today)
        self.assertEqual(device.device_state, "delivered")
        # A sale: the legal guarantee of conformity, 2 years (test_guarantee).
        self.assertEqual(device.filiere_warranty_end_date, today + relativedelta(years=2))
        self.assertTrue(device.filiere_under_warranty)
        self.assertEqual(order.order_line.qty_delivered, 1)
        # Standard invoicing from there: the structure's chart of accounts is all it needs.
        self.env["account.chart.template"].try_loading("generic_coa", company=self.company, install_demo=False)
        invoice = order.sudo()._create_invoices()
        self.assertEqual(invoice.amount_untaxed, 80.0)
        self.assertEqual(invoice.partner_id, order.partner_id)
        referral.action_close()
        self.assertEqual(referral.state, "closed")

    def test_warranty_length_is_a_company_setting(self):
        self.company.filiere_warranty_months = 6
        device = self.stocked_device("DIST-WARRANTY")
        # A free donation: the structure's own commitment (a sale carries the legal guarantee).
        referral = self.allocate(self.make_referral(self.make_beneficiary(segments=self.refugee)), device)
        referral.action_handover()
        today = fields.Date.context_today(referral)
        self.assertEqual(device.filiere_warranty_end_date, today + relativedelta(months=6))
        self.assertFalse(device._filiere_warranty_active(today + relativedelta(months=7)))

    def test_most_favourable_segment_price_wins(self):
        device = self.stocked_device("DIST-STUDENT")
        beneficiary = self.make_beneficiary(segments=self.senior | self.student)
        referral = self.allocate(self.make_referral(beneficiary), device)
        self.assertEqual(referral.price, 50.0)
        self.assertEqual(referral.price_grid_id, self.grid_laptop_a_student)

    def test_free_donation_gives_a_zero_priced_order(self):
        device = self.stocked_device("DIST-FREE")
        beneficiary = self.make_beneficiary(segments=self.senior | self.refugee)
        referral = self.allocate(self.make_referral(beneficiary), device)
        self.assertEqual(referral.sale_format, "donation")
        self.assertEqual(referral.price, 0.0)
        self.assertEqual(referral.sale_order_id.amount_total, 0.0)
        self.assertEqual(referral.sale_order_id.state, "sale")

    def test_structure_override_applies_to_that_structure_only(self):
        self.env["filiere.price.grid"].create(
            self._grid(self.laptop, self.grade_a, self.senior, 40.0, company_id=self.company.id)
        )
        device = self.stocked_device("DIST-OVERRIDE")
        referral = self.allocate(self.make_referral(), device)
        self.assertEqual(referral.price, 40.0)
        other = self.env["filiere.price.grid"]._best_price(device, self.senior, self.other_company)
        self.assertEqual(other, self.grid_laptop_a_senior)

    def test_no_price_for_the_combination_is_a_clear_error_and_no_order(self):
        device = self.stocked_device("DIST-NOPRICE", grade=self.grade_c)
        referral = self.make_referral()
        referral.action_accept()
        orders = self.env["sale.order"].search_count([])
        with self.assertRaises(UserError) as error:
            referral.action_allocate_device(device)
        message = str(error.exception)
        self.assertIn("no price", message)
        self.assertIn(self.grade_c.name, message)
        self.assertIn(self.senior.name, message)
        self.assertEqual(self.env["sale.order"].search_count([]), orders)
        self.assertEqual(referral.state, "accepted")
        self.assertFalse(referral.lot_id)
        self.assertEqual(device.device_state, "available")

    def test_device_in_the_wrong_state_cannot_be_allocated(self):
        device = self.make_device("DIST-RECEIVED")
        referral = self.make_referral()
        referral.action_accept()
        with self.assertRaises(UserError) as error:
            referral.action_allocate_device(device)
        self.assertIn("only an available device", str(error.exception))
        self.assertIn("Received", str(error.exception))
        self.assertEqual(referral.state, "accepted")

    def test_referral_must_be_accepted_before_allocation(self):
        device = self.stocked_device("DIST-SUBMITTED")
        referral = self.make_referral()
        with self.assertRaises(UserError) as error:
            referral.action_allocate_device(device)
        self.assertIn("'Submitted'", str(error.exception))
        self.assertEqual(device.device_state, "available")

    def test_device_already_reserved_for_another_referral(self):
        device = self.stocked_device("DIST-TWICE")
        self.allocate(self.make_referral(), device)
        second = self.make_referral(self.make_beneficiary("Louis Blanc"))
        second.action_accept()
        with self.assertRaises(UserError):
            second.action_allocate_device(device)
        self.assertFalse(second.lot_id)
        self.assertEqual(second.state, "accepted")

    def test_database_refuses_two_referrals_holding_one_device(self):
        device = self.stocked_device("DIST-SQL")
        first = self.allocate(self.make_referral(), device)
        second = self.make_referral(self.make_beneficiary("Louis Blanc"))
        # Past every check of the ORM, the exclusion constraint still refuses.
        with (
            self.assertRaises(psycopg2.errors.ExclusionViolation),
            mute_logger("odoo.sql_db"),
            self.env.cr.savepoint(),
        ):
            second.write({"state": "reserved", "lot_id": device.id})
            self.env.flush_all()
        self.assertEqual(first.lot_id, device)

    def test_release_cancels_the_order_and_frees_the_device(self):
        device = self.stocked_device("DIST-RELEASE")
        referral = self.allocate(self.make_referral(), device)
        order = referral.sale_order_id
        referral.action_release_device()
        self.assertEqual(order.state, "cancel")
        self.assertEqual(referral.state, "accepted")
        self.assertFalse(referral.lot_id)
        self.assertEqual(device.device_state, "available")
        other = self.stocked_device("DIST-RELEASE-2")
        referral.action_allocate_device(other)
        self.assertEqual(referral.lot_id, other)

    def test_refusal_needs_a_reason(self):
        referral = self.make_referral()
        with self.assertRaises(UserError) as error:
            referral.action_refuse()
        self.assertIn("reason", str(error.exception))
        self.assertEqual(referral.state, "submitted")
        referral.refuse_reason = "Personne déjà équipée par le Secours Populaire."
        referral.action_refuse()
        self.assertEqual(referral.state, "refused")
        with self.assertRaises(UserError):
            referral.action_accept()

    def test_validating_the_delivery_from_inventory_hands_the_device_over(self):
        device = self.stocked_device("DIST-INVENTORY")
        referral = self.allocate(self.make_referral(), device)
        picking = referral.picking_id
        picking.move_ids.picked = True
        picking.button_validate()
        self.assertEqual(referral.state, "delivered")
        self.assertEqual(device.device_state, "delivered")

    def test_delivery_of_another_serial_is_refused(self):
        device = self.stocked_device("DIST-RIGHT")
        wrong = self.stocked_device("DIST-WRONG")
        referral = self.allocate(self.make_referral(), device)
        picking = referral.picking_id
        picking.move_line_ids.lot_id = wrong
        picking.move_ids.picked = True
        with self.assertRaises(UserError) as error, self.env.cr.savepoint():
            picking.button_validate()
        self.assertIn("DIST-RIGHT", str(error.exception))
        self.assertEqual(referral.state, "reserved")
        self.assertEqual(wrong.device_state, "available")

    def test_matching_helper_lists_fitting_devices_with_their_price(self):
        good = self.stocked_device("MATCH-A", keyboard_layout="azerty_fr")
        grade_b = self.stocked_device("MATCH-B", grade=self.grade_b, keyboard_layout="azerty_fr")
        self.stocked_device("MATCH-QWERTY", keyboard_layout="qwerty_us")
        self.stocked_device("MATCH-PHONE", device_type=self.smartphone)
        self.make_device("MATCH-NOT-READY", keyboard_layout="azerty_fr")
        referral = self.make_referral(keyboard_layout="azerty_fr")
        referral.action_accept()
        action = referral.with_user(self.distribution).action_open_allocation()
        wizard = self.env["filiere.referral.allocate"].browse(action["res_id"])
        self.assertEqual(wizard.line_ids.lot_id, good | grade_b)
        prices = {line.lot_id.name: line.price for line in wizard.line_ids}
        self.assertEqual(prices, {"MATCH-A": 80.0, "MATCH-B": 60.0})
        line = wizard.line_ids.filtered(lambda item: item.lot_id == grade_b)
        line.with_user(self.distribution).action_allocate()
        self.assertEqual(referral.lot_id, grade_b)
        self.assertEqual(referral.price, 60.0)

    def test_handover_form_in_the_structure_language(self):
        device = self.stocked_device("DIST-REPORT")
        referral = self.allocate(self.make_referral(), device)
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("filiere_reemploi.report_filiere_handover", referral.ids)[0]
            .decode()
        )
        self.assertIn("DIST-REPORT", html)
        self.assertIn("Jeanne Martin", html)
        lang = referral.company_id.partner_id.lang or self.env.lang
        self.assertIn(self.grade_a.with_context(lang=lang).name, html)
        self.assertIn("Charte d&#39;usage", html.replace("'", "&#39;"))
        self.assertIn("CCAS de Test", html)

    def test_allocation_and_handover_queries_do_not_grow(self):
        devices = [self.stocked_device(f"QC-{index}") for index in range(3)]
        referrals = [self.make_referral(self.make_beneficiary(f"Personne {index}")) for index in range(3)]
        for referral in referrals:
            referral.action_accept()
        self.env.flush_all()
        self.env.invalidate_all()
        # First handover warms the caches; the next ones must stay within the same bound
        # (which includes the coaching ticket of filiere_sad and the erasure gate of filiere_wipe).
        referrals[0].action_allocate_device(devices[0])
        referrals[0].action_handover()
        for referral, device in zip(referrals[1:], devices[1:], strict=True):
            self.env.flush_all()
            self.env.invalidate_all()
            with self.assertQueryCount(210):
                referral.action_allocate_device(device)
                referral.action_handover()
            self.assertEqual(referral.state, "delivered")
