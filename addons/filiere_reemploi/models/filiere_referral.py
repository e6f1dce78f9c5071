import psycopg2

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..lib import lifecycle, public_rules
from .filiere_beneficiary import NEEDS
from .filiere_price_grid import SALE_FORMATS
from .stock_lot import GUARANTEE_KINDS, KEYBOARD_LAYOUTS

REFERRAL_STATES = [
    ("submitted", "Submitted"),
    ("accepted", "Accepted"),
    ("refused", "Refused"),
    ("reserved", "Device reserved"),
    ("delivered", "Handed over"),
    ("closed", "Closed"),
]

# target state -> states it may be reached from
REFERRAL_TRANSITIONS = {
    "accepted": {"submitted", "reserved"},
    "refused": {"submitted", "accepted"},
    "reserved": {"accepted"},
    "delivered": {"reserved"},
    "closed": {"delivered", "refused"},
}

# Fields of the request itself: chosen at submission, fixed once the structure has accepted it.
REQUEST_FIELDS = {"prescriber_id", "beneficiary_id", "company_id"}

# The people whose identity a referral shows: distribution staff and the prescriber (portal).
IDENTITY_GROUPS = "filiere_reemploi.group_filiere_distribution,base.group_portal"


class FiliereReferral(models.Model):
    """A prescriber asks the structure to equip a person; the request is traced to the handover."""

    _name = "filiere.referral"
    _description = "Referral"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char("Reference", required=True, readonly=True, copy=False, default="/")
    company_id = fields.Many2one(
        "res.company", "Structure", required=True, index=True, default=lambda self: self.env.company
    )
    state = fields.Selection(REFERRAL_STATES, required=True, default="submitted", index=True, tracking=True, copy=False)
    prescriber_id = fields.Many2one(
        "res.partner",
        required=True,
        index=True,
        tracking=True,
        domain=[("filiere_prescriber_type", "!=", False)],
    )
    beneficiary_id = fields.Many2one(
        "filiere.beneficiary", required=True, index=True, groups=IDENTITY_GROUPS, check_company=True
    )
    # Copied at submission so that statistics keep them without reading the person.
    zone_id = fields.Many2one("filiere.zone", index=True)
    city = fields.Char("Commune")
    segment_ids = fields.Many2many(
        "filiere.segment", "filiere_referral_segment_rel", "referral_id", "segment_id", "Segments"
    )
    need = fields.Selection(NEEDS, required=True, default="online_procedures")
    device_type_id = fields.Many2one("filiere.device.type", "Device wanted", required=True)
    keyboard_layout = fields.Selection(KEYBOARD_LAYOUTS, "Keyboard wanted")
    note = fields.Text("Prescriber's note")
    refuse_reason = fields.Text("Reason of the refusal", tracking=True)
    date_accepted = fields.Date(readonly=True, copy=False)
    lot_id = fields.Many2one("stock.lot", "Device", index=True, readonly=True, tracking=True, copy=False)
    condition_id = fields.Many2one(related="lot_id.condition_id", string="Grade")
    price_grid_id = fields.Many2one("filiere.price.grid", "Price grid line", readonly=True, copy=False)
    sale_format = fields.Selection(SALE_FORMATS, "Format", readonly=True, copy=False)
    currency_id = fields.Many2one(related="company_id.currency_id")
    price = fields.Monetary(readonly=True, copy=False)
    sale_order_id = fields.Many2one("sale.order", "Sale order", readonly=True, copy=False, index="btree_not_null")
    picking_id = fields.Many2one("stock.picking", "Delivery", compute="_compute_picking_id")
    handover_date = fields.Date(readonly=True, copy=False, index=True)
    warranty_end_date = fields.Date(readonly=True, copy=False)
    guarantee_kind = fields.Selection(
        GUARANTEE_KINDS,
        "Guarantee",
        readonly=True,
        copy=False,
        help="Set at the handover: a sale carries the legal guarantee of conformity (2 years, articles L217-3 "
        "and L217-7 of the Code de la consommation), a free donation the structure's own commitment.",
    )

    _sql_constraints = [
        (
            "lot_held_by_one_referral",
            "EXCLUDE (lot_id WITH =) WHERE (state IN ('reserved', 'delivered'))",
            "This device is already reserved for, or handed over to, another referral.",
        ),
    ]

    @api.depends("sale_order_id.picking_ids.state")
    def _compute_picking_id(self):
        for referral in self:
            pickings = referral.sale_order_id.picking_ids.filtered(lambda p: p.state != "cancel")
            referral.picking_id = pickings[-1:] if pickings else False

    # ------------------------------------------------------------------
    # One driver per lifecycle: what only the action methods write
    # ------------------------------------------------------------------
    @api.model
    def _filiere_driven_fields(self):
        """Hook: fields written only by the referral's action methods (its transition table).

        Users (distribution, manager, portal, through a form or JSON-RPC) cannot write them; the
        action methods do, with ``_write_driven`` after their own checks. (filiere_sad guards its
        coaching ticket and waiver fields the same way, with its own message.)
        """
        return {
            "state",
            "date_accepted",
            "lot_id",
            "price_grid_id",
            "sale_format",
            "price",
            "sale_order_id",
            "handover_date",
            "warranty_end_date",
            "guarantee_kind",
        }

    def _check_driven_vals(self, vals, creating=False):
        """Refuse a user's direct write of the lifecycle fields; the superuser (and sudo) passes."""
        driven = self._filiere_driven_fields() & set(vals)
        if creating and vals.get("state", "submitted") == "submitted":
            driven.discard("state")
        request_change = not creating and REQUEST_FIELDS & set(vals) and any(r.state != "submitted" for r in self)
        if self.env.su or not (driven or request_change):
            return
        # A missing right stays an AccessError (portal, auditor); the guard is for those who have it.
        self.check_access("create" if creating else "write")
        if driven:
            labels = ", ".join(sorted(self._fields[name].get_description(self.env)["string"] for name in driven))
            raise UserError(
                self.env._(
                    "%(fields)s of a referral change only through its buttons (accept, allocate, hand over, "
                    "release, refuse, close), never by a direct write.",
                    fields=labels,
                )
            )
        if request_change:
            raise UserError(
                self.env._(
                    "The prescriber, the beneficiary and the structure of a referral are fixed once it is accepted."
                )
            )

    def _write_driven(self, vals):
        """Write lifecycle fields for an action method that has checked the transition.

        The caller's own write right on these referrals is checked first; the write itself runs
        with sudo(), which is what lets it through ``_check_driven_vals`` (a context key would not:
        JSON-RPC lets a user pass any context).
        """
        self.check_access("write")
        return self.sudo().write(vals)

    def _check_beneficiary_prescriber(self, vals=None):
        """A beneficiary is referred only by the prescriber who referred them first (their own).

        With ``vals``, checks the referrals as they would be after writing them (or the one created
        from them, on an empty recordset), before anything is written.
        """
        vals = vals or {}
        self.check_access("write" if self else "create")
        sudo = self.sudo()
        for referral in sudo or [sudo.browse()]:
            beneficiary = sudo.beneficiary_id.browse(vals.get("beneficiary_id", referral.beneficiary_id.id))
            prescriber = sudo.prescriber_id.browse(vals.get("prescriber_id", referral.prescriber_id.id))
            owner = beneficiary.prescriber_id.commercial_partner_id
            if owner and owner != prescriber.commercial_partner_id:
                raise ValidationError(
                    self.env._(
                        "This beneficiary is followed by another prescriber: only %(owner)s can refer them.",
                        owner=owner.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_driven_vals(vals, creating=True)
            if not self.env.su:
                self.browse()._check_beneficiary_prescriber(vals)
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].sudo().next_by_code("filiere.referral") or "/"
        referrals = super().create(vals_list)
        referrals._copy_beneficiary_statistics()
        return referrals

    def write(self, vals):
        self._check_driven_vals(vals)
        if not self.env.su and {"beneficiary_id", "prescriber_id"} & set(vals):
            self._check_beneficiary_prescriber(vals)
        return super().write(vals)

    def _copy_beneficiary_statistics(self):
        for referral in self.sudo():
            beneficiary = referral.beneficiary_id
            referral.write(
                {
                    "zone_id": beneficiary.zone_id.id,
                    "city": beneficiary.city,
                    "segment_ids": [Command.set(beneficiary.segment_ids.ids)],
                }
            )
            if not beneficiary.prescriber_id:
                beneficiary.prescriber_id = referral.prescriber_id

    # ------------------------------------------------------------------
    # Workflow
    # ------------------------------------------------------------------
    def _check_transition(self, target):
        labels = dict(self._fields["state"]._description_selection(self.env))
        for referral in self:
            if referral.state not in REFERRAL_TRANSITIONS[target]:
                raise UserError(
                    self.env._(
                        "Referral %(name)s is '%(from_state)s': it cannot become '%(to_state)s'.",
                        name=referral.name,
                        from_state=labels[referral.state],
                        to_state=labels[target],
                    )
                )

    def action_accept(self):
        self._check_transition("accepted")
        self._write_driven({"state": "accepted", "date_accepted": fields.Date.context_today(self)})
        return True

    def action_refuse(self):
        self._check_transition("refused")
        for referral in self:
            if not (referral.refuse_reason or "").strip():
                raise UserError(
                    self.env._("Write the reason of the refusal of %s: the prescriber will read it.", referral.name)
                )
        self._write_driven({"state": "refused"})
        return True

    def action_close(self):
        self._check_transition("closed")
        self._write_driven({"state": "closed"})
        return True

    def action_open_allocation(self):
        self.ensure_one()
        self._check_transition("reserved")
        wizard = self.env["filiere.referral.allocate"].create({"referral_id": self.id})
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Allocate a device"),
            "res_model": "filiere.referral.allocate",
            "res_id": wizard.id,
            "view_mode": "form",
            "target": "new",
            "context": {"dialog_size": "extra-large"},
        }

    # ------------------------------------------------------------------
    # Allocation: the grid price, the device reserved, a standard sale order
    # ------------------------------------------------------------------
    def _matching_devices_domain(self):
        """Available reusable devices of this structure and of the requested type, any keyboard."""
        self.ensure_one()
        return [
            ("is_device", "=", True),
            ("device_state", "=", lifecycle.AVAILABLE),
            ("company_id", "in", (self.company_id.id, False)),
            ("device_type_id", "=", self.device_type_id.id),
            ("condition_id.reusable", "=", True),
        ]

    def _matching_devices(self, limit=50, keyboard=True):
        """Available devices of this structure that fit the need: type first, then keyboard (unless
        ``keyboard`` is False), best grade first."""
        self.ensure_one()
        domain = self._matching_devices_domain()
        if keyboard and self.keyboard_layout:
            domain.append(("keyboard_layout", "=", self.keyboard_layout))
        return self.env["stock.lot"].search(domain, limit=limit, order="condition_id, id")

    def _devices_left_out_by_keyboard(self):
        """How many devices would match but for their keyboard (another layout or none recorded)."""
        self.ensure_one()
        if not self.keyboard_layout:
            return 0
        domain = [*self._matching_devices_domain(), ("keyboard_layout", "!=", self.keyboard_layout)]
        return self.env["stock.lot"].search_count(domain)

    def _check_device_allocable(self, lot):
        labels = dict(lot._fields["device_state"]._description_selection(self.env))
        if lot.device_state != lifecycle.AVAILABLE:
            raise UserError(
                self.env._(
                    "Device %(device)s is '%(state)s': only an available device can be allocated.",
                    device=lot.display_name,
                    state=labels.get(lot.device_state),
                )
            )
        if lot.company_id and lot.company_id != self.company_id:
            raise UserError(
                self.env._(
                    "Device %(device)s belongs to %(company)s, not to %(structure)s.",
                    device=lot.display_name,
                    company=lot.company_id.name,
                    structure=self.company_id.name,
                )
            )

    def action_allocate_device(self, lot, grid_line=None):
        """Reserve ``lot`` for this referral at the grid price and create its sale order.

        Nothing is written when anything is refused (no price, wrong state, device taken meanwhile).
        """
        self.ensure_one()
        # Ids are accepted too, for RPC and XML data; records act in this referral's environment (its user).
        lot = self.env["stock.lot"].browse(lot.ids if isinstance(lot, models.BaseModel) else lot)
        if grid_line is not None:
            grid_line = self.env["filiere.price.grid"].browse(
                grid_line.ids if isinstance(grid_line, models.BaseModel) else grid_line
            )
        self._check_transition("reserved")
        self._lock_device(lot)
        self._check_device_allocable(lot)
        # The price is the grid's, computed here: a line sent by the client only confirms it.
        best = self.env["filiere.price.grid"]._best_price(lot, self.segment_ids, self.company_id)
        if grid_line and grid_line != best:
            raise UserError(
                self.env._(
                    "Price grid line %(line)s does not price device %(device)s for referral %(referral)s: "
                    "the grid gives %(best)s. Open the allocation again.",
                    line=grid_line.sudo().display_name,
                    device=lot.display_name,
                    referral=self.name,
                    best=best.display_name,
                )
            )
        grid_line = best
        # Whatever priced it: a device of public origin only within its cap and to an eligible person.
        lot._check_public_origin_allocation(grid_line.price, self.segment_ids)
        with self.env.cr.savepoint():
            self._reserve_device(lot, grid_line)
            self._create_sale_order()
        return True

    def _lock_device(self, lot):
        """Take the device's row first, so that two reservations of it queue instead of deadlocking.

        The second one then fails on the first one's commit (serialization error, which the server
        retries: the retry finds the device reserved and says so).
        """
        self.env.cr.execute("SELECT id FROM stock_lot WHERE id = %s FOR NO KEY UPDATE", [lot.id])

    def _reserve_device(self, lot, grid_line):
        self._write_driven(
            {
                "state": "reserved",
                "lot_id": lot.id,
                "price_grid_id": grid_line.id,
                "price": grid_line.price,
                "sale_format": grid_line.sale_format,
            }
        )
        lot.sudo().action_reserve()
        try:
            # The exclusion constraint is the arbiter when two people reserve the same device at once.
            self.env.flush_all()
        except psycopg2.errors.ExclusionViolation as exc:
            raise UserError(
                self.env._(
                    "Device %s has just been reserved for another referral: choose another device.",
                    lot.display_name,
                )
            ) from exc

    def _sale_order_vals(self):
        product = self.lot_id.product_id
        return {
            "partner_id": self.sudo().beneficiary_id._get_or_create_partner().id,
            "company_id": self.company_id.id,
            "origin": self.name,
            "client_order_ref": self.name,
            "order_line": [
                Command.create(
                    {
                        "product_id": product.id,
                        "name": f"{product.display_name} - {self.lot_id.name}",
                        "product_uom_qty": 1,
                        "price_unit": self.price,
                    }
                )
            ],
        }

    def _create_sale_order(self):
        order = self.env["sale.order"].with_company(self.company_id).create(self._sale_order_vals())
        # The link makes the order's delivery hand this referral's device over: only the referral sets it.
        order.sudo().filiere_referral_id = self
        self._write_driven({"sale_order_id": order.id})
        order.with_context(mail_notrack=True).action_confirm()
        self._reserve_serial_on_delivery()
        return order

    def _reserve_serial_on_delivery(self):
        """Make sure the delivery carries this very serial (stock.move reserves it first already)."""
        moves = self.sale_order_id.picking_ids.move_ids.filtered(
            lambda m: m.product_id == self.lot_id.product_id and m.state not in ("done", "cancel")
        )
        if not moves:
            return
        move = moves[0]
        if move.move_line_ids.lot_id == self.lot_id and move.quantity >= 1:
            return
        move._do_unreserve()
        reserved = move._update_reserved_quantity(1, move.location_id, lot_id=self.lot_id, strict=False)
        if not reserved:
            raise UserError(
                self.env._(
                    "Device %(device)s is not in stock in %(location)s: receive it there before allocating it.",
                    device=self.lot_id.display_name,
                    location=move.location_id.display_name,
                )
            )
        move._recompute_state()

    def action_release_device(self):
        """Give the device back to the available stock and the referral back to 'accepted'."""
        self._check_transition("accepted")
        for referral in self:
            lot = referral.lot_id
            if referral.sale_order_id.state != "cancel":
                referral.sale_order_id._action_cancel()
            referral._write_driven(
                {
                    "state": "accepted",
                    "lot_id": False,
                    "price_grid_id": False,
                    "price": 0.0,
                    "sale_format": False,
                    "sale_order_id": False,
                }
            )
            lot.sudo().action_unreserve()
        return True

    # ------------------------------------------------------------------
    # Handover
    # ------------------------------------------------------------------
    def action_handover(self):
        """Validate the delivery of the reserved serial; the device is then handed over."""
        self.ensure_one()
        self._check_transition("delivered")
        self._check_handover_allowed()
        picking = self.picking_id
        if not picking or picking.state == "done":
            self._mark_handed_over()
            return True
        if picking.state != "assigned":
            self._reserve_serial_on_delivery()
        with self.env.cr.savepoint():
            picking.move_ids.picked = True
            result = picking.with_context(skip_sms=True, cancel_backorder=True).button_validate()
        if result is not True:
            raise UserError(
                self.env._("The delivery %s could not be validated in one step: open it and validate it.", picking.name)
            )
        return True

    def _check_handover_allowed(self):
        """Hook: filiere_sad refuses a handover without a coaching appointment."""
        return True

    def _on_delivery_done(self, picking):
        """Called when the delivery of this referral is validated, from here or from Inventory."""
        delivered_lots = picking.move_line_ids.lot_id
        for referral in self.filtered(lambda r: r.state == "reserved"):
            if referral.lot_id not in delivered_lots:
                raise UserError(
                    self.env._(
                        "Delivery %(picking)s must hand over device %(device)s, reserved for referral %(referral)s.",
                        picking=picking.name,
                        device=referral.lot_id.display_name,
                        referral=referral.name,
                    )
                )
            referral._mark_handed_over()

    def _mark_handed_over(self):
        self.ensure_one()
        self._check_handover_allowed()
        today = fields.Date.context_today(self)
        kind, warranty_end = self._filiere_guarantee(today)
        self.lot_id.sudo().write(
            {
                "device_state": lifecycle.DELIVERED,
                "filiere_warranty_end_date": warranty_end,
                "filiere_guarantee_kind": kind,
            }
        )
        self._write_driven(
            {"state": "delivered", "handover_date": today, "warranty_end_date": warranty_end, "guarantee_kind": kind}
        )

    def _filiere_guarantee(self, handover_date=None):
        """``(kind, last day)`` of what covers this referral's device: the legal guarantee of conformity
        for a sale, the structure's commitment for the rest. Once handed over, what was recorded then."""
        self.ensure_one()
        if self.guarantee_kind and self.warranty_end_date:
            return self.guarantee_kind, self.warranty_end_date
        kind = public_rules.guarantee_kind(self.sale_format, self.price)
        start = handover_date or self.handover_date or fields.Date.context_today(self)
        return kind, public_rules.guarantee_end(kind, start, self.company_id.filiere_warranty_months or 12)

    def _filiere_guarantee_document_values(self):
        """What the handover form and the invoice print about the guarantee (see the reports)."""
        self.ensure_one()
        kind, end = self._filiere_guarantee()
        start = self.handover_date or fields.Date.context_today(self)
        return {
            "kind": kind,
            "end": end,
            "presumption_end": public_rules.presumption_end(start),
            "legal_years": public_rules.LEGAL_GUARANTEE_MONTHS // 12,
            "presumption_months": public_rules.USED_GOODS_PRESUMPTION_MONTHS,
            "commitment_months": self.company_id.filiere_warranty_months or 12,
        }

    def action_print_handover(self):
        return self.env.ref("filiere_reemploi.action_report_filiere_handover").report_action(self)

    def action_open_sale_order(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "sale.order",
            "res_id": self.sale_order_id.id,
            "view_mode": "form",
        }
