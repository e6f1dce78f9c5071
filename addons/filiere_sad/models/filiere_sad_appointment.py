from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.filiere_reemploi.lib import phone

from ..lib import outcome

PLACES = [
    ("relay", "Relay point"),
    ("structure", "At the structure"),
    ("home", "Home visit"),
    ("phone", "Phone"),
    ("video", "Video call"),
]
SCORES = [("1", "1"), ("2", "2"), ("3", "3"), ("4", "4"), ("5", "5")]
STATES = [("scheduled", "Scheduled"), ("held", "Held"), ("no_show", "No-show"), ("cancelled", "Cancelled")]
# Written only by the action methods (with sudo, after their own checks), never by a user's write.
DRIVEN_FIELDS = {"state", "calendar_event_id", "reminder_sent_at", "next_appointment_id"}
# The person's contact details: distribution staff, and the assigned mediator through the portal.
CONTACT_GROUPS = "filiere_reemploi.group_filiere_distribution"
SUMMARY_KEYS = {
    None: "NULL",
    "month": "to_char(a.start, 'YYYY-MM')",
    "zone": "a.zone_id",
    "segment": "seg.segment_id",
    "company": "a.company_id",
}


class FiliereSadAppointment(models.Model):
    """A coaching session after a handover ('Service Après Don'), in the mediator's calendar."""

    _name = "filiere.sad.appointment"
    _description = "Coaching appointment"
    _inherit = ["mail.thread"]
    _order = "start desc, id desc"
    _check_company_auto = True

    ticket_id = fields.Many2one("helpdesk.ticket", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="ticket_id.company_id", store=True, index=True)
    referral_id = fields.Many2one(related="ticket_id.filiere_referral_id", store=True, index=True)
    beneficiary_id = fields.Many2one(
        related="ticket_id.filiere_beneficiary_id",
        store=True,
        index=True,
        groups="filiere_reemploi.group_filiere_distribution",
    )
    zone_id = fields.Many2one(related="referral_id.zone_id", store=True, index=True)
    start = fields.Datetime(required=True, tracking=True, index=True)
    duration = fields.Float("Planned duration (hours)", default=1.0, required=True)
    stop = fields.Datetime(compute="_compute_stop", store=True)
    place_type = fields.Selection(PLACES, "Place", required=True, default="structure")
    place_partner_id = fields.Many2one(
        "res.partner",
        "Relay point",
        domain=[("filiere_relay_point", "=", True)],
        help="Address of the relay point, for a session held there (contacts marked 'Coaching relay point').",
    )
    # One mediator: a person (a staff member's contact, a conseiller numérique, France Services, a
    # volunteer). Their internal user, when they have one, owns the calendar event.
    mediator_partner_id = fields.Many2one(
        "res.partner",
        "Mediator",
        tracking=True,
        index=True,
        domain=[("is_company", "=", False)],
        help="Who runs the session: a staff member, a conseiller numérique, France Services or a volunteer. "
        "A mediator with a portal account records the outcome from the portal.",
    )
    mediator_user_id = fields.Many2one(
        "res.users",
        "Mediator's user",
        compute="_compute_mediator_user_id",
        store=True,
        index=True,
        help="The mediator's internal user, when they have one: the calendar event is theirs.",
    )
    topic_ids = fields.Many2many(
        "filiere.sad.topic", "filiere_sad_appointment_topic_rel", "appointment_id", "topic_id", "Planned topics"
    )
    contact_phone = fields.Char(
        "Phone for reminders", groups=CONTACT_GROUPS, help="Stored in international format (+33...)."
    )
    contact_email = fields.Char("Email for reminders", groups=CONTACT_GROUPS)
    calendar_event_id = fields.Many2one("calendar.event", "Calendar event", readonly=True, copy=False)
    state = fields.Selection(STATES, required=True, default="scheduled", tracking=True, index=True, copy=False)
    reminder_sent_at = fields.Datetime(readonly=True, copy=False)
    # Outcome
    duration_held = fields.Float("Duration held (hours)")
    covered_topic_ids = fields.Many2many(
        "filiere.sad.topic", "filiere_sad_appointment_covered_rel", "appointment_id", "topic_id", "Topics covered"
    )
    satisfaction = fields.Selection(SCORES, help="1 = not satisfied at all, 5 = very satisfied.")
    skills_before = fields.Selection(SCORES, "Self-assessed skills before")
    skills_after = fields.Selection(SCORES, "Self-assessed skills after")
    outcome_note = fields.Text("Notes", groups=CONTACT_GROUPS)
    next_appointment_id = fields.Many2one("filiere.sad.appointment", "Next appointment", readonly=True, copy=False)

    @api.depends("mediator_partner_id")
    def _compute_mediator_user_id(self):
        for appointment in self:
            users = appointment.mediator_partner_id.sudo().with_context(active_test=True).user_ids
            appointment.mediator_user_id = users.filtered(lambda u: not u.share)[:1]

    @api.depends("start", "duration")
    def _compute_stop(self):
        for appointment in self:
            appointment.stop = appointment.start and appointment.start + timedelta(hours=appointment.duration or 1.0)

    @api.depends("ticket_id", "start")
    def _compute_display_name(self):
        for appointment in self:
            when = fields.Datetime.context_timestamp(appointment, appointment.start) if appointment.start else None
            label = when.strftime("%d/%m/%Y %H:%M") if when else ""
            appointment.display_name = f"{appointment.sudo().ticket_id.number or ''} {label}".strip()

    # ------------------------------------------------------------------
    # Create / write: phone normalised, mediator from the user, calendar event
    # ------------------------------------------------------------------
    def _prepare_vals(self, vals):
        vals = dict(vals)
        if vals.get("contact_phone"):
            vals["contact_phone"] = self.env["filiere.beneficiary"]._normalize_phone(vals["contact_phone"])
        # The mediator is a person: a user given instead (older callers) stands for their contact.
        user_id = vals.pop("mediator_user_id", False)
        if user_id and not vals.get("mediator_partner_id"):
            vals["mediator_partner_id"] = self.env["res.users"].browse(user_id).partner_id.id
        return vals

    def _check_driven_fields(self, vals):
        """State, calendar event, reminder and follow-up move through the action methods only."""
        if self.env.su:
            return
        forced = sorted(DRIVEN_FIELDS & set(vals))
        if forced:
            # Who may not write at all is told so first.
            self.check_access("write" if self else "create")
            raise UserError(
                self.env._(
                    "The field(s) %(fields)s of a coaching appointment change only through its buttons "
                    "(Held, No-show, Cancel), not by a direct write.",
                    fields=", ".join(forced),
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            defaults = {"state": "scheduled", "calendar_event_id": False, "reminder_sent_at": False}
            defaults["next_appointment_id"] = False
            for vals in vals_list:
                self._check_driven_fields({key: value for key, value in vals.items() if defaults.get(key) != value})
            # Explicit values, so that no default_* key of the context can set them either.
            vals_list = [{**vals, **defaults} for vals in vals_list]
        vals_list = [self._prepare_vals(vals) for vals in vals_list]
        appointments = super().create(vals_list)
        for appointment in appointments:
            if not appointment.mediator_partner_id:
                raise UserError(self.env._("Choose the mediator who runs the coaching session."))
        previous_id = self.env.context.get("filiere_previous_appointment_id")
        if previous_id:
            previous = self.browse(previous_id).exists()
            previous.check_access("write")
            previous.sudo().next_appointment_id = appointments[:1]
        appointments._fill_contact_from_beneficiary()
        appointments._sync_calendar_event()
        appointments.ticket_id._filiere_sync_stage()
        return appointments

    def write(self, vals):
        self._check_driven_fields(vals)
        vals = self._prepare_vals(vals)
        result = super().write(vals)
        if {"start", "duration", "mediator_partner_id", "place_type", "place_partner_id", "state"} & set(vals):
            self._sync_calendar_event()
        if "state" in vals:
            self.ticket_id._filiere_sync_stage()
        if "start" in vals:
            # A moved appointment gets its own reminder.
            self.sudo().filtered(lambda a: a.state == "scheduled").reminder_sent_at = False
        return result

    @api.onchange("ticket_id")
    def _onchange_ticket_id_contact(self):
        """The reminder goes to the person's phone and email unless another one is typed."""
        beneficiary = self.ticket_id.sudo().filiere_beneficiary_id
        if beneficiary.phone and not self.contact_phone:
            # As people write it (06 12 34 56 78); stored in international format on save.
            self.contact_phone = phone.display(beneficiary.phone, self.ticket_id.company_id.country_id.code)
        if beneficiary and not self.contact_email:
            self.contact_email = beneficiary.email

    @api.constrains("place_type", "place_partner_id")
    def _check_place(self):
        for appointment in self:
            if appointment.place_type == "relay" and not appointment.place_partner_id:
                raise ValidationError(
                    self.env._(
                        "Choose the relay point where the coaching session %s is held.", appointment.display_name
                    )
                )

    @api.constrains("duration", "duration_held")
    def _check_durations(self):
        for appointment in self:
            if not outcome.hours_in_range(appointment.duration, allow_zero=False) or not outcome.hours_in_range(
                appointment.duration_held
            ):
                raise ValidationError(
                    self.env._(
                        "A coaching session lasts more than 0 and at most %(max)s hours (appointment %(name)s).",
                        max=outcome.MAX_SESSION_HOURS,
                        name=appointment.display_name,
                    )
                )

    def _fill_contact_from_beneficiary(self):
        for appointment in self.sudo():
            beneficiary = appointment.ticket_id.filiere_beneficiary_id
            values = {}
            if not appointment.contact_phone and beneficiary.phone:
                values["contact_phone"] = beneficiary.phone
            if not appointment.contact_email and beneficiary.email:
                values["contact_email"] = beneficiary.email
            if values:
                appointment.write(values)

    def _event_values(self):
        self.ensure_one()
        places = dict(self._fields["place_type"]._description_selection(self.env))
        location = self.place_partner_id.contact_address.replace("\n", ", ") if self.place_partner_id else ""
        return {
            "name": self.env._("After-donation coaching (%s)", self.ticket_id.number),
            "start": self.start,
            "stop": self.stop,
            "allday": False,
            "privacy": "private",
            "location": location or places.get(self.place_type),
            "user_id": self.mediator_user_id.id or self.env.user.id,
            "partner_ids": [fields.Command.set(self.mediator_partner_id.ids)],
            "description": ", ".join(self.topic_ids.mapped("name")),
        }

    def _sync_calendar_event(self):
        """The appointment is an event in the mediator's calendar; a cancelled one leaves it."""
        events = self.env["calendar.event"].sudo()
        # Also when a mediator records an outcome from the portal: the event is the structure's.
        for appointment in self.sudo():
            event = appointment.calendar_event_id
            if appointment.state == "cancelled":
                event.unlink()
                continue
            if event:
                event.write(appointment._event_values())
            else:
                event = events.create(appointment._event_values())
                appointment.calendar_event_id = event

    # ------------------------------------------------------------------
    # Outcome
    # ------------------------------------------------------------------
    def _set_state(self, state):
        """The only way ``state`` is written: by the action methods below, after their checks."""
        self.sudo().write({"state": state})

    def _check_scheduled(self, message):
        self.check_access("write")
        if any(appointment.state != "scheduled" for appointment in self):
            raise UserError(message)

    def _check_started(self):
        """No outcome before the session starts, from the portal as from the back office."""
        now = fields.Datetime.now()
        if any(appointment.sudo().start > now for appointment in self):
            raise UserError(
                self.env._("This session has not started yet: its outcome is recorded once it has taken place.")
            )

    def action_mark_held(self):
        self._check_scheduled(self.env._("Only a scheduled appointment can be marked as held."))
        self._check_started()
        for appointment in self:
            values = {}
            if not appointment.duration_held:
                values["duration_held"] = appointment.duration
            if not appointment.covered_topic_ids:
                values["covered_topic_ids"] = [fields.Command.set(appointment.topic_ids.ids)]
            if values:
                appointment.write(values)
            appointment._set_state("held")
        return True

    def action_mark_no_show(self):
        self._check_scheduled(self.env._("Only a scheduled appointment can be marked as a no-show."))
        self._check_started()
        for appointment in self:
            appointment.write({"duration_held": 0.0})
            appointment._set_state("no_show")
            appointment._schedule_reschedule_activity()
        return True

    def _schedule_reschedule_activity(self):
        """The mediator (or the ticket's owner) is asked to call the person back."""
        self.ensure_one()
        appointment = self.sudo()
        ticket = appointment.ticket_id
        user = appointment.mediator_user_id or ticket.user_id or self.env.user
        if user.share:
            # A partner mediator (portal) has no activities: the ticket's owner calls back.
            user = ticket.user_id or appointment.create_uid
        ticket.activity_schedule(
            "mail.mail_activity_data_todo",
            date_deadline=fields.Date.context_today(self),
            summary=self.env._("Reschedule the coaching session (no-show)"),
            note=self.env._("The person did not come to the appointment of %s.", appointment.display_name),
            user_id=user.id,
        )

    def action_cancel(self):
        self._check_scheduled(self.env._("Only a scheduled appointment can be cancelled."))
        self._set_state("cancelled")
        return True

    def action_plan_next(self):
        """Open a new appointment on the same ticket, with the same mediator and place."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "filiere.sad.appointment",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_ticket_id": self.ticket_id.id,
                "default_mediator_partner_id": self.mediator_partner_id.id,
                "default_place_type": self.place_type,
                "default_place_partner_id": self.place_partner_id.id,
                "filiere_previous_appointment_id": self.id,
            },
        }

    # ------------------------------------------------------------------
    # Reminders
    # ------------------------------------------------------------------
    @api.model
    def _claim_due_reminders(self, company, now):
        """Mark the reminders due for ``company`` as sent, in one statement, and return them.

        The UPDATE ... WHERE reminder_sent_at IS NULL is what makes each reminder go once, even
        when two workers run the job at the same time.
        """
        horizon = now + timedelta(hours=company.filiere_sad_reminder_hours or 24)
        self.env.flush_all()
        self.env.cr.execute(
            """
            UPDATE filiere_sad_appointment
               SET reminder_sent_at = %(now)s
             WHERE state = 'scheduled'
               AND reminder_sent_at IS NULL
               AND company_id = %(company)s
               AND start > %(now)s
               AND start <= %(horizon)s
         RETURNING id
            """,
            {"now": now, "horizon": horizon, "company": company.id},
        )
        ids = [row[0] for row in self.env.cr.fetchall()]
        self.invalidate_model(["reminder_sent_at"])
        return self.browse(ids)

    @api.model
    def _cron_send_reminders(self):
        now = fields.Datetime.now()
        template = self.env.ref("filiere_sad.mail_template_sad_reminder", raise_if_not_found=False)
        for company in self.env["res.company"].sudo().search([]):  # pylint: disable=no-search-all
            # The scheduled job runs without a language: the reminder speaks the structure's.
            appointments = self.sudo().with_context(lang=company.partner_id.lang or self.env.lang)
            for appointment in appointments._claim_due_reminders(company, now):
                appointment._send_reminder(template)
        return True

    def _send_reminder(self, template):
        self.ensure_one()
        channels = []
        if self.contact_email and template:
            template.send_mail(self.id, email_layout_xmlid="mail.mail_notification_light")
            channels.append(self.env._("email"))
        if self.contact_phone and "sms.sms" in self.env and phone.is_mobile(self.contact_phone):
            self.env["sms.sms"].sudo().create({"number": self.contact_phone, "body": self._reminder_text()})
            channels.append(self.env._("SMS"))
        self.ticket_id.message_post(
            body=self.env._(
                "Reminder of the appointment of %(when)s sent by %(channels)s.",
                when=self.display_name,
                channels=", ".join(channels) or self.env._("no channel (no email, no mobile number)"),
            )
        )

    def _reminder_text(self):
        when = fields.Datetime.context_timestamp(self.with_context(tz=self._reminder_tz()), self.start)
        return self.env._(
            "Reminder: your getting-started session with %(company)s is on %(date)s at %(time)s.",
            company=self.company_id.name,
            date=when.strftime("%d/%m/%Y"),
            time=when.strftime("%H:%M"),
        )

    def _reminder_tz(self):
        return self.mediator_user_id.tz or self.company_id.partner_id.tz or "Europe/Paris"

    # ------------------------------------------------------------------
    # Summary for reports
    # ------------------------------------------------------------------
    @api.model
    def _summary(self, date_from, date_to, group_by=None, company_ids=None, zone_ids=None):
        """Sessions held, attendance rate, people coached and average satisfaction, in one query.

        ``group_by`` is None (one row), "month", "zone", "segment" or "company"; returns a list of
        dicts with the keys ``key``, ``sessions_held``, ``no_shows``, ``attendance_rate``,
        ``people_coached`` and ``satisfaction_avg``. Limited to the companies the user may see.
        """
        if group_by not in SUMMARY_KEYS:
            raise UserError(self.env._("Unknown grouping '%s' for the coaching summary.", group_by))
        self.check_access("read")
        allowed = set(self.env.companies.ids) if not self.env.su else None
        companies = list(company_ids or self.env.companies.ids)
        if allowed is not None:
            companies = [company for company in companies if company in allowed]
        key = SUMMARY_KEYS[group_by]
        join = (
            "LEFT JOIN filiere_referral_segment_rel seg ON seg.referral_id = a.referral_id"
            if group_by == "segment"
            else ""
        )
        zone_filter = "AND a.zone_id = ANY(%(zones)s)" if zone_ids else ""
        query = f"""
            SELECT {key} AS key,
                   COUNT(*) FILTER (WHERE a.state = 'held') AS sessions_held,
                   COUNT(*) FILTER (WHERE a.state = 'no_show') AS no_shows,
                   COUNT(DISTINCT a.beneficiary_id) FILTER (WHERE a.state = 'held') AS people_coached,
                   AVG(a.satisfaction::integer) FILTER (WHERE a.state = 'held') AS satisfaction_avg
              FROM filiere_sad_appointment a
              {join}
             WHERE a.start >= %(date_from)s AND a.start < %(date_to)s
               AND a.state IN ('held', 'no_show')
               AND a.company_id = ANY(%(companies)s)
               {zone_filter}
          GROUP BY 1
          ORDER BY 1
        """
        self.env.flush_all()
        self.env.cr.execute(
            query,
            {
                "date_from": fields.Datetime.to_datetime(date_from),
                "date_to": fields.Datetime.to_datetime(date_to) + timedelta(days=1),
                "companies": companies,
                "zones": list(zone_ids or []),
            },
        )
        rows = []
        for key_value, held, no_shows, people, satisfaction in self.env.cr.fetchall():
            attended = held + no_shows
            rows.append(
                {
                    "key": key_value,
                    "sessions_held": held,
                    "no_shows": no_shows,
                    "attendance_rate": round(held / attended, 4) if attended else 0.0,
                    "people_coached": people,
                    "satisfaction_avg": round(float(satisfaction), 2) if satisfaction is not None else 0.0,
                }
            )
        return rows
