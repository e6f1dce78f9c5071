from odoo import api, fields, models

TICKET_KINDS = [("sad", "After-donation coaching"), ("sav", "After-sales (device)")]

# Stage of a coaching ticket for each situation of its appointments.
STAGE_XMLIDS = {
    "to_schedule": "filiere_sad.helpdesk_ticket_stage_sad_to_schedule",
    "scheduled": "filiere_sad.helpdesk_ticket_stage_sad_scheduled",
    "held": "filiere_sad.helpdesk_ticket_stage_sad_held",
    "no_show": "filiere_sad.helpdesk_ticket_stage_sad_no_show",
    "follow_up": "filiere_sad.helpdesk_ticket_stage_sad_follow_up",
}


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    filiere_kind = fields.Selection(TICKET_KINDS, "Solidarity reuse", index=True)
    filiere_referral_id = fields.Many2one("filiere.referral", "Referral", index="btree_not_null")
    filiere_beneficiary_id = fields.Many2one(
        "filiere.beneficiary",
        "Beneficiary",
        index="btree_not_null",
        groups="filiere_reemploi.group_filiere_distribution",
    )
    filiere_prescriber_id = fields.Many2one("res.partner", "Prescriber")
    filiere_lot_id = fields.Many2one("stock.lot", "Device", index="btree_not_null", domain=[("is_device", "=", True)])
    filiere_warranty_end_date = fields.Date(related="filiere_lot_id.filiere_warranty_end_date", string="Warranty until")
    filiere_under_warranty = fields.Boolean(related="filiere_lot_id.filiere_under_warranty", string="Under warranty")
    # What covers the device: the legal guarantee of conformity of a sale, or the structure's own
    # commitment for a free donation (set at the handover).
    filiere_guarantee_kind = fields.Selection(related="filiere_lot_id.filiere_guarantee_kind", string="Guarantee")
    filiere_appointment_ids = fields.One2many("filiere.sad.appointment", "ticket_id", "Appointments")
    filiere_appointment_count = fields.Integer(compute="_compute_filiere_appointment_count")

    @api.depends("filiere_appointment_ids")
    def _compute_filiere_appointment_count(self):
        for ticket in self:
            ticket.filiere_appointment_count = len(ticket.filiere_appointment_ids)

    @api.onchange("filiere_lot_id")
    def _onchange_filiere_lot_id(self):
        referral = self.filiere_lot_id.sudo().filiere_referral_ids.filtered(
            lambda r: r.state in ("delivered", "closed")
        )[:1]
        if referral and not self.partner_id:
            self.partner_id = referral.beneficiary_id.partner_id

    def _filiere_stage_key(self):
        """Where a coaching ticket stands, from its appointments (latest first)."""
        self.ensure_one()
        appointments = self.filiere_appointment_ids.filtered(lambda a: a.state != "cancelled").sorted("start")
        if not appointments:
            return "to_schedule"
        last = appointments[-1]
        if last.state == "scheduled":
            return "follow_up" if any(a.state == "held" for a in appointments[:-1]) else "scheduled"
        return last.state

    def _filiere_sync_stage(self):
        for ticket in self.sudo().filtered(lambda t: t.filiere_kind == "sad" and not t.stage_id.closed):
            stage = self.env.ref(STAGE_XMLIDS[ticket._filiere_stage_key()], raise_if_not_found=False)
            if stage and ticket.stage_id != stage:
                ticket.stage_id = stage

    def _filiere_retitle(self):
        """Give coaching tickets their title without name, and pass it on to the copies of the old one.

        Messages and activities keep the document's name of their day (``record_name``, ``res_name``).
        """
        tickets = self.sudo().with_context(tracking_disable=True).filtered("filiere_referral_id")
        for ticket in tickets:
            referral = ticket.filiere_referral_id
            ticket.write({"name": referral._sad_ticket_title()})
        for ticket in self.sudo():
            domain = [("model", "=", ticket._name), ("res_id", "=", ticket.id)]
            self.env["mail.message"].sudo().search(domain).write({"record_name": ticket.display_name})
            activities = (
                self.env["mail.activity"].sudo().search([("res_model", "=", ticket._name), ("res_id", "=", ticket.id)])
            )
            activities.write({"res_name": ticket.display_name})
        return True

    def action_filiere_new_appointment(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("New coaching appointment"),
            "res_model": "filiere.sad.appointment",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_ticket_id": self.id,
                "default_mediator_partner_id": self.env.user.partner_id.id,
            },
        }
