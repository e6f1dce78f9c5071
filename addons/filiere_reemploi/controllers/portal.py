from odoo import fields, http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

PAGE_SIZE = 20


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
        referral = request.env["filiere.referral"].browse(referral_id)
        try:
            referral.check_access("read")
            referral.ensure_one()
            referral.name  # noqa: B018 - raises MissingError for a deleted record
        except (AccessError, MissingError):
            return request.redirect("/my/referrals")
        values = self._prepare_portal_layout_values()
        values.update({"referral": referral, "page_name": "filiere_referral"})
        return request.render("filiere_reemploi.portal_my_referral", values)

    def _referral_form_values(self, error=None, post=None):
        env = request.env
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "filiere_referral_new",
                "device_types": env["filiere.device.type"].search([]),
                "segments": env["filiere.segment"].search([]),
                "zones": env["filiere.zone"].search([]),
                "needs": env["filiere.beneficiary"]._fields["need"]._description_selection(env),
                "keyboards": env["stock.lot"]._fields["keyboard_layout"]._description_selection(env),
                "error": error,
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
            values = self._referral_form_values(error=exc.args[0], post=post)
            return request.render("filiere_reemploi.portal_referral_new", values)
        return request.redirect(f"/my/referrals/{referral.id}")

    def _create_referral(self, post, segment_codes):
        """Beneficiary and referral, created with the prescriber's own rights."""
        env = request.env
        prescriber = env.user.sudo().commercial_partner_id
        if not (post.get("name") or "").strip():
            raise UserError(env._("Give the beneficiary's name."))
        if not segment_codes:
            raise UserError(env._("Tick at least one situation (segment) of the beneficiary."))
        device_type = env["filiere.device.type"].browse(int(post.get("device_type_id") or 0)).exists()
        if not device_type:
            raise UserError(env._("Choose the type of device the person needs."))
        zone = env["filiere.zone"].browse(int(post.get("zone_id") or 0)).exists()
        try:
            consent_date = fields.Date.to_date(post.get("consent_date") or False)
        except ValueError as exc:
            raise UserError(env._("The consent date '%s' is not a date.", post.get("consent_date"))) from exc
        beneficiary = env["filiere.beneficiary"].create(
            {
                "name": post["name"].strip(),
                "phone": post.get("phone"),
                "email": post.get("email") or False,
                "city": post.get("city") or False,
                "zip": post.get("zip") or False,
                "zone_id": zone.id or False,
                "segment_codes": segment_codes,
                "need": post.get("need") or False,
                "device_type_id": device_type.id,
                "consent_date": consent_date,
                "charter_signed": bool(post.get("charter_signed")),
                "prescriber_id": prescriber.id,
            }
        )
        return env["filiere.referral"].create(
            {
                "prescriber_id": prescriber.id,
                "beneficiary_id": beneficiary.id,
                "need": post.get("need") or "other",
                "device_type_id": device_type.id,
                "keyboard_layout": post.get("keyboard_layout") or False,
                "note": post.get("note") or False,
            }
        )
