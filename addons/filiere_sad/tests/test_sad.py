from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import SadCase


@tagged("post_install", "-at_install")
class TestAfterDonationService(SadCase):
    def test_allocation_opens_a_coaching_ticket_linked_to_everything(self):
        referral = self.reserved_referral("SAD-001")
        ticket = referral.sad_ticket_id
        self.assertTrue(ticket)
        self.assertEqual(ticket.filiere_kind, "sad")
        self.assertEqual(ticket.team_id, self.env.ref("filiere_sad.helpdesk_ticket_team_sad"))
        self.assertEqual(ticket.category_id, self.env.ref("filiere_sad.helpdesk_ticket_category_sad"))
        self.assertEqual(ticket.filiere_referral_id, referral)
        self.assertEqual(ticket.filiere_lot_id, referral.lot_id)
        self.assertEqual(ticket.filiere_prescriber_id, self.ccas)
        self.assertEqual(ticket.filiere_beneficiary_id, referral.beneficiary_id)
        self.assertEqual(ticket.partner_id, referral.beneficiary_id.partner_id)
        self.assertEqual(ticket.stage_id, self.env.ref("filiere_sad.helpdesk_ticket_stage_sad_to_schedule"))
        self.assertEqual(ticket.company_id, self.company)

    def test_no_handover_without_a_scheduled_appointment(self):
        referral = self.reserved_referral("SAD-RULE")
        with self.assertRaises(UserError) as error:
            referral.action_handover()
        self.assertIn("No handover without getting-started coaching", str(error.exception))
        self.assertIn(referral.name, str(error.exception))
        self.assertEqual(referral.state, "reserved")
        self.assertEqual(referral.lot_id.device_state, "reserved")
        self.assertEqual(referral.picking_id.state, "assigned")
        self.appointment(referral)
        referral.action_handover()
        self.assertEqual(referral.state, "delivered")
        self.assertEqual(referral.picking_id.state, "done")

    def test_rule_holds_when_the_delivery_is_validated_from_inventory(self):
        referral = self.reserved_referral("SAD-INVENTORY")
        picking = referral.picking_id
        picking.move_ids.picked = True
        with self.assertRaises(UserError), self.env.cr.savepoint():
            picking.button_validate()
        self.assertEqual(referral.state, "reserved")

    def test_rule_can_be_switched_off_per_company(self):
        self.company.filiere_sad_required = False
        referral = self.reserved_referral("SAD-OFF")
        referral.action_handover()
        self.assertEqual(referral.state, "delivered")
        self.assertTrue(referral.sad_ticket_id, "the coaching ticket is opened even without the rule")

    def test_manager_waives_with_a_reason_kept_on_the_referral(self):
        referral = self.reserved_referral("SAD-WAIVER")
        wizard = self.env["filiere.sad.waiver"].with_user(self.manager)
        with self.assertRaises(UserError):
            wizard.create({"referral_id": referral.id, "reason": "   "}).action_confirm()
        with self.assertRaises(AccessError):
            self.env["filiere.sad.waiver"].with_user(self.distribution).create(
                {"referral_id": referral.id, "reason": "Pressé"}
            ).action_confirm()
        with self.assertRaises(UserError):
            referral.with_user(self.distribution)._waive_sad("Pressé")
        self.assertFalse(referral.sad_waiver_reason)
        wizard.create({"referral_id": referral.id, "reason": "Ancien informaticien, autonome."}).action_confirm()
        self.assertEqual(referral.sad_waiver_reason, "Ancien informaticien, autonome.")
        self.assertEqual(referral.sad_waived_by_id, self.manager)
        referral.action_handover()
        self.assertEqual(referral.state, "delivered")

    def test_appointment_is_an_event_in_the_mediators_calendar(self):
        referral = self.reserved_referral("SAD-CAL")
        appointment = self.appointment(referral, duration=1.5, place_type="home")
        event = appointment.calendar_event_id
        self.assertTrue(event)
        self.assertEqual(event.start, appointment.start)
        self.assertEqual(event.stop, appointment.start + timedelta(hours=1.5))
        self.assertEqual(event.user_id, self.distribution)
        self.assertIn(self.distribution.partner_id, event.partner_ids)
        self.assertEqual(event.privacy, "private")
        self.assertNotIn("Jeanne", event.name, "no beneficiary name in a calendar others may glimpse")
        new_start = appointment.start + timedelta(days=1)
        appointment.start = new_start
        self.assertEqual(event.start, new_start)
        appointment.action_cancel()
        self.assertFalse(event.exists())
        self.assertEqual(
            referral.sad_ticket_id.stage_id, self.env.ref("filiere_sad.helpdesk_ticket_stage_sad_to_schedule")
        )

    def test_partner_mediator_gets_the_event_too(self):
        referral = self.reserved_referral("SAD-PARTNER")
        mediator = self.env["res.partner"].create({"name": "Conseiller Numérique Test"})
        appointment = self.appointment(referral, mediator_user_id=False, mediator_partner_id=mediator.id)
        self.assertIn(mediator, appointment.calendar_event_id.partner_ids)
        with self.assertRaises(UserError):
            self.appointment(referral, mediator_user_id=False)

    def test_stages_follow_the_appointments(self):
        referral = self.reserved_referral("SAD-STAGES")
        ticket = referral.sad_ticket_id
        first = self.appointment(referral, hours_from_now=-2)
        self.assertEqual(ticket.stage_id, self.env.ref("filiere_sad.helpdesk_ticket_stage_sad_scheduled"))
        first.action_mark_held()
        self.assertEqual(ticket.stage_id, self.env.ref("filiere_sad.helpdesk_ticket_stage_sad_held"))
        self.appointment(referral, hours_from_now=72)
        self.assertEqual(ticket.stage_id, self.env.ref("filiere_sad.helpdesk_ticket_stage_sad_follow_up"))

    def test_outcome_held(self):
        referral = self.reserved_referral("SAD-HELD")
        appointment = self.appointment(referral, hours_from_now=-1, duration=2.0)
        appointment.write(
            {
                "satisfaction": "4",
                "skills_before": "1",
                "skills_after": "3",
                "covered_topic_ids": [(6, 0, self.email_topic.ids)],
            }
        )
        appointment.action_mark_held()
        self.assertEqual(appointment.state, "held")
        self.assertEqual(appointment.duration_held, 2.0)
        self.assertEqual(appointment.covered_topic_ids, self.email_topic)
        with self.assertRaises(UserError):
            appointment.action_mark_no_show()
        action = appointment.action_plan_next()
        nxt = (
            self.env["filiere.sad.appointment"]
            .with_context(**action["context"])
            .create({"start": fields.Datetime.now() + timedelta(days=7)})
        )
        self.assertEqual(appointment.next_appointment_id, nxt)
        self.assertEqual(nxt.ticket_id, appointment.ticket_id)
        self.assertEqual(nxt.mediator_user_id, self.distribution)

    def test_no_show_asks_the_mediator_to_reschedule(self):
        referral = self.reserved_referral("SAD-NOSHOW")
        appointment = self.appointment(referral, hours_from_now=-1)
        appointment.action_mark_no_show()
        self.assertEqual(appointment.state, "no_show")
        self.assertEqual(referral.sad_ticket_id.stage_id, self.env.ref("filiere_sad.helpdesk_ticket_stage_sad_no_show"))
        activity = referral.sad_ticket_id.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.distribution)
        self.assertIn("Reschedule", activity.summary)

    def test_reminders_are_sent_once_and_only_once(self):
        referral = self.reserved_referral("SAD-REMIND", email="jeanne.martin@example.com")
        due = self.appointment(referral, hours_from_now=20)
        later = self.appointment(referral, hours_from_now=30)
        past = self.appointment(referral, hours_from_now=-3)
        self.assertEqual(due.contact_email, "jeanne.martin@example.com")
        self.assertEqual(due.contact_phone, "+33612345678")
        mails = self.env["mail.mail"].search_count([("model", "=", "filiere.sad.appointment")])
        appointments = self.env["filiere.sad.appointment"]
        appointments._cron_send_reminders()
        appointments._cron_send_reminders()
        sent = self.env["mail.mail"].search([("model", "=", "filiere.sad.appointment")])
        self.assertEqual(len(sent) - mails, 1)
        self.assertEqual(sent.filtered(lambda m: m.res_id == due.id).email_to, "jeanne.martin@example.com")
        self.assertTrue(due.reminder_sent_at)
        self.assertFalse(later.reminder_sent_at)
        self.assertFalse(past.reminder_sent_at)
        # With a 36-hour notice the later one becomes due, once.
        self.company.filiere_sad_reminder_hours = 36
        appointments._cron_send_reminders()
        appointments._cron_send_reminders()
        self.assertTrue(later.reminder_sent_at)
        self.assertEqual(self.env["mail.mail"].search_count([("model", "=", "filiere.sad.appointment")]) - mails, 2)
        # A moved appointment is reminded again.
        due.start = due.start + timedelta(hours=1)
        self.assertFalse(due.reminder_sent_at)

    def test_invalid_phone_numbers_are_refused(self):
        referral = self.reserved_referral("SAD-PHONE")
        with self.assertRaises(ValidationError) as error:
            self.appointment(referral, contact_phone="06 12")
        self.assertIn("too few digits", str(error.exception))
        appointment = self.appointment(referral, contact_phone="07 56 12 34 56")
        self.assertEqual(appointment.contact_phone, "+33756123456")
        with self.assertRaises(ValidationError):
            appointment.contact_phone = "n'a pas de téléphone"
        self.assertEqual(appointment.contact_phone, "+33756123456")

    def test_after_sales_ticket_shows_the_warranty(self):
        self.company.filiere_sad_required = False
        referral = self.reserved_referral("SAD-SAV")
        referral.action_handover()
        ticket = self.env["helpdesk.ticket"].create(
            {
                "name": "Écran qui clignote",
                "description": "<p>Clignote</p>",
                "filiere_kind": "sav",
                "filiere_lot_id": referral.lot_id.id,
                "company_id": self.company.id,
            }
        )
        self.assertTrue(ticket.filiere_under_warranty)
        self.assertEqual(ticket.filiere_warranty_end_date, referral.warranty_end_date)
        referral.lot_id.sudo().filiere_warranty_end_date = fields.Date.today() - timedelta(days=1)
        ticket.invalidate_recordset()
        self.assertFalse(ticket.filiere_under_warranty)

    def test_summary_in_one_query(self):
        senior_ref = self.reserved_referral("SUM-1", "Senior Un")
        other_ref = self.reserved_referral("SUM-2", "Étudiant Deux", segments=self.student)
        a1 = self.appointment(senior_ref, hours_from_now=-48)
        a1.satisfaction = "5"
        a1.action_mark_held()
        a2 = self.appointment(senior_ref, hours_from_now=-24)
        a2.satisfaction = "3"
        a2.action_mark_held()
        self.appointment(other_ref, hours_from_now=-24).action_mark_no_show()
        b = self.appointment(other_ref, hours_from_now=-2)
        b.satisfaction = "4"
        b.action_mark_held()
        self.appointment(other_ref, hours_from_now=24)  # scheduled: not counted
        today = fields.Date.today()
        model = self.env["filiere.sad.appointment"]
        self.env.flush_all()
        with self.assertQueryCount(1):
            (total,) = model._summary(today - timedelta(days=5), today, company_ids=self.company.ids)
        self.assertEqual(total["sessions_held"], 3)
        self.assertEqual(total["no_shows"], 1)
        self.assertEqual(total["attendance_rate"], 0.75)
        self.assertEqual(total["people_coached"], 2)
        self.assertEqual(total["satisfaction_avg"], 4.0)
        by_segment = {
            row["key"]: row for row in model._summary(today - timedelta(days=5), today, "segment", self.company.ids)
        }
        self.assertEqual(by_segment[self.senior.id]["sessions_held"], 2)
        self.assertEqual(by_segment[self.student.id]["attendance_rate"], 0.5)
        by_zone = model._summary(today - timedelta(days=5), today, "zone", self.company.ids)
        self.assertEqual([row["key"] for row in by_zone], [self.zone.id])
        self.assertEqual(model._summary(today - timedelta(days=5), today, "company", self.other_company.ids), [])
        empty = model._summary(today + timedelta(days=10), today + timedelta(days=20), company_ids=self.company.ids)
        self.assertEqual(empty, [])
        with self.assertRaises(UserError):
            model._summary(today, today, "beneficiary")

    def test_auditor_reads_the_summary_not_the_person(self):
        referral = self.reserved_referral("SAD-AUDIT")
        appointment = self.appointment(referral, hours_from_now=-2)
        appointment.action_mark_held()
        today = fields.Date.today()
        rows = self.env["filiere.sad.appointment"].with_user(self.auditor)._summary(today - timedelta(days=1), today)
        self.assertEqual(rows[0]["sessions_held"], 1)
        with self.assertRaises(AccessError):
            appointment.with_user(self.auditor).read(["beneficiary_id"])
        with self.assertRaises(AccessError):
            self.env["filiere.sad.appointment"].with_user(self.technician).search([])

    def test_appointment_restarts_the_retention_period(self):
        referral = self.reserved_referral("SAD-RETENTION")
        beneficiary = referral.beneficiary_id
        self.appointment(referral, hours_from_now=24 * 30)
        self.assertEqual(beneficiary.last_activity_date, (fields.Datetime.now() + timedelta(days=30)).date())

    def test_grant_indicators_count_the_coaching(self):
        first = self.reserved_referral("SAD-IND-1", "Personne Une")
        second = self.reserved_referral("SAD-IND-2", "Personne Deux")
        held = self.appointment(first, hours_from_now=-30)
        held.satisfaction = "5"
        held.action_mark_held()
        again = self.appointment(first, hours_from_now=-5)
        again.satisfaction = "4"
        again.action_mark_held()
        self.appointment(second, hours_from_now=-4).action_mark_no_show()
        self.appointment(second, hours_from_now=48)
        today = fields.Date.today()
        result = self.env["filiere.statement"].compute_indicators(
            today - timedelta(days=3), today, company_ids=self.company.ids
        )
        self.assertEqual(result["sad_sessions_held"], 2)
        self.assertEqual(result["sad_attendance_rate"], 0.6667)
        self.assertEqual(result["sad_people_coached"], 1)
        self.assertEqual(result["satisfaction_avg"], 4.5)
        other_zone = self.env["filiere.zone"].create({"name": "Ailleurs", "code": "TEST-ELSE"})
        elsewhere = self.env["filiere.statement"].compute_indicators(
            today - timedelta(days=3), today, company_ids=self.company.ids, zone_ids=other_zone.ids
        )
        self.assertEqual(elsewhere["sad_sessions_held"], 0)
