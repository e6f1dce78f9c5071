from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools.misc import formatLang, get_lang
from odoo.tools.sql import create_index

from ..lib import hardware_snapshot, lifecycle, parts, public_rules, triage
from ..lib.labels import format_number
from .filiere_triage_rule import ROUTINGS

DEVICE_STATES = [
    (lifecycle.RECEIVED, "Received"),
    (lifecycle.DIAGNOSED, "Diagnosed"),
    (lifecycle.ERASED, "Erased"),
    (lifecycle.REFURBISHED, "Refurbished"),
    (lifecycle.AVAILABLE, "Available"),
    (lifecycle.RESERVED, "Reserved"),
    (lifecycle.DELIVERED, "Delivered"),
    (lifecycle.PARTS, "Spare parts"),
    (lifecycle.RECYCLED, "Recycled (DEEE)"),
]


# Buttons of the device form -> the state each one moves the device to. Their visibility is
# computed from the lifecycle table (lifecycle.manual_targets), not retyped in the view.
DEVICE_FORM_ACTIONS = {
    "can_mark_diagnosed": lifecycle.DIAGNOSED,
    "can_mark_erased": lifecycle.ERASED,
    "can_mark_refurbished": lifecycle.REFURBISHED,
    "can_make_available": lifecycle.AVAILABLE,
    "can_send_to_parts": lifecycle.PARTS,
    "can_send_to_recycling": lifecycle.RECYCLED,
}

# Written by the referral's handover only (see filiere.referral._mark_handed_over).
REFERRAL_DRIVEN_FIELDS = {"filiere_warranty_end_date", "filiere_guarantee_kind"}

GUARANTEE_KINDS = [
    (public_rules.LEGAL, "Legal guarantee of conformity (sale)"),
    (public_rules.COMMITMENT, "The structure's own commitment (free)"),
]

# Written by the dismantling wizard only (filiere.device.dismantle): a part's origin is a fact.
DISMANTLING_DRIVEN_FIELDS = {"filiere_source_lot_id", "filiere_dismantled_date"}

# Where a part goes when it leaves the structure's stock: fitted in a repair, sold, delivered.
RELEASE_USAGES = ("customer", "production", "supplier", "transit")

STATE_DATE_FIELDS = {
    lifecycle.REFURBISHED: "filiere_refurbished_date",
    lifecycle.PARTS: "filiere_parts_date",
    lifecycle.RECYCLED: "filiere_recycled_date",
}

# A static list (not a function), so that its labels are exported and translated for every field using it.
KEYBOARD_LAYOUTS = [
    ("azerty_fr", "AZERTY (French)"),
    ("qwerty_us", "QWERTY (US)"),
    ("qwertz", "QWERTZ"),
    ("other", "Other"),
    ("none", "No keyboard"),
]


class StockLot(models.Model):
    """A donated device is a serial number of its type's product, followed through its lifecycle."""

    _inherit = "stock.lot"

    is_device = fields.Boolean(compute="_compute_is_device", store=True)
    device_type_id = fields.Many2one("filiere.device.type", "Device type", index=True, tracking=True)
    brand = fields.Char()
    model_name = fields.Char("Model")
    year = fields.Integer("Year of manufacture")
    cpu = fields.Char("CPU")
    ram_gb = fields.Float("RAM (GB)", digits=(16, 1))
    storage_type = fields.Selection(
        [
            ("hdd", "HDD"),
            ("ssd", "SATA SSD"),
            ("nvme", "NVMe"),
            ("emmc", "eMMC"),
            ("none", "No storage"),
            ("other", "Other"),
        ]
    )
    storage_size_gb = fields.Integer("Storage (GB)")
    battery_health = fields.Integer("Battery health (%)")
    keyboard_layout = fields.Selection(KEYBOARD_LAYOUTS)
    bios_lock = fields.Selection(
        [("unknown", "Not checked"), ("unlocked", "Not locked"), ("locked", "Locked"), ("removed", "Lock removed")],
        "BIOS lock",
        default="unknown",
        tracking=True,
    )
    os_installed = fields.Char("Operating system")
    weight_kg = fields.Float(
        "Weight (kg)", digits=(16, 3), compute="_compute_weight_kg", store=True, readonly=False, precompute=True
    )
    donation_id = fields.Many2one("filiere.donation", "Origin donation", index=True, check_company=True, tracking=True)
    donor_id = fields.Many2one(related="donation_id.partner_id", string="Donor", store=True)
    # The donor's value of the device when it is given: the tax receipt's value of an in-kind gift
    # (net book value of a fixed asset, 0 once fully depreciated) and the 300 € limit of public donors.
    filiere_currency_id = fields.Many2one(related="company_id.currency_id", string="Currency")
    filiere_transfer_value = fields.Monetary(
        "Value at transfer",
        currency_field="filiere_currency_id",
        tracking=True,
        copy=False,
        help="The donor's net book value of the device on the day it is given (0 when fully depreciated).",
    )
    filiere_public_origin = fields.Boolean(
        "Given by a public body",
        compute="_compute_filiere_public_origin",
        store=True,
        index=True,
        precompute=True,  # known at creation: no UPDATE after the insert of an imported batch
        help="The donor of the device's agreement is a public body: the device goes only to people in "
        "precarity or associations serving them, at a price capped per device type (articles L3212-2 3° "
        "and L3212-3 CGPPP).",
    )
    donor_usage = fields.Char("Usage at the donor")
    donor_status = fields.Char("Status given by the donor")
    device_state = fields.Selection(
        DEVICE_STATES,
        "Lifecycle state",
        default=lifecycle.RECEIVED,
        required=True,
        index=True,
        tracking=True,
        group_expand="_group_expand_device_state",
    )
    state_date = fields.Datetime("State since", readonly=True, default=fields.Datetime.now)
    # Grade: the OCA lot condition, shown under the network's word.
    condition_id = fields.Many2one(string="Grade", tracking=True)
    condition_note = fields.Text("Grade note")
    condition_required_note = fields.Boolean("Grade note required")
    grade_reusable = fields.Boolean(related="condition_id.reusable")
    test_result_ids = fields.One2many("filiere.test.result", "lot_id", "Functional test")
    functional_test_state = fields.Selection(
        [("todo", "Not started"), ("in_progress", "In progress"), ("passed", "Passed"), ("failed", "Failed")],
        compute="_compute_functional_test_state",
        store=True,
    )
    routing = fields.Selection(
        ROUTINGS,
        "Triage decision",
        tracking=True,
        readonly=True,
    )
    routing_rule_id = fields.Many2one("filiere.triage.rule", "Triage rule", readonly=True)
    routing_date = fields.Datetime("Triage date", readonly=True)
    # Dates the grant statements count by (see readme/DESCRIPTION.md, "Indicators").
    filiere_received_date = fields.Date(
        "Received on", default=fields.Date.context_today, index=True, copy=False, readonly=True
    )
    filiere_refurbished_date = fields.Date("Refurbished on", index=True, copy=False, readonly=True)
    filiere_parts_date = fields.Date("Sent to spare parts on", index=True, copy=False, readonly=True)
    filiere_recycled_date = fields.Date("Sent to recycling on", index=True, copy=False, readonly=True)
    filiere_zone_id = fields.Many2one(
        "filiere.zone",
        "Zone of origin",
        compute="_compute_filiere_zone_id",
        store=True,
        index=True,
        help="The donor's zone, or the structure's when the donor has none.",
    )
    filiere_warranty_end_date = fields.Date("Warranty until", readonly=True, copy=False, tracking=True)
    filiere_under_warranty = fields.Boolean("Under warranty", compute="_compute_filiere_under_warranty")
    filiere_guarantee_kind = fields.Selection(
        GUARANTEE_KINDS, "Guarantee", readonly=True, copy=False, tracking=True, help="Set at the handover."
    )
    filiere_referral_ids = fields.One2many(
        "filiere.referral", "lot_id", "Referrals", groups="filiere_reemploi.group_filiere_distribution"
    )
    can_mark_diagnosed = fields.Boolean("Can be diagnosed", compute="_compute_device_form_actions")
    can_mark_erased = fields.Boolean("Can be marked erased", compute="_compute_device_form_actions")
    can_mark_refurbished = fields.Boolean("Can be marked refurbished", compute="_compute_device_form_actions")
    can_make_available = fields.Boolean("Can be made available", compute="_compute_device_form_actions")
    can_send_to_parts = fields.Boolean("Can go to spare parts", compute="_compute_device_form_actions")
    can_send_to_recycling = fields.Boolean("Can go to recycling", compute="_compute_device_form_actions")
    can_triage = fields.Boolean("Can be triaged", compute="_compute_device_form_actions")
    # The waste register (arrêté of 31 May 2021): set by the "Send to recycling" wizard.
    filiere_recycling_transporter_id = fields.Many2one(
        "res.partner", "Transporter to recycling", copy=False, tracking=True, index="btree_not_null"
    )
    filiere_recycling_destination_id = fields.Many2one(
        "res.partner",
        "Recycling facility",
        copy=False,
        tracking=True,
        index="btree_not_null",
        help="The treatment facility the device was sent to (destination in the waste register).",
    )
    filiere_waste_code = fields.Char(
        "Waste code", copy=False, tracking=True, help="European List of Waste code written in the waste register."
    )

    disk_ids = fields.One2many("filiere.device.disk", "lot_id", "Disks")

    def _auto_init(self):
        """Btree indexes in the devices' list order (``name, id``), alone for the list and after the
        state for each column of the kanban (grouped by state): both read their first rows instead of
        sorting every device (measured at 1,000,000 devices by tests/benchmark_volume.py; the serial's
        own index is a trigram one, for searching); and the devices' states, for the kanban's counts."""
        result = super()._auto_init()
        create_index(self.env.cr, "stock_lot_name_id_index", self._table, ["name", "id"])
        create_index(self.env.cr, "stock_lot_device_state_name_id_index", self._table, ["device_state", "name", "id"])
        # The kanban's counts per state (every device, then each column's up to 10,001) read this
        # small index alone instead of the table: 0.2 s instead of 1 s at 1,000,000 devices.
        create_index(
            self.env.cr, "stock_lot_device_state_device_index", self._table, ["device_state"], where="is_device"
        )
        return result

    @api.depends("product_id", "device_type_id")
    def _compute_is_device(self):
        device_products = self.env["filiere.device.type"].with_context(active_test=False).search([]).product_id  # pylint: disable=no-search-all
        for lot in self:
            lot.is_device = bool(lot.device_type_id) or lot.product_id in device_products

    @api.depends("donor_id.filiere_zone_id", "company_id.filiere_zone_id")
    def _compute_filiere_zone_id(self):
        for lot in self:
            lot.filiere_zone_id = lot.donor_id.filiere_zone_id or lot.company_id.filiere_zone_id

    @api.depends("donation_id.partner_id.filiere_donor_type")
    def _compute_filiere_public_origin(self):
        for lot in self:
            lot.filiere_public_origin = lot.donation_id.partner_id.filiere_donor_type == "public"

    @api.constrains("filiere_transfer_value", "donation_id")
    def _check_public_transfer_value(self):
        for lot in self:
            problem = lot._filiere_public_transfer_problem(lot.donation_id, lot.filiere_transfer_value)
            if problem:
                raise ValidationError(problem)

    def _filiere_public_transfer_problem(self, donation, value, device=None):
        """Why a device declared at ``value`` cannot come on ``donation``, or None."""
        if donation.partner_id.filiere_donor_type != "public" or not public_rules.above_public_transfer_limit(value):
            return None
        # The limit is in euros (article D. 3212-3 CGPPP), and so is the donor's value.
        currency = self.env.ref("base.EUR")
        return self.env._(
            "Device %(device)s is declared at %(value)s on agreement %(donation)s: %(donor)s is a public body, "
            "which may give only equipment of a unit value not above %(limit)s (articles L3212-2 3° and "
            "D. 3212-3 of the CGPPP).",
            device=device or self.display_name,
            value=formatLang(self.env, value, currency_obj=currency),
            donation=donation.name,
            donor=donation.partner_id.display_name,
            limit=formatLang(self.env, public_rules.PUBLIC_TRANSFER_VALUE_LIMIT, currency_obj=currency),
        )

    def _check_public_origin_allocation(self, price, segments):
        """Refuse to hand this device of public origin at ``price`` to a person in ``segments``.

        Article L3212-3 CGPPP: only to people in precarity (or associations serving them), at a
        price not above the cap of the décret of 7 November 2022 for the device's type.
        """
        self.ensure_one()
        if not self.filiere_public_origin:
            return
        if not segments.filtered("public_origin_eligible"):
            raise UserError(
                self.env._(
                    "Device %(device)s was given by a public body: it may go only to people in precarity or to "
                    "associations serving them (article L3212-3 CGPPP), and this person's segments (%(segments)s) "
                    "are not eligible for devices of public origin. Choose another device.",
                    device=self.display_name,
                    segments=", ".join(segments.mapped("name")) or "-",
                )
            )
        cap = self.device_type_id.public_price_cap
        if public_rules.above_price_cap(price, cap):
            currency = self.env.ref("base.EUR")  # the décret's caps are in euros incl. VAT
            raise UserError(
                self.env._(
                    "Device %(device)s was given by a public body: a %(type)s of public origin may be sold at "
                    "%(cap)s incl. VAT at most (article L3212-3 CGPPP, décret of 7 November 2022), not at "
                    "%(price)s. Add a price grid line for devices of public origin within the cap.",
                    device=self.display_name,
                    type=self.device_type_id.name or "?",
                    cap=formatLang(self.env, cap, currency_obj=currency),
                    price=formatLang(self.env, price, currency_obj=currency),
                )
            )

    @api.depends("device_type_id")
    def _compute_weight_kg(self):
        for lot in self:
            if not lot.weight_kg:
                lot.weight_kg = lot.device_type_id.default_weight_kg

    @api.depends("test_result_ids.result", "test_result_ids.required")
    def _compute_functional_test_state(self):
        for lot in self:
            results = lot.test_result_ids
            required = results.filtered("required")
            if not results or all(r.result == "todo" for r in results):
                lot.functional_test_state = "todo"
            elif any(r.result == "fail" for r in required):
                lot.functional_test_state = "failed"
            elif required and all(r.result == "pass" for r in required):
                lot.functional_test_state = "passed"
            else:
                lot.functional_test_state = "in_progress"

    @api.depends("device_state")
    def _compute_device_form_actions(self):
        for lot in self:
            targets = set(lifecycle.manual_targets(lot.device_state))
            for field_name, target in DEVICE_FORM_ACTIONS.items():
                lot[field_name] = target in targets
            # The triage rules decide at intake, before the erasure.
            lot.can_triage = lot.device_state in lifecycle.NOT_YET_ERASED

    @api.model
    def _group_expand_device_state(self, states, domain):
        return [key for key, _label in DEVICE_STATES]

    @api.model
    def read_group(self, domain, fields, groupby, offset=0, limit=None, orderby=False, lazy=True):
        """Grouped by lifecycle state, every state keeps its column, but the empty ones come folded."""
        groups = super().read_group(domain, fields, groupby, offset=offset, limit=limit, orderby=orderby, lazy=lazy)
        groupby = [groupby] if isinstance(groupby, str) else list(groupby or [])
        if groupby and groupby[0] == "device_state":
            count = "device_state_count" if lazy else "__count"
            for group in groups:
                if not group.get(count):
                    group["__fold"] = True
        return groups

    @api.onchange("device_type_id")
    def _onchange_device_type_id(self):
        if self.device_type_id.product_id:
            self.product_id = self.device_type_id.product_id

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self.browse()._check_referral_driven_write(vals, creating=True)
            if vals.get("device_type_id") and not vals.get("product_id"):
                device_type = self.env["filiere.device.type"].browse(vals["device_type_id"])
                vals["product_id"] = device_type.product_id.id
        return super().create(vals_list)

    # ------------------------------------------------------------------
    # Lifecycle
    # ------------------------------------------------------------------
    def write(self, vals):
        self._check_referral_driven_write(vals)
        if "device_state" in vals:
            target = vals["device_state"]
            for lot in self:
                if lot.device_state != target:
                    lot._check_device_transition(target)
            vals = dict(vals, state_date=fields.Datetime.now())
            date_field = STATE_DATE_FIELDS.get(target)
            if date_field and date_field not in vals:
                # The first time only: a statement already sent must not move.
                undated = self.filtered(lambda lot: not lot[date_field])
                if undated:
                    super(StockLot, undated).write({date_field: fields.Date.context_today(self)})
        return super().write(vals)

    def _check_referral_driven_write(self, vals, creating=False):
        """Reservation, handover and release belong to a referral: its action methods write them with
        ``sudo()`` after their own checks, so any other account (technician, distribution, manager,
        through a form or JSON-RPC) is refused here. The superuser still goes through the transition
        checks of ``write``."""
        if self.env.su:
            return
        problem = self._referral_driven_problem(vals, creating)
        if problem:
            # A missing right stays an AccessError (auditor); the guard is for those who have it.
            self.check_access("create" if creating else "write")
            raise UserError(problem)

    def _referral_driven_problem(self, vals, creating):
        if DISMANTLING_DRIVEN_FIELDS & set(vals):
            return self.env._("The origin of a spare part is set by the dismantling of its device, not by hand.")
        if "filiere_public_origin" in vals:
            return self.env._(
                "Whether a device was given by a public body follows its donation agreement's donor: "
                "it is not written by hand."
            )
        if REFERRAL_DRIVEN_FIELDS & set(vals):
            return self.env._("The warranty of a device starts at its handover: it is not written by hand.")
        if "device_state" not in vals:
            return None
        target = vals["device_state"]
        if creating:
            moves = [(vals.get("name"), lifecycle.RECEIVED)]
        else:
            moves = [(lot.display_name, lot.device_state) for lot in self]
        labels = dict(self._fields["device_state"]._description_selection(self.env))
        for device, source in moves:
            if lifecycle.is_referral_driven(source, target):
                return self.env._(
                    "Device %(device)s cannot go from '%(from_state)s' to '%(to_state)s' by hand: a device "
                    "is reserved, handed over and released only through its referral (Distribution).",
                    device=device,
                    from_state=labels.get(source),
                    to_state=labels.get(target),
                )
        return None

    def _check_device_transition(self, target):
        """Raise when this device may not move to ``target``; extended by filiere_wipe (erasure gate)."""
        self.ensure_one()
        labels = dict(self._fields["device_state"]._description_selection(self.env))
        if not lifecycle.is_allowed(self.device_state, target):
            raise UserError(
                self.env._(
                    "Device %(device)s cannot go from '%(from_state)s' to '%(to_state)s'.",
                    device=self.display_name,
                    from_state=labels.get(self.device_state),
                    to_state=labels.get(target),
                )
            )
        if target == lifecycle.AVAILABLE and self.device_state == lifecycle.REFURBISHED:
            self._check_ready_for_reuse()

    def _check_ready_for_reuse(self):
        """Décret 2022-190: every function tested, and a reusable grade set."""
        problems = []
        if self.functional_test_state != "passed":
            problems.append(self.env._("the functional test has not passed"))
        if not self.condition_id:
            problems.append(self.env._("no grade is set"))
        elif not self.condition_id.reusable:
            problems.append(self.env._("grade '%s' is not for reuse", self.condition_id.name))
        elif (
            self.condition_id.min_battery_health
            and self.battery_health
            and self.battery_health < self.condition_id.min_battery_health
        ):
            problems.append(
                self.env._(
                    "battery health %(health)s %% is below the %(minimum)s %% required by grade '%(grade)s'",
                    health=self.battery_health,
                    minimum=self.condition_id.min_battery_health,
                    grade=self.condition_id.name,
                )
            )
        if problems:
            raise UserError(
                self.env._(
                    "Device %(device)s cannot be made available: %(problems)s.",
                    device=self.display_name,
                    problems="; ".join(problems),
                )
            )

    def _set_device_state(self, target):
        self.write({"device_state": target})
        return True

    def action_mark_diagnosed(self):
        return self._set_device_state(lifecycle.DIAGNOSED)

    def action_mark_erased(self):
        return self._set_device_state(lifecycle.ERASED)

    def action_mark_refurbished(self):
        return self._set_device_state(lifecycle.REFURBISHED)

    def action_make_available(self):
        return self._set_device_state(lifecycle.AVAILABLE)

    # The next three belong to the referral flow, which calls them with sudo(); for any other
    # account the write guard refuses them (they are no buttons of the device form).
    def action_reserve(self):
        return self._set_device_state(lifecycle.RESERVED)

    def action_unreserve(self):
        return self._set_device_state(lifecycle.AVAILABLE)

    def action_mark_delivered(self):
        return self._set_device_state(lifecycle.DELIVERED)

    def action_send_to_parts(self):
        return self._set_device_state(lifecycle.PARTS)

    def action_send_to_recycling(self):
        return self._set_device_state(lifecycle.RECYCLED)

    def action_open_recycling_wizard(self):
        """The form's Recycling button: who carries the devices, where to, under which waste code."""
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Send to recycling"),
            "res_model": "filiere.recycling.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_lot_ids": self.ids},
        }

    # ------------------------------------------------------------------
    # Functional test checklist
    # ------------------------------------------------------------------
    def action_load_test_checklist(self):
        """Add the checklist items of each device's type that are not on it yet."""
        points_by_type = {}
        vals_list = []
        for lot in self:
            if not lot.device_type_id:
                raise UserError(self.env._("Set the device type of %s before loading its checklist.", lot.display_name))
            points = points_by_type.setdefault(lot.device_type_id, lot.device_type_id.test_point_ids)
            missing = points - lot.test_result_ids.test_point_id
            vals_list += [{"lot_id": lot.id, "test_point_id": point.id} for point in missing]
        self.env["filiere.test.result"].create(vals_list)
        return True

    def action_pass_all_tests(self):
        """The technician tested every item and all work."""
        self.filtered(lambda lot: not lot.test_result_ids).action_load_test_checklist()
        self.test_result_ids.filtered(lambda r: r.result == "todo").write({"result": "pass"})
        return True

    # ------------------------------------------------------------------
    # Intake triage
    # ------------------------------------------------------------------
    def action_triage(self):
        """Apply the triage rules and record the decision on each device."""
        rule_model = self.env["filiere.triage.rule"]
        today = fields.Date.context_today(self)
        rules_by_company = {}
        decisions = {}
        for lot in self:
            if lot.company_id not in rules_by_company:
                records = rule_model.search(["|", ("company_id", "=", False), ("company_id", "=", lot.company_id.id)])
                rules_by_company[lot.company_id] = records._as_plain_rules()
            device = {
                "year": lot.year,
                "bios_lock": lot.bios_lock,
                "battery_health": lot.battery_health,
                "device_type_id": lot.device_type_id.id,
            }
            routing, rule = triage.evaluate(rules_by_company[lot.company_id], device, today)
            decisions.setdefault((routing, rule and rule["id"]), []).append(lot.id)
        now = fields.Datetime.now()
        # One write per decision, not per device: imports triage hundreds at once.
        for (routing, rule_id), lot_ids in decisions.items():
            self.browse(lot_ids).write({"routing": routing, "routing_rule_id": rule_id, "routing_date": now})
        return True

    # ------------------------------------------------------------------
    # Distribution
    # ------------------------------------------------------------------
    def _filiere_warranty_active(self, on_date=None):
        self.ensure_one()
        on_date = on_date or fields.Date.context_today(self)
        return bool(self.filiere_warranty_end_date and on_date <= self.filiere_warranty_end_date)

    @api.depends("filiere_warranty_end_date")
    def _compute_filiere_under_warranty(self):
        for lot in self:
            lot.filiere_under_warranty = lot._filiere_warranty_active()

    # ------------------------------------------------------------------
    # Spare parts (see lib/parts.py for how their weight is counted)
    # ------------------------------------------------------------------
    filiere_source_lot_id = fields.Many2one(
        "stock.lot",
        "Harvested from",
        index=True,
        readonly=True,
        copy=False,
        ondelete="restrict",
        help="The device this spare part was taken from when it was dismantled.",
    )
    filiere_harvested_lot_ids = fields.One2many("stock.lot", "filiere_source_lot_id", "Harvested parts", readonly=True)
    filiere_part_kind = fields.Selection(related="product_id.product_tmpl_id.filiere_part_kind", store=True)
    filiere_part_description = fields.Char("Part description", help="E.g. DDR4 8 GB, SSD 256 GB, 45 Wh.")
    filiere_dismantled_date = fields.Date("Dismantled on", readonly=True, copy=False)
    filiere_harvested_kg = fields.Float(
        "Harvested parts (kg)", digits=(16, 3), compute="_compute_filiere_part_weights", store=True
    )
    filiere_recycling_kg = fields.Float(
        "Weight to recycling (kg)",
        digits=(16, 3),
        compute="_compute_filiere_part_weights",
        store=True,
        help="Once sent to recycling, the device's weight less its harvested parts' (counted as parts).",
    )
    filiere_parts_kg = fields.Float(
        "Weight in the spare-parts channel (kg)",
        digits=(16, 3),
        compute="_compute_filiere_part_weights",
        store=True,
        help="Its harvested parts once dismantled; the whole device while it waits undismantled.",
    )
    filiere_fitted_part_ids = fields.Many2many(
        "stock.lot",
        string="Parts fitted",
        compute="_compute_filiere_fitted_parts",
        help="Serial-tracked parts fitted in this device by done repair orders.",
    )
    filiere_fitted_in_lot_id = fields.Many2one(
        "stock.lot", "Fitted in", compute="_compute_filiere_fitted_parts", help="The device a done repair fitted it in."
    )
    can_dismantle = fields.Boolean("Can be dismantled", compute="_compute_can_dismantle")

    @api.depends("weight_kg", "filiere_harvested_lot_ids.weight_kg", "filiere_dismantled_date", "filiere_recycled_date")
    def _compute_filiere_part_weights(self):
        for lot in self:
            harvested = sum(lot.filiere_harvested_lot_ids.mapped("weight_kg"))
            lot.filiere_harvested_kg = harvested
            lot.filiere_recycling_kg = parts.recycling_channel_kg(
                lot.weight_kg, harvested, bool(lot.filiere_recycled_date)
            )
            lot.filiere_parts_kg = parts.parts_channel_kg(
                lot.weight_kg, harvested, bool(lot.filiere_dismantled_date), bool(lot.filiere_recycled_date)
            )

    def _compute_filiere_fitted_parts(self):
        """From the 'add' lines of done repair orders: in this device, or this part in another one."""
        moves = self.env["stock.move"].search(
            [
                ("repair_id.state", "=", "done"),
                ("repair_line_type", "=", "add"),
                ("state", "=", "done"),
                "|",
                ("repair_id.lot_id", "in", self.ids),
                ("move_line_ids.lot_id", "in", self.ids),
            ]
        )
        fitted = {}
        fitted_in = {}
        for move in moves:
            device = move.repair_id.lot_id
            lots = move.move_line_ids.lot_id
            fitted[device.id] = fitted.get(device.id, self.browse()) | lots
            for lot in lots:
                fitted_in[lot.id] = device
        for lot in self:
            lot.filiere_fitted_part_ids = fitted.get(lot.id, self.browse())
            lot.filiere_fitted_in_lot_id = fitted_in.get(lot.id, self.browse())

    @api.depends("device_state", "filiere_dismantled_date")
    def _compute_can_dismantle(self):
        for lot in self:
            lot.can_dismantle = lot.device_state == lifecycle.PARTS and not lot.filiere_dismantled_date

    def action_dismantle(self):
        """Open the dismantling wizard, its lines prefilled from the passport."""
        self.ensure_one()
        self._check_can_dismantle()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Dismantle %s", self.display_name),
            "res_model": "filiere.device.dismantle",
            "view_mode": "form",
            "target": "new",
            "context": {"default_lot_id": self.id},
        }

    def _check_can_dismantle(self):
        labels = dict(self._fields["device_state"]._description_selection(self.env))
        for lot in self:
            if lot.filiere_dismantled_date:
                raise UserError(self.env._("Device %s is already dismantled.", lot.display_name))
            if lot.device_state != lifecycle.PARTS:
                raise UserError(
                    self.env._(
                        "Device %(device)s is '%(state)s': only a device sent to spare parts can be dismantled.",
                        device=lot.display_name,
                        state=labels.get(lot.device_state),
                    )
                )

    def _filiere_stock_location(self):
        """Where the device sits (its parts join it there), else its structure's main stock."""
        self.ensure_one()
        quants = self.quant_ids.filtered(lambda quant: quant.location_id.usage == "internal" and quant.quantity > 0)
        if quants:
            return quants[:1].location_id
        warehouse = self.env["stock.warehouse"].search([("company_id", "=", self.company_id.id)], limit=1)
        if not warehouse:
            raise UserError(self.env._("Structure %s has no warehouse to stock the parts in.", self.company_id.name))
        return warehouse.lot_stock_id

    def _filiere_dismantle_default_lines(self):
        """Values of the dismantling lines the passport suggests (extended by filiere_wipe for disks)."""
        self.ensure_one()
        lines = []
        if self.ram_gb:
            size = f"{self.ram_gb:g}"
            lines.append({"kind": "ram", "description": self.env._("%s GB", size)})
        lines += self._filiere_dismantle_disk_lines()
        if self.device_type_id.has_battery:
            lines.append({"kind": "battery", "description": ""})
        return lines

    def _filiere_dismantle_disk_lines(self):
        if not self.storage_type or self.storage_type == "none":
            return []
        labels = dict(self._fields["storage_type"]._description_selection(self.env))
        description = labels.get(self.storage_type)
        if self.storage_size_gb:
            description = f"{description} {self.storage_size_gb} GB"
        return [{"kind": "disk", "description": description}]

    def _filiere_part_release_blockers(self):
        """Why this spare part may not leave the stock yet (fitted, sold, delivered): a list of reasons.

        Hook: filiere_wipe refuses a harvested disk until it is erased or destroyed.
        """
        self.ensure_one()
        return []

    def _filiere_check_parts_release(self):
        """Raise with every reason for which one of these spare parts may not leave the stock."""
        problems = []
        for lot in self.filtered("filiere_source_lot_id"):
            problems += lot._filiere_part_release_blockers()
        if problems:
            raise UserError("\n".join(problems))

    # Hardware snapshots (lshw, inxi, dmidecode, smartctl, upower, Workbench)
    # ------------------------------------------------------------------
    @api.model
    def import_hardware_snapshot(self, content, filename):
        """Fill the passport of the device a diagnostic tool's output describes and return it.

        The device is found by the computer's serial number, else by the serial number of a disk
        already listed on a device; a snapshot never creates a device. An unreadable file, or one
        that matches no device, raises a UserError naming the file and changes nothing. Importing
        the same file again changes nothing more.
        """
        if not self.env.user.has_group("filiere_reemploi.group_filiere_user"):
            raise AccessError(self.env._("Only the workshop's users import hardware snapshots."))
        try:
            snapshot = hardware_snapshot.parse_snapshot(content, filename)
        except hardware_snapshot.SnapshotError as exc:
            raise UserError(self._snapshot_error_message(filename, exc)) from exc
        lot = self._snapshot_device(snapshot, filename)
        with self.env.cr.savepoint():
            lot._apply_hardware_snapshot(snapshot, filename)
        return lot

    def _snapshot_device(self, snapshot, filename):
        serial = snapshot["system"]["serial"]
        disk_serials = [disk["serial"] for disk in snapshot["disks"]]
        if not serial and not disk_serials:
            raise UserError(
                self.env._(
                    "The hardware snapshot %(file)s was not imported: it gives neither the serial number "
                    "of the computer nor that of a disk, so it matches no device.",
                    file=filename,
                )
            )
        if serial:
            lots = self.search([("name", "=", serial), ("is_device", "=", True)], limit=2)
            if len(lots) > 1:
                raise UserError(
                    self.env._(
                        "The hardware snapshot %(file)s was not imported: several devices have the serial "
                        "number %(serial)s.",
                        file=filename,
                        serial=serial,
                    )
                )
            if lots:
                return lots
        lots = self._snapshot_devices_by_disks(disk_serials) if disk_serials else self.browse()
        if len(lots) > 1:
            raise UserError(
                self.env._(
                    "The hardware snapshot %(file)s was not imported: its disks are listed on several "
                    "devices (%(devices)s).",
                    file=filename,
                    devices=", ".join(lots.mapped("name")),
                )
            )
        if not lots:
            raise UserError(
                self.env._(
                    "The hardware snapshot %(file)s was not imported: no device has the serial number "
                    "%(serials)s. A snapshot does not create devices: register the device first "
                    "(donor inventory or intake).",
                    file=filename,
                    serials=", ".join(([serial] if serial else []) + disk_serials),
                )
            )
        return lots

    @api.model
    def _snapshot_devices_by_disks(self, disk_serials):
        """The devices where these disks are listed (filiere_wipe adds those of erasure records)."""
        return self.env["filiere.device.disk"].search([("serial", "in", disk_serials)]).lot_id

    def _apply_hardware_snapshot(self, snapshot, filename):
        self.ensure_one()
        system, battery = snapshot["system"], snapshot["battery"]
        values = {}
        for field_name, key in (
            ("brand", "brand"),
            ("model_name", "model"),
            ("cpu", "cpu"),
            ("ram_gb", "ram_gb"),
            ("keyboard_layout", "keyboard_layout"),
        ):
            if system[key] is not None and self[field_name] != system[key]:
                values[field_name] = system[key]
        # The BIOS date says roughly when the machine was made: the donor's year, if any, stays.
        if system["year"] and not self.year:
            values["year"] = system["year"]
        if battery and battery["health"] is not None and self.battery_health != battery["health"]:
            values["battery_health"] = battery["health"]
        added, moved = self._apply_snapshot_disks(snapshot)
        values.update({key: value for key, value in self._storage_from_disks().items() if self[key] != value})
        if values:
            self.write(values)
        if values or added or moved:
            self._post_snapshot_message(filename, snapshot["format"], values, added, moved)

    def _apply_snapshot_disks(self, snapshot):
        """Create or update the disks the snapshot lists; a disk listed on another device moves here."""
        Disk = self.env["filiere.device.disk"]
        disks = {disk["serial"]: disk for disk in snapshot["disks"]}
        known = {disk.serial: disk for disk in Disk.search([("serial", "in", list(disks))])}
        added, moved = Disk, Disk
        to_create = []
        for serial, disk in disks.items():
            values = {
                "serial": serial,
                "model": disk["model"] or False,
                "size_gb": disk["size_gb"] or 0,
                "type": disk["type"] or False,
                "source": snapshot["format"],
            }
            record = known.get(serial)
            if not record:
                to_create.append(dict(values, lot_id=self.id))
                continue
            changes = {
                key: value for key, value in values.items() if key != "source" and value and record[key] != value
            }
            if record.lot_id != self:
                changes["lot_id"] = self.id
                moved |= record
            if changes:
                record.write(dict(changes, source=snapshot["format"]))
        if to_create:
            added = Disk.create(to_create)
        return added, moved

    def _storage_from_disks(self):
        disks = self.env["filiere.device.disk"].search([("lot_id", "=", self.id)])
        if not disks:
            return {}
        largest = max(disks, key=lambda disk: disk.size_gb)
        return {"storage_size_gb": sum(disks.mapped("size_gb")), "storage_type": largest.type or "other"}

    def _post_snapshot_message(self, filename, source, values, added, moved):
        sources = dict(self.env["filiere.device.disk"]._fields["source"]._description_selection(self.env))
        lines = []
        for field_name, value in values.items():
            field = self._fields[field_name]
            if field.type == "selection":
                value = dict(field._description_selection(self.env)).get(value, value)
            lines.append(self.env._("%(field)s: %(value)s", field=field._description_string(self.env), value=value))
        for disk in added:
            lines.append(
                self.env._(
                    "Disk added: %(model)s, serial %(serial)s, %(size)s GB",
                    model=disk.model or "?",
                    serial=disk.serial,
                    size=disk.size_gb,
                )
            )
        for disk in moved:
            lines.append(self.env._("Disk %(serial)s moved from another device", serial=disk.serial))
        title = self.env._(
            "Hardware snapshot %(file)s (%(tool)s) filled:", file=filename, tool=sources.get(source, source)
        )
        body = Markup("<p>%s</p><ul>%s</ul>") % (
            title,
            Markup("").join(Markup("<li>%s</li>") % escape(line) for line in lines),
        )
        self.message_post(body=body, message_type="comment", subtype_xmlid="mail.mt_note")

    def _snapshot_error_message(self, filename, exc):
        reasons = {
            "empty": self.env._("the file is empty"),
            "binary": self.env._("the file is binary, not a tool's text or JSON output"),
            "json": self.env._("the JSON is malformed"),
            "unrecognised": self.env._(
                "it is not an output of lshw, inxi, dmidecode, smartctl, upower nor an eReuse Workbench snapshot"
            ),
            "no_data": self.env._("the tool could not read the hardware"),
            "battery_only": self.env._(
                "upower describes the battery only and names no computer: save it in one file after the "
                "dmidecode or inxi output of the same computer (dmidecode; upower -i ...)"
            ),
        }
        return self.env._(
            "The hardware snapshot %(file)s was not imported, nothing was changed: %(reason)s.",
            file=filename,
            reason=reasons.get(exc.code, exc.code) + (f" ({exc.detail})" if exc.detail else ""),
        )

    # Labels
    # ------------------------------------------------------------------
    def _filiere_label_values(self):
        """What each device's label prints, for lib/labels.py: the serial (also in the QR code) and
        the facts a technician or a beneficiary reads on the machine, in the user's language."""
        decimal_point = get_lang(self.env).decimal_point
        keyboards = dict(self._fields["keyboard_layout"]._description_selection(self.env))
        storages = dict(self._fields["storage_type"]._description_selection(self.env))
        values = []
        for lot in self:
            first = [lot.device_type_id.name or lot.product_id.display_name]
            if lot.condition_id:
                first.append(self.env._("Grade %s", lot.condition_id.code or lot.condition_id.name))
            specs = []
            if lot.ram_gb:
                specs.append(self.env._("RAM %s GB", format_number(lot.ram_gb, decimal_point)))
            if lot.storage_type == "none":
                specs.append(storages["none"])
            elif lot.storage_size_gb or lot.storage_type:
                size = self.env._("%s GB", lot.storage_size_gb) if lot.storage_size_gb else ""
                specs.append(" ".join(part for part in (storages.get(lot.storage_type, ""), size) if part))
            lines = [" · ".join(part for part in first if part), " · ".join(specs)]
            if lot.keyboard_layout:
                lines.append(keyboards[lot.keyboard_layout])
            values.append(
                {"serial": lot.name, "lines": [line for line in lines if line], "structure": lot.company_id.name}
            )
        return values

    def action_filiere_print_labels(self):
        """The label wizard for these devices."""
        action = self.env["ir.actions.act_window"]._for_xml_id("filiere_reemploi.filiere_label_print_action")
        action["context"] = {"default_lot_ids": self.ids}
        return action

    # ------------------------------------------------------------------
    # Scan station
    # ------------------------------------------------------------------
    def _filiere_scan_actions(self):
        """The batch actions of the scan station, in the order of its buttons: {key: label}.

        Each key ``k`` is applied to one device by ``_filiere_scan_do_<k>(params)``, which raises a
        UserError to refuse that device. Other addons add theirs here (filiere_wipe: no storage)."""
        return {
            "grade": self.env._("Set the grade"),
            "pass_checklist": self.env._("Pass the checklist"),
            "next_state": self.env._("Next step"),
            "print_labels": self.env._("Print labels"),
            "parts": self.env._("Send to spare parts"),
            "recycling": self.env._("Send to recycling"),
        }

    def _filiere_next_steps(self):
        """What the bench does next with a device in each state (shown on each scan)."""
        return {
            lifecycle.RECEIVED: self.env._("Diagnose it: specifications, BIOS lock, then 'Diagnosed'."),
            lifecycle.DIAGNOSED: self.env._("Erase its storage media, then 'Erased'."),
            lifecycle.ERASED: self.env._("Refurbish it: repairs, operating system, then 'Refurbished'."),
            lifecycle.REFURBISHED: self.env._("Pass the checklist and set a grade, then 'Available'."),
            lifecycle.AVAILABLE: self.env._("Ready for a referral: nothing to do at the bench."),
            lifecycle.RESERVED: self.env._("Reserved: hand it over through its referral."),
            lifecycle.DELIVERED: self.env._("Handed over: nothing to do at the bench."),
            lifecycle.PARTS: self.env._("Dismantle it for spare parts, or send it to recycling."),
            lifecycle.RECYCLED: self.env._("Gone to recycling (DEEE): nothing to do."),
        }

    def _filiere_next_state(self):
        """The next state on the way to reuse that a person may move this device to, or None."""
        self.ensure_one()
        manual = lifecycle.manual_targets(self.device_state)
        forward = [state for state in manual if state not in (lifecycle.PARTS, lifecycle.RECYCLED)]
        return forward[0] if forward else None

    def _filiere_scan_card(self):
        """What the scan station shows of each device."""
        states = dict(self._fields["device_state"]._description_selection(self.env))
        tests = dict(self._fields["functional_test_state"]._description_selection(self.env))
        next_steps = self._filiere_next_steps()
        return [
            {
                "id": lot.id,
                "serial": lot.name,
                "device_type": lot.device_type_id.name or lot.product_id.display_name,
                "model": " ".join(part for part in (lot.brand, lot.model_name) if part),
                "state": lot.device_state,
                "state_label": states.get(lot.device_state),
                "grade": lot.condition_id.name or "",
                "functional_test": tests.get(lot.functional_test_state, ""),
                "next_step": next_steps.get(lot.device_state, ""),
            }
            for lot in self
        ]

    @api.model
    def filiere_scan_station_data(self):
        """The scan station's buttons and the grades to choose from."""
        grades = self.env["stock.lot.condition"].search_read([], ["name"])  # pylint: disable=no-search-all
        actions = [{"key": key, "label": label} for key, label in self._filiere_scan_actions().items()]
        return {"actions": actions, "grades": grades}

    @api.model
    def _filiere_scan_find(self, serials):
        """{serial: devices of that serial the user may read} (one query for the batch)."""
        found = {}
        for lot in self.search([("name", "in", list(serials)), ("is_device", "=", True)]):
            found.setdefault(lot.name, self.browse())
            found[lot.name] |= lot
        return found

    @api.model
    def filiere_scan_lookup(self, serial):
        """The device of a scanned serial: {"found": True, "device": {...}} or {"found": False,
        "message": ...}. Nothing is ever created from a scan."""
        serial = (serial or "").strip()
        lots = self._filiere_scan_find([serial]).get(serial, self.browse())
        problem = self._filiere_scan_find_problem(serial, lots)
        if problem:
            return {"found": False, "serial": serial, "message": problem}
        return {"found": True, "serial": serial, "device": lots._filiere_scan_card()[0]}

    def _filiere_scan_find_problem(self, serial, lots):
        if not lots:
            return self.env._("Unknown serial %s: no device of yours has it. Nothing was created.", serial)
        if len(lots) > 1:
            return self.env._("Serial %s is shared by several devices: open them from the device list.", serial)
        return None

    @api.model
    def filiere_scan_apply(self, serials, action, params=None):
        """Apply one scan station action to a batch of serials, each device on its own.

        Each device runs in a savepoint: a device the lifecycle or the erasure gate refuses is left
        exactly as it was, with the reason, and the others are applied. Returns ``{"results": [{"serial",
        "ok", "message", "device"}], "action": an action to run after (labels) or False}``.
        """
        self.check_access("write")
        actions = self._filiere_scan_actions()
        if action not in actions:
            raise UserError(self.env._("Unknown scan station action: %s.", action))
        params = params or {}
        serials = list(dict.fromkeys(serial.strip() for serial in serials if serial and serial.strip()))
        found = self._filiere_scan_find(serials)
        results = []
        applied = self.browse()
        for serial in serials:
            lots = found.get(serial, self.browse())
            problem = self._filiere_scan_find_problem(serial, lots) or lots._filiere_scan_apply_one(action, params)
            if not problem:
                applied |= lots
            results.append({"serial": serial, "ok": not problem, "message": problem or "", "lot_id": lots[:1].id})
        cards = {card["id"]: card for card in applied._filiere_scan_card()} if applied else {}
        for result in results:
            result["device"] = cards.get(result.pop("lot_id"), False)
        follow_up = applied.action_filiere_print_labels() if action == "print_labels" and applied else False
        return {"results": results, "action": follow_up}

    def _filiere_scan_apply_one(self, action, params):
        """Apply ``action`` to this device in a savepoint; the reason it was refused, or None."""
        self.ensure_one()
        self.env.flush_all()
        try:
            # No flushing savepoint: its rollback would also drop the tracking (precommit) of the
            # devices applied before this one. Only this device's writes are undone.
            with self.env.cr.savepoint(flush=False):
                getattr(self, f"_filiere_scan_do_{action}")(params)
                self.env.flush_all()
        except (UserError, ValidationError) as error:
            self.env.transaction.clear()
            return error.args[0]
        return None

    def _filiere_scan_do_grade(self, params):
        grade = self.env["stock.lot.condition"].browse(int(params.get("condition_id") or 0)).exists()
        if not grade:
            raise UserError(self.env._("Choose the grade to set."))
        if self.device_state in (lifecycle.RESERVED, lifecycle.DELIVERED, lifecycle.RECYCLED):
            raise UserError(self.env._("Device %s has left the workshop: its grade is not changed here.", self.name))
        self.condition_id = grade

    def _filiere_scan_do_pass_checklist(self, params):
        self.action_pass_all_tests()

    def _filiere_scan_do_next_state(self, params):
        target = self._filiere_next_state()
        if not target:
            states = dict(self._fields["device_state"]._description_selection(self.env))
            raise UserError(
                self.env._(
                    "Device %(device)s is '%(state)s': its next step is not taken at the bench.",
                    device=self.name,
                    state=states.get(self.device_state),
                )
            )
        self._set_device_state(target)

    def _filiere_scan_do_print_labels(self, params):
        """Nothing to write: the labels of the whole batch are printed after."""

    def _filiere_scan_do_parts(self, params):
        self.action_send_to_parts()

    def _filiere_scan_do_recycling(self, params):
        self.action_send_to_recycling()
