from odoo import fields, models


class FiliereTestPoint(models.Model):
    """One item of the functional test checklist (décret 2022-190: every function tested)."""

    _name = "filiere.test.point"
    _description = "Functional test checklist item"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True, help="How to test.")
    required = fields.Boolean(default=True, help="The device cannot pass unless this item passes.")
    device_type_ids = fields.Many2many(
        "filiere.device.type",
        "filiere_test_point_device_type_rel",
        "test_point_id",
        "device_type_id",
        string="Device types",
        help="Types this item applies to.",
    )
