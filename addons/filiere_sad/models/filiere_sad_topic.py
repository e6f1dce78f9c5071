from odoo import fields, models


class FiliereSadTopic(models.Model):
    """What a coaching session covers (getting started, e-mail, online procedures...)."""

    _name = "filiere.sad.topic"
    _description = "Coaching topic"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
