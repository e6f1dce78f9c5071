"""Issue "Trust", distribution side: each attack performed as the account named, refused, nothing changed."""

import base64
from unittest.mock import patch

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from ..lib import lifecycle
from ..models.filiere_beneficiary import FiliereBeneficiary
from ..models.stock_lot import DEVICE_FORM_ACTIONS
from .common import DistributionCase


@tagged("post_install", "-at_install")
class TestTrustDistribution(DistributionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ccas_user = cls._portal_user("ccas_trust", cls.ccas)
        cls.customer_user = new_test_user(cls.env, login="client_trust", groups="base.group_portal")
        cls.admin_partner = cls.env.ref("base.partner_admin")
        # An auditor as structures set them up: an employee (reads contacts) with the auditor rights.
        cls.employee_auditor = new_test_user(
            cls.env,
            login="comptable_trust",
            groups="base.group_user,filiere_reemploi.group_filiere_auditor",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )

    def admin_contact(self):
        partner = self.admin_partner
        return partner.read(["name", "email", "phone", "active"])[0]

    def allocated(self, serial, beneficiary=None):
        device = self.stocked_device(serial)
        referral = self.make_referral(beneficiary)
        referral.action_accept()
        referral.action_allocate_device(device)
        return referral, device

    # ------------------------------------------------------------------
    # Finding 1: account takeover from the portal
    # ------------------------------------------------------------------
    def test_portal_account_cannot_create_a_beneficiary_over_the_orm(self):
        before = self.admin_contact()
        count = self.env["filiere.beneficiary"].search_count([])
        for user in (self.ccas_user, self.customer_user):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env["filiere.beneficiary"].with_user(user).create(
                    {
                        "name": "Pirate",
                        "consent_date": "2026-11-02",
                        "partner_id": self.admin_partner.id,
                        "prescriber_id": self.ccas.id,
                    }
                )
        self.assertEqual(self.env["filiere.beneficiary"].search_count([]), count)
        self.assertEqual(self.admin_contact(), before)

    def test_staff_cannot_choose_the_customer_record_of_a_beneficiary(self):
        beneficiary = self.make_beneficiary()
        count = self.env["filiere.beneficiary"].search_count([])
        for user in (self.distribution, self.manager):
            with self.subTest(user=user.login):
                with self.assertRaisesRegex(UserError, "set by the module only"):
                    beneficiary.with_user(user).write({"partner_id": self.admin_partner.id})
                with self.assertRaisesRegex(UserError, "set by the module only"):
                    self.env["filiere.beneficiary"].with_user(user).create(
                        {"name": "X", "consent_date": "2026-11-02", "partner_id": self.admin_partner.id}
                    )
                with self.assertRaisesRegex(UserError, "set by the module only"):
                    beneficiary.with_user(user).write({"anonymised_date": "2026-11-02"})
        self.assertFalse(beneficiary.partner_id)
        self.assertFalse(beneficiary.anonymised_date)
        self.assertEqual(self.env["filiere.beneficiary"].search_count([]), count)

    def test_nobody_marks_a_contact_as_a_beneficiary_record(self):
        for user in (self.distribution, self.manager):
            with self.subTest(user=user.login), self.assertRaises(UserError):
                self.admin_partner.with_user(user).write({"filiere_beneficiary_contact": True})
        self.assertFalse(self.admin_partner.filiere_beneficiary_contact)

    def test_sync_and_anonymisation_never_touch_a_contact_with_a_login(self):
        before = self.admin_contact()
        foreign = self.env["res.partner"].create({"name": "Contact ordinaire", "phone": "+33400000000"})
        victim = self.make_beneficiary("Victime Admin")
        other = self.make_beneficiary("Victime Ordinaire")
        # A database where the link was forged before this fix: the module must still leave them alone.
        victim.sudo().partner_id = self.admin_partner
        other.sudo().partner_id = foreign
        (victim | other).with_user(self.distribution).write({"phone": "06 98 76 54 32", "email": "pirate@example.com"})
        self.assertEqual(self.admin_contact(), before)
        self.assertEqual(foreign.phone, "+33400000000")
        (victim | other).with_user(self.manager).action_anonymise()
        self.assertEqual(self.admin_contact(), before)
        self.assertTrue(foreign.active)
        self.assertEqual(foreign.name, "Contact ordinaire")

    def test_a_beneficiary_is_referred_only_by_its_own_prescriber(self):
        beneficiary = self.make_beneficiary()
        self.make_referral(beneficiary, self.ccas)
        other_referral = self.make_referral(self.make_beneficiary("Karim Haddad"), self.mission_locale)
        count = self.env["filiere.referral"].search_count([])
        for user in (self.distribution, self.manager):
            with self.subTest(user=user.login):
                with self.assertRaisesRegex(ValidationError, "followed by another prescriber"):
                    self.env["filiere.referral"].with_user(user).create(
                        {
                            "company_id": self.company.id,
                            "prescriber_id": self.mission_locale.id,
                            "beneficiary_id": beneficiary.id,
                            "device_type_id": self.laptop.id,
                        }
                    )
                with self.assertRaisesRegex(ValidationError, "followed by another prescriber"):
                    other_referral.with_user(user).write({"beneficiary_id": beneficiary.id})
        self.assertEqual(self.env["filiere.referral"].search_count([]), count)
        self.assertEqual(other_referral.beneficiary_id.name, "Karim Haddad")

    # ------------------------------------------------------------------
    # Finding 2: the lifecycle of a referral has one driver
    # ------------------------------------------------------------------
    def test_portal_account_cannot_create_a_delivered_referral(self):
        beneficiary = self.make_beneficiary()
        count = self.env["filiere.referral"].search_count([])
        with self.assertRaises(AccessError):
            self.env["filiere.referral"].with_user(self.ccas_user).create(
                {
                    "prescriber_id": self.ccas.id,
                    "beneficiary_id": beneficiary.id,
                    "device_type_id": self.laptop.id,
                    "state": "delivered",
                    "handover_date": "2026-11-02",
                    "price": 99999.0,
                }
            )
        self.assertEqual(self.env["filiere.referral"].search_count([]), count)

    def test_staff_cannot_write_state_dates_price_device_or_order(self):
        referral, device = self.allocated("TRUST-DRIVEN")
        other = self.stocked_device("TRUST-OTHER")
        before = referral.read(list(referral._filiere_driven_fields()))[0]
        attacks = {
            "state": "delivered",
            "handover_date": "2026-11-02",
            "warranty_end_date": "2036-11-02",
            "date_accepted": "2020-01-01",
            "price": 99999.0,
            "lot_id": other.id,
            "sale_order_id": False,
        }
        for user in (self.distribution, self.manager):
            for field_name, value in attacks.items():
                with self.subTest(user=user.login, field=field_name), self.assertRaises(UserError):
                    referral.with_user(user).write({field_name: value})
        for user in (self.auditor, self.ccas_user):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                referral.with_user(user).write({"state": "delivered"})
        referral.invalidate_recordset()
        self.assertEqual(referral.read(list(referral._filiere_driven_fields()))[0], before)
        self.assertEqual(device.device_state, "reserved")
        self.assertEqual(other.device_state, "available")

    def test_staff_cannot_create_a_referral_past_its_submission(self):
        beneficiary = self.make_beneficiary()
        count = self.env["filiere.referral"].search_count([])
        with self.assertRaisesRegex(UserError, "change only through its buttons"):
            self.env["filiere.referral"].with_user(self.distribution).create(
                {
                    "company_id": self.company.id,
                    "prescriber_id": self.ccas.id,
                    "beneficiary_id": beneficiary.id,
                    "device_type_id": self.laptop.id,
                    "state": "delivered",
                    "handover_date": "2026-11-02",
                    "price": 99999.0,
                }
            )
        self.assertEqual(self.env["filiere.referral"].search_count([]), count)
        # What the form sends for a new request passes.
        referral = (
            self.env["filiere.referral"]
            .with_user(self.distribution)
            .create(
                {
                    "company_id": self.company.id,
                    "prescriber_id": self.ccas.id,
                    "beneficiary_id": beneficiary.id,
                    "device_type_id": self.laptop.id,
                    "state": "submitted",
                }
            )
        )
        self.assertEqual(referral.state, "submitted")

    def test_staff_still_record_and_edit_a_referral_from_its_form(self):
        beneficiary = self.make_beneficiary()
        with Form(self.env["filiere.referral"].with_user(self.distribution)) as form:
            form.prescriber_id = self.ccas
            form.beneficiary_id = beneficiary
            form.device_type_id = self.laptop
            form.note = "Besoin d'un grand écran"
        referral = form.record
        self.assertEqual(referral.state, "submitted")
        with Form(referral.with_user(self.distribution)) as form:
            form.refuse_reason = "Déjà équipée"
        referral.with_user(self.distribution).action_refuse()
        self.assertEqual(referral.state, "refused")

    def test_accepted_request_keeps_its_person_and_prescriber(self):
        referral = self.make_referral()
        referral.with_user(self.distribution).action_accept()
        other = self.make_beneficiary("Louis Blanc")
        with self.assertRaisesRegex(UserError, "fixed once it is accepted"):
            referral.with_user(self.distribution).write({"beneficiary_id": other.id})
        self.assertEqual(referral.beneficiary_id.name, "Jeanne Martin")

    def test_auditor_cannot_drive_a_referral_through_its_buttons(self):
        referral = self.make_referral()
        with self.assertRaises(AccessError):
            referral.with_user(self.auditor).action_accept()
        self.assertEqual(referral.state, "submitted")
        self.assertFalse(referral.date_accepted)

    def test_duplicate_of_a_handed_over_referral_starts_as_a_request(self):
        referral, _device = self.allocated("TRUST-COPY")
        referral.action_handover()
        duplicate = referral.with_user(self.distribution).copy()
        self.assertEqual(duplicate.state, "submitted")
        self.assertFalse(duplicate.date_accepted or duplicate.lot_id or duplicate.handover_date or duplicate.price)

    def test_driven_fields_hook_lists_the_lifecycle(self):
        driven = self.env["filiere.referral"]._filiere_driven_fields()
        self.assertLessEqual(
            {"state", "date_accepted", "handover_date", "warranty_end_date", "price", "lot_id", "sale_order_id"},
            driven,
        )

    def test_allocation_takes_the_grid_price_whatever_line_the_client_sends(self):
        device = self.stocked_device("TRUST-GRID")
        referral = self.make_referral()  # a senior: 80.0 on the grid
        referral.action_accept()
        orders = self.env["sale.order"].search_count([])
        with self.assertRaisesRegex(UserError, "does not price device"):
            referral.with_user(self.distribution).action_allocate_device(device.id, self.grid_laptop_a_refugee.id)
        self.assertEqual(referral.state, "accepted")
        self.assertFalse(referral.price or referral.lot_id or referral.price_grid_id)
        self.assertEqual(device.device_state, "available")
        self.assertEqual(self.env["sale.order"].search_count([]), orders)
        referral.with_user(self.distribution).action_allocate_device(device.id, self.grid_laptop_a_senior.id)
        self.assertEqual(referral.price, 80.0)

    def test_sale_order_is_linked_to_a_referral_only_by_its_allocation(self):
        referral, _device = self.allocated("TRUST-ORDER")
        order = self.env["sale.order"].with_user(self.distribution).create({"partner_id": self.ccas.id})
        with self.assertRaisesRegex(UserError, "only by the referral's allocation"):
            order.with_user(self.distribution).write({"filiere_referral_id": referral.id})
        self.assertFalse(order.filiere_referral_id)
        self.assertEqual(referral.sale_order_id.filiere_referral_id, referral)

    # ------------------------------------------------------------------
    # Finding 6: a device is reserved and handed over only by its referral
    # ------------------------------------------------------------------
    def test_nobody_reserves_or_hands_over_a_device_by_hand(self):
        device = self.stocked_device("TRUST-HAND")
        for user in (self.technician, self.distribution, self.manager):
            with self.subTest(user=user.login):
                with self.assertRaisesRegex(UserError, "only through its referral"):
                    device.with_user(user).action_reserve()
                with self.assertRaisesRegex(UserError, "only through its referral"):
                    device.with_user(user).write({"device_state": "delivered"})
                with self.assertRaisesRegex(UserError, "starts at its handover"):
                    device.with_user(user).write({"filiere_warranty_end_date": "2036-01-01"})
        with self.assertRaises(AccessError):
            device.with_user(self.auditor).write({"device_state": "reserved"})
        self.assertEqual(device.device_state, "available")
        self.assertFalse(device.filiere_warranty_end_date)
        count = self.env["stock.lot"].search_count([])
        with self.assertRaisesRegex(UserError, "only through its referral"):
            self.env["stock.lot"].with_user(self.technician).create(
                {"name": "TRUST-BORN-DELIVERED", "device_type_id": self.laptop.id, "device_state": "delivered"}
            )
        self.assertEqual(self.env["stock.lot"].search_count([]), count)

    def test_reserved_device_is_neither_delivered_nor_released_by_hand(self):
        referral, device = self.allocated("TRUST-RESERVED")
        for user in (self.technician, self.distribution, self.manager):
            for action in ("action_mark_delivered", "action_unreserve", "action_send_to_parts"):
                with self.subTest(user=user.login, action=action), self.assertRaises(UserError):
                    getattr(device.with_user(user), action)()
        self.assertEqual(device.device_state, "reserved")
        self.assertEqual(referral.state, "reserved")

    def test_referral_moves_the_device_in_the_name_of_the_user(self):
        device = self.stocked_device("TRUST-FLOW")
        self.flush_tracking()
        referral = self.make_referral().with_user(self.distribution)
        referral.action_accept()
        referral.action_allocate_device(device)
        self.flush_tracking()
        self.assertEqual(device.device_state, "reserved")
        referral.action_handover()
        self.flush_tracking()
        self.assertEqual(device.device_state, "delivered")
        self.assertEqual(device.filiere_warranty_end_date, referral.warranty_end_date)
        tracked = self.env["mail.tracking.value"].search(
            [("mail_message_id", "in", device.message_ids.ids), ("field_id.name", "=", "device_state")]
        )
        by_distribution = tracked.filtered(
            lambda t: t.mail_message_id.author_id == self.distribution.partner_id
        ).mapped("new_value_char")
        self.assertEqual(sorted(by_distribution), ["Delivered", "Reserved"])

    def test_delivery_validated_from_inventory_hands_over_for_the_referral(self):
        referral, device = self.allocated("TRUST-INVENTORY")
        picking = referral.picking_id.with_user(self.technician)
        picking.move_ids.picked = True
        picking.button_validate()
        self.assertEqual(device.device_state, "delivered")
        self.assertEqual(referral.state, "delivered")
        self.assertEqual(referral.handover_date, fields.Date.context_today(referral))

    def test_device_form_offers_what_the_lifecycle_table_allows(self):
        arch = self.env["stock.lot"].get_view(self.env.ref("filiere_reemploi.stock_lot_view_form_device").id, "form")[
            "arch"
        ]
        for gone in ("action_reserve", "action_mark_delivered", "action_unreserve"):
            self.assertNotIn(f'name="{gone}"', arch)
        device = self.make_device("TRUST-BUTTONS")
        for state in lifecycle.STATES:
            with self.subTest(state=state):
                self.env.cr.execute("UPDATE stock_lot SET device_state = %s WHERE id = %s", (state, device.id))
                device.invalidate_recordset()
                offered = {target for field_name, target in DEVICE_FORM_ACTIONS.items() if device[field_name]}
                self.assertEqual(offered, set(lifecycle.manual_targets(state)))
                self.assertEqual(device.can_triage, state in lifecycle.NOT_YET_ERASED)

    # ------------------------------------------------------------------
    # Finding 7: identities stay behind the Distribution group
    # ------------------------------------------------------------------
    def test_sale_order_customer_is_a_pseudonym(self):
        referral, _device = self.allocated("TRUST-PSEUDO")
        partner = referral.sale_order_id.partner_id
        self.assertTrue(partner.filiere_beneficiary_contact)
        for user in (self.technician, self.employee_auditor):
            with self.subTest(user=user.login):
                values = partner.with_user(user).read(["name", "phone", "email", "city", "zip", "filiere_zone_id"])[0]
                self.assertNotIn("Jeanne", values["name"])
                self.assertNotIn("Martin", values["name"])
                self.assertFalse(values["phone"] or values["email"] or values["city"] or values["zip"])
                self.assertFalse(values["filiere_zone_id"])
                found = self.env["res.partner"].with_user(user).search([("filiere_zone_id", "=", self.zone.id)])
                self.assertNotIn(partner, found)
        picking = referral.picking_id.with_user(self.employee_auditor)
        self.assertNotIn("Jeanne", picking.partner_id.display_name)
        # The bon de remise, printed by the distribution staff, names the person from the beneficiary.
        html = (
            self.env["ir.actions.report"]
            .with_user(self.distribution)
            ._render_qweb_html("filiere_reemploi.report_filiere_handover", referral.ids)[0]
            .decode()
        )
        self.assertIn("Jeanne Martin", html)
        self.assertIn("06 12 34 56 78", html, "the bon de remise prints the phone as people write it")

    def test_older_customer_record_loses_the_identity_at_the_next_change(self):
        beneficiary = self.make_beneficiary()
        # A contact made before the pseudonyms (its mark set by the upgrade), still carrying the person.
        legacy = self.env["res.partner"].create(
            {"name": "Jeanne Martin", "phone": "+33612345678", "city": "Gap", "filiere_beneficiary_contact": True}
        )
        beneficiary.sudo().partner_id = legacy
        beneficiary.with_user(self.distribution).phone = "06 98 76 54 32"
        self.assertNotIn("Jeanne", legacy.name)
        self.assertIn(str(beneficiary.id), legacy.name)
        self.assertFalse(legacy.phone or legacy.city)
        self.assertEqual(beneficiary.phone, "+33698765432")

    def test_anonymisation_scrubs_history_notes_and_files_and_archives_the_contact(self):
        referral, _device = self.allocated("TRUST-ANON")
        referral.action_handover()
        beneficiary = referral.beneficiary_id
        partner = beneficiary.partner_id
        referral.write({"note": "Jeanne Martin, voisine du 3e"})
        referral.message_post(body="Appelé Jeanne Martin au 06 12 34 56 78", message_type="comment")
        partner.message_post(body="Jeanne Martin", message_type="comment")
        self.env["mail.tracking.value"].create(
            {
                "field_id": self.env["ir.model.fields"]._get("res.partner", "name").id,
                "old_value_char": "Jeanne Martin",
                "new_value_char": partner.name,
                "mail_message_id": partner.message_ids[:1].id,
            }
        )
        attachments = self.env["ir.attachment"].create(
            [
                {"name": "piece.pdf", "datas": base64.b64encode(b"ID"), "res_model": model, "res_id": record.id}
                for model, record in (("filiere.referral", referral), ("filiere.beneficiary", beneficiary))
            ]
        )
        self.env["account.chart.template"].try_loading("generic_coa", company=self.company, install_demo=False)
        invoice = referral.sale_order_id.sudo()._create_invoices()
        self.flush_tracking()
        calls = []
        original = FiliereBeneficiary._anonymise_related

        def spy(records):
            calls.append(records.ids)
            return original(records)

        with patch.object(FiliereBeneficiary, "_anonymise_related", spy):
            beneficiary.with_user(self.manager).action_anonymise()
        self.flush_tracking()

        self.assertEqual(calls, [beneficiary.ids])
        self.assertFalse(partner.active)
        self.assertFalse(attachments.exists())
        self.assertFalse(referral.note)
        self.assertFalse(self.env["mail.message"].search([("model", "=", "res.partner"), ("res_id", "=", partner.id)]))
        # filiere_sad checks its tickets and appointments itself.
        models = [
            "res.partner",
            "filiere.beneficiary",
            "filiere.referral",
            "sale.order",
            "stock.picking",
            "account.move",
        ]
        leaks = self.env["mail.message"].search([("model", "in", models), ("body", "ilike", "Jeanne")])
        self.assertFalse(leaks)
        tracked = self.env["mail.tracking.value"].search(
            [
                ("mail_message_id.model", "in", models),
                "|",
                ("old_value_char", "ilike", "Jeanne"),
                ("new_value_char", "ilike", "Jeanne"),
            ]
        )
        self.assertFalse(tracked)
        self.assertNotIn("Jeanne", beneficiary.name)
        # The invoice stays, on the archived pseudonymous contact; the statistics too.
        self.assertTrue(invoice.exists())
        self.assertEqual(invoice.partner_id, partner)
        self.assertEqual(referral.state, "delivered")
        self.assertEqual(referral.zone_id, self.zone)

    def test_anonymisation_refused_while_a_referral_is_in_progress_changes_nothing(self):
        done = self.make_beneficiary("Personne Finie")
        busy = self.make_beneficiary("Personne En Cours")
        self.make_referral(busy)
        with self.assertRaisesRegex(UserError, "in progress"):
            (done | busy).with_user(self.manager).action_anonymise()
        self.assertEqual(done.name, "Personne Finie")
        self.assertFalse(done.anonymised_date)
