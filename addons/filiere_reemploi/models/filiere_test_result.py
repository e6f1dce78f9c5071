from odoo import api, fields, models
from odoo.exceptions import UserError


class FiliereTestResult(models.Model):
    """The result of one checklist item on one device, with who tested it and when."""

    _name = "filiere.test.result"
    _description = "Functional test result"
    _order = "sequence, id"

    lot_id = fields.Many2one("stock.lot", "Device", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="lot_id.company_id", store=True)
    test_point_id = fields.Many2one("filiere.test.point", "Checklist item", required=True, ondelete="restrict")
    name = fields.Char(related="test_point_id.name")
    sequence = fields.Integer(related="test_point_id.sequence", store=True)
    required = fields.Boolean(related="test_point_id.required", store=True)
    result = fields.Selection(
        [("todo", "To test"), ("pass", "Passed"), ("fail", "Failed"), ("na", "Not applicable")],
        default="todo",
        required=True,
    )
    note = fields.Char()
    tested_by_id = fields.Many2one("res.users", "Tested by", readonly=True)
    tested_on = fields.Datetime(readonly=True)

    _sql_constraints = [
        ("point_unique", "unique(lot_id, test_point_id)", "A checklist item is tested once per device."),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_required_follows_item(vals)
            if vals.get("result", "todo") != "todo":
                vals.update(self._tester_values())
        return super().create(vals_list)

    def write(self, vals):
        self._check_required_follows_item(vals)
        self._check_stays_on_checklist(vals)
        if "result" in vals:
            vals = dict(vals, **self._tester_values())
        return super().write(vals)

    def _tester_values(self):
        return {"tested_by_id": self.env.uid, "tested_on": fields.Datetime.now()}

    def _check_required_follows_item(self, vals):
        """'Required' is stored from the checklist item: written on a row, it would unrequire it."""
        if "required" in vals:
            raise UserError(
                self.env._(
                    "Whether a checklist row is required follows its checklist item: it cannot be set on the row."
                )
            )

    def _check_stays_on_checklist(self, vals):
        """A required row moved to another device or item would leave its device without it."""
        for fname in ("lot_id", "test_point_id"):
            if fname not in vals:
                continue
            moved = self.filtered(lambda result, fname=fname: result.required and result[fname].id != vals[fname])
            if moved:
                raise UserError(
                    self.env._(
                        "The required checklist item '%(item)s' stays on device %(device)s: "
                        "it cannot be moved to another device or item.",
                        item=moved[0].name,
                        device=moved[0].lot_id.display_name,
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_required(self):
        """Without this, deleting a required row would let the device pass without it."""
        required = self.filtered("required")
        if required:
            raise UserError(
                self.env._(
                    "The required checklist item '%(item)s' cannot be removed from device %(device)s: "
                    "set its result instead.",
                    item=required[0].name,
                    device=required[0].lot_id.display_name,
                )
            )
