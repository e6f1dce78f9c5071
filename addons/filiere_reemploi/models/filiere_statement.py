import json

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, format_date, format_datetime

from ..lib import integrity, statement_pdf, statement_xlsx

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
    "sad_sessions_missed",
    "sad_attendance_rate",
    "sad_people_coached",
    "satisfaction_avg",
    "raw_materials_avoided_kg",
    "co2e_avoided_kg",
    "expenses",
    "cost_per_device",
)

HANDED_OVER = ("delivered", "closed")

# Fields of a statement set at issue from the computed values (the relations are set apart).
STORED_AT_ISSUE = (
    "name",
    "grant_id",
    "company_id",
    "date_from",
    "date_to",
    "issue_date",
    "issued_by_id",
    "figures",
    "content_hash",
    "content_signature",
    "grant_amount",
    "expenses",
)


def _ratio(numerator, denominator, digits=4):
    return round(numerator / denominator, digits) if denominator else 0.0


def _number(value):
    """One text for one stored number (a Float or Monetary column reads back as a rounded float)."""
    return f"{round(float(value or 0), 4):.4f}"


class FiliereStatement(models.Model):
    """A numbered grant statement: the figures of a period, stored with their hash, never changed.

    Each structure's statements form a hash chain signed with the structure's key
    (``filiere.inalterable.mixin``); the chain covers the figures, the lines and the SHA-256 of the
    PDF and spreadsheet sent to the funder, which are locked at issue.
    """

    _name = "filiere.statement"
    _inherit = ["filiere.inalterable.mixin"]
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
    content_signature = fields.Char(
        "Signature of the SHA-256",
        readonly=True,
        copy=False,
        help="Ed25519 signature of the SHA-256 of the figures by the structure's key, as printed on the PDF.",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    grant_amount = fields.Monetary(readonly=True)
    expenses = fields.Monetary(readonly=True)
    line_ids = fields.One2many("filiere.statement.line", "statement_id", "Indicators", readonly=True)
    pdf_attachment_id = fields.Many2one("ir.attachment", "PDF", readonly=True)
    xlsx_attachment_id = fields.Many2one("ir.attachment", "Spreadsheet", readonly=True)
    pdf_sha256 = fields.Char(related="pdf_attachment_id.filiere_sha256", string="SHA-256 of the PDF")
    xlsx_sha256 = fields.Char(related="xlsx_attachment_id.filiere_sha256", string="SHA-256 of the spreadsheet")
    check_result = fields.Char("Last check", readonly=True)

    _sql_constraints = [
        ("name_company_unique", "unique(name, company_id)", "A statement number is used only once per structure.")
    ]

    # ------------------------------------------------------------------
    # Indicator engine
    # ------------------------------------------------------------------
    @api.model
    def _allowed_company_ids(self, company_ids):
        """The structures asked for (default: the current ones) within the current ones (``env.companies``).

        The one company scope of the statements, their indicators and the hooks of filiere_wipe and
        filiere_sad. Server code in superuser mode (crons, migrations) gets what it asks for.
        """
        current = self.env.companies.ids
        wanted = list(company_ids) if company_ids else current
        if self.env.su:
            return wanted
        return [company for company in wanted if company in current]

    @api.model
    def compute_indicators(self, date_from, date_to, company_ids=None, zone_ids=None, analytic_account_ids=None):
        """Every figure of a grant statement for a period, from the ERP's records, in SQL aggregates.

        ``date_from`` and ``date_to`` are included. ``company_ids``: the structures (default: the
        current ones, and never more than the current ones); ``zone_ids``: restrict to these zones
        (default: all); ``analytic_account_ids``: the accounts whose costs are the expenses. The
        number of queries does not depend on the number of records. Definitions: readme/DESCRIPTION.md.
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
        with self.env["filiere.indicator.aggregate"]._filiere_reading():
            result.update(self._indicators_devices(params))
            result.update(self._indicators_distribution(params))
            result.update(self._indicators_expenses(params))
            result.update(self._indicators_extra(params))
        result["reuse_rate"] = _ratio(result["devices_refurbished"], result["devices_received"])
        result["cost_per_device"] = _ratio(result["expenses"], result["devices_distributed"], 2)
        return result

    def _fetch_one(self, query):
        self.env.cr.execute(query)
        return self.env.cr.dictfetchone()

    @api.model
    def _sql_in_period(self, column, params):
        """``column BETWEEN date_from AND date_to`` of the statement's parameters."""
        return SQL("%s BETWEEN %s AND %s", column, params["date_from"], params["date_to"])

    @api.model
    def _sql_scope(self, params, company_column, zone_column):
        """The structures and zones of the statement's parameters (used by filiere_wipe too)."""
        if params["all_zones"]:
            return SQL("%s = ANY(%s)", company_column, params["companies"])
        return SQL("%s = ANY(%s) AND %s = ANY(%s)", company_column, params["companies"], zone_column, params["zones"])

    @api.model
    def _indicators_devices(self, params):
        """Devices received, refurbished, recycled and sent to spare parts, from the daily aggregates."""
        row = self.env["filiere.indicator.aggregate"]._filiere_device_figures(params)
        row["devices_received_kg"] = round(float(row["devices_received_kg"]), 3)
        row["devices_recycled_kg"] = round(float(row["devices_recycled_kg"]), 3)
        return row

    @api.model
    def _indicators_distribution(self, params):
        """Handovers, revenue, impact and the distinct counts (donors included), from the daily aggregates."""
        aggregates = self.env["filiere.indicator.aggregate"]
        row = aggregates._filiere_handover_figures(params)
        row.update(aggregates._filiere_member_figures(params))
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
            SQL(
                """
            SELECT COALESCE(-SUM(a.amount), 0) AS expenses
              FROM account_analytic_line a
             WHERE a.amount < 0
               AND a.account_id = ANY(%s)
               AND %s
               AND (a.company_id IS NULL OR a.company_id = ANY(%s))
                """,
                params["accounts"],
                self._sql_in_period(SQL("a.date"), params),
                params["companies"],
            )
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
    # Issue: numbered, stored, hashed, chained, signed, never changed
    # ------------------------------------------------------------------
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
                            "name": self.env._(
                                "%(indicator)s: %(item)s", indicator=indicator.name, item=names.get(sub_key, sub_key)
                            ),
                            "value": sub_value,
                        }
                    )
                continue
            lines.append(
                {
                    "indicator_id": indicator.id,
                    "key": indicator.key,
                    "sub_key": False,
                    "name": indicator.name,
                    "value": value,
                }
            )
        return lines

    @api.model
    def _chain_payload_of(self, values):
        """Canonical JSON of what a statement certifies, from plain values.

        Computed from the values before ``create`` at issue, and from the stored record when the
        chain is checked (``_filiere_chain_payload``): both must give the same text.
        """
        return integrity.canonical_json(
            {
                "number": values["name"],
                "structure": values["company_id"],
                "structures": sorted(values["company_ids"]),
                "zones": sorted(values["zone_ids"]),
                "grant": values["grant_id"],
                "date_from": str(values["date_from"]),
                "date_to": str(values["date_to"]),
                "issue_date": fields.Datetime.to_string(values["issue_date"]),
                "issued_by": values["issued_by_id"] or False,
                "figures": values["figures"],
                "content_hash": values["content_hash"],
                "content_signature": values["content_signature"] or "",
                "grant_amount": _number(values["grant_amount"]),
                "expenses": _number(values["expenses"]),
                "lines": [
                    [line["key"], line["sub_key"] or "", line["name"], _number(line["value"])]
                    for line in values["lines"]
                ],
                "documents": {"pdf": values["pdf_sha256"] or "", "xlsx": values["xlsx_sha256"] or ""},
            }
        )

    def _chain_values_of_record(self):
        """The values ``_chain_payload_of`` reads, as stored now."""
        self.ensure_one()
        return {
            "name": self.name,
            "company_id": self.company_id.id,
            "company_ids": self.company_ids.ids,
            "zone_ids": self.zone_ids.ids,
            "grant_id": self.grant_id.id,
            "date_from": self.date_from,
            "date_to": self.date_to,
            "issue_date": self.issue_date,
            "issued_by_id": self.issued_by_id.id,
            "figures": self.figures,
            "content_hash": self.content_hash,
            "content_signature": self.content_signature,
            "grant_amount": self.grant_amount,
            "expenses": self.expenses,
            "lines": [
                {"key": line.key, "sub_key": line.sub_key, "name": line.name, "value": line.value}
                for line in self.line_ids
            ],
            "pdf_sha256": self.pdf_attachment_id.filiere_sha256,
            "xlsx_sha256": self.xlsx_attachment_id.filiere_sha256,
        }

    def _filiere_chain_payload(self):
        return self._chain_payload_of(self._chain_values_of_record())

    def _filiere_chain_record_ok(self):
        """The figures match their hash, the structure signed that hash, the files are those it issued."""
        self.ensure_one()
        return (
            integrity.sha256_hex(self.figures or "") == self.content_hash
            and integrity.verify(self.signing_public_key or "", self.content_hash, self.content_signature or "")
            and (self.pdf_attachment_id | self.xlsx_attachment_id)._filiere_intact()
        )

    @api.model
    def _check_can_issue(self, grant, date_from, date_to):
        if not (self.env.su or self.env.user.has_group("filiere_reemploi.group_filiere_manager")):
            raise AccessError(self.env._("Only managers issue grant statements."))
        grant.check_access("read")
        if date_to < date_from:
            raise UserError(self.env._("The period of the statement ends before it starts."))
        grant.with_env(self.env)._check_covered_companies_selected(self._name)

    @api.model
    def _issue(self, grant, date_from, date_to):
        """Compute, number, hash, render, chain and sign a statement for ``grant``, then store it at once.

        Everything the statement certifies (figures, lines, the PDF and spreadsheet bytes and their
        SHA-256, the chain link and the signatures) is computed before ``create``; the record is
        created once with its lines, and its files are locked: nothing is written afterwards.
        """
        self._check_can_issue(grant, date_from, date_to)
        company = grant.company_id
        key = self._filiere_signing_key(company)  # a missing key stops the issue before a number is taken
        companies = grant._covered_companies()
        figures = self.compute_indicators(
            date_from, date_to, companies.ids, grant.zone_ids.ids, grant.analytic_account_id.ids
        )
        values = {
            **self._filiere_grant_document_values(
                grant,
                date_from,
                date_to,
                key,
                figures,
                companies=sorted(companies.mapped("name")),
                zones=sorted(grant.zone_ids.mapped("name")),
            ),
            "company_ids": companies.ids,
            "zone_ids": grant.zone_ids.ids,
            "grant_amount": grant.amount,
            "expenses": figures["expenses"],
            "lines": self._line_values(grant, figures),
        }
        data = self._document_data(values)
        documents = {"pdf": statement_pdf.render(data), "xlsx": statement_xlsx.render(data)}
        return self._filiere_issue_with_documents(
            company,
            values,
            documents,
            lambda values: {  # its lines too are created in the issuance environment
                **{field: values[field] for field in STORED_AT_ISSUE},
                "company_ids": [fields.Command.set(values["company_ids"])],
                "zone_ids": [fields.Command.set(values["zone_ids"])],
                "line_ids": [fields.Command.create(line) for line in values["lines"]],
            },
        )

    @api.model
    def _chain_existing(self):
        """Chain and sign the statements issued before chaining (18.0.1.2.0 migration, or later by hand).

        Each structure's unchained statements join the end of its chain in the order they were
        issued. Their figures, lines and locked files are certified as they are now. Raises the
        mixin's UserError when a structure's key is missing. Returns the statements chained.
        """
        statements = (
            self.sudo().with_context(active_test=False).search([("chain_sequence", "=", False)], order="issue_date, id")
        )
        for company in statements.company_id:
            key = self._filiere_signing_key(company)
            for statement in statements.filtered(lambda record, company=company: record.company_id == company):
                # The ORM refuses any write on an issued statement: this catch-up is the one exception.
                self.env.cr.execute(
                    SQL(
                        "UPDATE filiere_statement SET content_signature = %s WHERE id = %s",
                        integrity.sign(key, statement.content_hash or ""),
                        statement.id,
                    )
                )
                statement.invalidate_recordset(["content_signature"])
                chain = self._filiere_chain_values(company, statement._filiere_chain_payload())
                self.env.cr.execute(
                    SQL(
                        "UPDATE filiere_statement SET %s WHERE id = %s",
                        SQL(", ").join(SQL("%s = %s", SQL.identifier(name), value) for name, value in chain.items()),
                        statement.id,
                    )
                )
                statement.invalidate_recordset(list(chain))
        return statements

    def _filiere_immutable_messages(self):
        return {
            "create": self.env._(
                "A grant statement is made only by issuing it (New statement, on the grant programme)."
            ),
            "write": self.env._("A grant statement never changes once issued: issue a new one for corrected figures."),
            "unlink": self.env._("A grant statement sent to a funder cannot be deleted."),
        }

    def _filiere_write_allowed(self, vals):
        # The result of the last check is all that is written afterwards, by the check itself.
        return self.env.su and set(vals) <= {"check_result"}

    def _stored_figures(self):
        self.ensure_one()
        return json.loads(self.figures)["figures"]

    def _figures_as_stored(self):
        """This statement's stored figures, to show them (not to check them): none when the stored
        text is no longer the JSON issued (the check says it was altered)."""
        try:
            figures = json.loads(self[:1].figures or "{}").get("figures")
        except (ValueError, AttributeError):
            return {}
        return figures if isinstance(figures, dict) else {}

    def action_check(self):
        """Is the stored statement intact and in its chain, and would the same period give the same figures today?"""
        self.check_access("read")
        # What is in the database, not what this transaction's cache remembers.
        self.env.flush_all()
        self.env.invalidate_all()
        for statement in self:
            intact = integrity.sha256_hex(statement.figures or "") == statement.content_hash
            # The statement's own scope (an auditor need not read companies nor accounts); the figures
            # of today are computed with the user's rights, within the current structures.
            scope = statement.sudo()
            now = statement.compute_indicators(
                statement.date_from,
                statement.date_to,
                scope.company_ids.ids,
                scope.zone_ids.ids,
                scope.grant_id.analytic_account_id.ids,
            )
            stored = statement._stored_figures() if intact else {}
            changed = sorted(key for key in stored if stored[key] != now.get(key))
            if not intact:
                result = self.env._("Altered: the stored figures no longer match their hash.")
            elif changed:
                result = self.env._("Intact. The records have changed since: %s differ today.", ", ".join(changed))
            else:
                result = self.env._("Intact, and the same figures today.")
            # The result of a check is written by the check only (nobody has the write right).
            statement.sudo().check_result = f"{result} {statement._chain_status()}"
        return True

    def _chain_status(self):
        """This statement's link in its structure's chain, its signatures and its files, as stored."""
        self.ensure_one()
        if not self.chain_sequence:
            return self.env._("Not chained: issued before the statements were chained and signed.")
        try:
            public_key = self._filiere_public_key(self.company_id)
        except UserError as error:
            return self.env._("Chain and signature not checked: %s", error.args[0])
        record = self.sudo()
        previous = record.search(
            [("company_id", "=", self.company_id.id), ("chain_sequence", "=", self.chain_sequence - 1)], limit=1
        )
        if self.chain_sequence > 1 and not previous:
            return self.env._("Chain BROKEN: the statement before this one in the chain is missing.")
        if not record._filiere_chain_link_ok(self.chain_sequence, previous.chain_hash or "", public_key):
            return self.env._("Chain or signature BROKEN: this statement, its files or the one before it were altered.")
        return self.env._("Chain link, signatures and files verified.")

    # ------------------------------------------------------------------
    # Documents
    # ------------------------------------------------------------------
    @api.model
    def _document_data(self, values):
        """What statement_pdf and statement_xlsx render, from the values of a statement being issued."""
        company = self.env["res.company"].browse(values["company_id"])
        env = self.with_context(lang=company.partner_id.lang or self.env.lang).env
        grant = env["filiere.grant"].browse(values["grant_id"])
        currency = company.currency_id
        indicators = env["filiere.indicator"]
        figures = json.loads(values["figures"])["figures"]
        rows = [
            self._document_row(env, indicators.browse(line["indicator_id"]), line, figures, currency)
            for line in values["lines"]
        ]
        keys = {line["key"] for line in values["lines"]}
        notes = []
        if "beneficiaries_by_segment" in keys:
            notes.append(
                env._(
                    "A person may belong to several segments: the counts by segment can add up to more than "
                    "the people equipped."
                )
            )
        shown = indicators.browse(sorted({line["indicator_id"] for line in values["lines"]})).sorted("sequence")
        partner = company.partner_id
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
                    "Figures computed from the structure's records in its ERP at the issue date; each indicator "
                    "is defined below."
                ),
                "definitions": env._("Definitions of the indicators"),
                "siret": env._("SIRET"),
                "unit": env._("Unit"),
                "page": env._("Page"),
                "public_key": env._("Public key of the structure (Ed25519)"),
                "digital_signature": env._("Ed25519 signature of the SHA-256 above by the structure"),
            },
            "number": values["name"],
            "funder": grant.partner_id.name,
            "grant": grant.name,
            "period": f"{format_date(env, values['date_from'])} - {format_date(env, values['date_to'])}",
            "structures": ", ".join(env["res.company"].browse(values["company_ids"]).sorted().mapped("name")),
            "zones": ", ".join(env["filiere.zone"].browse(values["zone_ids"]).sorted().mapped("name")),
            "rows": rows,
            "notes": notes,
            "definitions": [(indicator.name, indicator.description) for indicator in shown if indicator.description],
            "issuer": {
                "name": company.name,
                "address_lines": [
                    line for line in (partner._display_address(without_company=True) or "").split("\n") if line.strip()
                ],
                "siret": partner.siret or company.company_registry or "",
            },
            # The symbol a reader expects ("51 000,00 €"); the spreadsheet's unit column keeps the ISO code.
            "currency": currency.symbol or currency.name or "",
            "grant_amount": values["grant_amount"],
            "expenses": values["expenses"],
            "advance_rate": grant.advance_rate,
            "hash": values["content_hash"],
            "public_key": values["signing_public_key"],
            "digital_signature": values["content_signature"],
            "issued": format_datetime(env, values["issue_date"], dt_format="short"),
            "company": company.name,
        }

    @api.model
    def _document_row(self, env, indicator, line, figures, currency):
        """A figure of the documents: its text for the PDF, its number and unit for the spreadsheet."""
        indicator = indicator.with_env(env)
        text = env["filiere.statement.line"]._format_indicator_value(indicator, line["key"], line["value"], currency)
        number, unit = line["value"], indicator.unit or ""
        if indicator.kind == "ratio" and line["key"] != "satisfaction_avg":
            number, unit = round(line["value"] * 100, 1), "%"
        elif indicator.kind == "amount":
            unit = currency.name or ""
        not_measured = self._not_measured_text(env, line["key"], line["value"], figures)
        if not_measured:
            text, number = not_measured, None
        return {"name": line["name"], "text": text, "number": number, "unit": unit}

    @api.model
    def _not_measured_text(self, env, key, value, figures):
        """Why a figure is no real zero, in the language of ``env``; False for a figure measured.

        The documents print this text instead of the figure, and the statement's lines show it.
        """
        if key in ("co2e_avoided_kg", "raw_materials_avoided_kg") and not value and figures.get("devices_distributed"):
            # A zero impact beside devices handed over means their types carry no factor.
            return env._("Not measured (no factor set on the device types)")
        if key == "satisfaction_avg" and not figures.get("sad_sessions_held"):
            # An average of no answer is no "0 / 5".
            return env._("Not measured (no session held)")
        if (
            key == "sad_attendance_rate"
            and not figures.get("sad_sessions_held")
            # Statements issued before the no-shows were counted keep the 0 % they were issued with.
            and "sad_sessions_missed" in figures
            and not figures["sad_sessions_missed"]
        ):
            # No session held nor missed is no "0 %" (only no-shows are).
            return env._("Not measured (no session held nor missed)")
        return False

    def action_download_pdf(self):
        return self._filiere_download(self.pdf_attachment_id)

    def action_download_xlsx(self):
        return self._filiere_download(self.xlsx_attachment_id)

    @api.model
    def _eco_organisation_report(self, date_from, date_to, company_ids=None):
        """Units and kg sent to spare parts and to recycling, by device type and month (one query).

        Each kg counts once (lib/parts.py): the parts channel counts a dismantled device's harvested
        parts (the whole device while it waits undismantled), recycling what is left of it.
        """
        self.env["stock.lot"].check_access("read")
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
            SELECT t.code AS device_type, channel, to_char(day, 'YYYY-MM') AS month,
                   COUNT(*) AS units, ROUND(COALESCE(SUM(exit.kg), 0)::numeric, 3) AS kg
              FROM stock_lot l
              JOIN filiere_device_type t ON t.id = l.device_type_id
             CROSS JOIN LATERAL (VALUES ('parts', l.filiere_parts_date, l.filiere_parts_kg),
                                        ('recycling', l.filiere_recycled_date, l.filiere_recycling_kg))
                   AS exit(channel, day, kg)
             WHERE l.is_device
               AND day BETWEEN %s AND %s
               AND l.company_id = ANY(%s)
          GROUP BY t.code, channel, month
          ORDER BY t.code, channel, month
                """,
                fields.Date.to_date(date_from),
                fields.Date.to_date(date_to),
                self._allowed_company_ids(company_ids),
            )
        )
        return [dict(row, kg=float(row["kg"])) for row in self.env.cr.dictfetchall()]
