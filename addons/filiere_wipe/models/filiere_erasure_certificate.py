import json
import logging
import secrets

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, format_date, format_datetime, formatLang

from odoo.addons.filiere_reemploi.lib import integrity as chain_rules

from ..lib import certificate_pdf

_logger = logging.getLogger(__name__)


def id_ranges(ids):
    """Record ids as a short text for a URL, in their order: [4, 5, 6, 9] -> "4-6,9"."""
    parts, start, previous = [], None, None
    for record_id in ids:
        if start is not None and record_id == previous + 1:
            previous = record_id
            continue
        if start is not None:
            parts.append(str(start) if start == previous else f"{start}-{previous}")
        start = previous = record_id
    if start is not None:
        parts.append(str(start) if start == previous else f"{start}-{previous}")
    return ",".join(parts)


def parse_id_ranges(text, limit=100000):
    """The ids of ``id_ranges``; anything else (or more than ``limit`` ids) is no id at all."""
    ids = []
    for part in (text or "").split(","):
        first, dash, last = part.partition("-")
        if not first.isdigit() or (dash and not last.isdigit()):
            return []
        first, last = int(first), int(last or first)
        if last < first or len(ids) + last - first + 1 > limit:
            return []
        ids.extend(range(first, last + 1))
    return ids


# What an erasure proves; names and places may be corrected later without altering it.
ERASURE_FACTS = (
    "serial",
    "model",
    "nist_category",
    "method",
    "rounds",
    "verification",
    "result",
    "errors",
    "start",
    "end",
)
# Content format of the certificates issued since 18.0.1.2.0 (donation, state at issue, the raw
# reports' SHA-256, the certificate replaced); those issued before have no "format" key.
CONTENT_FORMAT = 2
# The only values a certificate takes after its issue: its cancellation.
CANCEL_FIELDS = frozenset({"state", "cancel_reason", "cancel_date", "cancelled_by_id", "replaced_by_id"})
# Context markers only this module's code can hold: JSON-RPC carries JSON, never these objects.
_ISSUANCE = object()
_CANCELLATION = object()


class FiliereErasureCertificate(models.Model):
    """A device's erasure certificate: numbered per structure, hash-chained, signed, immutable once issued.

    Certificates are only made by issuance (``_issue_for``), which computes the certified content,
    its hash and its place in the structure's chain before ``create``; the only later change is
    valid → cancelled, by ``action_cancel``, which issues the replacement that says so.
    """

    _name = "filiere.erasure.certificate"
    _inherit = ["filiere.inalterable.mixin"]
    _description = "Data erasure certificate"
    _order = "issue_date desc, id desc"
    _check_company_auto = True

    name = fields.Char("Number", required=True, readonly=True, copy=False)
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    lot_id = fields.Many2one("stock.lot", "Device", required=True, readonly=True, index=True, check_company=True)
    # Set at issue: what the certificate certifies does not follow the device to another donation.
    donation_id = fields.Many2one("filiere.donation", readonly=True, index=True)
    device_type_id = fields.Many2one(related="lot_id.device_type_id")
    erasure_ids = fields.Many2many(
        "filiere.erasure",
        "filiere_erasure_certificate_rel",
        "certificate_id",
        "erasure_id",
        string="Erasure records",
        readonly=True,
    )
    issue_date = fields.Datetime(required=True, readonly=True, default=fields.Datetime.now)
    issued_by_id = fields.Many2one("res.users", readonly=True, default=lambda self: self.env.user)
    state = fields.Selection([("valid", "Valid"), ("cancelled", "Cancelled")], default="valid", readonly=True)
    result = fields.Selection(
        [("erased", "Erased"), ("destroyed", "Destroyed"), ("no_storage", "No storage")], readonly=True
    )
    verification_code = fields.Char(readonly=True, copy=False, index=True)
    content = fields.Text("Certified content", readonly=True, help="Canonical JSON of what the certificate states.")
    content_hash = fields.Char("SHA-256", readonly=True)
    cancel_reason = fields.Text(readonly=True)
    cancel_date = fields.Datetime(readonly=True)
    cancelled_by_id = fields.Many2one("res.users", readonly=True)
    replaced_by_id = fields.Many2one("filiere.erasure.certificate", readonly=True)
    replaces_id = fields.Many2one("filiere.erasure.certificate", readonly=True)

    _sql_constraints = [
        ("verification_code_unique", "unique(verification_code)", "Verification codes are unique."),
        ("name_company_unique", "unique(name, company_id)", "Certificate numbers are unique per structure."),
    ]

    # ------------------------------------------------------------------
    # Issue
    # ------------------------------------------------------------------
    @api.model
    def _issue_for(self, lot, replaces=None, reason=None):
        """Issue the certificate of a device whose erasure gate is passed (see ``_issue_batch``)."""
        return self._issue_batch(lot, replaces=replaces, reason=reason)

    @api.model
    def _issue_batch(self, lots, replaces=None, reason=None):
        """Issue the certificates of devices whose erasure gate is passed, in the order of ``lots``.

        The caller must be a user of the devices' structures (the superuser passes); the records are
        then created with full rights, each one's content, hash, chain link and signature computed
        first, as for a device alone. The raw reports of the erasures are locked as evidence and
        their SHA-256 certified. A batch reads its devices, erasures and files together, draws its
        numbers and extends each structure's chain once: its queries do not grow with its size.
        ``replaces`` (one device only): the certificate replaced, cancelled for ``reason``.
        """
        if replaces and len(lots) != 1:
            raise UserError(self.env._("A certificate replaces another for one device at a time."))
        # A device given twice gets one certificate.
        lots = lots.browse(list(dict.fromkeys(lots.ids)))
        self._check_may_issue(lots)
        for lot in lots:
            lot._check_erasure_gate()
        certificates = self.browse()
        for company in lots.company_id:
            certificates |= self._issue_company_batch(
                company, lots.filtered(lambda lot, company=company: lot.company_id == company), replaces, reason
            )
        by_lot = {certificate.lot_id.id: certificate for certificate in certificates}
        return self.browse([by_lot[lot.id].id for lot in lots])

    @api.model
    def _issue_company_batch(self, company, lots, replaces, reason):
        # The key first: a structure without its key issues nothing (and takes no number).
        self._filiere_signing_key(company)
        erasures_of = {lot.id: lot.erasure_ids.filtered("is_erased").sorted("id") for lot in lots}
        digests = self.env["filiere.erasure"].union(*erasures_of.values())._evidence_files()._filiere_lock()
        now = fields.Datetime.now()
        vals_list = []
        for lot, number in zip(lots, self._next_numbers(company, len(lots)), strict=True):
            erasures = erasures_of[lot.id]
            values = {
                "name": number,
                "company_id": company.id,
                "lot_id": lot.id,
                "donation_id": lot.donation_id.id,
                "erasure_ids": [fields.Command.set(erasures.ids)],
                "verification_code": secrets.token_hex(8).upper(),
                "issue_date": now,
                "issued_by_id": self.env.uid,
                "result": self._result_of(lot, erasures),
                "state": "valid",
                "replaces_id": replaces.id if replaces else False,
            }
            content = self._canonical_content(lot, erasures, values, digests, replaces=replaces, reason=reason)
            values.update(
                content=certificate_pdf.canonical_json(content), content_hash=certificate_pdf.content_hash(content)
            )
            vals_list.append(values)
        chains = self._filiere_chain_values_list(company, [values["content"] for values in vals_list])
        for values, chain in zip(vals_list, chains, strict=True):
            values.update(chain)
        certificates = self.sudo().with_context(filiere_certificate_issuance=_ISSUANCE).create(vals_list)
        return certificates.sudo(False).with_context(filiere_certificate_issuance=None)

    @api.model
    def _check_may_issue(self, lots):
        if self.env.su:
            return
        user = self.env.user
        outside = lots.company_id - user.company_ids
        if not user.has_group("filiere_reemploi.group_filiere_user") or outside:
            raise AccessError(
                self.env._(
                    "Only the staff of %s issue the erasure certificates of its devices.",
                    (outside or lots.company_id)[:1].name,
                )
            )
        lots.check_access("read")

    @api.model
    def _result_of(self, lot, erasures):
        if not erasures:
            return "no_storage"
        if all(erasure.nist_category == "destroy" for erasure in erasures):
            return "destroyed"
        return "erased"

    @api.model
    def _next_number(self, company):
        return self._next_numbers(company, 1)[0]

    @api.model
    def _next_numbers(self, company, count):
        """``count`` numbers of ``company``'s certificates, in order (one query for the standard sequence)."""
        sequence = (
            self.env["ir.sequence"]
            .sudo()
            .search([("code", "=", "filiere.erasure.certificate"), ("company_id", "=", company.id)], limit=1)
        )
        if not sequence:
            # One numbering per structure, created at its first certificate.
            sequence = (
                self.env["ir.sequence"]
                .sudo()
                .create(
                    {
                        "name": f"Erasure certificates – {company.name}",
                        "code": "filiere.erasure.certificate",
                        "prefix": "CERT/%(year)s/",
                        "padding": 5,
                        "company_id": company.id,
                    }
                )
            )
        if sequence.implementation != "standard" or sequence.use_date_range:
            return [sequence.next_by_id() for _index in range(count)]
        self.env.cr.execute(
            SQL("SELECT nextval(%s) FROM generate_series(1, %s)", f"ir_sequence_{sequence.id:03d}", count)
        )
        # As ``get_next_char`` writes each, the prefix and suffix interpolated once.
        prefix, suffix = sequence._get_prefix_suffix()
        numbers = sorted(row[0] for row in self.env.cr.fetchall())
        return [f"{prefix}{number:0{sequence.padding}d}{suffix}" for number in numbers]

    @api.model
    def _canonical_content(self, lot, erasures, values, report_digests, replaces=None, reason=None):
        """What a certificate states, in a stable form (its hash and chain cover exactly this).

        Computed from the device, its erasure records and the issue values, before the record
        exists; ``report_digests`` maps each raw report attachment id to its SHA-256.
        """
        company = self.env["res.company"].browse(values["company_id"])
        donation = self.env["filiere.donation"].browse(values["donation_id"]).sudo()
        media = [
            {
                "manufacturer": erasure.media_manufacturer or "",
                "model": erasure.media_model or "",
                "serial": erasure.media_serial or "",
                "type": erasure.media_type or "",
                "size_gb": erasure.media_size_gb,
                "nist_category": erasure.nist_category,
                "method": erasure.method,
                "tool": " ".join(filter(None, [erasure.tool, erasure.tool_version])),
                "rounds": erasure.rounds,
                "verification": erasure.verification or "",
                "result": erasure.result,
                "errors": erasure.pass_errors + erasure.verify_errors,
                "start": fields.Datetime.to_string(erasure.date_start) or "",
                "end": fields.Datetime.to_string(erasure.date_end) or "",
                "operator": erasure.operator_id.name or "",
                "verifier": erasure.verifier_id.name or "",
                "place": erasure.place or "",
                "destination": erasure.media_destination or "",
                "report_sha256": report_digests.get(erasure.report_attachment_id.id, ""),
                # The other files of the same run (e.g. nwipe's PDF certificate beside its log).
                "evidence_sha256": sorted(
                    report_digests.get(attachment.id, "")
                    for attachment in erasure._evidence_files() - erasure.report_attachment_id
                ),
            }
            for erasure in erasures.sorted("id")
        ]
        return {
            "format": CONTENT_FORMAT,
            "number": values["name"],
            "verification_code": values["verification_code"],
            "structure": company.name,
            "issue_date": fields.Datetime.to_string(values["issue_date"]),
            "issued_by": self.env["res.users"].browse(values["issued_by_id"]).sudo().name or "",
            "state": values["state"],
            "device": {
                "serial": lot.name,
                "type": lot.device_type_id.with_context(lang="en_US").name or "",
                "brand": lot.brand or "",
                "model": lot.model_name or "",
            },
            "donation": donation.name or "",
            "donor": donation.partner_id.name or "",
            "result": values["result"],
            "no_storage_declared": bool(lot.no_storage_declared),
            "media": media,
            "replaces": {"number": replaces.name, "reason": reason or ""} if replaces else None,
        }

    def _stored_content(self):
        """The certified content as stored, or None when it is not readable JSON."""
        self.ensure_one()
        try:
            content = json.loads(self.content or "null")
        except ValueError:
            return None
        return content if isinstance(content, dict) else None

    # ------------------------------------------------------------------
    # Checks: the stored record, its chain link and signature, the facts behind it
    # ------------------------------------------------------------------
    def _integrity(self):
        """'intact' or 'altered'.

        The stored hash must match the stored content, the certificate's chain link and signature
        must verify, and the erasure facts it states (and the raw reports' SHA-256) must still be
        those of the records (a change made behind the ORM shows here).
        """
        self.ensure_one()
        stored = self._stored_content()
        if not stored or not self._stored_record_ok(stored) or not self._chain_link_intact():
            return "altered"
        erasures = self.erasure_ids.sorted("id")
        digests = {
            attachment.id: chain_rules.sha256_hex(attachment.raw or b"") for attachment in erasures._evidence_files()
        }
        live_values = {
            "name": self.name,
            "verification_code": self.verification_code,
            "company_id": self.company_id.id,
            "donation_id": self.donation_id.id,
            "issue_date": self.issue_date,
            "issued_by_id": self.issued_by_id.id,
            "result": self.result,
            "state": "valid",
        }
        live = self._canonical_content(self.lot_id, erasures, live_values, digests)
        keys = ERASURE_FACTS + (("report_sha256",) if stored.get("format") else ())

        def facts(content):
            media = [{key: medium.get(key) for key in keys} for medium in content.get("media", [])]
            return content.get("number"), content.get("device", {}).get("serial"), content.get("result"), media

        # Files locked at issue must be unchanged (a file attached later is not part of what was certified).
        locked_intact = erasures._evidence_files().filtered("filiere_locked")._filiere_intact()
        return "intact" if facts(stored) == facts(live) and locked_intact else "altered"

    def _stored_record_ok(self, stored):
        """The record's columns say what its certified content says."""
        self.ensure_one()
        if certificate_pdf.content_hash(stored) != self.content_hash:
            return False
        if stored.get("number") != self.name or stored.get("result") != self.result:
            return False
        if (stored.get("device") or {}).get("serial") != self.lot_id.sudo().name:
            return False
        if stored.get("issue_date") != fields.Datetime.to_string(self.issue_date):
            return False
        if stored.get("format"):
            return (
                stored.get("verification_code") == self.verification_code
                and stored.get("donation") == (self.donation_id.sudo().name or "")
                and (stored.get("replaces") or {}).get("number") == (self.replaces_id.name or None)
            )
        return True

    def _chain_link_intact(self):
        """This certificate's own link: its hash, its signature and its two neighbours in the chain."""
        self.ensure_one()
        if not self.chain_sequence or not self.chain_hash:
            return False
        if self.chain_hash != chain_rules.link_hash(self.chain_previous_hash or "", self._filiere_chain_payload()):
            return False
        try:
            public_key = self._filiere_public_key(self.company_id)
        except UserError:
            # No key on this server: the stored one still proves the link was not rewritten alone.
            public_key = self.signing_public_key
        if self.signing_public_key != public_key or not chain_rules.verify(
            public_key, self.chain_hash, self.signature or ""
        ):
            return False
        neighbours = (
            self.sudo()
            .with_context(active_test=False)
            .search(
                [
                    ("company_id", "=", self.company_id.id),
                    ("chain_sequence", "in", [self.chain_sequence - 1, self.chain_sequence + 1]),
                ]
            )
        )
        before = neighbours.filtered(lambda other: other.chain_sequence == self.chain_sequence - 1)
        after = neighbours.filtered(lambda other: other.chain_sequence == self.chain_sequence + 1)
        if len(before) > 1 or len(after) > 1:
            return False
        if self.chain_sequence > 1 and (not before or before.chain_hash != self.chain_previous_hash):
            return False
        if self.chain_sequence == 1 and self.chain_previous_hash:
            return False
        if after and after.chain_previous_hash != self.chain_hash:
            return False
        return self._filiere_chain_record_ok()

    def _filiere_chain_payload(self):
        self.ensure_one()
        return self.content or ""

    def _filiere_chain_record_ok(self):
        """The state is certified too: cancelled iff a later certificate of the chain replaces this one."""
        self.ensure_one()
        stored = self._stored_content()
        if not stored or not self._stored_record_ok(stored):
            return False
        replacers = self.env.context.get("filiere_certificate_replacers")
        if replacers is None:
            replacers = self._chain_replacers(self.company_id, replaced=self)
        replaced = any(sequence > self.chain_sequence for sequence in dict(replacers).get(self.id, ()))
        return self.state == ("cancelled" if replaced else "valid")

    @api.model
    def _chain_replacers(self, company, replaced=None):
        """{certificate id: positions of the chained certificates replacing it}, as the database holds them.

        A certificate issued since 18.0.1.2.0 names the one it replaces in its certified content;
        one issued before proves it only by its ``replaces_id``. ``replaced``: only the certificates
        replacing this one (one certificate's check reads a few rows, not the whole chain).
        """
        self.flush_model()
        query = SQL(
            "SELECT chain_sequence, content, replaces_id FROM %s WHERE company_id = %s AND chain_sequence IS NOT NULL",
            SQL.identifier(self._table),
            company.id,
        )
        if replaced:
            stated = '%"replaces":{"number":' + json.dumps(replaced.name, ensure_ascii=False) + ",%"
            query = SQL("%s AND (replaces_id = %s OR content LIKE %s)", query, replaced.id, stated)
        self.env.cr.execute(query)
        rows = self.env.cr.fetchall()
        domain = [("company_id", "=", company.id)] + ([("id", "=", replaced.id)] if replaced else [])
        ids_by_number = {
            record.name: record.id
            for record in self.sudo().with_context(active_test=False).search_fetch(domain, ["name"])
        }
        replacers = {}
        for sequence, content, replaces_id in rows:
            try:
                stated = json.loads(content or "null")
            except ValueError:
                continue
            if not isinstance(stated, dict):
                continue
            if stated.get("format"):
                replaced_id = ids_by_number.get((stated.get("replaces") or {}).get("number"))
            else:
                replaced_id = replaces_id
            if replaced_id:
                replacers.setdefault(replaced_id, []).append(sequence)
        return tuple((key, tuple(value)) for key, value in replacers.items())

    @api.model
    def verify_chain(self, company):
        """The mixin's check, with the replacements of the structure read once for the whole chain."""
        company = self.env["res.company"].browse(company.id if hasattr(company, "id") else company)
        self.check_access("read")
        if not self.env.su and company not in self.env.user.company_ids:
            raise AccessError(self.env._("You are not allowed to check the records of %s.", company.display_name))
        replacers = self.sudo()._chain_replacers(company)
        checked = self.with_context(filiere_certificate_replacers=replacers)
        result = super(FiliereErasureCertificate, checked).verify_chain(company)
        # A certificate outside the chain (its chain fields emptied behind the ORM, or issued before
        # 18.0.1.2.0 and not chained yet) is not verified either.
        unchained = (
            self.sudo()
            .with_context(active_test=False)
            .search([("company_id", "=", company.id), ("chain_sequence", "=", False)], order="issue_date, id", limit=1)
        )
        if result["ok"] and unchained:
            result = dict(result, ok=False, first_broken=unchained.display_name)
        return result

    # ------------------------------------------------------------------
    # Immutability: issued by issuance only; afterwards only a cancellation, which issues a new number.
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise AccessError(
                self.env._("Erasure certificates are issued from the device, once its erasure is recorded.")
            )
        if self.env.context.get("filiere_certificate_issuance") is not _ISSUANCE:
            raise UserError(
                self.env._(
                    "An erasure certificate is only created by its issue from the device (content, hash, "
                    "chain and signature are computed there)."
                )
            )
        return super().create(vals_list)

    def write(self, vals):
        if self and not self._is_cancellation(vals):
            raise UserError(
                self.env._(
                    "An issued erasure certificate cannot be changed; cancel it with a reason to issue a new one."
                )
            )
        return super().write(vals)

    def _is_cancellation(self, vals):
        return (
            self.env.su
            and self.env.context.get("filiere_certificate_cancellation") is _CANCELLATION
            and set(vals) <= CANCEL_FIELDS
            and vals.get("state") == "cancelled"
            and all(certificate.state == "valid" for certificate in self)
        )

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("An erasure certificate cannot be deleted; cancel it with a reason instead."))

    def action_cancel(self, reason):
        """Cancel with a reason; the device gets a new certificate with a new number, which says so."""
        self.ensure_one()
        if not self.env.su and not (
            self.env.user.has_group("filiere_reemploi.group_filiere_manager")
            and self.company_id in self.env.user.company_ids
        ):
            raise AccessError(
                self.env._("Only a manager of %s cancels its erasure certificates.", self.company_id.name)
            )
        self.check_access("read")
        if self.state != "valid":
            raise UserError(self.env._("Certificate %s is already cancelled.", self.name))
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason for cancelling certificate %s.", self.name))
        replacement = self._issue_for(self.lot_id, replaces=self, reason=reason.strip())
        self.sudo().with_context(filiere_certificate_cancellation=_CANCELLATION).write(
            {
                "state": "cancelled",
                "cancel_reason": reason.strip(),
                "cancel_date": fields.Datetime.now(),
                "cancelled_by_id": self.env.uid,
                "replaced_by_id": replacement.id,
            }
        )
        return replacement

    # ------------------------------------------------------------------
    # Certificates issued before 18.0.1.2.0 (migration)
    # ------------------------------------------------------------------
    @api.model
    def _chain_unchained(self, company):
        """Chain and sign, in (issue date, id) order, the certificates of ``company`` outside the chain.

        Their certified content stays as issued (its hash was printed on their PDF); their raw
        reports are locked. Returns the number of certificates chained.
        """
        records = (
            self.sudo()
            .with_context(active_test=False)
            .search(
                [("company_id", "=", company.id), ("chain_sequence", "=", False)],
                order="issue_date, id",
            )
        )
        for record in records:
            record.erasure_ids._evidence_files()._filiere_lock()
            chain = self._filiere_chain_values(company, record._filiere_chain_payload())
            self.env.cr.execute(
                SQL(
                    "UPDATE %s SET chain_sequence = %s, chain_previous_hash = %s, chain_hash = %s, "
                    "signature = %s, signing_public_key = %s WHERE id = %s",
                    SQL.identifier(self._table),
                    chain["chain_sequence"],
                    chain["chain_previous_hash"],
                    chain["chain_hash"],
                    chain["signature"],
                    chain["signing_public_key"],
                    record.id,
                )
            )
            record.invalidate_recordset(list(chain))
        return len(records)

    # ------------------------------------------------------------------
    # Documents
    # ------------------------------------------------------------------
    def _verification_url(self):
        base = self.get_base_url()
        return f"{base}/filiere/certificate/{self.verification_code}"

    def _render_pdf(self):
        self.ensure_one()
        return certificate_pdf.render_certificate(*self._pdf_data({}))

    def _render_merged_pdf(self):
        """These certificates in one PDF to print, one after the other in their order, each as its
        own PDF draws it (the signed material each PDF embeds stays in that PDF)."""
        self.check_access("read")
        shared = {}
        title = self.env._("Data erasure certificates")
        return certificate_pdf.render_certificates((certificate._pdf_data(shared) for certificate in self), title)

    def _pdf_data(self, shared):
        """(data, labels) of this certificate's PDF, in its donor's language. ``shared``: a dict kept
        between the certificates of one document (labels and selections per language)."""
        self.ensure_one()
        lot = self.lot_id
        stored = self._stored_content() or {}
        donation = self.donation_id.sudo()
        lang = donation.partner_id.lang or self.env.lang
        if lang not in shared:
            lang_self = self.with_context(lang=lang)
            shared[lang] = {
                "self": lang_self,
                "labels": lang_self._pdf_labels(),
                "selections": {
                    field: dict(self.env["filiere.erasure"]._fields[field]._description_selection(lang_self.env))
                    for field in ("nist_category", "verification", "result")
                },
                "base_url": self.get_base_url(),
            }
        lang_self, labels, selections = shared[lang]["self"], shared[lang]["labels"], shared[lang]["selections"]

        def selection(field, value):
            return selections[field].get(value, value or "")

        company = self.company_id
        data = {
            "number": self.name,
            "date": format_date(lang_self.env, fields.Datetime.context_timestamp(self, self.issue_date).date()),
            "structure": company.name,
            # As a French address reads: "12 rue Carnot, 05000 Gap".
            "structure_address": ", ".join(
                filter(None, [company.street, company.street2, " ".join(filter(None, [company.zip, company.city]))])
            ),
            # The donor and donation certified at issue, whatever the device's donation is now.
            "donor": stored.get("donor", donation.partner_id.name or ""),
            "donation": stored.get("donation", donation.name or ""),
            "device": [
                (
                    labels["device"],
                    f"{lot.name} – {lot.device_type_id.with_context(lang=lang_self.env.lang).name or ''}",
                ),
                (labels["model"], " ".join(filter(None, [lot.brand, lot.model_name]))),
            ],
            "media": [
                {
                    "medium": " ".join(filter(None, [e.media_manufacturer, e.media_model, e.media_serial])) or "—",
                    "capacity": lang_self._capacity_text(e.media_size_gb),
                    "category": selection("nist_category", e.nist_category),
                    "method": e.method,
                    "tool": " ".join(filter(None, [e.tool, e.tool_version])),
                    "verification": selection("verification", e.verification),
                    "result": selection("result", e.result),
                    "operator": e.operator_id.name or "",
                    "verifier": e.verifier_id.name or "",
                    "date": format_datetime(lang_self.env, e.date_end) if e.date_end else "",
                }
                for e in self.erasure_ids.sorted("id")
            ],
            "verification_code": self.verification_code,
            "verification_url": f"{shared[lang]['base_url']}/filiere/certificate/{self.verification_code}",
            "hash": self.content_hash,
            "cancelled": self.state == "cancelled",
            "note": labels["no_storage"] if self.result == "no_storage" else "",
            "replaces": lang_self._replaces_sentence(stored),
            "signed": self._signed_material() if self.chain_hash else None,
        }
        return data, labels

    def _capacity_text(self, size_gb):
        """A medium's capacity as its reader writes it ("256 Go", "1,5 To"); empty when unknown."""
        if not size_gb:
            return ""
        size = size_gb / 1000 if size_gb >= 1000 else size_gb
        text = formatLang(self.env, size, digits=0 if round(size, 1) == round(size) else 1)
        return self.env._("%s TB", text) if size_gb >= 1000 else self.env._("%s GB", text)

    def _replaces_sentence(self, stored):
        replaces = stored.get("replaces")
        if not replaces:
            return ""
        return self.env._(
            "This certificate replaces certificate %(number)s, cancelled for this reason: %(reason)s",
            number=replaces.get("number"),
            reason=replaces.get("reason"),
        )

    def _signed_material(self):
        """What the PDF embeds for the stand-alone verifier (tools/verify_certificate.py)."""
        self.ensure_one()
        return {
            "content": self.content or "",
            "previous_hash": self.chain_previous_hash or "",
            "chain_hash": self.chain_hash or "",
            "signature": self.signature or "",
            "public_key": self.signing_public_key or "",
        }

    def _pdf_labels(self):
        return {
            "title": self.env._("Data erasure certificate"),
            "cancelled": self.env._("CANCELLED – replaced by a new certificate"),
            "date": self.env._("Date"),
            "donor": self.env._("Donor"),
            "device": self.env._("Device"),
            "model": self.env._("Brand and model"),
            "media_title": self.env._("Storage media"),
            "media_columns": [
                ("medium", self.env._("Medium")),
                ("capacity", self.env._("Capacity")),
                ("category", self.env._("NIST SP 800-88 category")),
                ("method", self.env._("Method")),
                ("tool", self.env._("Tool")),
                ("verification", self.env._("Verification")),
                ("result", self.env._("Result")),
                ("operator", self.env._("Performed by")),
                ("verifier", self.env._("Verified by")),
                ("date", self.env._("Date")),
            ],
            "verify": self.env._("Check this certificate at:"),
            "code": self.env._("Verification code"),
            "signature": self.env._("For the structure, signature:"),
            "donation": self.env._("Donation agreement"),
            "chain_hash": self.env._("Chain hash"),
            "signature_value": self.env._("Ed25519 signature"),
            "public_key": self.env._("Public key of the structure"),
            "signed_note": self.env._(
                "This certificate is signed electronically: its certified content is embedded in this PDF and "
                "can be checked without the network's server with tools/verify_certificate.py and the "
                "structure's public key."
            ),
            "no_storage": self.env._("This device holds no storage medium, as declared by the structure."),
        }

    def action_print_certificates(self):
        """The list's "Print" button: the selected certificates in one PDF, to print in one go."""
        if not self:
            raise UserError(self.env._("Select the certificates to print."))
        self.check_access("read")
        return {
            "type": "ir.actions.act_url",
            "url": f"/filiere/certificates/pdf?ids={id_ranges(self.ids)}",
            "target": "new",
        }

    def action_download_pdf(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": f"/filiere/certificate/{self.verification_code}/pdf",
            "target": "new",
        }
