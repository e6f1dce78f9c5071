import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.filiere_reemploi.lib import phone

from ..lib import schedule
from ..models.filiere_sad_appointment import PLACES

MODES = [("handover", "Schedule and hand over"), ("schedule", "Schedule only")]


class FiliereSadHandover(models.TransientModel):
    """'Pas de remise sans prise en main': the first coaching session, scheduled in the handover dialog.

    Everything is prefilled from the referral: the person, their ticket, the mediator (the user,
    or the one of the person's last session), the place, a date two working days ahead and the
    person's phone for the reminder.
    """

    _name = "filiere.sad.handover"
    _description = "First coaching session of a handover"

    referral_id = fields.Many2one("filiere.referral", required=True, readonly=True, ondelete="cascade")
    mode = fields.Selection(MODES, required=True, default="handover", readonly=True)
    ticket_id = fields.Many2one(related="referral_id.sad_ticket_id", string="Coaching ticket")
    beneficiary_id = fields.Many2one(related="referral_id.beneficiary_id")
    lot_id = fields.Many2one(related="referral_id.lot_id")
    company_id = fields.Many2one(related="referral_id.company_id")
    start = fields.Datetime("First session on", required=True)
    duration = fields.Float("Planned duration (hours)", default=1.0, required=True)
    place_type = fields.Selection(PLACES, "Place", required=True, default="structure")
    place_partner_id = fields.Many2one("res.partner", "Relay point", domain=[("filiere_relay_point", "=", True)])
    mediator_partner_id = fields.Many2one("res.partner", "Mediator", required=True, domain=[("is_company", "=", False)])
    topic_ids = fields.Many2many("filiere.sad.topic", string="Planned topics")
    contact_phone = fields.Char("Phone for reminders")
    contact_email = fields.Char("Email for reminders")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        referral = self.env["filiere.referral"].browse(values.get("referral_id") or self.env.context.get("active_id"))
        if not referral:
            return values
        referral.check_access("read")
        referral._ensure_sad_ticket()
        values["referral_id"] = referral.id
        values.update(self._suggestions(referral))
        return {key: value for key, value in values.items() if key in fields_list or key == "referral_id"}

    @api.model
    def _suggestions(self, referral):
        full = referral.sudo()
        beneficiary = full.beneficiary_id
        last = full.sad_ticket_id.filiere_appointment_ids.sorted("start")[-1:]
        beneficiary_last = beneficiary.filiere_appointment_ids.sorted("start")[-1:]
        previous = last or beneficiary_last
        tz = pytz.timezone(self.env.user.tz or full.company_id.partner_id.tz or "Europe/Paris")
        now_local = pytz.utc.localize(fields.Datetime.now()).astimezone(tz).replace(tzinfo=None)
        start = tz.localize(schedule.suggest_start(now_local)).astimezone(pytz.utc).replace(tzinfo=None)
        region = full.company_id.country_id.code or phone.DEFAULT_REGION
        mediator = previous.mediator_partner_id or (self.env.user.partner_id if not self.env.user.share else False)
        topic = self.env.ref("filiere_sad.topic_getting_started", raise_if_not_found=False)
        values = {
            "start": start,
            "mediator_partner_id": mediator and mediator.id,
            "contact_phone": phone.display(beneficiary.phone, region) if beneficiary.phone else False,
            "contact_email": beneficiary.email or False,
            "topic_ids": [fields.Command.set(topic.ids if topic else [])],
        }
        if previous:
            values.update(
                {"place_type": previous.place_type, "place_partner_id": previous.place_partner_id.id or False}
            )
        return values

    @api.onchange("place_type")
    def _onchange_place_type(self):
        if self.place_type != "relay":
            self.place_partner_id = False

    def _appointment_values(self):
        self.ensure_one()
        if self.place_type == "relay" and not self.place_partner_id:
            raise UserError(self.env._("Choose the relay point where the first coaching session is held."))
        return {
            "ticket_id": self.referral_id._ensure_sad_ticket().id,
            "start": self.start,
            "duration": self.duration,
            "place_type": self.place_type,
            "place_partner_id": self.place_partner_id.id,
            "mediator_partner_id": self.mediator_partner_id.id,
            "topic_ids": [fields.Command.set(self.topic_ids.ids)],
            "contact_phone": self.contact_phone,
            "contact_email": self.contact_email,
        }

    def _create_appointment(self):
        self.ensure_one()
        # A wizard created with a referral_id of its own choosing gives no more than the referral.
        self.referral_id.check_access("write")
        if self.start <= fields.Datetime.now():
            raise UserError(self.env._("The first coaching session is to come: choose a date after today's time."))
        # With the user's rights: who may not create appointments may not schedule one here either.
        return self.env["filiere.sad.appointment"].create(self._appointment_values())

    def action_schedule(self):
        self._create_appointment()
        return {"type": "ir.actions.act_window_close"}

    def action_schedule_and_handover(self):
        """The appointment and the handover together: when the handover is refused, neither is kept."""
        self._create_appointment()
        self.referral_id.action_handover()
        return {"type": "ir.actions.act_window_close"}
