from odoo import fields, http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request
from odoo.tools import formatLang

from odoo.addons.filiere_reemploi.lib import phone
from odoo.addons.portal.controllers.portal import CustomerPortal

from ..lib import outcome


class FiliereAppointmentPortal(CustomerPortal):
    """Mediators of partner structures follow and record the coaching sessions assigned to them.

    Portal users have no write right on appointments: this controller checks that the caller is
    the assigned mediator, parses every value itself and records the outcome with sudo.
    """

    def _mediator_domain(self):
        return [("mediator_partner_id", "=", request.env.user.partner_id.id)]

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "filiere_appointment_count" in counters:
            appointments = request.env["filiere.sad.appointment"]
            values["filiere_appointment_count"] = (
                appointments.search_count(self._mediator_domain()) if appointments.has_access("read") else 0
            )
        return values

    def _assigned_appointment(self, appointment_id):
        """The appointment when the caller may read it and is its assigned mediator, else None."""
        appointment = request.env["filiere.sad.appointment"].browse(appointment_id)
        try:
            appointment.check_access("read")
            if not appointment.exists() or appointment.sudo().mediator_partner_id != request.env.user.partner_id:
                return None
        except (AccessError, MissingError):
            return None
        return appointment

    def _mediator_appointments(self):
        """The sessions to come first, the soonest on top; then the past ones, the latest on top."""
        appointments = request.env["filiere.sad.appointment"]
        domain = self._mediator_domain()
        now = fields.Datetime.now()
        coming = appointments.search(
            [*domain, ("state", "=", "scheduled"), ("start", ">=", now)], order="start asc", limit=100
        )
        past = appointments.search([*domain, ("id", "not in", coming.ids)], order="start desc", limit=100)
        return coming | past

    @http.route("/my/appointments", type="http", auth="user", website=True)
    def portal_my_appointments(self, **kw):
        appointments = request.env["filiere.sad.appointment"]
        if not appointments.has_access("read"):
            return request.redirect("/my")
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "appointments": self._mediator_appointments(),
                "page_name": "filiere_appointments",
            }
        )
        return request.render("filiere_sad.portal_my_appointments", values)

    @http.route(
        "/my/appointments/<int:appointment_id>", type="http", auth="user", methods=["GET", "POST"], website=True
    )
    def portal_my_appointment(self, appointment_id, **post):
        appointment = self._assigned_appointment(appointment_id)
        if appointment is None:
            # Neither the person nor whether the appointment exists is told to anyone else.
            raise request.not_found()
        error = None
        if request.httprequest.method == "POST":
            try:
                with request.env.cr.savepoint():
                    self._record_outcome(appointment, post)
            except (UserError, ValidationError) as exc:
                error = exc.args[0]
            else:
                return request.redirect(f"/my/appointments/{appointment.id}")
        # After an error the form shows what was typed, not the planned values.
        typed = dict(post, covered_topic_ids=request.httprequest.form.getlist("covered_topic_ids")) if error else {}
        # The assigned mediator needs the person's name and phone: read with full rights, for them only.
        full = appointment.sudo()
        person = full.ticket_id.filiere_beneficiary_id
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "appointment": appointment,
                "person_name": person.name,
                "person_phone": phone.display(
                    full.contact_phone or person.phone, request.env.company.country_id.code or phone.DEFAULT_REGION
                ),
                "topics": request.env["filiere.sad.topic"].search([]),
                "page_name": "filiere_appointment",
                "error": error,
                "typed": typed,
                "started": appointment.sudo().start <= fields.Datetime.now(),
                # A refused outcome (the session moved to a later date meanwhile) keeps what was typed.
                "show_form": appointment.state == "scheduled"
                and (appointment.sudo().start <= fields.Datetime.now() or bool(error)),
                "planned_duration": self._hours_text(appointment.sudo().duration),
                "held_duration": self._hours_text(appointment.sudo().duration_held),
            }
        )
        return request.render("filiere_sad.portal_my_appointment", values)

    @staticmethod
    def _hours_text(hours):
        """Hours as the reader writes them: "1,5" in French, "1.5" in English; "" when none."""
        if not hours:
            return ""
        point = request.env["res.lang"]._get_data(code=request.env.lang or "en_US").decimal_point or "."
        return formatLang(request.env, hours, digits=2).rstrip("0").rstrip(point)

    def _outcome_error(self, exc):
        env = request.env
        messages = {
            outcome.BAD_OUTCOME: env._("Say whether the person came (held) or not (no-show)."),
            outcome.BAD_DURATION: env._("The duration must be a number of hours, e.g. 1.5."),
            outcome.DURATION_RANGE: env._(
                "Give the duration of the session held: more than 0 and at most %s hours.",
                outcome.MAX_SESSION_HOURS,
            ),
            outcome.BAD_SCORE: env._("Scores go from 1 to 5."),
            outcome.BAD_TOPIC: env._("Choose the topics covered among those of the list."),
            outcome.NOTE_TOO_LONG: env._("The notes are too long (at most %s characters).", outcome.MAX_NOTE_LENGTH),
        }
        return UserError(messages[exc.reason])

    def _record_outcome(self, appointment, post):
        """Scheduled -> held or no-show, once, with the outcome fields only."""
        if appointment.state != "scheduled":
            raise UserError(request.env._("The outcome of this appointment is already recorded."))
        # The model refuses it too (for staff as well); said here first, before parsing anything.
        appointment.sudo()._check_started()
        try:
            result, parsed = outcome.parse(post, request.httprequest.form.getlist("covered_topic_ids"))
        except outcome.InvalidOutcome as exc:
            raise self._outcome_error(exc) from exc
        full = appointment.sudo()
        if result == "no_show":
            full.write({"outcome_note": parsed["outcome_note"]})
            full.action_mark_no_show()
            return
        topics = request.env["filiere.sad.topic"].search([("id", "in", parsed["topic_ids"])])
        if len(topics) != len(parsed["topic_ids"]):
            raise self._outcome_error(outcome.InvalidOutcome(outcome.BAD_TOPIC, "topic_ids"))
        full.write(
            {
                "duration_held": parsed["duration_held"],
                "covered_topic_ids": [fields.Command.set(topics.ids)],
                "satisfaction": parsed["satisfaction"],
                "skills_before": parsed["skills_before"],
                "skills_after": parsed["skills_after"],
                "outcome_note": parsed["outcome_note"],
            }
        )
        full.action_mark_held()
