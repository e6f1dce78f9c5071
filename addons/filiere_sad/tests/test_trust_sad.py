"""Issue "Trust", filiere_sad's part: each attack as the account named, refused, database unchanged."""

import base64

from odoo import fields, http
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, tagged

from .common import SadCase


class TrustSadCase(SadCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.mediator_a = cls.portal_mediator("trust_mediateur_a", "France Services A")
        cls.mediator_b = cls.portal_mediator("trust_mediateur_b", "Association B")

    def setUp(self):
        super().setUp()
        self.referral_a = self.reserved_referral("TRUST-A", "Personne Alpha", email="alpha@example.com")
        self.referral_b = self.reserved_referral("TRUST-B", "Personne Bêta")
        self.appointment_a = self.mediated(self.referral_a, self.mediator_a)
        self.appointment_b = self.mediated(self.referral_b, self.mediator_b)

    def mediated(self, referral, mediator, **values):
        return self.appointment(
            referral, hours_from_now=-1, mediator_user_id=False, mediator_partner_id=mediator.partner_id.id, **values
        )

    def snapshot(self, appointment):
        appointment.invalidate_recordset()
        return appointment.read(
            ["state", "duration_held", "satisfaction", "covered_topic_ids", "calendar_event_id", "start"]
        )[0]


@tagged("post_install", "-at_install")
class TestMediatorOverJsonRpc(TrustSadCase):
    """Finding 8: a portal mediator calls the ORM directly, as JSON-RPC lets any account do."""

    def test_mediator_cannot_cancel_nor_delete_the_calendar_event(self):
        event = self.appointment_a.calendar_event_id
        before = self.snapshot(self.appointment_a)
        as_mediator = self.appointment_a.with_user(self.mediator_a)
        with self.assertRaises(AccessError):
            as_mediator.action_cancel()
        with self.assertRaises(AccessError):
            as_mediator.write({"state": "cancelled"})
        with self.assertRaises(AccessError):
            as_mediator.unlink()
        with self.assertRaises(AccessError):
            event.with_user(self.mediator_a).unlink()
        self.assertTrue(event.exists())
        self.assertEqual(self.snapshot(self.appointment_a), before)

    def test_mediator_cannot_forge_an_outcome_nor_reset_it(self):
        before = self.snapshot(self.appointment_a)
        as_mediator = self.appointment_a.with_user(self.mediator_a)
        with self.assertRaises(AccessError):
            as_mediator.write({"state": "held", "satisfaction": "5", "duration_held": 40.0})
        with self.assertRaises(AccessError):
            as_mediator.write({"satisfaction": "5"})
        with self.assertRaises(AccessError):
            as_mediator.action_mark_held()
        with self.assertRaises(AccessError):
            as_mediator.action_mark_no_show()
        self.assertEqual(self.snapshot(self.appointment_a), before)
        # Once held (as the controller records it), it cannot be reset to scheduled.
        self.appointment_a.sudo().action_mark_held()
        held = self.snapshot(self.appointment_a)
        with self.assertRaises(AccessError):
            as_mediator.write({"state": "scheduled"})
        self.assertEqual(self.snapshot(self.appointment_a), held)
        self.assertEqual(held["state"], "held")

    def test_mediator_cannot_create_nor_touch_another_mediators_appointment(self):
        count = self.env["filiere.sad.appointment"].search_count([])
        with self.assertRaises(AccessError):
            self.env["filiere.sad.appointment"].with_user(self.mediator_a).create(
                {
                    "ticket_id": self.referral_b.sad_ticket_id.id,
                    "start": fields.Datetime.now(),
                    "mediator_partner_id": self.mediator_a.partner_id.id,
                    "state": "held",
                }
            )
        before = self.snapshot(self.appointment_b)
        other = self.appointment_b.with_user(self.mediator_a)
        for attack in (other.action_cancel, other.action_mark_held, lambda: other.read(["state"])):
            with self.assertRaises(AccessError):
                attack()
        self.assertEqual(self.env["filiere.sad.appointment"].search_count([]), count)
        self.assertEqual(self.snapshot(self.appointment_b), before)

    def test_mediator_reads_no_contact_through_the_orm(self):
        as_mediator = self.appointment_a.with_user(self.mediator_a)
        for field in ("contact_phone", "contact_email", "outcome_note", "beneficiary_id"):
            with self.assertRaises(AccessError):
                as_mediator.read([field])


@tagged("post_install", "-at_install")
class TestAppointmentStateIsDriven(TrustSadCase):
    """Only the buttons move an appointment, whoever writes, and they check the transition."""

    def test_staff_cannot_write_the_state(self):
        event = self.appointment_a.calendar_event_id
        before = self.snapshot(self.appointment_a)
        for user in (self.distribution, self.manager):
            for state in ("cancelled", "held", "no_show"):
                with self.assertRaises(UserError), self.env.cr.savepoint():
                    self.appointment_a.with_user(user).write({"state": state})
            with self.assertRaises(UserError), self.env.cr.savepoint():
                self.appointment_a.with_user(user).write({"calendar_event_id": False})
            with self.assertRaises(UserError), self.env.cr.savepoint():
                self.appointment_a.with_user(user).write({"reminder_sent_at": fields.Datetime.now()})
        self.assertTrue(event.exists())
        self.assertEqual(self.snapshot(self.appointment_a), before)

    def test_staff_cannot_reset_nor_cancel_a_recorded_outcome(self):
        as_staff = self.appointment_a.with_user(self.distribution)
        as_staff.action_mark_held()
        held = self.snapshot(self.appointment_a)
        with self.assertRaises(UserError), self.env.cr.savepoint():
            as_staff.write({"state": "scheduled"})
        for action in (as_staff.action_cancel, as_staff.action_mark_no_show, as_staff.action_mark_held):
            with self.assertRaises(UserError), self.env.cr.savepoint():
                action()
        self.assertEqual(self.snapshot(self.appointment_a), held)
        self.assertTrue(self.appointment_a.calendar_event_id.exists())

    def test_no_appointment_is_created_already_held(self):
        appointments = self.env["filiere.sad.appointment"].with_user(self.distribution)
        count = appointments.search_count([])
        values = {
            "ticket_id": self.referral_a.sad_ticket_id.id,
            "start": fields.Datetime.now(),
            "mediator_user_id": self.distribution.id,
        }
        with self.assertRaises(UserError), self.env.cr.savepoint():
            appointments.create({**values, "state": "held"})
        self.assertEqual(appointments.search_count([]), count)
        # A copy of a held appointment starts scheduled.
        self.appointment_a.action_mark_held()
        self.assertEqual(self.appointment_a.with_user(self.distribution).copy().state, "scheduled")
        # Nor through the context's defaults, which JSON-RPC also carries.
        created = appointments.with_context(default_state="held", default_reminder_sent_at="2026-01-01").create(values)
        self.assertEqual(created.state, "scheduled")
        self.assertFalse(created.reminder_sent_at)

    def test_auditor_and_technician_cannot_move_an_appointment(self):
        before = self.snapshot(self.appointment_a)
        for user in (self.auditor, self.technician):
            record = self.appointment_a.with_user(user)
            for action in (record.action_cancel, record.action_mark_held, record.action_mark_no_show):
                with self.assertRaises(AccessError), self.env.cr.savepoint():
                    action()
        self.assertEqual(self.snapshot(self.appointment_a), before)

    def test_durations_are_finite_and_bounded(self):
        before = self.snapshot(self.appointment_a)
        as_staff = self.appointment_a.with_user(self.distribution)
        for hours in (40.0, -1.0, float("nan"), float("inf")):
            with self.assertRaises(ValidationError), self.env.cr.savepoint():
                as_staff.write({"duration_held": hours})
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            as_staff.write({"duration": 0.0})
        self.assertEqual(self.snapshot(self.appointment_a), before)


@tagged("post_install", "-at_install")
class TestCoachingWaiverIsDriven(TrustSadCase):
    """Finding 2, filiere_sad's part: the waiver comes only from the manager's wizard."""

    def waiver(self, referral):
        referral.invalidate_recordset()
        return referral.read(["sad_waiver_reason", "sad_waived_by_id", "sad_waived_date", "sad_ticket_id"])[0]

    def test_staff_cannot_write_the_waiver_or_the_ticket(self):
        referral = self.reserved_referral("TRUST-WAIVE", "Personne Delta")
        before = self.waiver(referral)
        attacks = [
            {"sad_waiver_reason": "Pressé"},
            {"sad_waived_by_id": self.manager.id},
            {"sad_waived_date": fields.Datetime.now()},
            {"sad_ticket_id": self.referral_b.sad_ticket_id.id},
            {"sad_ticket_id": False},
        ]
        for user in (self.distribution, self.manager):
            for values in attacks:
                with self.assertRaises(UserError), self.env.cr.savepoint():
                    referral.with_user(user).write(values)
        self.assertEqual(self.waiver(referral), before)
        # No appointment and no waiver: the handover is still refused.
        with self.assertRaises(UserError), self.env.cr.savepoint():
            referral.with_user(self.distribution).action_handover()
        self.assertEqual(referral.state, "reserved")

    def test_no_referral_is_created_waived_or_on_another_ticket(self):
        referrals = self.env["filiere.referral"].with_user(self.distribution)
        beneficiary = self.make_beneficiary("Personne Gamma")
        values = {
            "company_id": self.company.id,
            "prescriber_id": self.ccas.id,
            "beneficiary_id": beneficiary.id,
            "need": "online_procedures",
            "device_type_id": self.laptop.id,
        }
        for extra in ({"sad_waiver_reason": "Autonome"}, {"sad_ticket_id": self.referral_b.sad_ticket_id.id}):
            with self.assertRaises(UserError), self.env.cr.savepoint():
                referrals.create({**values, **extra})
        self.assertFalse(self.env["filiere.referral"].search([("beneficiary_id", "=", beneficiary.id)]))
        created = referrals.with_context(
            default_sad_waiver_reason="Autonome", default_sad_ticket_id=self.referral_b.sad_ticket_id.id
        ).create(values)
        self.assertFalse(created.sad_waiver_reason)
        self.assertFalse(created.sad_ticket_id)

    def test_the_managers_wizard_still_waives(self):
        wizard = self.env["filiere.sad.waiver"].with_user(self.manager)
        wizard.create({"referral_id": self.referral_a.id, "reason": "Ancien informaticien."}).action_confirm()
        self.assertEqual(self.referral_a.sad_waiver_reason, "Ancien informaticien.")
        self.assertEqual(self.referral_a.sad_waived_by_id, self.manager)


@tagged("post_install", "-at_install")
class TestIdentityStaysWithDistribution(TrustSadCase):
    """Finding 7, filiere_sad's part: contacts, titles, events and anonymisation."""

    def test_no_name_in_ticket_titles_nor_calendar_events(self):
        ticket = self.referral_a.sad_ticket_id
        event = self.appointment_a.calendar_event_id
        for text in (ticket.name, ticket.display_name, event.name, event.description or ""):
            self.assertNotIn("Alpha", text)
        self.assertIn(self.referral_a.name, ticket.name)

    def test_auditor_reads_neither_contacts_nor_names(self):
        as_auditor = self.appointment_a.with_user(self.auditor)
        for field in ("contact_phone", "contact_email", "outcome_note", "beneficiary_id"):
            with self.assertRaises(AccessError):
                as_auditor.read([field])
        with self.assertRaises(AccessError):
            as_auditor.search([("contact_phone", "=", "+33612345678")])
        (row,) = as_auditor.read(["ticket_id", "display_name", "state"])
        self.assertNotIn("Alpha", row["ticket_id"][1])
        self.assertNotIn("Alpha", row["display_name"])
        # Distribution staff need them to call the person.
        self.assertEqual(self.appointment_a.with_user(self.distribution).contact_phone, "+33612345678")

    def test_anonymisation_scrubs_tickets_and_appointments(self):
        referral = self.referral_a
        appointment = self.appointment_a
        ticket = referral.sad_ticket_id
        beneficiary = referral.beneficiary_id
        # A ticket opened before titles lost the name: its messages keep the document's name.
        ticket.name = "Getting started: Laptop for Personne Alpha"
        ticket.activity_schedule("mail.mail_activity_data_todo", summary="Rappeler", user_id=self.distribution.id)
        appointment.outcome_note = "Personne Alpha a réussi son premier appel."
        appointment.action_mark_held()
        referral.action_handover()
        ticket.write({"description": "<p>Personne Alpha, 06 12 34 56 78</p>", "partner_name": "Personne Alpha"})
        ticket.message_post(body="Personne Alpha a rappelé au 06 12 34 56 78.", message_type="comment")
        self.env["ir.attachment"].create(
            {
                "name": "carte-identite-alpha.pdf",
                "datas": base64.b64encode(b"%PDF-1.4 Personne Alpha"),
                "res_model": "helpdesk.ticket",
                "res_id": ticket.id,
            }
        )
        template = self.env.ref("filiere_sad.mail_template_sad_reminder")
        reminder = self.appointment(referral, hours_from_now=20)
        reminder.sudo()._send_reminder(template)
        self.assertTrue(self.env["mail.mail"].search([("email_to", "=", "alpha@example.com")]))
        held_start = appointment.start

        beneficiary.with_user(self.manager).action_anonymise()

        self.env.invalidate_all()
        self.assertNotIn("Alpha", ticket.name)
        self.assertNotIn("Alpha", ticket.description)
        self.assertFalse(ticket.partner_id or ticket.partner_name or ticket.partner_email)
        for record in (appointment, reminder):
            self.assertFalse(record.contact_phone or record.contact_email or record.outcome_note)
        # The statistics stay.
        self.assertEqual(appointment.state, "held")
        self.assertEqual(appointment.start, held_start)
        self.assertEqual(appointment.duration_held, 1.0)
        records = [("helpdesk.ticket", ticket.ids), ("filiere.sad.appointment", (appointment | reminder).ids)]
        for model, ids in records:
            messages = self.env["mail.message"].search([("model", "=", model), ("res_id", "in", ids)])
            for message in messages:
                self.assertNotIn("Alpha", message.body or "")
                self.assertNotIn("Alpha", message.record_name or "")
                self.assertNotIn("alpha@example.com", message.email_from or "")
            values = messages.tracking_value_ids
            for text in values.mapped("old_value_char") + values.mapped("new_value_char"):
                self.assertNotIn("Alpha", text or "")
                self.assertNotIn("+33612345678", text or "")
            self.assertFalse(self.env["ir.attachment"].search([("res_model", "=", model), ("res_id", "in", ids)]))
        self.assertFalse(self.env["mail.mail"].search([("email_to", "=", "alpha@example.com")]))
        self.assertTrue(
            messages_kept := self.env["mail.message"].search(
                [("model", "=", "helpdesk.ticket"), ("res_id", "=", ticket.id)]
            )
        )
        self.assertTrue(messages_kept.tracking_value_ids, "the stages' history stays")
        self.assertEqual(ticket.activity_ids.summary, "Rappeler")
        self.assertNotIn("Alpha", ticket.activity_ids.res_name)

    def test_old_titles_lose_the_name(self):
        ticket = self.referral_a.sad_ticket_id
        ticket.name = "Getting started: Laptop for Personne Alpha"
        ticket.message_post(body="Rendez-vous à fixer.")
        ticket._filiere_retitle()
        self.assertEqual(ticket.name, self.referral_a._sad_ticket_title())
        messages = self.env["mail.message"].search([("model", "=", "helpdesk.ticket"), ("res_id", "=", ticket.id)])
        self.assertEqual(set(messages.mapped("record_name")), {ticket.display_name})


@tagged("post_install", "-at_install")
class TestAppointmentPage(TrustSadCase, HttpCase):
    """Findings 7 and 9: the page reads with full rights for the assigned mediator only; forms never 500."""

    def post(self, appointment, **data):
        return self.url_open(
            f"/my/appointments/{appointment.id}", data={"csrf_token": http.Request.csrf_token(self), **data}
        )

    def test_nobody_but_the_assigned_mediator_sees_the_person(self):
        for login in ("trust_mediateur_b", self.auditor.login, self.distribution.login):
            self.authenticate(login, login)
            page = self.url_open(f"/my/appointments/{self.appointment_a.id}")
            self.assertEqual(page.status_code, 404, login)
            self.assertNotIn("Personne Alpha", page.text)
            self.assertNotIn("12 34 56 78", page.text)
            self.assertNotIn("+33612345678", page.text)
            self.assertNotIn(f"/my/appointments/{self.appointment_a.id}", self.url_open("/my/appointments").text)
        self.authenticate("trust_mediateur_b", "trust_mediateur_b")
        before = self.snapshot(self.appointment_a)
        response = self.post(self.appointment_a, outcome="held", duration_held="40", satisfaction="5")
        self.assertEqual(response.status_code, 404)
        self.assertEqual(self.snapshot(self.appointment_a), before)
        self.assertEqual(self.url_open("/my/appointments/99999999999").status_code, 404)
        self.authenticate("trust_mediateur_a", "trust_mediateur_a")
        page = self.url_open(f"/my/appointments/{self.appointment_a.id}")
        self.assertIn("Personne Alpha", page.text)
        self.assertIn("06 12 34 56 78", page.text, "the assigned mediator reads the phone as people write it")

    def test_bad_values_answer_with_the_form_and_a_message(self):
        self.authenticate("trust_mediateur_a", "trust_mediateur_a")
        before = self.snapshot(self.appointment_a)
        attacks = [
            ({"outcome": "cancelled"}, "held"),
            ({"outcome": "held", "duration_held": "40"}, "at most"),
            ({"outcome": "held", "duration_held": "nan"}, "number of hours"),
            ({"outcome": "held", "duration_held": "inf"}, "number of hours"),
            ({"outcome": "held", "duration_held": "1e308"}, "at most"),
            ({"outcome": "held", "duration_held": "1", "satisfaction": "9"}, "from 1 to 5"),
            ({"outcome": "held", "duration_held": "1", "skills_after": "'; DROP"}, "from 1 to 5"),
            ({"outcome": "held", "duration_held": "1", "covered_topic_ids": "abc"}, "topics"),
            ({"outcome": "held", "duration_held": "1", "covered_topic_ids": "99999999"}, "topics"),
            ({"outcome": "held", "duration_held": "1", "covered_topic_ids": "-3"}, "topics"),
            ({"outcome": "no_show", "outcome_note": "x" * 6000}, "too long"),
        ]
        for data, message in attacks:
            response = self.post(self.appointment_a, **data)
            self.assertEqual(response.status_code, 200, data)
            self.assertIn(message, response.text, data)
            self.assertIn("o_filiere_outcome_form", response.text, data)
            self.assertEqual(self.snapshot(self.appointment_a), before, data)
        event = self.appointment_a.calendar_event_id

        response = self.post(self.appointment_a, outcome="held", duration_held="1,5", satisfaction="4")
        self.assertEqual(response.status_code, 200)
        held = self.snapshot(self.appointment_a)
        self.assertEqual((held["state"], held["duration_held"], held["satisfaction"]), ("held", 1.5, "4"))
        # Once: a second outcome, or a no-show after a held session, changes nothing.
        response = self.post(self.appointment_a, outcome="no_show")
        self.assertIn("already recorded", response.text)
        response = self.post(self.appointment_a, outcome="held", duration_held="8", satisfaction="5")
        self.assertEqual(self.snapshot(self.appointment_a), held)
        self.assertTrue(event.exists())

    def test_no_show_from_the_portal(self):
        self.authenticate("trust_mediateur_a", "trust_mediateur_a")
        self.post(self.appointment_a, outcome="no_show", satisfaction="5", duration_held="40")
        after = self.snapshot(self.appointment_a)
        self.assertEqual((after["state"], after["duration_held"], after["satisfaction"]), ("no_show", 0.0, False))
        activity = self.appointment_a.ticket_id.activity_ids
        self.assertIn("Reschedule", activity.summary)
        self.assertNotEqual(activity.user_id, self.mediator_a, "a portal account has no activities")
