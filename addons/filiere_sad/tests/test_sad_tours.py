from odoo import http
from odoo.tests import HttpCase, new_test_user, tagged

from .common import SadCase


@tagged("post_install", "-at_install")
class TestHandoverTour(SadCase, HttpCase):
    def test_handover_with_the_first_session_scheduled_in_the_same_dialog(self):
        self.env["res.lang"]._activate_lang("en_US")
        staff = new_test_user(
            self.env,
            login="tour_accueil_sad",
            name="Tour Accueil",
            groups="filiere_reemploi.group_filiere_distribution",
            company_id=self.company.id,
            company_ids=[(6, 0, self.company.ids)],
            lang="en_US",
            tz="Europe/Paris",
        )
        relay = self.env["res.partner"].create(
            {"name": "Tour Médiathèque", "is_company": True, "city": "Gap", "filiere_relay_point": True}
        )
        self.env["res.partner"].create({"name": "Tour Garage", "is_company": True, "city": "Gap"})
        referral = self.reserved_referral("TOUR-SAD-1", "Odette Tour")
        self.start_tour(
            f"/odoo/action-filiere_reemploi.filiere_referral_action/{referral.id}",
            "filiere_sad_handover_tour",
            login=staff.login,
        )
        self.assertEqual(referral.state, "delivered")
        appointment = referral.sad_ticket_id.filiere_appointment_ids
        self.assertEqual(len(appointment), 1)
        self.assertEqual(appointment.state, "scheduled")
        self.assertEqual(appointment.place_type, "relay")
        self.assertEqual(appointment.place_partner_id, relay)
        self.assertEqual(appointment.mediator_partner_id, staff.partner_id)
        self.assertEqual(appointment.contact_phone, "+33612345678")
        self.assertEqual(appointment.topic_ids, self.getting_started)


@tagged("post_install", "-at_install")
class TestMediatorOutcomeTour(SadCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.mediator = cls.portal_mediator("mediateur_tour", "Espace France Services Tour")

    def setUp(self):
        super().setUp()
        partner = self.mediator.partner_id.id
        self.tomorrow = self.appointment(
            self.reserved_referral("TOUR-OUT-1", "Personne Demain"),
            hours_from_now=24,
            mediator_user_id=False,
            mediator_partner_id=partner,
        )
        self.morning = self.appointment(
            self.reserved_referral("TOUR-OUT-2", "Personne Matin"),
            hours_from_now=-1,
            mediator_user_id=False,
            mediator_partner_id=partner,
        )

    def test_the_outcome_of_a_session_to_come_is_refused_and_typed_values_kept(self):
        self.start_tour("/my/appointments", "filiere_sad_outcome_tour", login="mediateur_tour")
        for appointment in self.tomorrow | self.morning:
            appointment.invalidate_recordset()
            self.assertEqual(appointment.state, "scheduled")
            self.assertFalse(appointment.sudo().outcome_note)

    def test_a_refused_outcome_for_a_session_to_come_keeps_what_was_typed(self):
        """The session moved to tomorrow while the mediator was filling in its outcome."""
        self.authenticate("mediateur_tour", "mediateur_tour")
        html = self.url_open(
            f"/my/appointments/{self.tomorrow.id}",
            data={
                "csrf_token": http.Request.csrf_token(self),
                "outcome": "held",
                "duration_held": "1,5",
                "skills_after": "4",
                "outcome_note": "Premier courriel envoyé.",
            },
        ).text
        self.assertIn("This session has not started yet", html)
        self.assertIn("o_filiere_outcome_form", html, "the form comes back with the values")
        self.assertIn('value="1,5"', html)
        self.assertIn("Premier courriel envoyé.</textarea>", html)
        self.assertRegex(html, r'<option value="4" selected')
        self.tomorrow.invalidate_recordset()
        self.assertEqual(self.tomorrow.state, "scheduled")
