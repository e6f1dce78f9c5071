from odoo import api, fields, models
from odoo.tools import is_html_empty

# Fields that may say who the person is, on the records filiere_sad keeps about them.
IDENTITY_FIELDS = {
    "helpdesk.ticket": {"name", "description", "partner_id", "partner_name", "partner_email", "filiere_beneficiary_id"},
    "filiere.sad.appointment": {"contact_phone", "contact_email", "outcome_note", "beneficiary_id"},
}


class FiliereBeneficiary(models.Model):
    _inherit = "filiere.beneficiary"

    filiere_appointment_ids = fields.One2many("filiere.sad.appointment", "beneficiary_id", "Coaching appointments")

    @api.depends("filiere_appointment_ids.start")
    def _compute_last_activity_date(self):
        return super()._compute_last_activity_date()

    def _activity_dates(self):
        dates = super()._activity_dates()
        held = self.sudo().filiere_appointment_ids.filtered(lambda a: a.state != "cancelled")
        return dates + [fields.Date.to_date(start) for start in held.mapped("start")]

    # ------------------------------------------------------------------
    # Anonymisation
    # ------------------------------------------------------------------
    def _anonymise_related(self):
        """Scrub the person's coaching tickets and appointments: titles, contacts, notes, chatter, files.

        Dates, states, durations, topics and scores stay for the statistics. Written without tracking,
        so that the old values do not land in the chatter they are removed from.
        """
        result = super()._anonymise_related()
        env = self.sudo().with_context(tracking_disable=True, mail_notrack=True, active_test=False).env
        partners = self.sudo().partner_id
        tickets = env["helpdesk.ticket"].search([("filiere_beneficiary_id", "in", self.ids)])
        if partners:
            # After-sales tickets of the same person: their contact fields and chatter too.
            tickets |= env["helpdesk.ticket"].search([("partner_id", "in", partners.ids)])
        appointments = env["filiere.sad.appointment"].search(
            ["|", ("beneficiary_id", "in", self.ids), ("ticket_id", "in", tickets.ids)]
        )
        tickets |= appointments.ticket_id
        self._sad_scrub_messages(tickets, appointments, partners)
        self._sad_delete_sms(appointments)
        env["ir.attachment"].search(
            [
                "|",
                "&",
                ("res_model", "=", "helpdesk.ticket"),
                ("res_id", "in", tickets.ids),
                "&",
                ("res_model", "=", "filiere.sad.appointment"),
                ("res_id", "in", appointments.ids),
            ]
        ).unlink()
        coaching = tickets.filtered(lambda t: t.filiere_referral_id.sad_ticket_id == t)
        for ticket in coaching:
            ticket.description = ticket.filiere_referral_id._sad_ticket_description()
        (tickets.filtered("filiere_beneficiary_id") - coaching).write({"description": self.env._("<p>Anonymised.</p>")})
        coaching._filiere_retitle()
        tickets.write({"partner_id": False, "partner_name": False, "partner_email": False})
        appointments.write({"contact_phone": False, "contact_email": False, "outcome_note": False})
        return result

    def _sad_scrub_messages(self, tickets, appointments, partners):
        """Delete the messages that may hold the identity; keep the bare tracking of stages and dates.

        Free-text messages, emails (reminders included, with their recipient) and anything the person
        wrote cannot be told apart from identity: they all go.
        """
        records = {"helpdesk.ticket": tickets, "filiere.sad.appointment": appointments}
        for model, recordset in records.items():
            if not recordset:
                continue
            recordset.message_unsubscribe(partner_ids=partners.ids)
            messages = self.env["mail.message"].sudo().search([("model", "=", model), ("res_id", "in", recordset.ids)])
            identity = IDENTITY_FIELDS[model]
            harmless = messages.filtered(
                lambda m, identity=identity: (
                    m.message_type == "notification"
                    and is_html_empty(m.body)
                    and not m.attachment_ids
                    and m.author_id not in partners
                    and not any(value.field_id.name in identity for value in m.tracking_value_ids)
                )
            )
            (messages - harmless).unlink()

    def _sad_delete_sms(self, appointments):
        """Reminders sent by SMS keep the number: they go with it."""
        numbers = [number for number in appointments.mapped("contact_phone") if number]
        if numbers and "sms.sms" in self.env:
            self.env["sms.sms"].sudo().search([("number", "in", numbers)]).unlink()
