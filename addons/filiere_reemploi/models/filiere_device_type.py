from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..lib.eco_organisation import WasteCodeError, normalise_waste_code
from ..lib.inventory import TypeResolver, normalise

# Categories of electrical and electronic equipment (directive 2012/19/EU, annex III; article
# R543-172 of the Code de l'environnement) under which the eco-organisations count reuse.
EEE_CATEGORIES = [
    ("1", "1. Temperature exchange equipment"),
    ("2", "2. Screens, monitors and equipment with screens over 100 cm²"),
    ("3", "3. Lamps"),
    ("4", "4. Large equipment"),
    ("5", "5. Small equipment"),
    ("6", "6. Small IT and telecommunication equipment"),
]


class FiliereDeviceType(models.Model):
    """A kind of device (laptop, smartphone...) with the stock product its serials belong to."""

    _name = "filiere.device.type"
    _description = "Device type"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, help="Technical key, also accepted in donor inventories.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    product_id = fields.Many2one(
        "product.product",
        required=True,
        domain=[("tracking", "=", "serial"), ("is_storable", "=", True)],
        help="Serial-tracked product under which the devices of this type are stocked.",
    )
    default_weight_kg = fields.Float(
        "Default weight (kg)", digits=(16, 3), help="Used for e-waste reporting when the device is not weighed."
    )
    has_battery = fields.Boolean(help="Battery health is expected for this type.")
    has_storage = fields.Boolean(
        default=True,
        help="Devices of this type usually hold user data. When unticked, a new device of this type is "
        "declared without storage medium (no erasure record is expected); staff can withdraw the "
        "declaration on a device that has one.",
    )
    aliases = fields.Char(
        help="Other names found in donor inventories, separated by commas (e.g. 'PC portable, notebook')."
    )
    impact_raw_materials_kg = fields.Float(
        "Raw materials avoided (kg)",
        digits=(16, 1),
        help="Raw materials not extracted when one device of this type is reused instead of made new.",
    )
    impact_raw_materials_source = fields.Text("Source of the raw materials factor", translate=True)
    impact_co2e_kg = fields.Float(
        "CO2e avoided (kg)", digits=(16, 1), help="Greenhouse gases not emitted when one device is reused."
    )
    impact_co2e_source = fields.Text("Source of the CO2e factor", translate=True)
    eco_category = fields.Selection(
        EEE_CATEGORIES,
        "Eco-organisation category",
        help="Category of electrical and electronic equipment under which the reuse of this type is reported "
        "to the eco-organisations (arrêté of 12 December 2022).",
    )
    waste_code = fields.Char(
        "Waste code",
        help="Code of the European List of Waste written in the waste register when a device of this type "
        "is sent to recycling, e.g. 16 02 14 (equipment from businesses), 20 01 36 (from households), "
        "16 02 13* (with hazardous components).",
    )
    in_kind_unit_value = fields.Monetary(
        "Value of a donated device (in kind)",
        currency_field="in_kind_currency_id",
        help="Value of one donated device of this type in the contributions volontaires en nature of a grant's "
        "financial report, when the device carries no value at transfer.",
    )
    in_kind_currency_id = fields.Many2one(
        "res.currency", "Currency of the in-kind value", default=lambda self: self.env.company.currency_id
    )
    public_price_cap = fields.Float(
        "Price cap, devices of public origin (incl. VAT)",
        digits=(16, 2),
        help="Highest solidarity price, in euros incl. VAT, at which a device of this type given by a public "
        "body may be resold (article L3212-3 CGPPP, décret of 7 November 2022: laptop 180, desktop with "
        "screen, keyboard and mouse 150, tablet 100, smartphone 100, screen 30, printer 30, multifunction "
        "printer 170). 0: such devices of this type are only given free.",
    )
    test_point_ids = fields.Many2many(
        "filiere.test.point",
        "filiere_test_point_device_type_rel",
        "device_type_id",
        "test_point_id",
        string="Checklist",
    )

    _sql_constraints = [
        ("code_unique", "unique(code)", "A device type code must be unique."),
    ]

    @api.constrains("impact_raw_materials_kg", "impact_raw_materials_source", "impact_co2e_kg", "impact_co2e_source")
    def _check_impact_sources(self):
        for device_type in self:
            for factor, source in (
                (device_type.impact_raw_materials_kg, device_type.impact_raw_materials_source),
                (device_type.impact_co2e_kg, device_type.impact_co2e_source),
            ):
                if factor and not (source or "").strip():
                    raise ValidationError(
                        self.env._(
                            "%s: an environmental factor must cite its source (study, year, page).",
                            device_type.name,
                        )
                    )

    @api.constrains("waste_code")
    def _check_waste_code(self):
        for device_type in self.filtered("waste_code"):
            try:
                normalise_waste_code(device_type.waste_code)
            except WasteCodeError as error:
                raise ValidationError(
                    self.env._(
                        "%(type)s: %(code)s is not a code of the European List of Waste (six digits, e.g. "
                        "16 02 14, a star for hazardous waste: 16 02 13*).",
                        type=device_type.name,
                        code=device_type.waste_code,
                    )
                ) from error

    @api.constrains("public_price_cap")
    def _check_public_price_cap(self):
        for device_type in self:
            if device_type.public_price_cap < 0:
                raise ValidationError(self.env._("%s: a price cap cannot be negative.", device_type.name))

    @api.model
    def _lookup_table(self):
        """Normalised name (in every installed language), code and aliases -> device type id."""
        langs = {"en_US"} | {code for code, _name in self.env["res.lang"].get_installed()}
        # A handful of types: all of them are needed.
        device_types = self.search([])  # pylint: disable=no-search-all
        table = {}
        for device_type in device_types:
            names = [device_type.code, *(device_type.aliases or "").split(",")]
            names += [device_type.with_context(lang=lang).name for lang in sorted(langs)]
            for name in names:
                if normalise(name):
                    table.setdefault(normalise(name), device_type.id)
        return table

    @api.model
    def _inventory_resolver(self, company):
        """The type resolver of a donor inventory imported by ``company``: codes, names, remembered words."""
        codes = {device_type["code"]: device_type["id"] for device_type in self.search_read([], ["code"])}  # pylint: disable=no-search-all
        remembered = self.env["filiere.device.type.alias"]._remembered(company)
        return TypeResolver(codes, self._lookup_table(), remembered)
