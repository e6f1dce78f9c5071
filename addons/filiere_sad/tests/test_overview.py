from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .common import SadCase


@tagged("post_install", "-at_install")
class TestOverviewCoaching(SadCase):
    def test_overview_shows_the_months_coaching_attendance(self):
        accountant = self._user("expert-sad", "base.group_user,filiere_reemploi.group_filiere_auditor", self.company)
        # Every session two hours ago: one month, whatever the day the test runs.
        start = fields.Datetime.now() - timedelta(hours=2)
        first = self.reserved_referral("OVS-1", "Senior Un")
        second = self.reserved_referral("OVS-2", "Étudiant Deux", segments=self.student)
        self.appointment(first, start=start).action_mark_held()
        self.appointment(first, start=start).action_mark_held()
        self.appointment(second, start=start).action_mark_held()
        self.appointment(second, start=start).action_mark_no_show()
        scheduled = self.appointment(second, start=start)  # not recorded yet
        self.appointment(second, start=start).action_cancel()

        overview = self.env["filiere.overview"].with_user(accountant).create({"month": start.date()})
        self.assertEqual(
            (
                overview.coaching_held,
                overview.coaching_no_show,
                overview.coaching_attendance,
                overview.coaching_people,
                overview.coaching_scheduled,
            ),
            (3, 1, 75.0, 2, 1),
        )
        appointments = self.env["filiere.sad.appointment"].with_user(accountant)
        held_action = overview.action_open_coaching()
        self.assertEqual(len(appointments.search(held_action["domain"])), 4, "the sessions held or missed")
        scheduled_action = overview.with_context(overview_coaching="scheduled").action_open_coaching()
        self.assertEqual(appointments.search(scheduled_action["domain"]), scheduled.with_user(accountant))

        # The month before: no session.
        overview.month = start.date().replace(day=1) - timedelta(days=1)
        self.assertEqual(
            (overview.coaching_held, overview.coaching_attendance, overview.coaching_scheduled), (0, 0.0, 0)
        )
