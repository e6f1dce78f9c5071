from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.misc import formatLang

from ..lib import pricing, public_rules

SALE_FORMATS = [
    ("sale", "Sale at a solidarity price"),
    ("donation", "Free donation"),
    ("loan", "Loan"),
    ("rental", "Solidarity rental"),
]


class FilierePriceGrid(models.Model):
    """One line of the network's solidarity price grid: device type x grade x segment -> price.

    Lines without a structure are the network's shared grid; a structure's own line for the same
    combination overrides it for that structure.
    """

    _name = "filiere.price.grid"
    _description = "Solidarity price grid line"
    _order = "device_type_id, condition_id, segment_id, company_id desc, date_from desc"
    _check_company_auto = True

    device_type_id = fields.Many2one("filiere.device.type", "Device type", required=True, index=True)
    condition_id = fields.Many2one(
        "stock.lot.condition", "Grade", required=True, index=True, domain=[("reusable", "=", True)]
    )
    segment_id = fields.Many2one("filiere.segment", "Beneficiary segment", required=True, index=True)
    company_id = fields.Many2one(
        "res.company", "Structure", index=True, help="Leave empty for the network-wide grid; set it to override."
    )
    currency_id = fields.Many2one(
        "res.currency", required=True, default=lambda self: self.env.ref("base.EUR", raise_if_not_found=False)
    )
    price = fields.Monetary(required=True, default=0.0, help="0 for a free donation or a free loan.")
    sale_format = fields.Selection(SALE_FORMATS, "Format", required=True, default="sale")
    date_from = fields.Date("Valid from")
    date_to = fields.Date("Valid until")
    active = fields.Boolean(default=True)
    note = fields.Char()
    public_origin = fields.Boolean(
        "Devices of public origin",
        help="This line prices only devices given by a public body, before the general lines: its price "
        "stays within the device type's cap and its segment is one eligible for such devices "
        "(article L3212-3 CGPPP, décret of 7 November 2022).",
    )

    @api.constrains("price", "sale_format", "date_from", "date_to")
    def _check_price(self):
        for line in self:
            if line.price < 0:
                raise ValidationError(self.env._("A solidarity price cannot be negative."))
            if line.sale_format == "donation" and line.price:
                raise ValidationError(
                    self.env._("A free donation has no price: set the price to 0 or choose another format.")
                )
            if line.date_from and line.date_to and line.date_to < line.date_from:
                raise ValidationError(self.env._("The end of validity is before its start."))

    @api.constrains("public_origin", "price", "device_type_id", "segment_id")
    def _check_public_origin(self):
        for line in self.filtered("public_origin"):
            cap = line.device_type_id.public_price_cap
            if public_rules.above_price_cap(line.price, cap):
                raise ValidationError(
                    self.env._(
                        "A %(type)s of public origin may be sold at %(cap)s incl. VAT at most (article L3212-3 "
                        "CGPPP, décret of 7 November 2022): the grid line cannot price it at %(price)s.",
                        type=line.device_type_id.name,
                        cap=formatLang(self.env, cap, currency_obj=self.env.ref("base.EUR")),
                        price=formatLang(self.env, line.price, currency_obj=line.currency_id),
                    )
                )
            if not line.segment_id.public_origin_eligible:
                raise ValidationError(
                    self.env._(
                        "Devices of public origin go only to people in precarity or to associations serving "
                        "them (article L3212-3 CGPPP): segment %s is not eligible for them.",
                        line.segment_id.name,
                    )
                )

    @api.depends("device_type_id", "condition_id", "segment_id", "price", "sale_format")
    def _compute_display_name(self):
        formats = dict(self._fields["sale_format"]._description_selection(self.env))
        for line in self:
            line.display_name = (
                f"{line.device_type_id.name} / {line.condition_id.name} / {line.segment_id.name}: "
                f"{line.price:.2f} ({formats.get(line.sale_format)})"
            )

    def _as_plain_lines(self):
        return [
            {
                "id": line.id,
                "device_type_id": line.device_type_id.id,
                "grade_id": line.condition_id.id,
                "segment_id": line.segment_id.id,
                "company_id": line.company_id.id or None,
                "price": line.price,
                "sale_format": line.sale_format,
                "date_from": line.date_from or None,
                "date_to": line.date_to or None,
                "public_origin": line.public_origin,
            }
            for line in self
        ]

    @api.model
    def _candidate_lines(self, device_types, companies):
        domain = [
            ("device_type_id", "in", device_types.ids),
            "|",
            ("company_id", "=", False),
            ("company_id", "in", companies.ids),
        ]
        return self.sudo().search(domain)._as_plain_lines()

    @api.model
    def _best_price(self, device, segments, company, on_date=None, lines=None):
        """The most favourable grid line for ``device`` and a person in ``segments``, or a UserError."""
        on_date = on_date or fields.Date.context_today(self)
        if not segments:
            raise UserError(
                self.env._("The beneficiary has no segment: the price grid needs at least one to price a device.")
            )
        public_origin = device.filiere_public_origin
        if public_origin:
            # Only the person's eligible segments price a device of public origin (L3212-3 CGPPP).
            device._check_public_origin_allocation(0.0, segments)
            segments = segments.filtered("public_origin_eligible")
        if lines is None:
            lines = self._candidate_lines(device.device_type_id, company)
        line, _missing = pricing.best_line(
            lines, device.device_type_id.id, device.condition_id.id, segments.ids, company.id, on_date, public_origin
        )
        if line is None:
            raise UserError(
                self.env._(
                    "The solidarity price grid has no price for a %(type)s of grade %(grade)s for %(segments)s "
                    "on %(date)s (%(company)s). Add a line to the grid before allocating this device.",
                    type=device.device_type_id.name or "?",
                    grade=device.condition_id.name or "?",
                    segments=", ".join(segments.mapped("name")),
                    date=on_date,
                    company=company.name,
                )
            )
        if public_origin:
            device._check_public_origin_allocation(line["price"], segments)
        return self.browse(line["id"])
