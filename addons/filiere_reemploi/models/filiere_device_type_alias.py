from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

from ..lib.inventory import SKIP, normalise


class FiliereDeviceTypeAlias(models.Model):
    """A word of a donor's inventory and the device type it means, chosen once in an import preview.

    Per structure (the structure's staff create them through the import wizard) or for the
    whole network (managers). A structure's alias wins over the network's.
    """

    _name = "filiere.device.type.alias"
    _description = "Device type word of donor inventories"
    _order = "word_key, company_id"
    _check_company_auto = True

    name = fields.Char("Word", required=True, help="The word as the donor's inventory writes it.")
    word_key = fields.Char("Normalised word", compute="_compute_word_key", store=True, index=True)
    device_type_id = fields.Many2one("filiere.device.type", "Device type", ondelete="cascade")
    skip = fields.Boolean(
        "Skip these rows", help="Rows of this word are not devices to receive (licences, cables...): not imported."
    )
    company_id = fields.Many2one(
        "res.company",
        "Structure",
        default=lambda self: self.env.company,
        index=True,
        help="Empty: the alias serves every structure of the network.",
    )

    _sql_constraints = [
        ("word_company_unique", "unique(word_key, company_id)", "This word already has a device type here."),
    ]

    @api.depends("name")
    def _compute_word_key(self):
        for alias in self:
            alias.word_key = normalise(alias.name)

    @api.constrains("name", "device_type_id", "skip")
    def _check_choice(self):
        for alias in self:
            if not alias.word_key:
                raise ValidationError(self.env._("An inventory word cannot be empty."))
            if bool(alias.device_type_id) == alias.skip:
                raise ValidationError(
                    self.env._("The word '%s' needs either a device type or 'skip these rows'.", alias.name)
                )

    @api.model_create_multi
    def create(self, vals_list):
        network_wide = any(not vals.get("company_id", self.env.company.id) for vals in vals_list)
        if network_wide and not self.env.su and not self.env.user.has_group("filiere_reemploi.group_filiere_manager"):
            raise AccessError(self.env._("Only a manager can record an inventory word for the whole network."))
        return super().create(vals_list)

    @api.model
    def _remembered(self, company):
        """Normalised word -> device type id or SKIP for a structure: its own words over the network's."""
        aliases = self.search_read(
            [("company_id", "in", [company.id, False])], ["word_key", "device_type_id", "skip", "company_id"]
        )
        table = {}
        for alias in sorted(aliases, key=lambda alias: bool(alias["company_id"])):
            table[alias["word_key"]] = SKIP if alias["skip"] else alias["device_type_id"][0]
        return table
