import hashlib
import json

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date, format_datetime

from ..lib import statement_pdf, statement_xlsx

# Keys of compute_indicators(), in the order of the statements.
INDICATOR_KEYS = (
    "devices_received",
    "devices_received_kg",
    "devices_refurbished",
    "reuse_rate",
    "devices_recycled",
    "devices_recycled_kg",
    "devices_parts",
    "devices_distributed",
    "distributed_free",
    "distributed_solidarity",
    "distributed_rental",
    "distributed_loan",
    "solidarity_revenue",
    "beneficiaries",
    "beneficiaries_by_segment",
    "beneficiaries_by_zone",
    "communes_covered",
    "donors",
    "prescribers",
    "erasure_certificates",
    "sad_sessions_held",
    "sad_attendance_rate",
    "sad_people_coached",
    "satisfaction_avg",
    "raw_materials_avoided_kg",
    "co2e_avoided_kg",
    "expenses",
    "cost_per_device",
)

HANDED_OVER = ("delivered", "closed")


def _ratio(numerator, denominator, digits=4):
    return round(numerator / denominator, digits) if denominator else 0.0


class FiliereStatement(models.Model):
    """A numbered grant statement: the figures of a period, stored with their hash, never changed."""

    _name = "filiere.statement"
    _description = "Grant statement"
    _order = "issue_date desc, id desc"

    name = fields.Char("Number", required=True, readonly=True, copy=False, default="/")
    grant_id = fields.Many2one("filiere.grant", required=True, readonly=True, index=True, ondelete="restrict")
    partner_id = fields.Many2one(related="grant_id.partner_id", string="Funder")
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    company_ids = fields.Many2many(
        "res.company", "filiere_statement_company_rel", "statement_id", "company_id", "Structures", readonly=True
    )
    zone_ids = fields.Many2many(
        "filiere.zone", "filiere_statement_zone_rel", "statement_id", "zone_id", "Zones", readonly=True
    )
    date_from = fields.Date(required=True, readonly=True)
    date_to = fields.Date(required=True, readonly=True)
    issue_date = fields.Datetime(required=True, readonly=True, default=fields.Datetime.now)
    issued_by_id = fields.Many2one("res.users", readonly=True, default=lambda self: self.env.user)
    figures = fields.Text("Figures (JSON)", readonly=True, help="Canonical JSON of the figures, as hashed.")
    content_hash = fields.Char("SHA-256", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    grant_amount = fields.Monetary(readonly=True)
    expenses = fields.Monetary(readonly=True)
    line_ids = fields.One2many("filiere.statement.line", "statement_id", "Indicators", readonly=True)
    pdf_attachment_id = fields.Many2one("ir.attachment", "PDF", readonly=True)
    xlsx_attachment_id = fields.Many2one("ir.attachment", "Spreadsheet", readonly=True)
    check_result = fields.Char("Last check", readonly=True)

    # ------------------------------------------------------------------
    # Indicator engine
    # ------------------------------------------------------------------
    @api.model
    def _allowed_company_ids(self, company_ids):
        wanted = list(company_ids) if company_ids else self.env.companies.ids
        if self.env.su:
            return wanted
        allowed = set(self.env.user.company_ids.ids)
        return [company for company in wanted if company in allowed]

    @api.model
    def compute_indicators(self, date_from, date_to, company_ids=None, zone_ids=None, analytic_account_ids=None):
        """Every figure of a grant statement for a period, from the ERP's records, in SQL aggregates.

        ``date_from`` and ``date_to`` are included. ``company_ids``: the structures (default: the
        current ones); ``zone_ids``: restrict to these zones (default: all);
        ``analytic_account_ids``: the accounts whose costs are the expenses. The number of queries
        does not depend on the number of records. Definitions: readme/DESCRIPTION.md.
        """
        self.env["stock.lot"].check_access("read")
        self.env["filiere.referral"].check_access("read")
        self.env.flush_all()
        params = {
            "date_from": fields.Date.to_date(date_from),
            "date_to": fields.Date.to_date(date_to),
            "companies": self._allowed_company_ids(company_ids),
            "zones": list(zone_ids or []),
            "all_zones": not zone_ids,
            "accounts": list(analytic_account_ids or []),
        }
        result = dict.fromkeys(INDICATOR_KEYS, 0)
        result.update(self._indicators_devices(params))
        result.update(self._indicators_distribution(params))
        result.update(self._indicators_expenses(params))
        result.update(self._indicators_extra(params))
        result["reuse_rate"] = _ratio(result["devices_refurbished"], result["devices_received"])
        result["cost_per_device"] = _ratio(result["expenses"], result["devices_distributed"], 2)
        return result

    def _fetch_one(self, query, params):
        self.env.cr.execute(query, params)
        return self.env.cr.dictfetchone()

    @api.model
    def _indicators_devices(self, params):
        in_period = "BETWEEN %(date_from)s AND %(date_to)s"
        row = self._fetch_one(
            f"""
            SELECT COUNT(*) FILTER (WHERE l.filiere_received_date {in_period}) AS devices_received,
                   COALESCE(SUM(l.weight_kg) FILTER (WHERE l.filiere_received_date {in_period}), 0)
                       AS devices_received_kg,
                   COUNT(*) FILTER (WHERE l.filiere_refurbished_date {in_period}) AS devices_refurbished,
                   COUNT(*) FILTER (WHERE l.filiere_recycled_date {in_period}) AS devices_recycled,
                   COALESCE(SUM(l.weight_kg) FILTER (WHERE l.filiere_recycled_date {in_period}), 0)
                       AS devices_recycled_kg,
                   COUNT(*) FILTER (WHERE l.filiere_parts_date {in_period}) AS devices_parts,
                   COUNT(DISTINCT l.donor_id) FILTER (WHERE l.filiere_received_date {in_period}) AS donors
              FROM stock_lot l
             WHERE l.is_device
               AND l.company_id = ANY(%(companies)s)
               AND (%(all_zones)s OR l.filiere_zone_id = ANY(%(zones)s))
            """,
            params,
        )
        row["devices_received_kg"] = round(float(row["devices_received_kg"]), 3)
        row["devices_recycled_kg"] = round(float(row["devices_recycled_kg"]), 3)
        return row

    _REFERRAL_SCOPE = """
             r.company_id = ANY(%(companies)s)
         AND (%(all_zones)s OR r.zone_id = ANY(%(zones)s))
    """
    _HANDED_OVER_IN_PERIOD = """
             r.state IN ('delivered', 'closed')
         AND r.handover_date BETWEEN %(date_from)s AND %(date_to)s
    """

    @api.model
    def _indicators_distribution(self, params):
        scope = self._REFERRAL_SCOPE
        handed = self._HANDED_OVER_IN_PERIOD
        row = self._fetch_one(
            f"""
            SELECT COUNT(*) AS devices_distributed,
                   COUNT(*) FILTER (WHERE r.sale_format = 'donation') AS distributed_free,
                   COUNT(*) FILTER (WHERE r.sale_format = 'sale') AS distributed_solidarity,
                   COUNT(*) FILTER (WHERE r.sale_format = 'rental') AS distributed_rental,
                   COUNT(*) FILTER (WHERE r.sale_format = 'loan') AS distributed_loan,
                   COALESCE(SUM(r.price) FILTER (WHERE r.sale_format IN ('sale', 'rental')), 0) AS solidarity_revenue,
                   COUNT(DISTINCT r.beneficiary_id) AS beneficiaries,
                   COUNT(DISTINCT lower(trim(r.city))) FILTER (WHERE trim(r.city) <> '') AS communes_covered,
                   COALESCE(SUM(t.impact_raw_materials_kg), 0) AS raw_materials_avoided_kg,
                   COALESCE(SUM(t.impact_co2e_kg), 0) AS co2e_avoided_kg,
                   (SELECT COUNT(DISTINCT r.prescriber_id)
                      FROM filiere_referral r
                     WHERE {scope}
                       AND r.create_date::date BETWEEN %(date_from)s AND %(date_to)s) AS prescribers,
                   (SELECT json_object_agg(code, people) FROM (
                        SELECT s.code, COUNT(DISTINCT r.beneficiary_id) AS people
                          FROM filiere_referral r
                          JOIN filiere_referral_segment_rel rel ON rel.referral_id = r.id
                          JOIN filiere_segment s ON s.id = rel.segment_id
                         WHERE {scope} AND {handed}
                      GROUP BY s.code) AS by_segment) AS beneficiaries_by_segment,
                   (SELECT json_object_agg(zone, people) FROM (
                        SELECT COALESCE(z.code, z.id::text, 'none') AS zone, COUNT(DISTINCT r.beneficiary_id) AS people
                          FROM filiere_referral r
                     LEFT JOIN filiere_zone z ON z.id = r.zone_id
                         WHERE {scope} AND {handed}
                      GROUP BY 1) AS by_zone) AS beneficiaries_by_zone
              FROM filiere_referral r
         LEFT JOIN stock_lot l ON l.id = r.lot_id
         LEFT JOIN filiere_device_type t ON t.id = l.device_type_id
             WHERE {scope} AND {handed}
            """,
            params,
        )
        row["solidarity_revenue"] = round(float(row["solidarity_revenue"]), 2)
        row["raw_materials_avoided_kg"] = round(float(row["raw_materials_avoided_kg"]), 1)
        row["co2e_avoided_kg"] = round(float(row["co2e_avoided_kg"]), 1)
        row["beneficiaries_by_segment"] = dict(sorted((row["beneficiaries_by_segment"] or {}).items()))
        row["beneficiaries_by_zone"] = dict(sorted((row["beneficiaries_by_zone"] or {}).items()))
        return row

    @api.model
    def _indicators_expenses(self, params):
        """Costs booked on the grant's analytic accounts in the period (none without an account)."""
        if not params["accounts"]:
            return {"expenses": 0.0}
        row = self._fetch_one(
            """
            SELECT COALESCE(-SUM(a.amount), 0) AS expenses
              FROM account_analytic_line a
             WHERE a.amount < 0
               AND a.account_id = ANY(%(accounts)s)
               AND a.date BETWEEN %(date_from)s AND %(date_to)s
               AND (a.company_id IS NULL OR a.company_id = ANY(%(companies)s))
            """,
            params,
        )
        return {"expenses": round(float(row["expenses"]), 2)}

    @api.model
    def _indicators_extra(self, params):
        """Hook: filiere_wipe adds the erasure certificates, filiere_sad the coaching figures."""
        return {}

    # ------------------------------------------------------------------
    # Records behind a figure
    # ------------------------------------------------------------------
    def _scope_domain(self, zone_field):
        self.ensure_one()
        domain = [("company_id", "in", self.company_ids.ids)]
        if self.zone_ids:
            domain.append((zone_field, "in", self.zone_ids.ids))
        return domain

    def _period(self, field):
        return [(field, ">=", self.date_from), (field, "<=", self.date_to)]

    def _records_behind(self, key):
        """(model, domain) of the records a figure counts; extended by filiere_wipe and filiere_sad."""
        self.ensure_one()
        devices = [("is_device", "=", True), *self._scope_domain("filiere_zone_id")]
        handed = [("state", "in", HANDED_OVER), *self._period("handover_date"), *self._scope_domain("zone_id")]
        formats = {
            "distributed_free": "donation",
            "distributed_solidarity": "sale",
            "distributed_rental": "rental",
            "distributed_loan": "loan",
        }
        if key in ("devices_received", "devices_received_kg", "donors", "reuse_rate"):
            return "stock.lot", devices + self._period("filiere_received_date")
        if key == "devices_refurbished":
            return "stock.lot", devices + self._period("filiere_refurbished_date")
        if key in ("devices_recycled", "devices_recycled_kg"):
            return "stock.lot", devices + self._period("filiere_recycled_date")
        if key == "devices_parts":
            return "stock.lot", devices + self._period("filiere_parts_date")
        if key in formats:
            return "filiere.referral", [*handed, ("sale_format", "=", formats[key])]
        if key == "solidarity_revenue":
            return "filiere.referral", [*handed, ("sale_format", "in", ("sale", "rental"))]
        if key == "prescribers":
            return "filiere.referral", [
                *self._scope_domain("zone_id"),
                ("create_date", ">=", self.date_from),
                ("create_date", "<", fields.Date.add(self.date_to, days=1)),
            ]
        if key == "expenses" or key == "cost_per_device":
            account = self.grant_id.analytic_account_id
            return "account.analytic.line", [
                ("account_id", "=", account.id),
                ("amount", "<", 0),
                *self._period("date"),
            ]
        # Distributed devices, beneficiaries, communes, breakdowns and environmental figures.
        return "filiere.referral", handed

    # ------------------------------------------------------------------
    # Issue: numbered, stored, hashed, never changed
    # ------------------------------------------------------------------
    @api.model
    def _canonical(self, payload):
        return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))

    @api.model
    def _payload(self, grant, date_from, date_to, companies, zones, figures):
        return {
            "grant": grant.name,
            "funder": grant.partner_id.name,
            "date_from": str(date_from),
            "date_to": str(date_to),
            "companies": sorted(companies.mapped("name")),
            "zones": sorted(zones.mapped("name")),
            "figures": figures,
        }

    @api.model
    def _line_values(self, grant, figures):
        """One line per figure (per segment or zone for breakdowns), named in the structure's language."""
        self = self.with_context(lang=grant.company_id.partner_id.lang or self.env.lang)  # noqa: PLW0642
        indicators = self.env["filiere.indicator"].search([])  # pylint: disable=no-search-all
        wanted = grant.indicator_ids or indicators
        segments = {s.code: s.name for s in self.env["filiere.segment"].with_context(active_test=False).search([])}
        zones = {
            z.code or str(z.id): z.name for z in self.env["filiere.zone"].with_context(active_test=False).search([])
        }
        lines = []
        for indicator in wanted.sorted("sequence"):
            value = figures.get(indicator.key, 0)
            if isinstance(value, dict):
                names = segments if indicator.key == "beneficiaries_by_segment" else zones
                for sub_key, sub_value in value.items():
                    lines.append(
                        {
                            "indicator_id": indicator.id,
                            "key": indicator.key,
                            "sub_key": sub_key,
                            "name": f"{indicator.name}: {names.get(sub_key, sub_key)}",
                            "value": sub_value,
                        }
                    )
                continue
            lines.append({"indicator_id": indicator.id, "key": indicator.key, "name": indicator.name, "value": value})
        return lines

    @api.model
    def _issue(self, grant, date_from, date_to):
        """Compute, number, hash and store a statement for ``grant`` over the period."""
        if date_to < date_from:
            raise UserError(self.env._("The period of the statement ends before it starts."))
        companies = grant._covered_companies()
        figures = self.compute_indicators(
            date_from, date_to, companies.ids, grant.zone_ids.ids, grant.analytic_account_id.ids
        )
        payload = self._payload(grant, date_from, date_to, companies, grant.zone_ids, figures)
        canonical = self._canonical(payload)
        sequence = self.env["ir.sequence"].with_company(grant.company_id).sudo()
        statement = self.create(
            {
                "name": sequence.next_by_code("filiere.statement") or "/",
                "grant_id": grant.id,
                "company_id": grant.company_id.id,
                "company_ids": [fields.Command.set(companies.ids)],
                "zone_ids": [fields.Command.set(grant.zone_ids.ids)],
                "date_from": date_from,
                "date_to": date_to,
                "figures": canonical,
                "content_hash": hashlib.sha256(canonical.encode()).hexdigest(),
                "grant_amount": grant.amount,
                "expenses": figures["expenses"],
                "line_ids": [fields.Command.create(values) for values in self._line_values(grant, figures)],
            }
        )
        statement._attach_documents()
        return statement

    def _attach_documents(self):
        """The PDF and spreadsheet sent to the funder, made once, at issue."""
        attachments = self.env["ir.attachment"].sudo()
        for statement in self:
            base = statement.name.replace("/", "-")
            pdf = attachments.create(
                {
                    "name": f"{base}.pdf",
                    "raw": statement._render_pdf(),
                    "res_model": self._name,
                    "res_id": statement.id,
                    "mimetype": "application/pdf",
                }
            )
            xlsx = attachments.create(
                {
                    "name": f"{base}.xlsx",
                    "raw": statement._render_xlsx(),
                    "res_model": self._name,
                    "res_id": statement.id,
                    "mimetype": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                }
            )
            self.env.cr.execute(
                "UPDATE filiere_statement SET pdf_attachment_id = %s, xlsx_attachment_id = %s WHERE id = %s",
                (pdf.id, xlsx.id, statement.id),
            )
        self.invalidate_recordset(["pdf_attachment_id", "xlsx_attachment_id"])

    def write(self, vals):
        if set(vals) - {"check_result"}:
            raise UserError(
                self.env._("A grant statement never changes once issued: issue a new one for corrected figures.")
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("A grant statement sent to a funder cannot be deleted."))

    def _stored_figures(self):
        self.ensure_one()
        return json.loads(self.figures)["figures"]

    def action_check(self):
        """Is the stored statement intact, and would the same period give the same figures today?"""
        for statement in self:
            intact = hashlib.sha256(statement.figures.encode()).hexdigest() == statement.content_hash
            now = statement.compute_indicators(
                statement.date_from,
                statement.date_to,
                statement.company_ids.ids,
                statement.zone_ids.ids,
                statement.grant_id.analytic_account_id.ids,
            )
            stored = statement._stored_figures()
            changed = sorted(key for key in stored if stored[key] != now.get(key))
            if not intact:
                result = self.env._("Altered: the stored figures no longer match their hash.")
            elif changed:
                result = self.env._("Intact. The records have changed since: %s differ today.", ", ".join(changed))
            else:
                result = self.env._("Intact, and the same figures today.")
            statement.check_result = result
        return True

    # ------------------------------------------------------------------
    # Documents
    # ------------------------------------------------------------------
    def _document_data(self):
        self.ensure_one()
        statement = self.with_context(lang=self.company_id.partner_id.lang or self.env.lang)
        env = statement.env
        formatted = [(line.name, line.with_env(env)._format_value()) for line in statement.line_ids]
        return {
            "labels": {
                "title": env._("Grant statement"),
                "number": env._("Number"),
                "funder": env._("Funder"),
                "grant": env._("Grant programme"),
                "period": env._("Period"),
                "structures": env._("Structures"),
                "zones": env._("Zones"),
                "all_zones": env._("All zones"),
                "indicators": env._("Indicators"),
                "indicator": env._("Indicator"),
                "value": env._("Value"),
                "finance": env._("Expenses against the grant"),
                "grant_amount": env._("Grant amount"),
                "expenses": env._("Expenses booked on the grant's analytic account"),
                "balance": env._("Grant amount minus expenses"),
                "advance": env._("Advance"),
                "signature": env._("Certified accurate by the legal representative"),
                "place_date": env._("At ............................, on ....../....../............"),
                "sign_here": env._("Signature and stamp"),
                "hash": env._("SHA-256 of the figures"),
                "issued": env._("Issued on"),
                "sources": env._(
                    "Figures computed from the ERP's records; definitions in the documentation of the module."
                ),
            },
            "number": statement.name,
            "funder": statement.grant_id.partner_id.name,
            "grant": statement.grant_id.name,
            "period": f"{format_date(env, statement.date_from)} - {format_date(env, statement.date_to)}",
            "structures": ", ".join(statement.company_ids.mapped("name")),
            "zones": ", ".join(statement.zone_ids.mapped("name")),
            "rows": formatted,
            "currency": statement.currency_id.name or "",
            "grant_amount": statement.grant_amount,
            "expenses": statement.expenses,
            "advance_rate": statement.grant_id.advance_rate,
            "hash": statement.content_hash,
            "issued": format_datetime(env, statement.issue_date),
            "company": statement.company_id.name,
        }

    def _render_pdf(self):
        return statement_pdf.render(self._document_data())

    def _render_xlsx(self):
        return statement_xlsx.render(self._document_data())

    def action_download_pdf(self):
        self.ensure_one()
        return {"type": "ir.actions.act_url", "url": f"/web/content/{self.pdf_attachment_id.id}?download=true"}

    def action_download_xlsx(self):
        self.ensure_one()
        return {"type": "ir.actions.act_url", "url": f"/web/content/{self.xlsx_attachment_id.id}?download=true"}

    @api.model
    def _eco_organisation_report(self, date_from, date_to, company_ids=None):
        """Units and kg sent to spare parts and to recycling, by device type and month (one query)."""
        self.env["stock.lot"].check_access("read")
        self.env.flush_all()
        self.env.cr.execute(
            """
            SELECT t.code AS device_type, channel, to_char(day, 'YYYY-MM') AS month,
                   COUNT(*) AS units, ROUND(COALESCE(SUM(l.weight_kg), 0)::numeric, 3) AS kg
              FROM stock_lot l
              JOIN filiere_device_type t ON t.id = l.device_type_id
             CROSS JOIN LATERAL (VALUES ('parts', l.filiere_parts_date), ('recycling', l.filiere_recycled_date))
                   AS exit(channel, day)
             WHERE l.is_device
               AND day BETWEEN %(date_from)s AND %(date_to)s
               AND l.company_id = ANY(%(companies)s)
          GROUP BY t.code, channel, month
          ORDER BY t.code, channel, month
            """,
            {
                "date_from": fields.Date.to_date(date_from),
                "date_to": fields.Date.to_date(date_to),
                "companies": self._allowed_company_ids(company_ids),
            },
        )
        return [dict(row, kg=float(row["kg"])) for row in self.env.cr.dictfetchall()]
