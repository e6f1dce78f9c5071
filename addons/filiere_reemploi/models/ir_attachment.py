from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..lib import integrity

# What may still change on a locked file: the token of a share link, which is not the file.
UNLOCKED_FIELDS = {"access_token"}


class IrAttachment(models.Model):
    """Files that are evidence (an erasure tool's report, an issued statement's PDF) are locked.

    An attachment's write right follows its parent's write right, not the parent's lock: a
    technician who may correct an erasure record could otherwise replace the report behind a
    certificate. A locked file refuses write and unlink for everyone; its SHA-256, taken when it is
    locked, sits inside the hashed content of the document that cites it and is checked again
    when it is downloaded.
    """

    _inherit = "ir.attachment"

    filiere_locked = fields.Boolean("Locked evidence", readonly=True, copy=False)
    filiere_sha256 = fields.Char("SHA-256", readonly=True, copy=False)

    @api.model_create_multi
    def create(self, vals_list):
        if any(vals.get("filiere_locked") or vals.get("filiere_sha256") for vals in vals_list):
            raise UserError(self.env._("A file is locked as evidence by the document citing it, not at upload."))
        return super().create(vals_list)

    def write(self, vals):
        if set(vals) - UNLOCKED_FIELDS and self.filtered("filiere_locked"):
            raise UserError(self._filiere_locked_message())
        if {"filiere_locked", "filiere_sha256"} & set(vals):
            raise UserError(self.env._("A file is locked as evidence by the document citing it."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_filiere_locked(self):
        if self.filtered("filiere_locked"):
            raise UserError(self._filiere_locked_message())

    def _filiere_locked_message(self):
        names = ", ".join(self.filtered("filiere_locked").mapped("name"))
        return self.env._("%s is evidence behind an issued document: it can be neither replaced nor deleted.", names)

    def _filiere_lock(self):
        """Lock these files as evidence; returns {attachment id: SHA-256} for the citing document's content."""
        digests = {}
        unlocked = []
        for attachment in self.sudo():
            digest = attachment.filiere_sha256 or integrity.sha256_hex(attachment.raw or b"")
            if not attachment.filiere_locked:
                unlocked.append(SQL("(%s, %s)", attachment.id, digest))
            digests[attachment.id] = digest
        if unlocked:
            # The lock itself is the one write the guard above cannot let through the ORM (one
            # statement for all the files, however many).
            self.env.cr.execute(
                SQL(
                    "UPDATE ir_attachment SET filiere_locked = TRUE, filiere_sha256 = locked.sha256 "
                    "FROM (VALUES %s) AS locked(id, sha256) WHERE ir_attachment.id = locked.id",
                    SQL(", ").join(unlocked),
                )
            )
        # Written in SQL: what depends on the lock (e.g. a report's status) must see it.
        self.sudo().modified(["filiere_locked", "filiere_sha256"])
        self.invalidate_recordset(["filiere_locked", "filiere_sha256"])
        return digests

    def _filiere_intact(self):
        """True when every file still has the SHA-256 taken when it was locked."""
        return all(
            attachment.filiere_sha256 and integrity.sha256_hex(attachment.raw or b"") == attachment.filiere_sha256
            for attachment in self.sudo()
        )
