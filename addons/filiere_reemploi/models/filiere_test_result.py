from odoo import api, fields, models


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
            if vals.get("result", "todo") != "todo":
                vals.update(self._tester_values())
        return super().create(vals_list)

    def write(self, vals):
        if "result" in vals:
            vals = dict(vals, **self._tester_values())
        return super().write(vals)

    def _tester_values(self):
        return {"tested_by_id": self.env.uid, "tested_on": fields.Datetime.now()}
