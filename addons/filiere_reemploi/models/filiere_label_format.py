from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools.misc import get_lang

from ..lib import labels


class FiliereLabelFormat(models.Model):
    """A stock of labels the structure prints on: a sheet of adhesive labels or a thermal printer's roll."""

    _name = "filiere.label.format"
    _description = "Label format"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", "Structure", index=True, help="Leave empty to share the format with the whole network."
    )
    output = fields.Selection(
        [("sheet", "PDF: sheets of adhesive labels"), ("zpl", "ZPL: thermal printer")],
        required=True,
        default="sheet",
    )
    page_width = fields.Float("Page width (mm)", default=210.0, digits=(16, 2))
    page_height = fields.Float("Page height (mm)", default=297.0, digits=(16, 2))
    columns = fields.Integer(default=3)
    rows = fields.Integer(default=8)
    label_width = fields.Float("Label width (mm)", default=70.0, digits=(16, 2), required=True)
    label_height = fields.Float("Label height (mm)", default=37.0, digits=(16, 2), required=True)
    margin_top = fields.Float("Top margin (mm)", digits=(16, 2))
    margin_left = fields.Float("Left margin (mm)", digits=(16, 2))
    spacing_x = fields.Float("Space between columns (mm)", digits=(16, 2))
    spacing_y = fields.Float("Space between rows (mm)", digits=(16, 2))
    dpi = fields.Integer("Printer resolution (dpi)", default=203, help="203 or 300 for most thermal printers.")

    @api.constrains(*labels.SHEET_KEYS, "output", "dpi")
    def _check_fits(self):
        for fmt in self:
            if fmt.output == "zpl":
                if fmt.label_width <= 0 or fmt.label_height <= 0 or fmt.dpi <= 0:
                    raise ValidationError(
                        self.env._("Label format %s: the label's size and the resolution must be positive.", fmt.name)
                    )
                continue
            problem = labels.sheet_problem(fmt._as_plain_format())
            if problem:
                raise ValidationError(
                    self.env._(
                        "Label format %(format)s does not fit on its page: %(problem)s.",
                        format=fmt.name,
                        problem=fmt._problem_text(*problem),
                    )
                )

    def _problem_text(self, code, params):
        if code in ("not_positive", "negative"):
            field = self._fields[params["key"]].get_description(self.env)["string"]
            if code == "negative":
                return self.env._("'%s' must not be negative", field)
            return self.env._("'%s' must be positive", field)
        decimal_point = get_lang(self.env).decimal_point
        used = labels.format_number(params["used"], decimal_point)
        page = labels.format_number(params["page"], decimal_point)
        if code == "too_wide":
            return self.env._("the labels take %(used)s mm across a page of %(page)s mm", used=used, page=page)
        return self.env._("the labels take %(used)s mm down a page of %(page)s mm", used=used, page=page)

    def _as_plain_format(self):
        """The format as the plain renderer (lib/labels.py) reads it."""
        self.ensure_one()
        keys = labels.ZPL_KEYS if self.output == "zpl" else labels.SHEET_KEYS
        return {key: self[key] for key in keys}

    def _render(self, label_values, skip=0):
        """(file content, file extension, mimetype) of these labels in this format."""
        self.ensure_one()
        if self.output == "zpl":
            return labels.zpl(label_values, self._as_plain_format()).encode(), "zpl", "text/plain"
        title = self.env._("Device labels")
        return labels.sheet_pdf(label_values, self._as_plain_format(), skip=skip, title=title), "pdf", "application/pdf"
