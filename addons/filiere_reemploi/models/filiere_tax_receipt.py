import datetime
import json

try:
    from num2words import num2words
except ImportError:  # optional in Odoo too (res.currency.amount_to_text)
    num2words = None

from odoo import api, fields, models, tools
from odoo.exceptions import AccessError, UserError
from odoo.tools import format_date

from ..lib import integrity, tax_receipt_pdf

# Content format of the receipts (what the hash and the chain cover).
CONTENT_FORMAT = 1
# The only values a receipt takes after its issue: its cancellation, then the receipt replacing it.
CANCEL_FIELDS = frozenset({"state", "cancel_reason", "cancel_date", "cancelled_by_id", "cancel_signature"})
REPLACED_FIELDS = frozenset({"replaced_by_id"})
# Donors entitled to a receipt under article 238 bis (companies subject to tax); public bodies get
# none (CGPPP transfers are no gift of a taxpayer) and individuals fall under article 200 (Cerfa 11580).
EXCLUDED_DONOR_TYPES = ("public", "individual")
# The managers are reminded of the annual declaration of the receipts this many days before it is due.
DECLARATION_REMINDER_DAYS = 30
# The state of a donation whose devices were received: signed (devices come in) or closed.
RECEIVING_STATES = ("signed", "closed")
TAX_STATUSES = [
    ("public_utility", "Association or foundation recognised of public utility"),
    ("general_interest", "Organisation of general interest"),
    ("insertion", "Work-integration structure (EI, ETTI, AI, ACI)"),
    ("adapted", "Adapted enterprise (EA)"),
]
# Context marker only this module's code can hold: JSON-RPC carries JSON, never this object (the
# issuance's own is the mixin's).
_CANCELLATION = object()


class FiliereTaxReceipt(models.Model):
    """A tax receipt for a company's in-kind gift (article 238 bis CGI, Cerfa n° 16216*01 mentions).

    Made only by issuing it from the donation (``filiere.donation.action_issue_tax_receipt``):
    numbered per structure and year, its content hashed and signed, its PDF locked and its
    SHA-256 in the structure's signed chain. Afterwards the only change is its cancellation
    (signed too) by a manager, and the receipt issued in its place, which names it.
    """

    _name = "filiere.tax.receipt"
    _inherit = ["filiere.inalterable.mixin"]
    _description = "Tax receipt for an in-kind gift"
    _order = "issue_date desc, id desc"
    _check_company_auto = True

    name = fields.Char("Number", required=True, readonly=True, copy=False)
    company_id = fields.Many2one("res.company", "Structure", required=True, readonly=True, index=True)
    donation_id = fields.Many2one(
        "filiere.donation", required=True, readonly=True, index=True, ondelete="restrict", check_company=True
    )
    partner_id = fields.Many2one("res.partner", "Donor", required=True, readonly=True, index=True)
    issue_date = fields.Datetime(required=True, readonly=True)
    issue_year = fields.Integer("Year of issue", readonly=True, index=True, aggregator=False)
    issued_by_id = fields.Many2one("res.users", readonly=True)
    date_from = fields.Date("Gift from", readonly=True, help="First day a device of the gift was received.")
    date_to = fields.Date("Gift until", readonly=True, help="Last day a device of the gift was received.")
    currency_id = fields.Many2one("res.currency", readonly=True)
    device_count = fields.Integer("Devices", readonly=True)
    devices_value = fields.Monetary(
        "Value of the devices", readonly=True, help="Sum of the devices' values at transfer."
    )
    transport_cost = fields.Monetary("Transport paid by the donor", readonly=True)
    handling_cost = fields.Monetary("Handling paid by the donor", readonly=True)
    amount = fields.Monetary("Amount of the receipt", readonly=True)
    state = fields.Selection([("valid", "Valid"), ("cancelled", "Cancelled")], readonly=True, index=True)
    content = fields.Text("Certified content", readonly=True, help="Canonical JSON of what the receipt states.")
    content_hash = fields.Char("SHA-256", readonly=True)
    content_signature = fields.Char(
        "Signature of the SHA-256", readonly=True, help="Ed25519 signature of the SHA-256 by the structure's key."
    )
    pdf_attachment_id = fields.Many2one("ir.attachment", "PDF", readonly=True)
    pdf_sha256 = fields.Char("SHA-256 of the PDF", readonly=True)
    cancel_reason = fields.Text(readonly=True)
    cancel_date = fields.Datetime(readonly=True)
    cancelled_by_id = fields.Many2one("res.users", readonly=True)
    cancel_signature = fields.Char(
        "Signature of the cancellation", readonly=True, help="Ed25519 signature of the cancellation by the structure."
    )
    replaces_id = fields.Many2one("filiere.tax.receipt", readonly=True)
    replaced_by_id = fields.Many2one("filiere.tax.receipt", "Replaced by", readonly=True)

    _sql_constraints = [
        ("name_company_unique", "unique(name, company_id)", "A tax receipt number is used only once per structure.")
    ]

    def init(self):
        # One valid receipt per donation, also when two managers issue it at the same time (the check
        # of _check_issuable cannot see a receipt another transaction has not committed yet).
        self.env.cr.execute(
            "CREATE UNIQUE INDEX IF NOT EXISTS filiere_tax_receipt_one_valid_per_donation "
            "ON filiere_tax_receipt (donation_id) WHERE state = 'valid'"
        )

    # ------------------------------------------------------------------
    # Issue
    # ------------------------------------------------------------------
    @api.model
    def _issue(self, donation, replaces=None, reason=None):
        """Issue the receipt of ``donation``: checks, number, content, PDF, lock, chain, signature."""
        self._check_may_manage(donation.company_id)
        donation.check_access("read")
        donation = donation.sudo()
        self._check_issuable(donation, replaces)
        company = donation.company_id
        key = self._filiere_signing_key(company)  # the key first: without it, no number is taken
        replaces = replaces or self._cancelled_unreplaced(donation)
        values = self._issue_values(donation)
        values["name"] = self._next_number(company)
        content = self._canonical_content(donation, values, replaces, reason)
        payload = integrity.canonical_json(content)
        values.update(
            content=payload,
            content_hash=integrity.sha256_hex(payload),
            signing_public_key=integrity.public_key_b64(key),
            replaces_id=replaces.id if replaces else False,
        )
        values["content_signature"] = integrity.sign(key, values["content_hash"])
        pdf = tax_receipt_pdf.render(self._document_data(donation, content, values))
        values["pdf_sha256"] = integrity.sha256_hex(pdf)
        attachment = self._create_pdf(values["name"], pdf)
        values["pdf_attachment_id"] = attachment.id
        values.update(self._filiere_chain_values(company, self._payload_of(payload, values["pdf_sha256"])))
        receipt = self._filiere_issuing().create(values)
        attachment.write({"res_id": receipt.id})
        if attachment._filiere_lock()[attachment.id] != values["pdf_sha256"]:
            raise UserError(self.env._("The PDF of tax receipt %s was not stored as rendered.", values["name"]))
        if replaces:
            replaces.with_context(filiere_tax_receipt_cancellation=_CANCELLATION).sudo().write(
                {"replaced_by_id": receipt.id}
            )
        return self.browse(receipt.id)

    @api.model
    def _check_may_manage(self, company):
        if self.env.su:
            return
        user = self.env.user
        if not user.has_group("filiere_reemploi.group_filiere_manager") or company not in user.company_ids:
            raise AccessError(self.env._("Only a manager of %s issues and cancels its tax receipts.", company.name))

    @api.model
    def _check_issuable(self, donation, replaces):
        """The refusals of the rules (article 238 bis), each naming what is wrong."""
        donor = donation.partner_id
        if donor.filiere_donor_type == "public":
            raise UserError(
                self.env._(
                    "%(donor)s is a public body: a local authority or public body gets no tax receipt for the "
                    "equipment it gives (article 238 bis of the CGI concerns companies).",
                    donor=donor.display_name,
                )
            )
        if donor.filiere_donor_type == "individual" or not donor.is_company:
            raise UserError(
                self.env._(
                    "%(donor)s is not a company: an individual's gift is receipted under article 200 of the CGI "
                    "(form Cerfa n° 11580), not with this receipt for companies (article 238 bis).",
                    donor=donor.display_name,
                )
            )
        if donation.state not in RECEIVING_STATES or not donation.lot_ids:
            raise UserError(
                self.env._(
                    "Donation %s has no devices received yet: a tax receipt is issued once the gift is received.",
                    donation.name,
                )
            )
        if donation.tax_receipt_choice == "none":
            raise UserError(
                self.env._(
                    "The donor of %s chose to receive no tax receipt (see the Tax receipt tab of the donation).",
                    donation.name,
                )
            )
        valid = donation.tax_receipt_ids.filtered(lambda receipt: receipt.state == "valid") - (
            replaces or self.browse()
        )
        if valid:
            raise UserError(
                self.env._(
                    "Donation %(donation)s already has the valid tax receipt %(receipt)s: cancel it to issue another.",
                    donation=donation.name,
                    receipt=valid[0].name,
                )
            )
        missing = self._missing_mentions(donation)
        if missing:
            raise UserError(
                self.env._(
                    "The tax receipt of %(donation)s cannot be issued: these mentions required on a receipt "
                    "(Cerfa n° 16216*01) are missing:\n%(missing)s",
                    donation=donation.name,
                    missing="\n".join(f"- {mention}" for mention in missing),
                )
            )

    @api.model
    def _missing_mentions(self, donation):
        donor = donation.partner_id
        company = donation.company_id
        checks = [
            (donor.filiere_legal_form, self.env._("the donor's legal form (on the donor's form)")),
            (self._siren(donor), self.env._("the donor's SIREN (its SIRET, on the donor's form)")),
            (donor.street and donor.zip and donor.city, self.env._("the donor's full address")),
            (company.street and company.zip and company.city, self.env._("the structure's full address")),
            (company.filiere_tax_object, self.env._("the structure's object (company settings)")),
            (company.filiere_tax_status, self.env._("the status that makes the structure eligible")),
            (
                company.filiere_tax_status_reference,
                self.env._("the reference of the decree, ruling or approval of that status"),
            ),
            (company.filiere_tax_receipt_signatory, self.env._("the signatory of the receipts (name and quality)")),
        ]
        return [label for value, label in checks if not value]

    @api.model
    def _siren(self, partner):
        digits = "".join(char for char in (partner.siret or partner.company_registry or "") if char.isdigit())
        return digits[:9] if len(digits) >= 9 else ""

    @api.model
    def _cancelled_unreplaced(self, donation):
        receipts = donation.tax_receipt_ids.filtered(
            lambda receipt: receipt.state == "cancelled" and not receipt.replaced_by_id
        )
        return receipts.sorted("chain_sequence")[-1:] or None

    @api.model
    def _issue_values(self, donation):
        """The figures of the gift: its devices' values at transfer and the costs the donor paid."""
        lots = donation.lot_ids
        transport = donation.tax_receipt_transport_cost
        handling = donation.tax_receipt_handling_cost
        try:
            amount = tax_receipt_pdf.receipt_amount(lots.mapped("filiere_transfer_value"), transport, handling)
        except ValueError as error:
            raise UserError(
                self.env._("The tax receipt of %s cannot be issued: a value or a cost is negative.", donation.name)
            ) from error
        received = [day for day in lots.mapped("filiere_received_date") if day]
        now = fields.Datetime.now()
        return {
            "company_id": donation.company_id.id,
            "donation_id": donation.id,
            "partner_id": donation.partner_id.id,
            "issue_date": now,
            "issue_year": fields.Datetime.context_timestamp(self, now).year,
            "issued_by_id": self.env.uid,
            "date_from": min(received) if received else donation.date_start,
            "date_to": max(received) if received else donation.date_start,
            "currency_id": donation.company_id.currency_id.id,
            "device_count": len(lots),
            "devices_value": round(sum(lots.mapped("filiere_transfer_value")), 2),
            "transport_cost": transport,
            "handling_cost": handling,
            "amount": amount,
            "state": "valid",
        }

    @api.model
    def _next_number(self, company):
        sequences = self.env["ir.sequence"].sudo()
        sequence = sequences.search([("code", "=", self._name), ("company_id", "=", company.id)], limit=1)
        if not sequence:
            # One numbering per structure, restarting every year, created at its first receipt; without
            # gaps (an issue rolled back gives its number back): the receipts' order numbers follow.
            sequence = sequences.create(
                {
                    "name": f"Tax receipts – {company.name}",
                    "code": self._name,
                    "prefix": "RF/%(range_year)s/",
                    "padding": 5,
                    "use_date_range": True,
                    "implementation": "no_gap",
                    "company_id": company.id,
                }
            )
        return sequence.next_by_id()

    @api.model
    def _canonical_content(self, donation, values, replaces, reason):
        """What a receipt states, in a stable form (its hash, signature and chain cover exactly this)."""
        donor = donation.partner_id
        company = donation.company_id
        return {
            "format": CONTENT_FORMAT,
            "article": "CGI art. 238 bis",
            "form": "Cerfa 16216*01",
            "number": values["name"],
            "issue_date": fields.Datetime.to_string(values["issue_date"]),
            "issued_by": self.env["res.users"].browse(values["issued_by_id"]).sudo().name or "",
            "donation": donation.name,
            "beneficiary": {
                "name": company.name,
                "address": self._address(company.partner_id),
                "object": company.filiere_tax_object,
                "status": company.filiere_tax_status,
                "reference": company.filiere_tax_status_reference,
            },
            "donor": {
                "name": donor.name,
                "legal_form": donor.filiere_legal_form,
                "siren": self._siren(donor),
                "address": self._address(donor),
            },
            "nature": "in_kind",
            "devices": self._device_rows(donation),
            "device_count": values["device_count"],
            "devices_value": values["devices_value"],
            "transport_cost": values["transport_cost"],
            "handling_cost": values["handling_cost"],
            "amount": values["amount"],
            "currency": company.currency_id.name,
            "date_from": str(values["date_from"]),
            "date_to": str(values["date_to"]),
            "place": company.city,
            "signatory": company.filiere_tax_receipt_signatory,
            "replaces": {"number": replaces.name, "reason": reason or replaces.cancel_reason or ""}
            if replaces
            else None,
        }

    @api.model
    def _device_rows(self, donation):
        """Devices of the gift by type: code, count and value (one query)."""
        groups = (
            self.env["stock.lot"]
            .sudo()
            ._read_group(
                [("donation_id", "=", donation.id)], ["device_type_id"], ["__count", "filiere_transfer_value:sum"]
            )
        )
        rows = [
            {"type": device_type.code or "", "type_id": device_type.id, "count": count, "value": round(value or 0, 2)}
            for device_type, count, value in groups
        ]
        return sorted(rows, key=lambda row: (row["type"], row["type_id"]))

    @api.model
    def _address(self, partner):
        city = " ".join(filter(None, [partner.zip, partner.city]))
        return ", ".join(filter(None, [partner.street, partner.street2, city]))

    @api.model
    def _payload_of(self, content, pdf_sha256):
        return integrity.canonical_json({"content": content or "", "pdf_sha256": pdf_sha256 or ""})

    @api.model
    def _create_pdf(self, number, pdf):
        return (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": f"{number.replace('/', '-')}.pdf",
                    "raw": pdf,
                    "res_model": self._name,
                    "mimetype": "application/pdf",
                }
            )
        )

    # ------------------------------------------------------------------
    # Chain
    # ------------------------------------------------------------------
    def _filiere_chain_payload(self):
        self.ensure_one()
        return self._payload_of(self.content, self.pdf_sha256)

    def _filiere_chain_record_ok(self):
        """The columns say what the content says, the PDF is intact, and the state is proven.

        Valid: no cancellation signature and no later receipt naming this one as replaced.
        Cancelled: the structure signed the cancellation (the chain hash, the reason and the date).
        """
        self.ensure_one()
        try:
            stored = json.loads(self.content or "null")
        except ValueError:
            return False
        if not isinstance(stored, dict) or integrity.sha256_hex(self.content or "") != self.content_hash:
            return False
        if (stored.get("number"), stored.get("amount")) != (self.name, round(self.amount, 2)):
            return False
        if not self.pdf_attachment_id._filiere_intact() or self.pdf_attachment_id.filiere_sha256 != self.pdf_sha256:
            return False
        replaced = self.sudo().search_count(
            [("company_id", "=", self.company_id.id), ("replaces_id", "=", self.id), ("chain_sequence", ">", 0)]
        )
        if self.state == "valid":
            return not self.cancel_signature and not replaced
        return integrity.verify(self.signing_public_key or "", self._cancel_digest(), self.cancel_signature or "")

    def _cancel_digest(self):
        self.ensure_one()
        return self._cancel_digest_of(self.chain_hash, self.cancel_reason, self.cancel_date)

    @api.model
    def _cancel_digest_of(self, chain_hash, reason, date):
        """What the structure signs when it cancels a receipt: the receipt's link, the reason, the date."""
        payload = {
            "chain_hash": chain_hash or "",
            "state": "cancelled",
            "reason": reason or "",
            "date": fields.Datetime.to_string(date) or "",
        }
        return integrity.sha256_hex(integrity.canonical_json(payload))

    # ------------------------------------------------------------------
    # Immutability: issued by issuance only; afterwards only a cancellation.
    # ------------------------------------------------------------------
    def _filiere_immutable_messages(self):
        return {
            "create": self.env._("A tax receipt is made only by issuing it from the donation."),
            "write": self.env._(
                "An issued tax receipt never changes: a manager cancels it with a reason and issues another."
            ),
            "unlink": self.env._("A tax receipt cannot be deleted: a manager cancels it with a reason instead."),
        }

    def _filiere_write_allowed(self, vals):
        return self._is_cancellation(vals)

    def _is_cancellation(self, vals):
        if not (self.env.su and self.env.context.get("filiere_tax_receipt_cancellation") is _CANCELLATION):
            return False
        if set(vals) <= REPLACED_FIELDS:
            return all(receipt.state == "cancelled" and not receipt.replaced_by_id for receipt in self)
        return (
            set(vals) <= CANCEL_FIELDS
            and vals.get("state") == "cancelled"
            and all(receipt.state == "valid" for receipt in self)
        )

    def action_cancel(self, reason):
        """Cancel with a reason (signed by the structure); the donation may then get another receipt."""
        self.ensure_one()
        self._check_may_manage(self.company_id)
        self.check_access("read")
        if self.state != "valid":
            raise UserError(self.env._("Tax receipt %s is already cancelled.", self.name))
        reason = (reason or "").strip()
        if not reason:
            raise UserError(self.env._("Give the reason for cancelling tax receipt %s.", self.name))
        key = self._filiere_signing_key(self.company_id)
        receipt = self.sudo().with_context(filiere_tax_receipt_cancellation=_CANCELLATION)
        values = {
            "state": "cancelled",
            "cancel_reason": reason,
            "cancel_date": fields.Datetime.now(),
            "cancelled_by_id": self.env.uid,
        }
        digest = self._cancel_digest_of(self.chain_hash, reason, values["cancel_date"])
        receipt.write(dict(values, cancel_signature=integrity.sign(key, digest)))
        receipt.flush_recordset()  # stored before a replacement takes the donation's one valid place
        return True

    def action_open_cancel_wizard(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("filiere_reemploi.filiere_tax_receipt_cancel_action")
        action["context"] = {"default_receipt_id": self.id}
        return action

    def action_cancel_and_replace(self, reason):
        """Cancel with a reason and issue the donation's new receipt, which names this one; returns it."""
        self.ensure_one()
        self.action_cancel(reason)
        return self._issue(self.donation_id, replaces=self, reason=reason.strip())

    # ------------------------------------------------------------------
    # Annual declaration (CGI art. 222 bis): count and total of the receipts issued in a year
    # ------------------------------------------------------------------
    @api.model
    def annual_declaration(self, company, year):
        """The count and total amount of the valid receipts ``company`` issued in calendar ``year``.

        Returns ``{"company", "year", "count", "amount", "currency", "due_date", "numbers"}``;
        ``due_date``: three months after the end of the year. Cancelled receipts are not counted.
        """
        company = self.env["res.company"].browse(company.id if hasattr(company, "id") else company)
        self.check_access("read")
        if not self.env.su and company not in self.env.user.company_ids:
            raise AccessError(self.env._("You are not allowed to read the tax receipts of %s.", company.display_name))
        year = int(year)
        receipts = self.search(
            [("company_id", "=", company.id), ("issue_year", "=", year), ("state", "=", "valid")], order="name"
        )
        return {
            "company": company.sudo().name,
            "year": year,
            "count": len(receipts),
            "amount": round(sum(receipts.mapped("amount")), 2),
            "currency": company.sudo().currency_id.name,
            "due_date": self._declaration_due_date(year),
            "numbers": receipts.mapped("name"),
        }

    @api.model
    def _declaration_due_date(self, year):
        return datetime.date(year + 1, 3, 31)

    @api.model
    def _cron_annual_declaration_reminders(self):
        """A month before the declaration of last year's receipts is due, once, an activity for each
        manager of each structure that issued some (on the structure's contact, in their language)."""
        today = fields.Date.context_today(self)
        year = today.year - 1
        due = self._declaration_due_date(year)
        if not due - datetime.timedelta(days=DECLARATION_REMINDER_DAYS) <= today <= due:
            return True
        receipts = self.sudo()
        groups = receipts._read_group(
            [("issue_year", "=", year), ("state", "=", "valid")], ["company_id"], ["__count", "amount:sum"]
        )
        managers = self.env.ref("filiere_reemploi.group_filiere_manager").sudo().users
        for company, count, amount in groups:
            if company.filiere_tax_declaration_reminded_year >= year:
                continue
            responsibles = managers.filtered(lambda user, company=company: company in user.company_ids and user.active)
            for user in responsibles or self.env.ref("base.user_admin"):
                # The scheduled job runs without a language: the activity speaks the manager's.
                env = self.with_context(lang=user.lang or company.partner_id.lang or self.env.lang).env
                company.partner_id.sudo().activity_schedule(
                    "mail.mail_activity_data_todo",
                    date_deadline=due,
                    summary=env._("Declare the tax receipts of %s", year),
                    note=env._(
                        "Tax receipts issued in %(year)s: %(count)s, for %(amount)s. Their declaration is due by "
                        "%(due)s (Reporting > Annual declaration of tax receipts).",
                        count=count,
                        year=year,
                        amount=tools.format_amount(env, amount, company.currency_id),
                        due=format_date(env, due),
                    ),
                    user_id=user.id,
                )
            company.sudo().filiere_tax_declaration_reminded_year = year
        return True

    # ------------------------------------------------------------------
    # Document
    # ------------------------------------------------------------------
    @api.model
    def _receipt_lang(self):
        """A French tax form: French when the database has it, else the current language."""
        return "fr_FR" if self.env["res.lang"]._lang_get("fr_FR") else self.env.lang

    @api.model
    def _document_data(self, donation, content, values):
        env = self.with_context(lang=self._receipt_lang()).env
        company = donation.company_id
        currency = company.currency_id
        types = {
            device_type.id: device_type.name
            for device_type in env["filiere.device.type"].browse([row["type_id"] for row in content["devices"]])
        }
        statuses = dict(env["res.company"]._fields["filiere_tax_status"]._description_selection(env))
        beneficiary = content["beneficiary"]
        date_from, date_to = values["date_from"], values["date_to"]
        if date_from == date_to:
            period = env._("on %s", format_date(env, date_from))
        else:
            period = env._(
                "from %(start)s to %(end)s", start=format_date(env, date_from), end=format_date(env, date_to)
            )
        replaces = content["replaces"]
        return {
            "labels": self._pdf_labels(env),
            "number": content["number"],
            "beneficiary": dict(beneficiary, status=statuses.get(beneficiary["status"], "")),
            "donor": content["donor"],
            "amount": content["amount"],
            "amount_words": self._amount_in_words(content["amount"], currency.with_env(env)),
            "currency": currency.name or "",
            "period": period,
            "form": env._("Private deed: donation agreement %s", donation.name),
            "nature": env._("Gift in kind (don en nature): used IT equipment"),
            "devices": [(types[row["type_id"]], row["count"], row["value"]) for row in content["devices"]],
            "device_count": content["device_count"],
            "transport_cost": content["transport_cost"],
            "handling_cost": content["handling_cost"],
            "place": content["place"],
            "date": format_date(env, fields.Datetime.context_timestamp(self, values["issue_date"]).date()),
            "signatory": content["signatory"],
            "replaces": env._(
                "This receipt replaces receipt %(number)s, cancelled for this reason: %(reason)s",
                number=replaces["number"],
                reason=replaces["reason"],
            )
            if replaces
            else "",
            "hash": values["content_hash"],
            "public_key": values["signing_public_key"],
            "digital_signature": values["content_signature"],
        }

    @api.model
    def _amount_in_words(self, amount, currency):
        """The amount in words in the receipt's language ("deux cent soixante-quinze euros et ...")."""
        if num2words is None:
            return currency.amount_to_text(amount)
        try:
            words = num2words(round(amount, 2), lang=currency.env.lang[:2], to="currency", currency=currency.name)
        except (NotImplementedError, KeyError):
            return currency.amount_to_text(amount)
        # No cents: the last " et zéro centimes" says nothing.
        return words if currency.round(amount % 1) else words.rsplit(" et ", 1)[0]

    @api.model
    def _pdf_labels(self, env):
        return {
            "title": env._("Receipt for gifts made by companies under article 238 bis of the French tax code (CGI)"),
            "subtitle": env._(
                "Own layout carrying every mention of form Cerfa n° 16216*01 (2041-MEC-SD), article 238 bis "
                "(5 bis) of the CGI."
            ),
            "number": env._("Receipt number"),
            "beneficiary": env._("Beneficiary of the gift"),
            "name": env._("Name or corporate name"),
            "address": env._("Address"),
            "object": env._("Object"),
            "status": env._("Status"),
            "status_reference": env._("Decree, ruling or approval"),
            "donor": env._("Donor company"),
            "legal_form": env._("Legal form"),
            "siren": env._("SIREN number"),
            "gift": env._("Gift"),
            "acknowledgement": env._(
                "The beneficiary acknowledges having received, as a gift giving right to the tax reduction, "
                "the gift described below:"
            ),
            "amount": env._("Value of the gift"),
            "amount_words": env._("Value in words"),
            "period": env._("Date or period of the gift"),
            "form": env._("Form of the gift"),
            "nature": env._("Nature of the gift"),
            "payment": env._("Method of payment"),
            "payment_none": env._("None: gift in kind"),
            "description": env._("Description of the goods received"),
            "device_type": env._("Goods"),
            "quantity": env._("Quantity"),
            "value": env._("Value"),
            "transport": env._("Transport costs paid by the donor"),
            "handling": env._("Handling costs paid by the donor"),
            "total": env._("Total value of the gift"),
            "valuation": env._(
                "Value as determined by the donor company: the net book value of fixed assets on the day of "
                "the gift (cost or stock value for stock), plus the transport and handling costs it paid."
            ),
            "zero_value": env._(
                "The goods were fully depreciated: the value of the gift is 0, as the donor chose to have it "
                "stated on a receipt."
            ),
            "certification": env._(
                "The beneficiary certifies on its honour that the gifts it receives give right to the tax "
                "reduction of article 238 bis of the French tax code (CGI)."
            ),
            "place_date": env._("Done at"),
            "signatory": env._("Name and quality of the signatory:"),
            "sign_here": env._("Signature"),
            "hash": env._("SHA-256 of the content"),
            "public_key": env._("Public key of the structure (Ed25519)"),
            "digital_signature": env._("Ed25519 signature of the SHA-256 above by the structure"),
        }

    def action_download_pdf(self):
        """The URL of the receipt's PDF, once its SHA-256 is still the one taken at issue."""
        self.ensure_one()
        self.check_access("read")
        attachment = self.pdf_attachment_id
        if not attachment or not attachment._filiere_intact():
            raise UserError(
                self.env._(
                    "The PDF of tax receipt %s no longer matches the SHA-256 it had when it was issued: it was "
                    "altered and is not sent. Check the chain and tell the administrator.",
                    self.name,
                )
            )
        return {"type": "ir.actions.act_url", "url": f"/web/content/{attachment.id}?download=true"}
