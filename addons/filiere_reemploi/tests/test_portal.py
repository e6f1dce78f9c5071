from odoo import Command, http
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestReferralPortal(HttpCase):
    """A prescriber submits referrals from the portal; a staff member processes them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The tours read the English labels; a database installed in French may have deactivated English.
        cls.env["res.lang"]._activate_lang("en_US")
        cls.company = cls.env.ref("base.main_company")
        cls.ccas = cls.env["res.partner"].create(
            {"name": "CCAS d'Embrun", "is_company": True, "filiere_prescriber_type": "ccas"}
        )
        contact = cls.env["res.partner"].create({"name": "Agnès Portail", "parent_id": cls.ccas.id})
        cls.prescriber_user = new_test_user(
            cls.env,
            login="prescriber_portal",
            password="prescriber_portal",
            groups="base.group_portal",
            partner_id=contact.id,
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
            lang="en_US",
        )
        other = cls.env["res.partner"].create(
            {"name": "France Services Test", "is_company": True, "filiere_prescriber_type": "france_services"}
        )
        cls.other_user = new_test_user(
            cls.env,
            login="other_portal",
            password="other_portal",
            groups="base.group_portal",
            partner_id=cls.env["res.partner"].create({"name": "Luc Autre", "parent_id": other.id}).id,
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.laptop = cls.env.ref("filiere_reemploi.device_type_laptop")

    def _form(self, **values):
        data = {
            "csrf_token": http.Request.csrf_token(self),
            "name": "Marcel Portail",
            "phone": "06 11 22 33 44",
            "city": "Embrun",
            "zip": "05200",
            "segments": "senior",
            "need": "keeping_in_touch",
            "device_type_id": str(self.laptop.id),
            "consent_date": "2026-11-20",
            "charter_signed": "on",
        }
        data.update(values)
        return data

    def test_prescriber_submits_a_referral(self):
        self.authenticate("prescriber_portal", "prescriber_portal")
        response = self.url_open("/my/referrals/new", data=self._form())
        self.assertEqual(response.status_code, 200)
        referral = self.env["filiere.referral"].search([("prescriber_id", "=", self.ccas.id)])
        self.assertEqual(len(referral), 1)
        self.assertTrue(response.url.endswith(f"/my/referrals/{referral.id}?sent=1"))
        self.assertIn("o_filiere_referral_sent", response.text, "the prescriber is told it was sent")
        self.assertEqual(referral.state, "submitted")
        self.assertEqual(referral.company_id, self.company)
        beneficiary = referral.beneficiary_id
        self.assertEqual(beneficiary.name, "Marcel Portail")
        self.assertEqual(beneficiary.phone, "+33611223344")
        self.assertEqual(beneficiary.prescriber_id, self.ccas)
        self.assertEqual(beneficiary.segment_ids.mapped("code"), ["senior"])
        self.assertTrue(beneficiary.charter_signed)
        listing = self.url_open("/my/referrals").text
        self.assertIn(referral.name, listing)
        self.assertIn("Marcel Portail", listing)

    def test_bad_input_is_explained_and_nothing_is_created(self):
        self.authenticate("prescriber_portal", "prescriber_portal")
        cases = [
            ({"phone": "06 12"}, "too few digits"),
            ({"consent_date": ""}, "RGPD consent date is missing"),
            ({"segments": "martian"}, "Unknown beneficiary segment: martian"),
            ({"consent_date": "le 3 mars"}, "is not a date"),
        ]
        for values, message in cases:
            with self.subTest(values=values):
                response = self.url_open("/my/referrals/new", data=self._form(**values))
                self.assertEqual(response.status_code, 200)
                self.assertIn(message, response.text)
                self.assertIn('value="Marcel Portail"', response.text)
        self.assertFalse(self.env["filiere.referral"].search([("prescriber_id", "=", self.ccas.id)]))
        self.assertFalse(self.env["filiere.beneficiary"].search([("name", "=", "Marcel Portail")]))

    def test_each_message_stands_beside_its_field(self):
        self.authenticate("prescriber_portal", "prescriber_portal")
        cases = [
            ({"phone": "06 12"}, "phone"),
            ({"email": "pas une adresse"}, "email"),
            ({"consent_date": ""}, "consent_date"),
            ({"consent_date": "2999-01-01"}, "consent_date"),
            ({"segments": "martian"}, "segments"),
            ({"device_type_id": ""}, "device_type_id"),
            ({"name": ""}, "name"),
        ]
        for values, field in cases:
            with self.subTest(values=values):
                html = self.url_open("/my/referrals/new", data=self._form(**values)).text
                self.assertIn(f'class="invalid-feedback d-block o_filiere_field_error" data-field="{field}"', html)
                self.assertEqual(html.count("o_filiere_field_error"), 1, "one message, on its field")
                self.assertNotIn("o_filiere_referral_error", html)
                self.assertIn('value="Embrun"', html, "what was typed stays")
        self.assertFalse(self.env["filiere.beneficiary"].search([("name", "=", "Marcel Portail")]))

    def test_required_inputs_are_marked(self):
        self.authenticate("prescriber_portal", "prescriber_portal")
        html = self.url_open("/my/referrals/new").text
        for name in ("name", "device_type_id", "consent_date"):
            self.assertRegex(html, rf'name="{name}" id="{name}"[^>]* required="1"')
        self.assertNotIn('placeholder="06 12 34 56 78"', html, "no example that looks like a value typed")

    def test_prescribers_do_not_see_each_other(self):
        self.authenticate("prescriber_portal", "prescriber_portal")
        self.url_open("/my/referrals/new", data=self._form())
        referral = self.env["filiere.referral"].search([("prescriber_id", "=", self.ccas.id)])
        self.authenticate("other_portal", "other_portal")
        listing = self.url_open("/my/referrals").text
        self.assertNotIn(referral.name, listing)
        page = self.url_open(f"/my/referrals/{referral.id}")
        self.assertNotIn("Marcel Portail", page.text)
        self.assertTrue(page.url.endswith("/my/referrals"))

    def test_portal_user_who_is_no_prescriber_is_sent_back(self):
        customer = new_test_user(self.env, login="client_portal", password="client_portal", groups="base.group_portal")
        self.authenticate(customer.login, customer.login)
        response = self.url_open("/my/referrals/new")
        self.assertTrue(response.url.endswith("/my"))

    def test_tour_portal_referral_then_staff_allocation_and_handover(self):
        self.start_tour("/my", "filiere_referral_portal_tour", login="prescriber_portal")
        referral = self.env["filiere.referral"].search([("prescriber_id", "=", self.ccas.id)])
        self.assertEqual(referral.beneficiary_id.name, "Simone Tour")
        self.assertEqual(referral.beneficiary_id.phone, "+33698765432")

        staff = new_test_user(
            self.env,
            login="tour_accueil",
            groups="filiere_reemploi.group_filiere_distribution",
            company_id=self.company.id,
            lang="en_US",
        )
        grade_a = self.env.ref("filiere_reemploi.grade_a")
        senior = self.env.ref("filiere_reemploi.segment_senior")
        self.env["filiere.price.grid"].create(
            {
                "device_type_id": self.laptop.id,
                "condition_id": grade_a.id,
                "segment_id": senior.id,
                "price": 80.0,
                "company_id": self.company.id,
            }
        )
        device = self.env["stock.lot"].create(
            {"name": "TOUR-LAPTOP", "device_type_id": self.laptop.id, "company_id": self.company.id}
        )
        if "no_storage_declared" in device._fields:
            device.action_declare_no_storage()
        for action in (
            "action_mark_diagnosed",
            "action_mark_erased",
            "action_mark_refurbished",
            "action_pass_all_tests",
        ):
            getattr(device, action)()
        device.condition_id = grade_a
        device.action_make_available()
        warehouse = self.env["stock.warehouse"].search([("company_id", "=", self.company.id)], limit=1)
        self.env["stock.quant"]._update_available_quantity(device.product_id, warehouse.lot_stock_id, 1, lot_id=device)

        if "filiere_sad_required" in self.company._fields:
            self.company.filiere_sad_required = False  # tested in filiere_sad
        self.start_tour(
            "/odoo/action-filiere_reemploi.filiere_referral_action", "filiere_referral_staff_tour", login=staff.login
        )
        self.assertEqual(referral.state, "delivered")
        self.assertEqual(referral.lot_id, device)
        self.assertEqual(referral.price, 80.0)
        self.assertEqual(device.device_state, "delivered")
        self.assertEqual(referral.picking_id.state, "done")

    # ------------------------------------------------------------------
    # Issue "Trust": the form is the only way in, and it checks every value
    # ------------------------------------------------------------------
    def test_form_writes_only_its_own_fields_for_the_callers_organisation(self):
        """Finding 1 and 2 through the portal: posted extras (state, price, contact...) never reach the database."""
        admin = self.env.ref("base.partner_admin")
        other_prescriber = self.other_user.commercial_partner_id
        self.authenticate("prescriber_portal", "prescriber_portal")
        extras = {
            "state": "delivered",
            "price": "99999",
            "handover_date": "2026-11-02",
            "date_accepted": "2026-11-02",
            "partner_id": str(admin.id),
            "prescriber_id": str(other_prescriber.id),
            "lot_id": "1",
            "sale_order_id": "1",
            "company_id": "999",
            "anonymised_date": "2026-11-02",
        }
        response = self.url_open("/my/referrals/new", data=self._form(**extras))
        self.assertEqual(response.status_code, 200)
        referral = self.env["filiere.referral"].search([("prescriber_id", "=", self.ccas.id)])
        self.assertEqual(len(referral), 1)
        self.assertEqual(referral.state, "submitted")
        self.assertEqual(referral.company_id, self.company)
        self.assertFalse(referral.price or referral.lot_id or referral.handover_date or referral.date_accepted)
        self.assertFalse(referral.sale_order_id)
        beneficiary = referral.beneficiary_id
        self.assertFalse(beneficiary.partner_id)
        self.assertFalse(beneficiary.anonymised_date)
        self.assertEqual(beneficiary.prescriber_id, self.ccas)
        self.assertFalse(self.env["filiere.referral"].search([("prescriber_id", "=", other_prescriber.id)]))

    def test_bad_ids_selections_numbers_and_text_answer_with_the_form(self):
        """Finding 9: crafted values give the form back with a message, never an HTTP 500."""
        archived = self.env["filiere.device.type"].create(
            {"name": "Retired type", "code": "retired", "product_id": self.laptop.product_id.id, "active": False}
        )
        offered = "choose one of the values offered by the form"
        cases = [
            ({"device_type_id": "abc"}, offered),
            ({"device_type_id": "1.5"}, offered),
            ({"device_type_id": "-3"}, offered),
            ({"device_type_id": "99999999999999999999"}, offered),
            ({"device_type_id": str(2**31 - 1)}, offered),
            ({"device_type_id": str(archived.id)}, offered),
            ({"device_type_id": "١"}, offered),
            ({"zone_id": "Gap"}, offered),
            ({"zone_id": "2147483648"}, offered),
            ({"need": "hacker"}, offered),
            ({"keyboard_layout": "dvorak"}, offered),
            ({"consent_date": "2999-01-01"}, "in the future"),
            ({"consent_date": "99999-99-99"}, "is not a date"),
            ({"city": "Gap\x00"}, "not text"),
            ({"note": "x" * 5000}, "too long"),
            ({"email": "pas une adresse"}, "is not an email address"),
            ({"segments": "senior\x00"}, "Situation: choose among the boxes"),
        ]
        self.authenticate("prescriber_portal", "prescriber_portal")
        for values, message in cases:
            with self.subTest(values={key: value[:30] for key, value in values.items()}):
                response = self.url_open("/my/referrals/new", data=self._form(**values))
                self.assertEqual(response.status_code, 200)
                self.assertIn(message, response.text)
                self.assertIn("o_filiere_referral_form", response.text)
        self.assertFalse(self.env["filiere.referral"].search([("prescriber_id", "=", self.ccas.id)]))
        self.assertFalse(self.env["filiere.beneficiary"].search([("name", "=", "Marcel Portail")]))

    def test_referral_page_with_an_id_out_of_range_sends_back_to_the_list(self):
        self.authenticate("prescriber_portal", "prescriber_portal")
        response = self.url_open("/my/referrals/99999999999999")
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.url.endswith("/my/referrals"))
