from datetime import timedelta

from odoo import fields
from odoo.tests import TransactionCase, tagged

from odoo.addons.filiere_reemploi.tests.french_walk import FrenchWalkMixin


@tagged("post_install", "-at_install")
class TestFrenchWalk(FrenchWalkMixin, TransactionCase):
    """The French demo's coaching screens hold no English where fr.po should speak."""

    walked_module = "filiere_sad"

    def test_appointment_reminder_is_french(self):
        appointment = self.env.ref("filiere_sad.appointment_yanis_2")
        appointment.write(
            {
                "start": fields.Datetime.now() + timedelta(hours=2),
                "reminder_sent_at": False,
                "contact_email": "yanis@example.com",
            }
        )
        cron = self.env.ref("filiere_sad.ir_cron_filiere_sad_reminders")
        self.assert_french(
            self.walk_cron(lambda env: cron.with_env(env).method_direct_trigger(), appointment.company_id)
        )

    def test_demo_tickets_are_french(self):
        french = self.env(context={"lang": "fr_FR"})
        tickets = french["helpdesk.ticket"].search([("filiere_referral_id", "!=", False)])
        self.assertTrue(tickets)
        for ticket in tickets:
            self.assertNotIn("Getting started", ticket.name)
        oca_english = {"Problem with the delivery of goods", "Damaged Products", "Documents unclear"}
        self.assertFalse(oca_english & set(french["helpdesk.ticket"].search([]).mapped("name")))
        messages = french["mail.message"].search([("model", "=", "helpdesk.ticket"), ("res_id", "in", tickets.ids)])
        self.assertFalse([body for body in messages.mapped("body") if "created" in (body or "")])
