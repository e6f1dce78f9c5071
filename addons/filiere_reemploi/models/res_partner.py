from stdnum.fr import siret

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

DONOR_TYPES = [
    ("company", "Company"),
    ("public", "Local authority / public body"),
    ("leasing", "Leasing company"),
    ("social_landlord", "Social landlord"),
    ("association", "Association"),
    ("individual", "Individual"),
]

PRESCRIBER_TYPES = [
    ("ccas", "CCAS"),
    ("france_services", "France Services"),
    ("mission_locale", "Mission Locale"),
    ("association", "Association"),
    ("conseiller_numerique", "Digital adviser (conseiller numérique)"),
    ("college", "Secondary school (collège)"),
    ("social_worker", "Social worker"),
    ("other", "Other"),
]


class ResPartner(models.Model):
    _inherit = "res.partner"

    # Same definition as l10n_fr's, so both modules can be installed together.
    siret = fields.Char(string="SIRET", size=14)
    filiere_donor_type = fields.Selection(DONOR_TYPES, "Donor type", help="Set it to make the partner a donor.")
    filiere_zone_id = fields.Many2one("filiere.zone", "Zone")
    filiere_legal_form = fields.Char("Legal form", help="SA, SAS, SARL, association… (printed on tax receipts).")
    filiere_donation_ids = fields.One2many("filiere.donation", "partner_id", "Donation agreements")
    filiere_prescriber_type = fields.Selection(
        PRESCRIBER_TYPES, "Prescriber type", index=True, help="Set it to make the partner a social prescriber."
    )
    filiere_prescriber_agreement = fields.Char(
        "Prescriber agreement", help="Reference of the partnership agreement with the structure."
    )
    filiere_prescriber_agreement_date = fields.Date("Agreement signed on")
    filiere_prescriber_agreement_end = fields.Date("Agreement valid until")
    filiere_beneficiary_contact = fields.Boolean(
        "Beneficiary's customer record",
        readonly=True,
        copy=False,
        help="Pseudonymous contact created by the distribution for a beneficiary's sale order: the only "
        "contacts the module rewrites or archives with a beneficiary.",
    )

    @api.constrains("siret")
    def _check_filiere_siret(self):
        for partner in self.filtered("siret"):
            if not siret.is_valid(partner.siret):
                raise ValidationError(
                    self.env._(
                        "The SIRET %(siret)s of %(partner)s is not valid: it must have 14 digits "
                        "and pass the Luhn check.",
                        siret=partner.siret,
                        partner=partner.display_name,
                    )
                )

    @api.onchange("siret")
    def _onchange_siret_compact(self):
        if self.siret:
            self.siret = siret.compact(self.siret)

    def _check_filiere_beneficiary_contact(self, vals):
        # The mark lets the module rewrite the contact: a user setting it on another contact (the
        # administrator's, say) would hand that contact over to the beneficiary's data.
        if "filiere_beneficiary_contact" in vals and not self.env.su:
            self.check_access("write" if self else "create")
            raise UserError(self.env._("Only the distribution marks a contact as a beneficiary's customer record."))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_filiere_beneficiary_contact(vals)
            if vals.get("siret"):
                vals["siret"] = siret.compact(vals["siret"])
        return super().create(vals_list)

    def write(self, vals):
        self._check_filiere_beneficiary_contact(vals)
        if vals.get("siret"):
            vals = dict(vals, siret=siret.compact(vals["siret"]))
        return super().write(vals)
