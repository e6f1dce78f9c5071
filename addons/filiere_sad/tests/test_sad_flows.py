from datetime import timedelta

import pytz

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import SadCase


@tagged("post_install", "-at_install")
class TestFirstSessionInTheHandover(SadCase):
    """'No handover without coaching' is said up front, and the first session is scheduled in the dialog."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("en_US")
        cls.distribution.write({"lang": "en_US", "tz": "Europe/Paris"})
        cls.relay = cls.env["res.partner"].create(
            {"name": "Médiathèque de Test", "is_company": True, "city": "Gap", "filiere_relay_point": True}
        )
        cls.plain_contact = cls.env["res.partner"].create({"name": "Garage Martin", "is_company": True})

    def dialog(self, referral, mode="handover"):
        action = referral.with_user(self.distribution)._sad_handover_dialog(mode, "x")
        wizard = self.env[action["res_model"]].with_user(self.distribution).with_context(**action["context"])
        return wizard.create({})

    def test_the_referral_says_before_the_handover_that_a_first_session_is_needed(self):
        referral = self.reserved_referral("FLOW-NEEDED")
        self.assertTrue(referral.sad_first_session_needed)
        self.appointment(referral)
        referral.invalidate_recordset(["sad_first_session_needed"])
        self.assertFalse(referral.sad_first_session_needed, "once a session is scheduled, the plain handover")

        waived = self.reserved_referral("FLOW-WAIVED", "Paul Durand")
        waived.with_user(self.manager)._waive_sad("Formateur informatique")
        self.assertFalse(waived.sad_first_session_needed)

        self.company.filiere_sad_required = False
        free = self.reserved_referral("FLOW-FREE", "Lucie Roux")
        self.assertFalse(free.sad_first_session_needed)

    def test_the_dialog_is_prefilled_from_the_referral(self):
        referral = self.reserved_referral("FLOW-PREFILL")
        wizard = self.dialog(referral)
        self.assertEqual(wizard.ticket_id, referral.sad_ticket_id)
        self.assertEqual(wizard.beneficiary_id, referral.beneficiary_id)
        self.assertEqual(wizard.mediator_partner_id, self.distribution.partner_id)
        self.assertEqual(wizard.contact_phone, "06 12 34 56 78", "the person's phone, as people write it")
        self.assertEqual(wizard.place_type, "structure")
        self.assertEqual(wizard.topic_ids, self.getting_started)
        local = pytz.utc.localize(wizard.start).astimezone(pytz.timezone("Europe/Paris"))
        self.assertGreater(wizard.start, fields.Datetime.now())
        self.assertLess(local.weekday(), 5, "suggested on a working day")
        self.assertEqual((local.hour, local.minute), (10, 0))

    def test_the_place_and_mediator_of_the_last_session_are_suggested(self):
        referral = self.reserved_referral("FLOW-LAST")
        mediator = self.env["res.partner"].create({"name": "Conseillère numérique"})
        self.appointment(
            referral,
            mediator_user_id=False,
            mediator_partner_id=mediator.id,
            place_type="relay",
            place_partner_id=self.relay.id,
        ).action_cancel()
        wizard = self.dialog(referral)
        self.assertEqual(wizard.mediator_partner_id, mediator)
        self.assertEqual((wizard.place_type, wizard.place_partner_id), ("relay", self.relay))

    def test_schedule_and_hand_over_in_one_step(self):
        referral = self.reserved_referral("FLOW-ONE")
        wizard = self.dialog(referral)
        wizard.write({"place_type": "relay", "place_partner_id": self.relay.id, "contact_phone": "07 56 12 34 56"})
        wizard.action_schedule_and_handover()
        self.assertEqual(referral.state, "delivered")
        appointment = referral.sad_ticket_id.filiere_appointment_ids
        self.assertEqual(len(appointment), 1)
        self.assertEqual(appointment.state, "scheduled")
        self.assertEqual(appointment.start, wizard.start)
        self.assertEqual(appointment.place_partner_id, self.relay)
        self.assertEqual(appointment.mediator_partner_id, self.distribution.partner_id)
        self.assertEqual(appointment.mediator_user_id, self.distribution)
        self.assertEqual(appointment.contact_phone, "+33756123456")
        self.assertIn("Médiathèque de Test", appointment.calendar_event_id.location)

    def test_schedule_only_leaves_the_device_reserved(self):
        referral = self.reserved_referral("FLOW-ONLY")
        self.dialog(referral, mode="schedule").action_schedule()
        self.assertEqual(referral.state, "reserved")
        self.assertEqual(len(referral.sad_ticket_id.filiere_appointment_ids), 1)

    def test_a_relay_point_is_required_in_the_dialog_and_nothing_is_written_without_it(self):
        referral = self.reserved_referral("FLOW-RELAY")
        wizard = self.dialog(referral)
        wizard.place_type = "relay"
        with self.assertRaises(UserError) as error:
            wizard.action_schedule_and_handover()
        self.assertIn("relay point", str(error.exception))
        self.assertFalse(referral.sad_ticket_id.filiere_appointment_ids)
        self.assertEqual(referral.state, "reserved")
        # The appointment itself refuses it too, whatever screen it comes from.
        with self.assertRaises(ValidationError):
            self.appointment(referral, place_type="relay")

    def test_a_session_in_the_past_is_refused(self):
        referral = self.reserved_referral("FLOW-PAST")
        wizard = self.dialog(referral)
        wizard.start = fields.Datetime.now() - timedelta(hours=1)
        with self.assertRaises(UserError):
            wizard.action_schedule_and_handover()
        self.assertEqual(referral.state, "reserved")
        self.assertFalse(referral.sad_ticket_id.filiere_appointment_ids)

    def test_the_dialog_gives_no_access_to_another_structure_s_referral(self):
        beneficiary = self.make_beneficiary("Autre Structure", company_id=self.other_company.id)
        foreign = self.make_referral(beneficiary, company_id=self.other_company.id)
        wizard = (
            self.env["filiere.sad.handover"]
            .with_user(self.distribution)
            .create(
                {
                    "referral_id": foreign.id,
                    "start": fields.Datetime.now() + timedelta(days=2),
                    "mode": "schedule",
                    "mediator_partner_id": self.distribution.partner_id.id,
                }
            )
        )
        with self.assertRaises(AccessError):
            wizard.action_schedule()
        self.assertFalse(self.env["filiere.sad.appointment"].search([("referral_id", "=", foreign.id)]))

    def test_the_relay_point_lookup_lists_relay_points_only(self):
        field = self.env["filiere.sad.appointment"]._fields["place_partner_id"]
        for model in ("filiere.sad.appointment", "filiere.sad.handover"):
            domain = self.env[model]._fields["place_partner_id"].domain
            found = self.env["res.partner"].search(domain)
            self.assertIn(self.relay, found)
            self.assertNotIn(self.plain_contact, found)
            self.assertNotIn(self.distribution.partner_id, found)
        self.assertTrue(field.domain)


@tagged("post_install", "-at_install")
class TestOneMediator(SadCase):
    def test_the_mediator_is_a_person_and_their_user_follows(self):
        referral = self.reserved_referral("ONE-MED")
        staff = self.appointment(referral)
        self.assertEqual(staff.mediator_partner_id, self.distribution.partner_id)
        self.assertEqual(staff.mediator_user_id, self.distribution, "the staff member's calendar")
        self.assertEqual(staff.calendar_event_id.user_id, self.distribution)
        volunteer = self.env["res.partner"].create({"name": "Bénévole"})
        staff.mediator_partner_id = volunteer
        self.assertFalse(staff.mediator_user_id, "a volunteer without an account has no user")
        self.assertEqual(staff.calendar_event_id.partner_ids, volunteer)

    def test_the_appointment_form_shows_a_single_mediator_field(self):
        arch = self.env["filiere.sad.appointment"].get_view(view_type="form")["arch"]
        self.assertIn('name="mediator_partner_id"', arch)
        self.assertNotIn('name="mediator_user_id"', arch)

    def test_the_reminder_phone_is_prefilled_in_the_form(self):
        referral = self.reserved_referral("ONE-PHONE")
        action = referral.sad_ticket_id.with_user(self.distribution).action_filiere_new_appointment()
        model = self.env["filiere.sad.appointment"].with_user(self.distribution).with_context(**action["context"])
        form = Form(model)
        self.assertEqual(form.contact_phone, "06 12 34 56 78")
        self.assertEqual(form.mediator_partner_id, self.distribution.partner_id)


@tagged("post_install", "-at_install")
class TestNoOutcomeBeforeTheSession(SadCase):
    def test_staff_cannot_mark_a_session_to_come_held_or_missed(self):
        referral = self.reserved_referral("OUTCOME-LATER")
        tomorrow = self.appointment(referral, hours_from_now=24).with_user(self.distribution)
        for action in (tomorrow.action_mark_held, tomorrow.action_mark_no_show):
            with self.assertRaises(UserError) as error:
                action()
            self.assertIn("has not started yet", str(error.exception))
        self.assertEqual(tomorrow.state, "scheduled")
        self.assertFalse(tomorrow.duration_held)
        self.assertFalse(referral.sad_ticket_id.activity_ids, "no call-back asked for a no-show")

    def test_a_started_session_is_marked_held(self):
        referral = self.reserved_referral("OUTCOME-NOW")
        started = self.appointment(referral, hours_from_now=-1).with_user(self.distribution)
        started.action_mark_held()
        self.assertEqual(started.state, "held")
