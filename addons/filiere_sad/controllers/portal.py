from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal


class FiliereAppointmentPortal(CustomerPortal):
    """Mediators of partner structures follow and record the coaching sessions assigned to them."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "filiere_appointment_count" in counters:
            appointments = request.env["filiere.sad.appointment"]
            values["filiere_appointment_count"] = (
                appointments.search_count([]) if appointments.has_access("read") else 0
            )
        return values

    def _appointment_or_none(self, appointment_id):
        appointment = request.env["filiere.sad.appointment"].browse(appointment_id)
        try:
            appointment.check_access("read")
            appointment.state  # noqa: B018 - raises MissingError for a deleted record
        except (AccessError, MissingError):
            return None
        return appointment

    @http.route("/my/appointments", type="http", auth="user", website=True)
    def portal_my_appointments(self, **kw):
        appointments = request.env["filiere.sad.appointment"]
        if not appointments.has_access("read"):
            return request.redirect("/my")
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "appointments": appointments.search([], order="start desc", limit=200),
                "page_name": "filiere_appointments",
            }
        )
        return request.render("filiere_sad.portal_my_appointments", values)

    @http.route(
        "/my/appointments/<int:appointment_id>", type="http", auth="user", methods=["GET", "POST"], website=True
    )
    def portal_my_appointment(self, appointment_id, **post):
        appointment = self._appointment_or_none(appointment_id)
        if appointment is None:
            return request.redirect("/my/appointments")
        error = None
        if request.httprequest.method == "POST":
            try:
                with request.env.cr.savepoint():
                    self._record_outcome(appointment, post)
            except UserError as exc:
                error = exc.args[0]
            else:
                return request.redirect(f"/my/appointments/{appointment.id}")
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "appointment": appointment,
                # The mediator needs the person's name and phone; the record rule above vouched for them.
                "person": appointment.sudo().ticket_id.filiere_beneficiary_id,
                "topics": request.env["filiere.sad.topic"].search([]),
                "page_name": "filiere_appointment",
                "error": error,
            }
        )
        return request.render("filiere_sad.portal_my_appointment", values)

    def _record_outcome(self, appointment, post):
        outcome = post.get("outcome")
        if appointment.state != "scheduled":
            raise UserError(request.env._("The outcome of this appointment is already recorded."))
        topics = request.httprequest.form.getlist("covered_topic_ids")
        try:
            duration = float((post.get("duration_held") or "0").replace(",", "."))
        except ValueError as exc:
            raise UserError(request.env._("The duration must be a number of hours, e.g. 1.5.")) from exc
        values = {
            "satisfaction": post.get("satisfaction") or False,
            "skills_before": post.get("skills_before") or False,
            "skills_after": post.get("skills_after") or False,
            "outcome_note": post.get("outcome_note") or False,
        }
        if outcome == "held":
            if duration <= 0:
                raise UserError(request.env._("Give the duration of the session held."))
            values["duration_held"] = duration
            values["covered_topic_ids"] = [(6, 0, [int(topic) for topic in topics])]
            appointment.write(values)
            appointment.action_mark_held()
        elif outcome == "no_show":
            appointment.action_mark_no_show()
        else:
            raise UserError(request.env._("Say whether the person came (held) or not (no-show)."))
