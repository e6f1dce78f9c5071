from odoo import api, fields, models
from odoo.exceptions import UserError


class FiliereSegment(models.Model):
    """A group of beneficiaries the network prices and reports by (seniors, students...)."""

    _name = "filiere.segment"
    _description = "Beneficiary segment"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, help="Technical key, used in imports and the portal form.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)
    public_origin_eligible = fields.Boolean(
        "Eligible for devices of public origin",
        help="People in precarity: devices given by a public body go only to them or to associations "
        "serving them (article L3212-3 CGPPP).",
    )

    _sql_constraints = [
        ("code_unique", "unique(code)", "A segment code must be unique."),
    ]

    @api.model
    def _from_codes(self, codes):
        """Segments for a list (or comma-separated text) of codes; an unknown code is refused."""
        if isinstance(codes, str):
            codes = codes.split(",")
        wanted = [code.strip() for code in codes or [] if code and code.strip()]
        segments = self.search([("code", "in", wanted)])
        unknown = sorted(set(wanted) - set(segments.mapped("code")))
        if unknown:
            known = self.search([])  # pylint: disable=no-search-all
            raise UserError(
                self.env._(
                    "Unknown beneficiary segment: %(unknown)s. Known segments: %(known)s.",
                    unknown=", ".join(unknown),
                    known=", ".join(f"{s.code} ({s.name})" for s in known),
                )
            )
        return segments
