from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools.misc import format_date, format_time

from odoo.addons.filiere_reemploi.lib import phone

# Written only by the manager's waiver wizard and the ticket opening (with sudo, after their checks).
SAD_DRIVEN_FIELDS = {"sad_ticket_id", "sad_waiver_reason", "sad_waived_by_id", "sad_waived_date"}


class FiliereReferral(models.Model):
    _inherit = "filiere.referral"

    sad_ticket_id = fields.Many2one("helpdesk.ticket", "Coaching ticket", readonly=True, copy=False)
    sad_appointment_ids = fields.One2many(related="sad_ticket_id.filiere_appointment_ids")
    sad_waiver_reason = fields.Text("Coaching waived because", readonly=True, copy=False, tracking=True)
    sad_waived_by_id = fields.Many2one("res.users", "Waived by", readonly=True, copy=False)
    sad_waived_date = fields.Datetime("Waived on", readonly=True, copy=False)
    sad_first_session_needed = fields.Boolean(
        "First coaching session to schedule",
        compute="_compute_sad_first_session_needed",
        help="The structure hands devices over only with a first coaching session scheduled (or waived): "
        "the handover dialog schedules it.",
    )

    @api.depends("state", "sad_waiver_reason", "sad_ticket_id.filiere_appointment_ids.state")
    def _compute_sad_first_session_needed(self):
        for referral in self:
            referral.sad_first_session_needed = referral.state == "reserved" and referral._sad_missing_first_session()

    def _sad_missing_first_session(self):
        """True when the structure requires coaching and this referral has neither a session nor a waiver."""
        self.ensure_one()
        referral = self.sudo()
        if not referral.company_id.filiere_sad_required or referral.sad_waiver_reason:
            return False
        return not referral.sad_ticket_id.filiere_appointment_ids.filtered(lambda a: a.state in ("scheduled", "held"))

    def _check_sad_driven_fields(self, names):
        if self.env.su:
            return
        forced = sorted(SAD_DRIVEN_FIELDS & set(names))
        if forced:
            raise UserError(
                self.env._(
                    "The coaching ticket and the coaching waiver of a referral (%s) are set by the "
                    "application and by a manager's 'Waive the coaching' only, not by a direct write.",
                    ", ".join(forced),
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_sad_driven_fields(key for key, value in vals.items() if value)
        if self.env.su:
            return super().create(vals_list)
        # Nor through a default_* key of the context.
        empty = {f"default_{name}": False for name in SAD_DRIVEN_FIELDS}
        return super(FiliereReferral, self.with_context(**empty)).create(vals_list)

    def write(self, vals):
        self._check_sad_driven_fields(vals)
        return super().write(vals)

    def _reserve_device(self, lot, grid_line):
        result = super()._reserve_device(lot, grid_line)
        # The coaching is organised from the reservation on, so that it is ready for the handover.
        self._ensure_sad_ticket()
        return result

    def _mark_handed_over(self):
        result = super()._mark_handed_over()
        self._ensure_sad_ticket()
        return result

    def _sad_ticket_values(self):
        self.ensure_one()
        referral = self.sudo()
        beneficiary = referral.beneficiary_id
        return {
            # No name in the title: it is shown wherever the ticket is (appointments, calendar, chatter).
            "name": self._sad_ticket_title(),
            "description": self._sad_ticket_description(),
            "team_id": self.env.ref("filiere_sad.helpdesk_ticket_team_sad").id,
            "category_id": self.env.ref("filiere_sad.helpdesk_ticket_category_sad").id,
            "stage_id": self.env.ref("filiere_sad.helpdesk_ticket_stage_sad_to_schedule").id,
            "company_id": referral.company_id.id,
            "partner_id": beneficiary._get_or_create_partner().id,
            "filiere_kind": "sad",
            "filiere_referral_id": referral.id,
            "filiere_beneficiary_id": beneficiary.id,
            "filiere_prescriber_id": referral.prescriber_id.id,
            "filiere_lot_id": referral.lot_id.id,
        }

    def _sad_ticket_title(self):
        self.ensure_one()
        referral = self.sudo()
        return self.env._(
            "Getting started: %(device)s (referral %(referral)s)",
            device=referral.device_type_id.name,
            referral=referral.name,
        )

    def _sad_ticket_description(self):
        self.ensure_one()
        referral = self.sudo()
        return self.env._(
            "<p>Referral %(referral)s from %(prescriber)s. Need: %(need)s.</p>",
            referral=referral.name,
            prescriber=referral.prescriber_id.name,
            need=dict(referral._fields["need"]._description_selection(self.env)).get(referral.need),
        )

    def _ensure_sad_ticket(self):
        tickets = self.env["helpdesk.ticket"].sudo()
        for referral in self.filtered(lambda r: not r.sad_ticket_id):
            ticket = tickets.create(referral._sad_ticket_values())
            referral.sudo().sad_ticket_id = ticket
        for referral in self.filtered(lambda r: r.sad_ticket_id.filiere_lot_id != r.lot_id and r.lot_id):
            referral.sad_ticket_id.sudo().filiere_lot_id = referral.lot_id
        return self.sad_ticket_id

    def _check_handover_allowed(self):
        """'Pas de remise sans prise en main': a first appointment must be scheduled, or waived."""
        result = super()._check_handover_allowed()
        for referral in self.sudo():
            if referral._sad_missing_first_session():
                raise UserError(
                    self.env._(
                        "No handover without getting-started coaching: schedule a first appointment on the "
                        "coaching ticket of referral %(referral)s before handing device %(device)s over, "
                        "or ask a manager to waive it with a reason.",
                        referral=referral.name,
                        device=referral.lot_id.display_name,
                    )
                )
        return result

    def action_open_sad_ticket(self):
        self.ensure_one()
        self._ensure_sad_ticket()
        return {
            "type": "ir.actions.act_window",
            "res_model": "helpdesk.ticket",
            "res_id": self.sad_ticket_id.id,
            "view_mode": "form",
        }

    def action_open_sad_handover(self):
        """The handover dialog, with the first coaching session to schedule in it."""
        return self._sad_handover_dialog("handover", self.env._("Hand the device over"))

    def action_open_sad_schedule(self):
        return self._sad_handover_dialog("schedule", self.env._("Schedule the first coaching session"))

    def _sad_handover_dialog(self, mode, title):
        self.ensure_one()
        if mode == "handover":
            self._check_transition("delivered")
        self._ensure_sad_ticket()
        return {
            "type": "ir.actions.act_window",
            "name": title,
            "res_model": "filiere.sad.handover",
            "view_mode": "form",
            "target": "new",
            "context": {"default_referral_id": self.id, "default_mode": mode},
        }

    def action_open_sad_waiver(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Waive the coaching"),
            "res_model": "filiere.sad.waiver",
            "view_mode": "form",
            "target": "new",
            "context": {"default_referral_id": self.id},
        }

    def _waive_sad(self, reason):
        if not self.env.user.has_group("filiere_reemploi.group_filiere_manager"):
            raise UserError(self.env._("Only a manager can waive the coaching before a handover."))
        if not (reason or "").strip():
            raise UserError(
                self.env._("Write why this handover goes without coaching: the reason is kept and reported.")
            )
        self.sudo().write(
            {
                "sad_waiver_reason": reason.strip(),
                "sad_waived_by_id": self.env.user.id,
                "sad_waived_date": fields.Datetime.now(),
            }
        )
        return True

    def _sad_first_appointment_document_values(self):
        """The next coaching session as the handover form prints it, or None when none is scheduled.

        Texts in the environment's language: ``when`` (date and time in the mediator's or the
        structure's time zone), ``where`` (the kind of place, with the relay point's or the
        structure's address when the session is held there), ``mediator`` (a name, or "") and
        ``call`` (whom to call for another date).
        """
        self.ensure_one()
        appointments = self.sudo().sad_ticket_id.filiere_appointment_ids.filtered(lambda a: a.state == "scheduled")
        appointment = appointments.sorted(lambda a: (a.start, a.id))[:1]
        if not appointment:
            return None
        when = fields.Datetime.context_timestamp(
            appointment.with_context(tz=appointment._reminder_tz()), appointment.start
        )
        places = dict(appointment._fields["place_type"]._description_selection(self.env))
        where = {"relay": appointment.place_partner_id, "structure": appointment.company_id.partner_id}
        partner = where.get(appointment.place_type) or self.env["res.partner"]
        address_lines = (partner._display_address(without_company=True) or "").splitlines() if partner else []
        # No country for a place in the structure's own country.
        home = partner.country_id == self.company_id.country_id and partner.country_id.name
        address = ", ".join(line.strip() for line in address_lines if line.strip() and line.strip() != home)
        if partner and appointment.place_type == "relay":
            address = ", ".join(part for part in (partner.name, address) if part)
        place = places.get(appointment.place_type, "")
        structure_phone = phone.display(self.company_id.phone, self.company_id.country_id.code or phone.DEFAULT_REGION)
        if structure_phone:
            call = self.env._(
                "If you cannot come, call %(structure)s at %(phone)s to set another date.",
                structure=self.company_id.name,
                phone=structure_phone,
            )
        else:
            call = self.env._(
                "If you cannot come, tell %(structure)s to set another date.", structure=self.company_id.name
            )
        return {
            "when": self.env._(
                "%(date)s at %(time)s",
                date=format_date(self.env, when.date(), date_format="EEEE d MMMM y"),
                time=format_time(self.env, when.time(), time_format="HH:mm"),
            ),
            "where": self.env._("%(place)s: %(address)s", place=place, address=address) if address else place,
            "mediator": appointment.mediator_partner_id.name or "",
            "call": call,
        }
