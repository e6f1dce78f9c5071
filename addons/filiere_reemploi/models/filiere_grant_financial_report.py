import json

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, format_date, format_datetime

from ..lib import grant_financial, grant_financial_documents, integrity

# Fields of a report set at issue from the computed values.
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
    "signing_public_key",
    "volunteer_hours",
    "hourly_value",
    "total_charges",
    "total_products",
    "grant_received",
    "in_kind_total",
    "note",
)

MONEY_FIELDS = ("hourly_value", "total_charges", "total_products", "grant_received", "in_kind_total")


def _number(value):
    """One text for one stored number (a Float or Monetary column reads back as a rounded float)."""
    return f"{round(float(value or 0), 4):.4f}"


class FiliereGrantFinancialReport(models.Model):
    """The funder's own form: the "compte rendu financier de subvention" (Cerfa n° 15059*02).

    Charges by nature (accounts 60 to 68) and products (70 to 75) booked on the grant's analytic
    account in the period, the grant received (74) and the contributions volontaires en nature
    (86 / 87: donated devices, volunteer hours). Issued once, numbered, hashed, chained and signed
    with the structure's key (``filiere.inalterable.mixin``), its PDF and spreadsheet locked.
    """

    _name = "filiere.grant.financial.report"
    _inherit = ["filiere.inalterable.mixin"]
    _description = "Grant financial report (Cerfa 15059)"
    _order = "issue_date desc, id desc"

    name = fields.Char("Number", required=True, readonly=True, copy=False, default="/")
    grant_id = fields.Many2one("filiere.grant", required=True, readonly=True, index=True, ondelete="restrict")
    partner_id = fields.Many2one(related="grant_id.partner_id", string="Funder")
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    date_from = fields.Date(required=True, readonly=True)
    date_to = fields.Date(required=True, readonly=True)
    issue_date = fields.Datetime(required=True, readonly=True, default=fields.Datetime.now)
    issued_by_id = fields.Many2one("res.users", readonly=True, default=lambda self: self.env.user)
    figures = fields.Text("Figures (JSON)", readonly=True, help="Canonical JSON of the figures, as hashed.")
    content_hash = fields.Char("SHA-256", readonly=True)
    content_signature = fields.Char("Signature of the SHA-256", readonly=True, copy=False)
    currency_id = fields.Many2one(related="company_id.currency_id")
    volunteer_hours = fields.Float(readonly=True, digits=(16, 2))
    hourly_value = fields.Monetary("Value of a volunteer hour", readonly=True)
    total_charges = fields.Monetary(readonly=True)
    total_products = fields.Monetary(readonly=True)
    grant_received = fields.Monetary(readonly=True)
    in_kind_total = fields.Monetary("Contributions in kind", readonly=True)
    note = fields.Text("Explanations", readonly=True)
    pdf_attachment_id = fields.Many2one("ir.attachment", "PDF", readonly=True)
    xlsx_attachment_id = fields.Many2one("ir.attachment", "Spreadsheet", readonly=True)
    pdf_sha256 = fields.Char(related="pdf_attachment_id.filiere_sha256", string="SHA-256 of the PDF")
    xlsx_sha256 = fields.Char(related="xlsx_attachment_id.filiere_sha256", string="SHA-256 of the spreadsheet")

    _sql_constraints = [
        (
            "name_company_unique",
            "unique(name, company_id)",
            "A financial report number is used only once per structure.",
        )
    ]

    # ------------------------------------------------------------------
    # Figures
    # ------------------------------------------------------------------
    @api.model
    def _group_labels(self, env):
        return {
            "60": env._("Purchases"),
            "61": env._("External services"),
            "62": env._("Other external services"),
            "63": env._("Taxes"),
            "64": env._("Personnel costs"),
            "65": env._("Other operating charges"),
            "66": env._("Financial charges"),
            "67": env._("Exceptional charges"),
            "68": env._("Depreciation, amortisation and provisions"),
            "70": env._("Sales of goods and services"),
            "71": env._("Stored production"),
            "72": env._("Own work capitalised"),
            "73": env._("Allocations and pricing income"),
            "74": env._("Operating grants"),
            "75": env._("Other operating income"),
        }

    @api.model
    def _in_kind_labels(self, env):
        return {
            grant_financial.USE_DEVICES: env._("Relief in kind: donated devices handed on"),
            grant_financial.USE_VOLUNTEERS: env._("Volunteer staff"),
            grant_financial.CONTRIBUTION_VOLUNTEERS: env._("Volunteering"),
            grant_financial.CONTRIBUTION_DEVICES: env._("Donations in kind: devices donated"),
        }

    @api.model
    def _accounting_lines(self, grant, companies, date_from, date_to):
        """Posted journal items carrying the grant's analytic account in the period (code, name, balance, share)."""
        account = grant.analytic_account_id
        if not account:
            return []
        # Read as the system: a grant manager need not be an accountant; the scope is the grant's.
        move_lines = (
            self.env["account.move.line"]
            .sudo()
            .search_fetch(
                [
                    ("parent_state", "=", "posted"),
                    ("company_id", "in", companies.ids),
                    ("date", ">=", date_from),
                    ("date", "<=", date_to),
                    ("display_type", "not in", ("line_section", "line_note")),
                    ("analytic_distribution", "in", account.ids),
                ],
                ["company_id", "account_id", "balance", "analytic_distribution"],
            )
        )
        lines = []
        # An account's code depends on the structure (Odoo 18): read it in each structure's name.
        for company in move_lines.company_id:
            company_lines = move_lines.filtered(lambda line, company=company: line.company_id == company)
            accounts = company_lines.account_id.with_company(company)
            codes = {account.id: (account.code, account.name) for account in accounts}
            lines += [
                {
                    "code": codes[line.account_id.id][0],
                    "name": codes[line.account_id.id][1],
                    "balance": line.balance,
                    "distribution": line.analytic_distribution,
                }
                for line in company_lines
            ]
        return lines

    @api.model
    def _donated_devices(self, grant, companies, date_from, date_to):
        """Devices donated in the period in the grant's scope and their value, in one query.

        A device is valued at its value at transfer, or at its type's in-kind value when it has none.
        """
        statements = self.env["filiere.statement"]
        params = {
            "date_from": fields.Date.to_date(date_from),
            "date_to": fields.Date.to_date(date_to),
            "companies": companies.ids,
            "zones": grant.zone_ids.ids,
            "all_zones": not grant.zone_ids,
        }
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
            SELECT COUNT(*) AS units,
                   COALESCE(SUM(CASE WHEN l.filiere_transfer_value > 0 THEN l.filiere_transfer_value
                                     ELSE COALESCE(t.in_kind_unit_value, 0) END), 0) AS value
              FROM stock_lot l
         LEFT JOIN filiere_device_type t ON t.id = l.device_type_id
             WHERE l.is_device AND l.donation_id IS NOT NULL AND %s AND %s
                """,
                statements._sql_in_period(SQL("l.filiere_received_date"), params),
                statements._sql_scope(params, SQL("l.company_id"), SQL("l.filiere_zone_id")),
            )
        )
        row = self.env.cr.dictfetchone()
        return int(row["units"]), round(float(row["value"]), 2)

    @api.model
    def compute_financial_report(self, grant, date_from, date_to, volunteer_hours=0.0, hourly_value=0.0):
        """Every figure of the grant's financial report for a period (bounded queries).

        Returns the dict of ``grant_financial.summarise`` plus ``in_kind`` (see
        ``grant_financial.in_kind``), ``devices_count``, ``devices_value``, ``volunteer_hours``,
        ``hourly_value`` and ``grant_amount``. Labels are in the structure's language.
        """
        grant.check_access("read")  # the record: its structure's rule too
        env = self.with_context(lang=grant.company_id.partner_id.lang or self.env.lang).env
        # Never more than the current structures (the issue requires them all).
        allowed = self.env["filiere.statement"]._allowed_company_ids(grant._covered_companies().ids)
        companies = self.env["res.company"].browse(allowed)
        lines = self._accounting_lines(grant, companies, date_from, date_to)
        figures = grant_financial.summarise(lines, grant.analytic_account_id.id, self._group_labels(env))
        devices_count, devices_value = self._donated_devices(grant, companies, date_from, date_to)
        figures.update(
            in_kind=grant_financial.in_kind(devices_value, volunteer_hours, hourly_value, self._in_kind_labels(env)),
            devices_count=devices_count,
            devices_value=devices_value,
            volunteer_hours=round(float(volunteer_hours or 0.0), 2),
            hourly_value=round(float(hourly_value or 0.0), 2),
            grant_amount=round(float(grant.amount or 0.0), 2),
        )
        return figures

    # ------------------------------------------------------------------
    # Issue: numbered, stored, hashed, chained, signed, never changed
    # ------------------------------------------------------------------
    @api.model
    def _check_can_issue(self, grant, date_from, date_to, volunteer_hours, hourly_value):
        if not (self.env.su or self.env.user.has_group("filiere_reemploi.group_filiere_manager")):
            raise AccessError(self.env._("Only managers issue the financial reports of grants."))
        grant.check_access("read")
        if fields.Date.to_date(date_to) < fields.Date.to_date(date_from):
            raise UserError(self.env._("The period of the financial report ends before it starts."))
        if volunteer_hours < 0 or hourly_value < 0:
            raise UserError(self.env._("Volunteer hours and the value of an hour cannot be negative."))
        if not grant.analytic_account_id:
            raise UserError(
                self.env._(
                    "The grant %s has no analytic account: its charges and products cannot be told apart "
                    "from the structure's other accounts.",
                    grant.name,
                )
            )
        grant.with_env(self.env)._check_covered_companies_selected(self._name)

    @api.model
    def _issue(self, grant, date_from, date_to, volunteer_hours=0.0, hourly_value=0.0, note=False):
        """Compute, number, hash, render, chain and sign the financial report of ``grant``, stored at once."""
        self._check_can_issue(grant, date_from, date_to, volunteer_hours, hourly_value)
        company = grant.company_id
        key = self._filiere_signing_key(company)  # a missing key stops the issue before a number is taken
        figures = self.compute_financial_report(grant, date_from, date_to, volunteer_hours, hourly_value)
        values = {
            **self._filiere_grant_document_values(grant, date_from, date_to, key, figures, structure=company.name),
            "volunteer_hours": figures["volunteer_hours"],
            "hourly_value": figures["hourly_value"],
            "total_charges": figures["total_charges"],
            "total_products": figures["total_products"],
            "grant_received": figures["grant_received"],
            "in_kind_total": figures["in_kind"]["total"],
            "note": note or False,
        }
        data = self._document_data(values, figures)
        documents = {
            "pdf": grant_financial_documents.render_pdf(data),
            "xlsx": grant_financial_documents.render_xlsx(data),
        }
        return self._filiere_issue_with_documents(
            company, values, documents, lambda values: {field: values[field] for field in STORED_AT_ISSUE}
        )

    @api.model
    def _chain_payload_of(self, values):
        """Canonical JSON of what a report certifies, from plain values (at issue and when checked)."""
        return integrity.canonical_json(
            {
                "number": values["name"],
                "structure": values["company_id"],
                "grant": values["grant_id"],
                "date_from": str(values["date_from"]),
                "date_to": str(values["date_to"]),
                "issue_date": fields.Datetime.to_string(values["issue_date"]),
                "issued_by": values["issued_by_id"] or False,
                "figures": values["figures"],
                "content_hash": values["content_hash"],
                "content_signature": values["content_signature"] or "",
                "volunteer_hours": _number(values["volunteer_hours"]),
                **{field: _number(values[field]) for field in MONEY_FIELDS},
                "note": values["note"] or "",
                "documents": {"pdf": values["pdf_sha256"] or "", "xlsx": values["xlsx_sha256"] or ""},
            }
        )

    def _filiere_chain_payload(self):
        self.ensure_one()
        values = {field: self[field] for field in STORED_AT_ISSUE}
        values.update(
            grant_id=self.grant_id.id,
            company_id=self.company_id.id,
            issued_by_id=self.issued_by_id.id,
            pdf_sha256=self.pdf_attachment_id.filiere_sha256,
            xlsx_sha256=self.xlsx_attachment_id.filiere_sha256,
        )
        return self._chain_payload_of(values)

    def _filiere_chain_record_ok(self):
        """The figures match their hash, the structure signed that hash, the files are those it issued."""
        self.ensure_one()
        return (
            integrity.sha256_hex(self.figures or "") == self.content_hash
            and integrity.verify(self.signing_public_key or "", self.content_hash, self.content_signature or "")
            and (self.pdf_attachment_id | self.xlsx_attachment_id)._filiere_intact()
        )

    def _filiere_immutable_messages(self):
        return {
            "create": self.env._(
                "A financial report is made only by issuing it (Financial report, on the grant programme)."
            ),
            "write": self.env._("A financial report never changes once issued: issue a new one for corrected figures."),
            "unlink": self.env._("A financial report sent to a funder cannot be deleted."),
        }

    def stored_figures(self):
        """The figures as issued (the dict of compute_financial_report)."""
        self.ensure_one()
        return json.loads(self.figures)["figures"]

    # ------------------------------------------------------------------
    # Documents
    # ------------------------------------------------------------------
    @api.model
    def _document_data(self, values, figures):
        """What grant_financial_documents renders, in the structure's language."""
        company = self.env["res.company"].browse(values["company_id"])
        env = self.with_context(lang=company.partner_id.lang or self.env.lang).env
        grant = env["filiere.grant"].browse(values["grant_id"])
        currency = company.currency_id.name or ""
        hours = f"{figures['volunteer_hours']:g}"
        rate = f"{figures['hourly_value']:.2f}".replace(".", ",")
        in_kind_basis = env._(
            "%(count)s devices donated in the period, valued at their value at transfer or, without one, at their "
            "type's in-kind value; %(hours)s volunteer hours at %(rate)s %(currency)s an hour.",
            count=figures["devices_count"],
            hours=hours,
            rate=rate,
            currency=currency,
        )
        return {
            "labels": {
                "title": env._("Grant financial report"),
                "form": env._("Established after form Cerfa n° 15059*02."),
                "sheet": env._("Financial report"),
                "structure": env._("Structure"),
                "structure_siret": env._("SIRET"),
                "funder": env._("Funder"),
                "grant": env._("Grant programme"),
                "period": env._("Period"),
                "charges": env._("Charges (accounts 60 to 68)"),
                "products": env._("Products (accounts 70 to 75)"),
                "account": env._("Account"),
                "nature": env._("Nature"),
                "amount": env._("Amount"),
                "total_charges": env._("Total charges"),
                "total_products": env._("Total products"),
                "grant_received": env._("Grant received (accounts 74)"),
                "grant_amount": env._("Grant amount awarded"),
                "result": env._("Products minus charges"),
                "in_kind": env._("Contributions volontaires en nature (accounts 86 and 87)"),
                "total_uses": env._("Total uses of contributions in kind"),
                "total_contributions": env._("Total contributions in kind"),
                "note": env._("Explanations"),
                "currency": env._("Currency"),
                "signature": env._("Certified accurate by the legal representative"),
                "place_date": env._("At ............................, on ....../....../............"),
                "sign_here": env._("Signature and stamp"),
                "hash": env._("SHA-256 of the figures"),
                "issued": env._("Issued on"),
                "public_key": env._("Public key of the structure (Ed25519)"),
                "digital_signature": env._("Ed25519 signature of the SHA-256 above by the structure"),
                "sources": env._(
                    "Charges and products: posted journal items carrying the grant's analytic account, for its share; "
                    "contributions in kind: the devices received and the hours entered when issuing."
                ),
            },
            "number": values["name"],
            "structure": company.name,
            "structure_siret": company.partner_id.siret or company.company_registry or "-",
            "funder": grant.partner_id.name,
            "grant": grant.name,
            "period": f"{format_date(env, values['date_from'])} - {format_date(env, values['date_to'])}",
            "currency": currency,
            "charges": figures["charges"],
            "products": figures["products"],
            "total_charges": figures["total_charges"],
            "total_products": figures["total_products"],
            "grant_received": figures["grant_received"],
            "grant_amount": figures["grant_amount"],
            "result": figures["result"],
            "in_kind": figures["in_kind"],
            "in_kind_basis": in_kind_basis,
            "note": values["note"] or "",
            "hash": values["content_hash"],
            "public_key": values["signing_public_key"],
            "digital_signature": values["content_signature"],
            "issued": format_datetime(env, values["issue_date"], dt_format="short"),
        }

    def action_download_pdf(self):
        return self._filiere_download(self.pdf_attachment_id)

    def action_download_xlsx(self):
        return self._filiere_download(self.xlsx_attachment_id)
