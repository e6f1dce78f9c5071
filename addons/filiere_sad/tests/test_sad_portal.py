from datetime import timedelta

from odoo import fields, http
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from .common import SadCase


@tagged("post_install", "-at_install")
class TestMediatorPortal(SadCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.mediator_a = cls.portal_mediator("mediateur_a", "France Services A")
        cls.mediator_b = cls.portal_mediator("mediateur_b", "Association B")

    def setUp(self):
        super().setUp()
        referral_a = self.reserved_referral("PORTAL-A", "Personne Alpha")
        referral_b = self.reserved_referral("PORTAL-B", "Personne Bêta")
        self.appointment_a = self.appointment(
            referral_a, hours_from_now=-1, mediator_user_id=False, mediator_partner_id=self.mediator_a.partner_id.id
        )
        self.appointment_b = self.appointment(
            referral_b, hours_from_now=-1, mediator_user_id=False, mediator_partner_id=self.mediator_b.partner_id.id
        )

    def test_mediators_see_only_their_appointments(self):
        found = self.env["filiere.sad.appointment"].with_user(self.mediator_a).search([])
        self.assertEqual(found, self.appointment_a)
        with self.assertRaises(AccessError):
            self.appointment_b.with_user(self.mediator_a).read(["state"])
        with self.assertRaises(AccessError):
            self.appointment_b.with_user(self.mediator_a).write({"satisfaction": "1"})
        with self.assertRaises(AccessError):
            self.appointment_a.with_user(self.mediator_a).write({"start": fields.Datetime.now() + timedelta(days=1)})
        with self.assertRaises(AccessError):
            self.appointment_a.with_user(self.mediator_a).write({"mediator_partner_id": self.mediator_b.partner_id.id})

        self.authenticate("mediateur_a", "mediateur_a")
        listing = self.url_open("/my/appointments").text
        self.assertIn(f"/my/appointments/{self.appointment_a.id}", listing)
        self.assertNotIn(f"/my/appointments/{self.appointment_b.id}", listing)
        page = self.url_open(f"/my/appointments/{self.appointment_a.id}").text
        self.assertIn("Personne Alpha", page)
        self.assertIn("06 12 34 56 78", page, "the phone as people write it")
        self.assertNotIn("+33612345678", page)
        other = self.url_open(f"/my/appointments/{self.appointment_b.id}")
        self.assertEqual(other.status_code, 404)
        self.assertNotIn("Personne Bêta", other.text)

    def test_mediator_records_the_outcome_from_the_portal(self):
        self.authenticate("mediateur_a", "mediateur_a")
        url = f"/my/appointments/{self.appointment_a.id}"
        response = self.url_open(
            url, data={"csrf_token": http.Request.csrf_token(self), "outcome": "held", "duration_held": "abc"}
        )
        self.assertIn("number of hours", response.text)
        self.assertEqual(self.appointment_a.state, "scheduled")
        response = self.url_open(
            url,
            data={
                "csrf_token": http.Request.csrf_token(self),
                "outcome": "held",
                "duration_held": "1,5",
                "satisfaction": "5",
                "skills_before": "2",
                "skills_after": "4",
                "covered_topic_ids": str(self.email_topic.id),
            },
        )
        self.assertEqual(response.status_code, 200)
        self.appointment_a.invalidate_recordset()
        self.assertEqual(self.appointment_a.state, "held")
        self.assertEqual(self.appointment_a.duration_held, 1.5)
        self.assertEqual(self.appointment_a.satisfaction, "5")
        self.assertEqual(self.appointment_a.covered_topic_ids, self.email_topic)
        # The other mediator's appointment cannot be touched through the form.
        self.url_open(
            f"/my/appointments/{self.appointment_b.id}",
            data={"csrf_token": http.Request.csrf_token(self), "outcome": "no_show"},
        )
        self.appointment_b.invalidate_recordset()
        self.assertEqual(self.appointment_b.state, "scheduled")

    def test_a_session_to_come_cannot_be_recorded_yet(self):
        tomorrow = self.appointment(
            self.reserved_referral("PORTAL-C", "Personne Gamma"),
            hours_from_now=24,
            mediator_user_id=False,
            mediator_partner_id=self.mediator_a.partner_id.id,
        )
        self.authenticate("mediateur_a", "mediateur_a")
        url = f"/my/appointments/{tomorrow.id}"
        page = self.url_open(url).text
        self.assertIn("o_filiere_outcome_later", page)
        self.assertNotIn("o_filiere_outcome_form", page)
        response = self.url_open(
            url, data={"csrf_token": http.Request.csrf_token(self), "outcome": "held", "duration_held": "1"}
        )
        self.assertIn("has not started yet", response.text)
        tomorrow.invalidate_recordset()
        self.assertEqual(tomorrow.state, "scheduled")
        # The sessions to come are listed first, then the past ones.
        listing = self.url_open("/my/appointments").text
        self.assertLess(listing.index(url), listing.index(f"/my/appointments/{self.appointment_a.id}"))
        self.assertIn("Personne Gamma", listing, "the mediator sees whom they meet")

    def test_an_error_keeps_what_was_typed_and_the_saved_outcome_shows_everything(self):
        self.authenticate("mediateur_a", "mediateur_a")
        url = f"/my/appointments/{self.appointment_a.id}"
        typed = {
            "csrf_token": http.Request.csrf_token(self),
            "outcome": "held",
            "duration_held": "une heure",
            "skills_before": "2",
            "skills_after": "4",
            "covered_topic_ids": str(self.email_topic.id),
            "outcome_note": "A envoyé son premier courriel.",
        }
        html = self.url_open(url, data=typed).text
        self.assertIn("number of hours", html)
        self.assertIn('value="une heure"', html)
        self.assertIn("A envoyé son premier courriel.</textarea>", html)
        self.assertRegex(html, r'value="held" id="outcome_held" checked')
        self.assertRegex(html, rf'name="covered_topic_ids" value="{self.email_topic.id}"[^>]*checked')
        self.assertRegex(html, r'<option value="4" selected')
        self.url_open(url, data={**typed, "duration_held": "1,5"})
        self.appointment_a.invalidate_recordset()
        self.assertEqual(self.appointment_a.state, "held")
        saved = self.url_open(url).text
        for shown in (self.email_topic.name, "A envoyé son premier courriel.", "2/5 before", "4/5 after", "1.5 h"):
            self.assertIn(shown, saved)
        self.assertNotRegex(saved, r"\d{2}:\d{2}:\d{2}", "no seconds in the dates")
