import base64

from odoo import api, fields, models
from odoo.exceptions import UserError


class FiliereLabelPrint(models.TransientModel):
    """Print the labels of devices: one, a selection from the list, or a whole receipt."""

    _name = "filiere.label.print"
    _description = "Print device labels"

    lot_ids = fields.Many2many("stock.lot", string="Devices", required=True)
    lot_count = fields.Integer("Labels", compute="_compute_lot_count")
    format_id = fields.Many2one(
        "filiere.label.format", "Label format", required=True, default=lambda self: self._default_format()
    )
    output = fields.Selection(related="format_id.output")
    skip = fields.Integer(
        "Labels already used on the first sheet",
        help="Positions left blank at the top of the first sheet, row by row, to finish a sheet already started.",
    )
    state = fields.Selection([("choose", "Choose"), ("done", "Done")], default="choose")
    label_file = fields.Binary("File", readonly=True, attachment=False)
    label_filename = fields.Char("File name", readonly=True)

    @api.model
    def _default_format(self):
        return self.env["filiere.label.format"].search(
            ["|", ("company_id", "=", False), ("company_id", "in", self.env.companies.ids)], limit=1
        )

    @api.depends("lot_ids")
    def _compute_lot_count(self):
        for wizard in self:
            wizard.lot_count = len(wizard.lot_ids)

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        context = self.env.context
        if "lot_ids" in fields_list and not values.get("lot_ids") and context.get("active_model") == "stock.lot":
            values["lot_ids"] = [fields.Command.set(context.get("active_ids") or [])]
        return values

    def action_print(self):
        self.ensure_one()
        if not self.lot_ids:
            raise UserError(self.env._("Choose the devices whose labels to print."))
        content, extension, _mimetype = self.format_id._render(self.lot_ids._filiere_label_values(), skip=self.skip)
        name = self.lot_ids[0].name if len(self.lot_ids) == 1 else self.env._("%s labels", len(self.lot_ids))
        self.write(
            {
                "label_file": base64.b64encode(content),
                "label_filename": f"{name}.{extension}".replace("/", "-"),
                "state": "done",
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Device labels"),
        }
