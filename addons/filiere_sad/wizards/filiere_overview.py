from odoo import api, fields, models


class FiliereOverview(models.TransientModel):
    """The coaching of the month on the structure's overview: sessions held, no-shows, attendance."""

    _inherit = "filiere.overview"

    coaching_held = fields.Integer("Sessions held", compute="_compute_coaching")
    coaching_no_show = fields.Integer("No-shows", compute="_compute_coaching")
    coaching_attendance = fields.Float(
        "Attendance (%)",
        digits=(16, 0),
        compute="_compute_coaching",
        help="Sessions held out of the sessions held or missed (no-show) in the month.",
    )
    coaching_attendance_measured = fields.Boolean(
        "Attendance measured",
        compute="_compute_coaching",
        help="A session was held or missed in the month: without any, the attendance is not measured (no 0 %).",
    )
    coaching_people = fields.Integer("People coached", compute="_compute_coaching")
    coaching_scheduled = fields.Integer("Sessions scheduled", compute="_compute_coaching")

    @api.depends("month")
    def _compute_coaching(self):
        Appointment = self.env["filiere.sad.appointment"]
        for overview in self:
            # The statement's one-query summary, on the month and the selected structures.
            [row] = Appointment._summary(overview.date_from, overview.date_to, company_ids=self._companies()) or [{}]
            overview.coaching_held = row.get("sessions_held", 0)
            overview.coaching_no_show = row.get("no_shows", 0)
            overview.coaching_attendance = row.get("attendance_rate", 0.0) * 100
            overview.coaching_attendance_measured = bool(row.get("sessions_held") or row.get("no_shows"))
            overview.coaching_people = row.get("people_coached", 0)
            overview.coaching_scheduled = Appointment.search_count(overview._coaching_domain(("scheduled",)))

    def _coaching_domain(self, states):
        self.ensure_one()
        return [
            ("company_id", "in", self._companies()),
            ("state", "in", states),
            ("start", ">=", fields.Datetime.to_datetime(self.date_from)),
            ("start", "<", fields.Datetime.to_datetime(fields.Date.add(self.date_to, days=1))),
        ]

    def action_open_coaching(self):
        self.ensure_one()
        states = ("scheduled",) if self.env.context.get("overview_coaching") == "scheduled" else ("held", "no_show")
        action = self.env["ir.actions.act_window"]._for_xml_id("filiere_sad.filiere_sad_appointment_action")
        action.update(
            {
                "domain": self._coaching_domain(states),
                "name": self.env._("Coaching in %s", self.month_label),
                "context": {"create": False},
                "view_mode": "list,form,calendar",
                "views": [(False, "list"), (False, "form"), (False, "calendar")],
            }
        )
        return action
