from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..lib import pricing

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
        if lines is None:
            lines = self._candidate_lines(device.device_type_id, company)
        line, _missing = pricing.best_line(
            lines, device.device_type_id.id, device.condition_id.id, segments.ids, company.id, on_date
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
        return self.browse(line["id"])
