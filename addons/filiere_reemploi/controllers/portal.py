import re

from odoo import fields, http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request
from odoo.tools import email_normalize

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

PAGE_SIZE = 20
# Largest id PostgreSQL stores in an integer column: anything longer is no record.
MAX_ID = 2**31 - 1
RECORD_ID = re.compile(r"[0-9]{1,10}")
# Longest text accepted per form field (characters).
PERSON_KEYS = ("name", "phone", "email", "city", "zip")
TEXT_LIMITS = {"name": 128, "phone": 32, "email": 254, "city": 128, "zip": 16, "note": 4000}
MAX_SEGMENTS = 30


class FormFieldError(UserError):
    """A bad value of the referral form, with the name of the input it belongs to."""

    def __init__(self, message, field):
        super().__init__(message)
        self.field = field


class FiliereReferralPortal(CustomerPortal):
    """Social prescribers submit and follow their referrals from their portal account."""

    def _filiere_is_prescriber(self):
        return bool(request.env.user.sudo().commercial_partner_id.filiere_prescriber_type)

    def _prepare_portal_layout_values(self):
        values = super()._prepare_portal_layout_values()
        values["filiere_is_prescriber"] = self._filiere_is_prescriber()
        return values

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "filiere_referral_count" in counters:
            referrals = request.env["filiere.referral"]
            values["filiere_referral_count"] = (
                referrals.search_count([]) if referrals.has_access("read") and self._filiere_is_prescriber() else 0
            )
        return values

    @http.route(["/my/referrals", "/my/referrals/page/<int:page>"], type="http", auth="user", website=True)
    def portal_my_referrals(self, page=1, **kw):
        if not self._filiere_is_prescriber():
            return request.redirect("/my")
        referrals = request.env["filiere.referral"]
        total = referrals.search_count([])
        pager = portal_pager(url="/my/referrals", total=total, page=page, step=PAGE_SIZE)
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "referrals": referrals.search([], limit=PAGE_SIZE, offset=pager["offset"]),
                "pager": pager,
                "page_name": "filiere_referrals",
                "default_url": "/my/referrals",
            }
        )
        return request.render("filiere_reemploi.portal_my_referrals", values)

    @http.route("/my/referrals/<int:referral_id>", type="http", auth="user", website=True)
    def portal_my_referral(self, referral_id, **kw):
        if referral_id > MAX_ID:
            return request.redirect("/my/referrals")
        referral = request.env["filiere.referral"].browse(referral_id)
        try:
            referral.check_access("read")
            referral.ensure_one()
            referral.name  # noqa: B018 - raises MissingError for a deleted record
        except (AccessError, MissingError):
            return request.redirect("/my/referrals")
        values = self._prepare_portal_layout_values()
        values.update({"referral": referral, "page_name": "filiere_referral", "just_sent": kw.get("sent") == "1"})
        return request.render("filiere_reemploi.portal_my_referral", values)

    def _referral_form_choices(self):
        """The records the form offers: the only ones a posted id may name."""
        env = request.env
        return {
            "device_types": env["filiere.device.type"].search([]),
            "segments": env["filiere.segment"].search([]),
            "zones": env["filiere.zone"].search([]),
        }

    def _referral_form_values(self, error=None, post=None, error_field=None):
        env = request.env
        values = self._prepare_portal_layout_values()
        values.update(self._referral_form_choices())
        values.update(
            {
                "page_name": "filiere_referral_new",
                "needs": env["filiere.beneficiary"]._fields["need"]._description_selection(env),
                "keyboards": env["stock.lot"]._fields["keyboard_layout"]._description_selection(env),
                "error": error,
                "error_field": error_field,
                "post": post or {},
                "selected_segments": request.httprequest.form.getlist("segments") if post else [],
            }
        )
        return values

    @http.route("/my/referrals/new", type="http", auth="user", methods=["GET", "POST"], website=True)
    def portal_referral_new(self, **post):
        if not self._filiere_is_prescriber():
            return request.redirect("/my")
        if request.httprequest.method != "POST":
            return request.render("filiere_reemploi.portal_referral_new", self._referral_form_values())
        try:
            with request.env.cr.savepoint():
                referral = self._create_referral(post, request.httprequest.form.getlist("segments"))
        except (UserError, ValidationError) as exc:
            # The message goes beside the input it is about (at the top when it is about no single one);
            # every value typed stays in the form.
            values = self._referral_form_values(error=exc.args[0], post=post, error_field=getattr(exc, "field", None))
            return request.render("filiere_reemploi.portal_referral_new", values)
        return request.redirect(f"/my/referrals/{referral.id}?sent=1")

    # ------------------------------------------------------------------
    # Reading the form: every value checked, none trusted
    # ------------------------------------------------------------------
    def _form_text(self, post, key, label):
        value = (post.get(key) or "").strip()
        if "\x00" in value or len(value) > TEXT_LIMITS[key]:
            raise FormFieldError(
                request.env._(
                    "%(field)s is too long or holds characters that are not text (at most %(limit)s characters).",
                    field=label,
                    limit=TEXT_LIMITS[key],
                ),
                key,
            )
        return value

    def _form_record(self, post, key, offered, label):
        """The record chosen in a list of the form, or an empty recordset; only one of those ``offered``."""
        raw = (post.get(key) or "").strip()
        if not raw:
            return offered.browse()
        record = offered.browse()
        if RECORD_ID.fullmatch(raw) and int(raw) <= MAX_ID:
            record = offered.filtered(lambda r: r.id == int(raw))
        if not record:
            raise FormFieldError(request.env._("%s: choose one of the values offered by the form.", label), key)
        return record

    def _form_selection(self, post, key, field):
        raw = (post.get(key) or "").strip()
        if not raw:
            return False
        if raw not in dict(field._description_selection(request.env)):
            label = field._description_string(request.env)
            raise FormFieldError(request.env._("%s: choose one of the values offered by the form.", label), key)
        return raw

    def _form_date(self, post, key):
        env = request.env
        raw = (post.get(key) or "").strip()
        try:
            value = fields.Date.to_date(raw or False)
        except ValueError as exc:
            raise FormFieldError(env._("The consent date '%s' is not a date.", raw[:20]), key) from exc
        if not value:
            raise FormFieldError(
                env._("The RGPD consent date is missing: the person agrees to the processing of their data first."),
                key,
            )
        if value > fields.Date.context_today(env.user):
            raise FormFieldError(
                env._("The consent date %s is in the future: give the day the person agreed.", raw), key
            )
        return value

    def _form_segment_codes(self, codes):
        codes = [code.strip() for code in codes if code and code.strip()]
        if len(codes) > MAX_SEGMENTS or any(len(code) > 64 or "\x00" in code for code in codes):
            raise FormFieldError(request.env._("Situation: choose among the boxes offered by the form."), "segments")
        return codes

    def _referral_form_read(self, post, segment_codes):
        """The whitelisted values of the form, checked; a UserError names the first bad one."""
        env = request.env
        offered = self._referral_form_choices()
        person = env["filiere.beneficiary"]._fields
        request_fields = env["filiere.referral"]._fields
        values = {key: self._form_text(post, key, person[key]._description_string(env)) for key in PERSON_KEYS}
        values["note"] = self._form_text(post, "note", request_fields["note"]._description_string(env))
        if not values["name"]:
            raise FormFieldError(env._("Give the beneficiary's name."), "name")
        if values["phone"]:
            try:
                env["filiere.beneficiary"]._normalize_phone(values["phone"])
            except ValidationError as exc:
                raise FormFieldError(exc.args[0], "phone") from exc
        if values["email"] and not email_normalize(values["email"]):
            raise FormFieldError(env._("The email '%s' is not an email address.", values["email"]), "email")
        values["segment_codes"] = self._form_segment_codes(segment_codes)
        if not values["segment_codes"]:
            raise FormFieldError(env._("Tick at least one situation (segment) of the beneficiary."), "segments")
        unknown = set(values["segment_codes"]) - set(offered["segments"].mapped("code"))
        if unknown:
            raise FormFieldError(
                env._(
                    "Unknown beneficiary segment: %(unknown)s. Known segments: %(known)s.",
                    unknown=", ".join(sorted(unknown)),
                    known=", ".join(f"{segment.code} ({segment.name})" for segment in offered["segments"]),
                ),
                "segments",
            )
        values["device_type"] = self._form_record(
            post, "device_type_id", offered["device_types"], request_fields["device_type_id"]._description_string(env)
        )
        if not values["device_type"]:
            raise FormFieldError(env._("Choose the type of device the person needs."), "device_type_id")
        values["zone"] = self._form_record(
            post, "zone_id", offered["zones"], person["zone_id"]._description_string(env)
        )
        values["need"] = self._form_selection(post, "need", person["need"])
        values["keyboard_layout"] = self._form_selection(post, "keyboard_layout", request_fields["keyboard_layout"])
        values["consent_date"] = self._form_date(post, "consent_date")
        return values

    def _create_referral(self, post, segment_codes):
        """Beneficiary and referral of the caller's organisation, written with sudo() from checked values only.

        Portal users have no create right: nothing else of what they post (state, price, device,
        customer record, dates, another prescriber) reaches the database.
        """
        env = request.env
        prescriber = env.user.sudo().commercial_partner_id
        values = self._referral_form_read(post, segment_codes)
        beneficiary = (
            env["filiere.beneficiary"]
            .sudo()
            .create(
                {
                    "name": values["name"],
                    "phone": values["phone"] or False,
                    "email": values["email"] or False,
                    "city": values["city"] or False,
                    "zip": values["zip"] or False,
                    "zone_id": values["zone"].id or False,
                    "segment_codes": values["segment_codes"],
                    "need": values["need"],
                    "device_type_id": values["device_type"].id,
                    "consent_date": values["consent_date"],
                    "charter_signed": bool(post.get("charter_signed")),
                    "prescriber_id": prescriber.id,
                    "company_id": env.company.id,
                }
            )
        )
        referral = (
            env["filiere.referral"]
            .sudo()
            .create(
                {
                    "company_id": env.company.id,
                    "prescriber_id": prescriber.id,
                    "beneficiary_id": beneficiary.id,
                    "need": values["need"] or "other",
                    "device_type_id": values["device_type"].id,
                    "keyboard_layout": values["keyboard_layout"],
                    "note": values["note"] or False,
                }
            )
        )
        referral._check_beneficiary_prescriber()
        return referral.sudo(False)
