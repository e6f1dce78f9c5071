from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..lib import phone

# Set by the module only: the customer record it creates, and the date of the anonymisation.
PROTECTED_FIELDS = {"partner_id", "anonymised_date"}

# The person's identity: a change of one of them rewrites the module's own customer record.
IDENTITY_FIELDS = {"name", "phone", "email", "city", "zip"}

NEEDS = [
    ("online_procedures", "Online procedures"),
    ("job_search", "Job search / CV"),
    ("schooling", "Schooling"),
    ("keeping_in_touch", "Keeping in touch"),
    ("training", "Training"),
    ("other", "Other"),
]


class FiliereBeneficiary(models.Model):
    """A person equipped by the network: the minimum the distribution needs (RGPD), nothing more."""

    _name = "filiere.beneficiary"
    _description = "Beneficiary"
    _order = "name, id"
    _check_company_auto = True

    name = fields.Char(required=True, index="trigram")
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    phone = fields.Char(help="Stored in international format (+33...); a number without prefix is French.")
    phone_display = fields.Char("Phone number", compute="_compute_phone_display")
    email = fields.Char()
    city = fields.Char("Commune")
    zip = fields.Char("Postcode")
    zone_id = fields.Many2one("filiere.zone", index=True)
    segment_ids = fields.Many2many(
        "filiere.segment", "filiere_beneficiary_segment_rel", "beneficiary_id", "segment_id", "Segments"
    )
    need = fields.Selection(NEEDS, "Main need")
    device_type_id = fields.Many2one("filiere.device.type", "Device wanted")
    need_note = fields.Text("Need in their words")
    consent_date = fields.Date("RGPD consent date", help="Day the person agreed to the processing of their data.")
    charter_signed = fields.Boolean("Usage charter signed")
    charter_date = fields.Date("Charte signed on")
    prescriber_id = fields.Many2one(
        "res.partner", "Referring prescriber", index=True, domain=[("filiere_prescriber_type", "!=", False)]
    )
    partner_id = fields.Many2one(
        "res.partner",
        "Customer record",
        readonly=True,
        copy=False,
        help="Pseudonymous contact created for the sale order at the first allocation: it carries no name, "
        "phone, email or address, so that stock and accounting users never read the person's identity.",
    )
    referral_ids = fields.One2many("filiere.referral", "beneficiary_id", "Referrals")
    referral_count = fields.Integer(compute="_compute_referral_count")
    last_activity_date = fields.Date(
        compute="_compute_last_activity_date",
        store=True,
        help="Last handover or appointment; the retention period runs from it.",
    )
    anonymised_date = fields.Date(readonly=True, copy=False)
    active = fields.Boolean(default=True)

    @api.depends("referral_ids")
    def _compute_referral_count(self):
        for beneficiary in self:
            beneficiary.referral_count = len(beneficiary.referral_ids)

    @api.depends("create_date", "referral_ids.handover_date", "referral_ids.create_date")
    def _compute_last_activity_date(self):
        for beneficiary in self:
            beneficiary.last_activity_date = max(beneficiary._activity_dates(), default=False)

    def _activity_dates(self):
        """Dates that restart the retention period; filiere_sad adds the appointments."""
        self.ensure_one()
        dates = [d for d in self.referral_ids.mapped("handover_date") if d]
        dates += [fields.Date.to_date(d) for d in self.referral_ids.mapped("create_date") if d]
        if self.create_date:
            dates.append(fields.Date.to_date(self.create_date))
        return dates

    # ------------------------------------------------------------------
    # Validation of personal data
    # ------------------------------------------------------------------
    @api.model
    @api.depends("phone")
    def _compute_phone_display(self):
        region = self.env.company.country_id.code or phone.DEFAULT_REGION
        for beneficiary in self:
            beneficiary.phone_display = phone.display(beneficiary.phone, region)

    def _normalize_phone(self, raw, label=None):
        """E.164 form of ``raw``; a UserError naming the number and the reason when it is not one."""
        try:
            return phone.normalize(raw, self.env.company.country_id.code or phone.DEFAULT_REGION)
        except phone.InvalidPhone as exc:
            reasons = {
                phone.NOT_A_NUMBER: self.env._("it contains no phone number"),
                phone.TOO_SHORT: self.env._("it has too few digits"),
                phone.TOO_LONG: self.env._("it has too many digits"),
                phone.BAD_COUNTRY: self.env._("its country prefix does not exist"),
                phone.NOT_VALID: self.env._("no phone line can have this number"),
            }
            whose = f" ({label})" if label else ""
            raise ValidationError(
                self.env._(
                    "The phone number '%(number)s'%(whose)s is not valid: %(reason)s. "
                    "Type it as 06 12 34 56 78 or +33 6 12 34 56 78.",
                    number=raw,
                    whose=whose,
                    reason=reasons[exc.reason],
                )
            ) from exc

    def _check_protected_vals(self, vals):
        """The customer record and the anonymisation are the module's: no user sets them (JSON-RPC included)."""
        protected = PROTECTED_FIELDS & set(vals)
        if protected and not self.env.su:
            self.check_access("write" if self else "create")
            raise UserError(
                self.env._(
                    "%s of a beneficiary is set by the module only (allocation, anonymisation).",
                    ", ".join(sorted(self._fields[name].get_description(self.env)["string"] for name in protected)),
                )
            )

    def _prepare_vals(self, vals):
        self._check_protected_vals(vals)
        vals = dict(vals)
        if "segment_codes" in vals:
            segments = self.env["filiere.segment"]._from_codes(vals.pop("segment_codes"))
            vals["segment_ids"] = [fields.Command.set(segments.ids)]
        if vals.get("phone"):
            vals["phone"] = self._normalize_phone(vals["phone"], vals.get("name"))
        if vals.get("charter_signed") and not vals.get("charter_date"):
            vals["charter_date"] = fields.Date.context_today(self)
        return vals

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [self._prepare_vals(vals) for vals in vals_list]
        for vals in vals_list:
            if not vals.get("consent_date"):
                raise ValidationError(
                    self.env._(
                        "%(name)s: the RGPD consent date is missing. Record the day the person agreed to the "
                        "processing of their data before saving them.",
                        name=vals.get("name") or self.env._("New beneficiary"),
                    )
                )
        return super().create(vals_list)

    def write(self, vals):
        vals = self._prepare_vals(vals)
        if "consent_date" in vals and not vals["consent_date"] and not self.env.context.get("filiere_anonymise"):
            raise ValidationError(self.env._("The RGPD consent date cannot be removed."))
        result = super().write(vals)
        if IDENTITY_FIELDS & set(vals):
            self._sync_partner()
        return result

    # ------------------------------------------------------------------
    # Customer record for standard sales and invoicing
    # ------------------------------------------------------------------
    def _partner_pseudonym(self):
        self.ensure_one()
        return self.env._("Beneficiary %s", self.id)

    def _partner_vals(self):
        """A pseudonym and nothing of the person: the sale order, its delivery and its invoice are read
        by stock and accounting users, who must not learn who was equipped. The bon de remise prints
        the person from the beneficiary, for the distribution staff."""
        self.ensure_one()
        return {
            "name": self._partner_pseudonym(),
            "phone": False,
            "email": False,
            "street": False,
            "street2": False,
            "city": False,
            "zip": False,
            "country_id": self.company_id.country_id.id or False,
            "company_id": self.company_id.id,
            "filiere_zone_id": False,
            "type": "contact",
        }

    def _get_or_create_partner(self):
        self.ensure_one()
        if not self.partner_id:
            vals = dict(self._partner_vals(), filiere_beneficiary_contact=True)
            self.sudo().partner_id = self.env["res.partner"].sudo().create(vals)
        return self.partner_id

    def _own_partners(self):
        """The customer records this module created and may rewrite: never a contact with a login."""
        partners = self.sudo().with_context(active_test=False).partner_id
        return partners.filtered(lambda p: p.filiere_beneficiary_contact and not p.user_ids)

    def _sync_partner(self):
        """Keep the module's own contacts pseudonymous (older ones carried the person's identity)."""
        own = self._own_partners()
        for beneficiary in self.sudo().filtered(lambda b: b.partner_id in own):
            beneficiary.partner_id.with_context(tracking_disable=True).write(beneficiary._partner_vals())

    def action_open_referrals(self):
        action = self.env["ir.actions.act_window"]._for_xml_id("filiere_reemploi.filiere_referral_action")
        action["domain"] = [("beneficiary_id", "in", self.ids)]
        action["context"] = {"default_beneficiary_id": self.id, "default_prescriber_id": self.prescriber_id.id}
        return action

    # ------------------------------------------------------------------
    # Retention
    # ------------------------------------------------------------------
    def _anonymise(self):
        """Erase what identifies the person; keep segments, zone, commune and dates for statistics.

        Nothing is tracked (the old values would land in the chatter), the messages and tracking
        values that hold the identity, the referrals' notes and the attachments are deleted, and the
        module's own contact is archived (invoices keep it for the legal period).
        """
        for beneficiary in self:
            if beneficiary.referral_ids.filtered(lambda r: r.state in ("submitted", "accepted", "reserved")):
                raise UserError(
                    self.env._("%s has a referral in progress: close it before anonymising.", beneficiary.name)
                )
        today = fields.Date.context_today(self)
        quiet = {"tracking_disable": True, "mail_notrack": True, "filiere_anonymise": True}
        for beneficiary in self.with_context(**quiet):
            beneficiary.write(
                {
                    "name": self.env._("Anonymised beneficiary %s", beneficiary.id),
                    "phone": False,
                    "email": False,
                    "need_note": False,
                }
            )
        self.sudo().with_context(**quiet).write({"anonymised_date": today})
        referrals = self.sudo().referral_ids.with_context(**quiet)
        referrals.write({"note": False, "refuse_reason": False})
        self._anonymise_history(referrals)
        own = self._own_partners()
        own.with_context(**quiet).write(
            {"phone": False, "email": False, "street": False, "street2": False, "active": False}
        )
        self._anonymise_related()
        return True

    def _anonymise_history(self, referrals):
        """Delete the chatter and files that may name the person: everything on the beneficiary and its
        contact, the free-text messages, the notes' tracking and the attachments of its referrals."""
        messages = self.env["mail.message"].sudo()
        people = messages.search(
            [
                "|",
                "&",
                ("model", "=", self._name),
                ("res_id", "in", self.ids),
                "&",
                ("model", "=", "res.partner"),
                ("res_id", "in", self._own_partners().ids),
            ]
        )
        free_text = messages.search(
            [("model", "=", referrals._name), ("res_id", "in", referrals.ids), ("message_type", "!=", "notification")]
        )
        (people | free_text).unlink()
        tracked_fields = (
            self.env["ir.model.fields"]
            .sudo()
            .search([("model", "=", referrals._name), ("name", "in", ("note", "refuse_reason"))])
        )
        self.env["mail.tracking.value"].sudo().search(
            [
                ("field_id", "in", tracked_fields.ids),
                ("mail_message_id.model", "=", referrals._name),
                ("mail_message_id.res_id", "in", referrals.ids),
            ]
        ).unlink()
        self.env["ir.attachment"].sudo().search(
            [
                "|",
                "&",
                ("res_model", "=", self._name),
                ("res_id", "in", self.ids),
                "&",
                ("res_model", "=", referrals._name),
                ("res_id", "in", referrals.ids),
            ]
        ).unlink()

    def _anonymise_related(self):
        """Hook: filiere_sad scrubs its tickets and appointments.

        Called once per anonymisation, with the anonymised beneficiaries (``self``), after their own
        fields, referrals, chatter and contact are done.
        """
        return True

    def action_anonymise(self):
        if not self.env.user.has_group("filiere_reemploi.group_filiere_manager"):
            raise UserError(self.env._("Only a manager can anonymise a beneficiary."))
        return self._anonymise()

    @api.model
    def _retention_cutoff(self, company):
        return fields.Date.context_today(self) - relativedelta(months=company.filiere_retention_months or 36)

    @api.model
    def _cron_anonymise_expired(self):
        """Anonymise beneficiaries whose last handover or appointment is older than the retention period."""
        for company in self.env["res.company"].sudo().search([]):  # pylint: disable=no-search-all
            # The scheduled job runs without a language: the names it writes speak the structure's.
            expired = (
                self.sudo()
                .with_context(lang=company.partner_id.lang or self.env.lang)
                .with_context(active_test=False)
                .search(
                    [
                        ("company_id", "=", company.id),
                        ("anonymised_date", "=", False),
                        ("last_activity_date", "<", self._retention_cutoff(company)),
                        ("referral_ids", "not any", [("state", "in", ("submitted", "accepted", "reserved"))]),
                    ]
                )
            )
            expired._anonymise()
        return True
