from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import format_date

from ..lib import lifecycle

# The devices the structure holds: in the workshop, available, reserved for a referral.
STOCK_STATES = (
    lifecycle.RECEIVED,
    lifecycle.DIAGNOSED,
    lifecycle.ERASED,
    lifecycle.REFURBISHED,
    lifecycle.AVAILABLE,
    lifecycle.RESERVED,
)


class FiliereOverview(models.TransientModel):
    """The page a coordinator or an accountant opens first: the structure's figures of the month.

    Stock by lifecycle state, the month's intake and handovers, the next grant deadline (and
    filiere_sad adds the coaching attendance through ``_compute_coaching``). Each figure comes
    from one grouped query, whatever the number of devices; each opens the records behind it.
    The figures cover the structures selected in the company switcher.
    """

    _name = "filiere.overview"
    _description = "Structure overview"

    month = fields.Date(
        required=True,
        default=lambda self: fields.Date.context_today(self).replace(day=1),
        help="Any day of the month whose intake, handovers and coaching are shown.",
    )
    date_from = fields.Date("From", compute="_compute_period")
    date_to = fields.Date("To", compute="_compute_period")
    month_label = fields.Char("Month of", compute="_compute_period")
    stock_received = fields.Integer("Received", compute="_compute_stock")
    stock_diagnosed = fields.Integer("Diagnosed", compute="_compute_stock")
    stock_erased = fields.Integer("Erased", compute="_compute_stock")
    stock_refurbished = fields.Integer("Refurbished", compute="_compute_stock")
    stock_available = fields.Integer("Available", compute="_compute_stock")
    stock_reserved = fields.Integer("Reserved", compute="_compute_stock")
    stock_total = fields.Integer("Devices held", compute="_compute_stock")
    intake_count = fields.Integer("Devices received", compute="_compute_month")
    intake_weight_kg = fields.Float("Weight received (kg)", digits=(16, 1), compute="_compute_month")
    handover_count = fields.Integer("Devices handed over", compute="_compute_month")
    next_deadline_id = fields.Many2one("filiere.grant.deadline", "Next grant deadline", compute="_compute_deadline")
    next_deadline_date = fields.Date("Due on", related="next_deadline_id.date")
    next_deadline_grant_id = fields.Many2one(related="next_deadline_id.grant_id", string="Grant")
    next_deadline_days = fields.Integer("Days left", compute="_compute_deadline")
    overdue_deadline_count = fields.Integer("Deadlines overdue", compute="_compute_deadline")

    @api.depends("month")
    def _compute_display_name(self):
        for overview in self:
            overview.display_name = self.env._("Overview")

    @api.depends("month")
    def _compute_period(self):
        for overview in self:
            start = (overview.month or fields.Date.context_today(self)).replace(day=1)
            overview.date_from = start
            overview.date_to = start + relativedelta(months=1, days=-1)
            overview.month_label = format_date(self.env, start, date_format="MMMM y")

    def _companies(self):
        return self.env.companies.ids

    def _compute_stock(self):
        groups = dict(
            self.env["stock.lot"]._read_group(
                [
                    ("is_device", "=", True),
                    ("company_id", "in", self._companies()),
                    ("device_state", "in", STOCK_STATES),
                ],
                ["device_state"],
                ["__count"],
            )
        )
        for overview in self:
            for state in STOCK_STATES:
                overview[f"stock_{state}"] = groups.get(state, 0)
            overview.stock_total = sum(groups.values())

    @api.depends("month")
    def _compute_month(self):
        for overview in self:
            [(count, weight)] = self.env["stock.lot"]._read_group(
                overview._intake_domain(), [], ["__count", "weight_kg:sum"]
            )
            overview.intake_count = count
            overview.intake_weight_kg = weight or 0.0
            overview.handover_count = self.env["filiere.referral"].search_count(overview._handover_domain())

    def _compute_deadline(self):
        today = fields.Date.context_today(self)
        Deadline = self.env["filiere.grant.deadline"]
        open_deadlines = [("done", "=", False), ("grant_id.company_id", "in", self._companies())]
        upcoming = Deadline.search(open_deadlines + [("date", ">=", today)], order="date, id", limit=1)
        overdue = Deadline.search_count(open_deadlines + [("date", "<", today)])
        for overview in self:
            overview.next_deadline_id = upcoming
            overview.next_deadline_days = (upcoming.date - today).days if upcoming else 0
            overview.overdue_deadline_count = overdue

    # ------------------------------------------------------------------
    # The records behind the figures
    # ------------------------------------------------------------------
    def _intake_domain(self):
        self.ensure_one()
        return [
            ("is_device", "=", True),
            ("company_id", "in", self._companies()),
            ("filiere_received_date", ">=", self.date_from),
            ("filiere_received_date", "<=", self.date_to),
        ]

    def _handover_domain(self):
        self.ensure_one()
        return [
            ("company_id", "in", self._companies()),
            ("state", "in", ("delivered", "closed")),
            ("handover_date", ">=", self.date_from),
            ("handover_date", "<=", self.date_to),
        ]

    def _devices_action(self, domain, name):
        action = self.env["ir.actions.act_window"]._for_xml_id("filiere_reemploi.stock_lot_device_action")
        action.update({"domain": domain, "name": name, "context": {"create": False}})
        return action

    def action_open_stock(self):
        """The devices held, or those of one state (``overview_state`` in the button's context)."""
        self.ensure_one()
        state = self.env.context.get("overview_state")
        states = [state] if state in STOCK_STATES else list(STOCK_STATES)
        domain = [("is_device", "=", True), ("company_id", "in", self._companies()), ("device_state", "in", states)]
        return self._devices_action(domain, self.env._("Devices held"))

    def action_open_intake(self):
        self.ensure_one()
        return self._devices_action(self._intake_domain(), self.env._("Received in %s", self.month_label))

    def action_open_handovers(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("filiere_reemploi.filiere_referral_action")
        action.update(
            {
                "domain": self._handover_domain(),
                "name": self.env._("Handed over in %s", self.month_label),
                "context": {"create": False},
            }
        )
        return action

    def action_open_deadline(self):
        self.ensure_one()
        grant = self.next_deadline_grant_id
        if not grant:
            return self.env["ir.actions.act_window"]._for_xml_id("filiere_reemploi.filiere_grant_action")
        return {"type": "ir.actions.act_window", "res_model": "filiere.grant", "res_id": grant.id, "view_mode": "form"}

    @api.model
    def action_open(self):
        """The menu's entry: a fresh overview of the current month."""
        overview = self.create({})
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Overview"),
            "res_model": self._name,
            "res_id": overview.id,
            "view_mode": "form",
            "target": "current",
        }
