from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, config

from ..lib import integrity

# Server configuration option naming the structures' Ed25519 private key file; "{company_id}" in
# the path gives each structure its own file.
SIGNING_KEY_OPTION = "filiere_signing_key"

# Marks the environment of an issuance: a Python object, which no JSON-RPC call can put in a context.
_ISSUANCE = object()


class FiliereInalterableMixin(models.AbstractModel):
    """Records that prove something: each structure's records form a hash chain, each link signed.

    As Odoo's inalterable journal entries (``account.move``): every record's chain hash covers the
    previous record's chain hash and this record's payload, so rewriting one record, even
    consistently with its own hash, breaks the chain at the next check. The chain hash is signed
    with the structure's Ed25519 key, kept outside the database, so a rewrite of the whole chain
    from one record on still shows: the signatures no longer verify.

    A model using the mixin:
    - has a ``company_id``;
    - implements ``_filiere_chain_payload()``: the canonical text of what a stored record
      certifies (recomputed from the stored fields when the chain is checked);
    - computes the same payload before ``create`` and adds ``_filiere_chain_values(company,
      payload)`` to the created values (content, hash and chain are part of issuance);
    - refuses to write the chain fields: either its own guard does, or it returns its messages
      from ``_filiere_immutable_messages()`` and the mixin's guard does (records created only
      through ``_filiere_issuing()``, written only as ``_filiere_write_allowed()`` says, never
      deleted).
    """

    _name = "filiere.inalterable.mixin"
    _description = "Hash-chained, signed document"

    chain_sequence = fields.Integer("Position in the chain", readonly=True, copy=False, index=True)
    chain_previous_hash = fields.Char("Previous chain hash", readonly=True, copy=False)
    chain_hash = fields.Char("Chain hash", readonly=True, copy=False)
    signature = fields.Char("Ed25519 signature", readonly=True, copy=False)
    signing_public_key = fields.Char("Public key", readonly=True, copy=False)

    # ------------------------------------------------------------------
    # Hooks of the models using the mixin
    # ------------------------------------------------------------------
    def _filiere_chain_payload(self):
        """The canonical text this stored record certifies (what the chain hash covers)."""
        raise NotImplementedError

    def _filiere_chain_record_ok(self):
        """Further checks of one record beyond its link (e.g. a state that another record proves)."""
        self.ensure_one()
        return True

    def _filiere_immutable_messages(self):
        """``{"create", "write", "unlink"}``: what a user reads when the mixin's guard refuses, for
        the models that let the mixin guard them (empty: the model guards itself)."""
        return {}

    def _filiere_write_allowed(self, vals):
        """The only writes an issued record accepts (e.g. its cancellation); none by default."""
        return False

    # ------------------------------------------------------------------
    # Immutability guard, for the models that give their messages
    # ------------------------------------------------------------------
    @api.model
    def _filiere_issuing(self):
        """This model in the only environment that creates records: superuser, marked as issuance."""
        return self.sudo().with_context(filiere_issuance=_ISSUANCE)

    def _filiere_is_issuing(self):
        return self.env.su and self.env.context.get("filiere_issuance") is _ISSUANCE

    @api.model_create_multi
    def create(self, vals_list):
        messages = self._filiere_immutable_messages()
        # Nobody has the create right; server code too goes through the issuance, which computes everything.
        if messages and not self._filiere_is_issuing():
            raise AccessError(messages["create"])
        return super().create(vals_list)

    def write(self, vals):
        messages = self._filiere_immutable_messages()
        if messages:
            if not self.env.su:
                self.check_access("write")  # a missing right says so (nobody but the superuser has it)
            if self and vals and not self._filiere_write_allowed(vals):
                raise UserError(messages["write"])
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _filiere_unlink_never(self):
        messages = self._filiere_immutable_messages()
        if messages:
            raise UserError(messages["unlink"])

    # ------------------------------------------------------------------
    # Signing key
    # ------------------------------------------------------------------
    @api.model
    def _filiere_signing_key(self, company):
        path = config.get(SIGNING_KEY_OPTION)
        if not path:
            raise UserError(
                self.env._(
                    "No signing key is configured, so nothing can be issued: set %(option)s in the Odoo "
                    "server configuration to the path of the structure's Ed25519 private key "
                    '(see the README, "Signing keys").',
                    option=SIGNING_KEY_OPTION,
                )
            )
        path = path.replace("{company_id}", str(company.id))
        try:
            return integrity.load_private_key(path)
        except integrity.SigningKeyError as error:
            raise UserError(
                self.env._(
                    "The signing key of %(company)s cannot be used (%(error)s): check %(option)s in the Odoo "
                    "server configuration.",
                    company=company.name,
                    error=str(error),
                    option=SIGNING_KEY_OPTION,
                )
            ) from error

    @api.model
    def _filiere_public_key(self, company):
        """The structure's public key, base64, as documents and the public page print it."""
        return integrity.public_key_b64(self._filiere_signing_key(company))

    # ------------------------------------------------------------------
    # Chain
    # ------------------------------------------------------------------
    @api.model
    def _filiere_chain_lock(self, company):
        """Serialise the issuance of one structure's records until the transaction ends."""
        self.env.cr.execute(SQL("SELECT pg_advisory_xact_lock(hashtext(%s), %s)", self._name, company.id))

    @api.model
    def _filiere_chain_last(self, company):
        return (
            self.sudo()
            .with_context(active_test=False)
            .search(
                [("company_id", "=", company.id), ("chain_sequence", "!=", False)], order="chain_sequence desc", limit=1
            )
        )

    @api.model
    def _filiere_chain_values(self, company, payload):
        """The chain fields of the next record of ``company`` certifying ``payload``.

        Call it right before ``create``, in the same transaction: it holds the structure's chain
        lock until the transaction ends, so two issuances cannot take the same place.
        """
        return self._filiere_chain_values_list(company, [payload])[0]

    @api.model
    def _filiere_chain_values_list(self, company, payloads):
        """The chain fields of the next records of ``company`` certifying ``payloads``, in their order:
        each its own link (covering the previous one's chain hash) and its own signature, for one
        lock and one read of the chain's end whatever their number. Same rules as above."""
        key = self._filiere_signing_key(company)
        public_key = integrity.public_key_b64(key)
        self._filiere_chain_lock(company)
        self.flush_model(["chain_sequence", "chain_hash"])
        last = self._filiere_chain_last(company)
        sequence, previous = last.chain_sequence or 0, last.chain_hash or ""
        values = []
        for payload in payloads:
            sequence += 1
            chain_hash = integrity.link_hash(previous, payload)
            values.append(
                {
                    "chain_sequence": sequence,
                    "chain_previous_hash": previous,
                    "chain_hash": chain_hash,
                    "signature": integrity.sign(key, chain_hash),
                    "signing_public_key": public_key,
                }
            )
            previous = chain_hash
        return values

    @api.model
    def verify_chain(self, company):
        """Check a structure's whole chain as stored in the database now.

        Returns ``{"ok": bool, "checked": int, "first_broken": <number of the first broken record or False>}``.
        A record is broken when its payload no longer gives its chain hash, its previous hash is not
        the chain hash of the record before it, a position is missing, its signature does not verify
        with the structure's key, or ``_filiere_chain_record_ok`` says so.
        """
        company = self.env["res.company"].browse(company.id if hasattr(company, "id") else company)
        self.check_access("read")
        if not self.env.su and company not in self.env.user.company_ids:
            raise AccessError(self.env._("You are not allowed to check the records of %s.", company.display_name))
        public_key = self._filiere_public_key(company)
        # What is in the database, not what this transaction's cache remembers.
        self.env.flush_all()
        self.env.invalidate_all()
        records = (
            self.sudo()
            .with_context(active_test=False, prefetch_fields=True)
            .search([("company_id", "=", company.id), ("chain_sequence", "!=", False)], order="chain_sequence, id")
        )
        previous = ""
        for position, record in enumerate(records, start=1):
            if not record._filiere_chain_link_ok(position, previous, public_key):
                return {"ok": False, "checked": position, "first_broken": record.display_name}
            previous = record.chain_hash
        return {"ok": True, "checked": len(records), "first_broken": False}

    def _filiere_chain_link_ok(self, position, previous, public_key):
        self.ensure_one()
        return (
            self.chain_sequence == position
            and (self.chain_previous_hash or "") == previous
            and self.chain_hash == integrity.link_hash(previous, self._filiere_chain_payload())
            and self.signing_public_key == public_key
            and integrity.verify(public_key, self.chain_hash, self.signature or "")
            and self._filiere_chain_record_ok()
        )

    def action_verify_chain(self):
        """The "Check the chain" button: the whole chain of the structure of the record (or the current one)."""
        if not (
            self.env.user.has_group("filiere_reemploi.group_filiere_manager")
            or self.env.user.has_group("filiere_reemploi.group_filiere_auditor")
        ):
            raise AccessError(self.env._("Only managers and auditors check the chain of issued documents."))
        # Names for the message only: an auditor need not read res.company (the check itself is not sudo).
        companies = (self.mapped("company_id") or self.env.company).sudo()
        messages = []
        ok = True
        for company in companies:
            result = self.verify_chain(company)
            ok = ok and result["ok"]
            if result["ok"]:
                messages.append(
                    self.env._(
                        "%(company)s: chain intact, %(count)s records checked.",
                        company=company.name,
                        count=result["checked"],
                    )
                )
            else:
                messages.append(
                    self.env._(
                        "%(company)s: chain BROKEN at %(record)s.", company=company.name, record=result["first_broken"]
                    )
                )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Check the chain"),
                "message": "\n".join(messages),
                "type": "success" if ok else "danger",
                "sticky": not ok,
            },
        }

    # ------------------------------------------------------------------
    # The documents of a grant (statements, financial reports)
    # ------------------------------------------------------------------
    @api.model
    def _filiere_grant_document_values(self, grant, date_from, date_to, key, figures, **payload):
        """The values every document issued for ``grant`` over a period starts with: the next number
        of the model's sequence in the grant's structure, the grant, the structure, the period, the
        issue date and the issuer, and as ``figures`` the canonical JSON of the number, the grant,
        the funder, the period, ``figures`` and the ``payload`` items, with its SHA-256 signed by
        ``key`` (the structure's signing key) and that key's public half. Takes the number: call it
        once everything that may refuse the issue has been checked."""
        company = grant.company_id
        number = self.env["ir.sequence"].with_company(company).sudo().next_by_code(self._name) or "/"
        canonical = integrity.canonical_json(
            {
                "number": number,
                "grant": grant.name,
                "funder": grant.partner_id.name,
                "date_from": str(date_from),
                "date_to": str(date_to),
                "figures": figures,
                **payload,
            }
        )
        content_hash = integrity.sha256_hex(canonical)
        return {
            "name": number,
            "grant_id": grant.id,
            "company_id": company.id,
            "date_from": fields.Date.to_date(date_from),
            "date_to": fields.Date.to_date(date_to),
            "issue_date": fields.Datetime.now(),
            "issued_by_id": self.env.uid,
            "figures": canonical,
            "content_hash": content_hash,
            "content_signature": integrity.sign(key, content_hash),
            "signing_public_key": integrity.public_key_b64(key),
        }

    # ------------------------------------------------------------------
    # The files an issued record sends (PDF, spreadsheet), locked at issue by the model
    # ------------------------------------------------------------------
    _FILIERE_MIMETYPES = {
        "pdf": "application/pdf",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }

    @api.model
    def _filiere_create_documents(self, number, documents):
        """The files of a record being issued, ``{extension: bytes}``, stored once in that order
        (the model links them to the record just after, then locks them)."""
        base = number.replace("/", "-")
        return (
            self.env["ir.attachment"]
            .sudo()
            .create(
                [
                    {
                        "name": f"{base}.{extension}",
                        "raw": content,
                        "res_model": self._name,
                        "mimetype": self._FILIERE_MIMETYPES[extension],
                    }
                    for extension, content in documents.items()
                ]
            )
        )

    @api.model
    def _filiere_issue_with_documents(self, company, values, documents, record_values):
        """The last steps of issuing a record that sends files: their SHA-256 into ``values``, the
        chain link of ``company`` over ``_chain_payload_of(values)``, the files stored, the record
        created once (``record_values(values)``: its stored fields) in the issuance environment,
        then its files linked and locked. ``documents``: ``{extension: bytes}``, each extension
        with its ``<extension>_sha256`` and ``<extension>_attachment_id`` fields. Returns the record.
        """
        for extension, content in documents.items():
            values[f"{extension}_sha256"] = integrity.sha256_hex(content)
        chain = self._filiere_chain_values(company, self._chain_payload_of(values))
        attachments = self._filiere_create_documents(values["name"], documents)
        files = {
            f"{extension}_attachment_id": attachment.id
            for extension, attachment in zip(documents, attachments, strict=True)
        }
        record = self._filiere_issuing().create({**record_values(values), **chain, **files})
        record._filiere_lock_documents(attachments, [values[f"{extension}_sha256"] for extension in documents])
        return self.browse(record.id)

    def _filiere_lock_documents(self, attachments, expected_sha256):
        """Link the files just created to this record, then lock them: the last moment anything may
        touch them. Their SHA-256 must be those certified (``expected_sha256``, in their order)."""
        self.ensure_one()
        attachments.write({"res_id": self.id})
        digests = attachments._filiere_lock()
        if [digests[attachment.id] for attachment in attachments] != list(expected_sha256):
            raise UserError(self.env._("The files of %s were not stored as rendered.", self.name))

    def _filiere_download(self, attachment):
        """The URL of an issued file, once its SHA-256 is still the one taken at issue."""
        self.ensure_one()
        self.check_access("read")
        if not attachment or not attachment._filiere_intact():
            raise UserError(
                self.env._(
                    "The file %(file)s of %(number)s no longer matches the SHA-256 it had when it was issued: it "
                    "was altered and is not sent. Check the chain and tell the administrator.",
                    file=attachment.sudo().name or "-",
                    number=self.name,
                )
            )
        return {"type": "ir.actions.act_url", "url": f"/web/content/{attachment.id}?download=true"}
