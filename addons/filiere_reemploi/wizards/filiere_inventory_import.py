import base64

from odoo import Command, fields, models
from odoo.exceptions import UserError

from ..lib.inventory import normalise

COLUMN_FIELDS = [
    ("ignore", "Ignore"),
    ("device_type", "Device type"),
    ("quantity", "Quantity"),
    ("brand", "Brand"),
    ("model", "Model"),
    ("year", "Year"),
    ("usage", "Usage"),
    ("status", "Condition"),
    ("serial", "Serial number"),
    ("os", "Operating system"),
    ("value", "Value at transfer"),
]


class FiliereInventoryImport(models.TransientModel):
    """Upload a donor inventory (CSV or XLSX) onto a donation agreement, preview it, import it.

    The preview maps the file's columns to the device fields and lists the type words the
    network does not know yet; the choices made for the words are remembered for the
    structure (filiere.device.type.alias), so the next file of the same shape goes through
    without any choice.
    """

    _name = "filiere.inventory.import"
    _description = "Donor inventory import"

    donation_id = fields.Many2one("filiere.donation", required=True, ondelete="cascade")
    file = fields.Binary("Inventory file", required=True)
    filename = fields.Char()
    max_mb = fields.Integer(related="donation_id.company_id.filiere_inventory_max_mb", string="Upload limit (MB)")
    state = fields.Selection([("upload", "Upload"), ("preview", "Preview")], default="upload", required=True)
    column_ids = fields.One2many("filiere.inventory.import.column", "wizard_id", "Columns")
    word_ids = fields.One2many("filiere.inventory.import.word", "wizard_id", "Unknown type words")
    row_count = fields.Integer("Rows", readonly=True)
    skipped_count = fields.Integer("Rows skipped", readonly=True)

    def _content(self):
        return base64.b64decode(self.file)

    def _columns(self):
        """Field -> column index from the preview's lines; None before any preview (guess from headers)."""
        if self.state != "preview":
            return None
        columns = {}
        for line in self.column_ids.sorted("index"):
            if line.field != "ignore":
                if line.field in columns:
                    raise UserError(
                        self.env._(
                            "Two columns are mapped to the same field: '%(first)s' and '%(second)s'.",
                            first=self.column_ids.filtered(lambda col, f=line.field: col.field == f)[0].header,
                            second=line.header,
                        )
                    )
                columns[line.field] = line.index
        return columns

    def action_preview(self):
        """Read the file and show its columns and unknown words (again after a change of mapping)."""
        self.ensure_one()
        columns = self._columns()
        preview = self.donation_id._preview_inventory(self._content(), self.filename or "", columns=columns)
        field_of = {index: field for field, index in preview["columns"].items()}
        chosen = {normalise(word.name): word for word in self.word_ids if word.device_type_id or word.skip}
        self.write(
            {
                "state": "preview",
                "row_count": preview["rows"],
                "skipped_count": preview["skipped"],
                "column_ids": [Command.clear()]
                + [
                    Command.create(
                        {
                            "index": index,
                            "header": header or self.env._("(column %s)", index + 1),
                            "sample": ", ".join(preview["samples"].get(index, []))[:200],
                            "field": field_of.get(index, "ignore"),
                        }
                    )
                    for index, header in enumerate(preview["header"])
                ],
                "word_ids": [Command.clear()]
                + [
                    Command.create(
                        {
                            "name": word,
                            "row_count": count,
                            "device_type_id": chosen[normalise(word)].device_type_id.id
                            if normalise(word) in chosen
                            else False,
                            "skip": chosen[normalise(word)].skip if normalise(word) in chosen else False,
                        }
                    )
                    for word, count in preview["unknown"]
                ],
            }
        )
        return self._reopen()

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Import a donor inventory"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    def _remember_words(self):
        """Record the words chosen in the preview for the agreement's structure."""
        company = self.donation_id.company_id
        Alias = self.env["filiere.device.type.alias"]
        known = set(Alias.search([("company_id", "=", company.id)]).mapped("word_key"))
        vals_list = []
        for word in self.word_ids.filtered(lambda word: word.device_type_id or word.skip):
            if normalise(word.name) not in known:
                known.add(normalise(word.name))
                vals_list.append(
                    {
                        "name": word.name,
                        "device_type_id": False if word.skip else word.device_type_id.id,
                        "skip": word.skip,
                        "company_id": company.id,
                    }
                )
        Alias.create(vals_list)

    def action_import(self):
        self.ensure_one()
        if self.state == "preview":
            self._remember_words()
        filename = self.filename or ""
        lots, known = self.donation_id._import_inventory(self._content(), filename, columns=self._columns())
        action = self.donation_id.action_view_devices()
        if lots:
            action["domain"] = [("id", "in", lots.ids)]
        # Say what happened, above all when nothing did (the same file imported again).
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Inventory imported") if lots else self.env._("Nothing to import"),
                "message": self.donation_id._inventory_import_message(lots, known, filename),
                "type": "success" if lots else "warning",
                "sticky": not lots,
                "next": action,
            },
        }
