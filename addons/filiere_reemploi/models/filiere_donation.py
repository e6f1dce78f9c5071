from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.misc import formatLang

from ..lib import inventory, public_rules
from .res_company import ESUS_STATUSES


class FiliereDonation(models.Model):
    """A donation agreement ("convention de cession") and the devices it brought in."""

    _name = "filiere.donation"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _description = "Donation agreement"
    _order = "date_start desc, id desc"
    _check_company_auto = True

    name = fields.Char("Reference", required=True, readonly=True, copy=False, default="/")
    partner_id = fields.Many2one(
        "res.partner",
        "Donor",
        required=True,
        tracking=True,
        check_company=True,
        domain="[('filiere_donor_type', '!=', False)]",
    )
    donor_type = fields.Selection(related="partner_id.filiere_donor_type")
    company_id = fields.Many2one(
        "res.company", "Receiving structure", required=True, default=lambda self: self.env.company, index=True
    )
    user_id = fields.Many2one("res.users", "Responsible", default=lambda self: self.env.user, tracking=True)
    agreement_type = fields.Selection(
        [("one_off", "One-off"), ("multi_year", "Multi-year")],
        default="one_off",
        required=True,
        tracking=True,
    )
    date_start = fields.Date("Start date", required=True, default=fields.Date.context_today, tracking=True)
    date_end = fields.Date("End date", tracking=True)
    date_signed = fields.Date("Signature date", readonly=True, copy=False, tracking=True)
    donor_signatory = fields.Char("Signatory for the donor")
    state = fields.Selection(
        [("draft", "Draft"), ("signed", "Signed"), ("closed", "Closed")],
        default="draft",
        required=True,
        copy=False,
        tracking=True,
    )
    expected_quantity = fields.Integer("Expected devices", help="Number of devices announced by the donor.")
    erasure_commitment = fields.Boolean(
        "Certified data erasure",
        default=True,
        help="The structure commits to erase every storage medium with a certified method "
        "and to give the donor an erasure attestation (GDPR).",
    )
    erasure_standard = fields.Selection(
        [
            ("nist_clear", "NIST SP 800-88 Clear"),
            ("nist_purge", "NIST SP 800-88 Purge"),
            ("destroy", "Physical destruction"),
        ],
        default="nist_purge",
        required=True,
    )
    is_public_donor = fields.Boolean(compute="_compute_is_public_donor")
    esus_status = fields.Selection(
        ESUS_STATUSES,
        "Receiving structure's ESUS status",
        readonly=True,
        copy=False,
        help="Recorded at signature from the receiving structure's settings.",
    )
    resale_allowed = fields.Boolean(
        compute="_compute_resale_allowed",
        help="Equipment given by a public body may be resold only by an ESUS-approved structure.",
    )
    note = fields.Html()
    lot_ids = fields.One2many("stock.lot", "donation_id", "Devices")
    device_count = fields.Integer(compute="_compute_device_count")
    device_weight_kg = fields.Float("Weight (kg)", compute="_compute_device_count", digits=(16, 1))
    picking_ids = fields.One2many("stock.picking", "donation_id", "Receipts")
    picking_count = fields.Integer(compute="_compute_picking_count")
    # Tax receipt of a company's in-kind gift (article 238 bis CGI): the donor's choice and the costs it paid.
    tax_receipt_choice = fields.Selection(
        [("receipt", "Tax receipt, even at 0"), ("none", "No tax receipt")],
        "Donor's choice",
        default="receipt",
        required=True,
        tracking=True,
        help="A company's gift of fully depreciated devices is worth 0: the donor chooses between a receipt "
        "stating 0 and no receipt.",
    )
    tax_receipt_transport_cost = fields.Monetary(
        "Transport paid by the donor",
        currency_field="tax_receipt_currency_id",
        groups="filiere_reemploi.group_filiere_manager,filiere_reemploi.group_filiere_auditor",
        tracking=True,
        help="Added to the value of the gift on the tax receipt.",
    )
    tax_receipt_handling_cost = fields.Monetary(
        "Handling paid by the donor",
        currency_field="tax_receipt_currency_id",
        groups="filiere_reemploi.group_filiere_manager,filiere_reemploi.group_filiere_auditor",
        tracking=True,
        help="Added to the value of the gift on the tax receipt.",
    )
    tax_receipt_currency_id = fields.Many2one(related="company_id.currency_id", string="Currency")
    tax_receipt_ids = fields.One2many(
        "filiere.tax.receipt",
        "donation_id",
        "Tax receipts",
        groups="filiere_reemploi.group_filiere_manager,filiere_reemploi.group_filiere_auditor",
    )
    tax_receipt_count = fields.Integer(
        compute="_compute_tax_receipt_count",
        groups="filiere_reemploi.group_filiere_manager,filiere_reemploi.group_filiere_auditor",
    )

    @api.depends("partner_id.filiere_donor_type")
    def _compute_is_public_donor(self):
        for donation in self:
            donation.is_public_donor = donation.partner_id.filiere_donor_type == "public"

    @api.depends("is_public_donor", "esus_status", "company_id.filiere_esus_status")
    def _compute_resale_allowed(self):
        for donation in self:
            esus = donation.esus_status or donation.company_id.filiere_esus_status
            donation.resale_allowed = not donation.is_public_donor or esus == "esus"

    def _compute_device_count(self):
        groups = self.env["stock.lot"]._read_group(
            [("donation_id", "in", self.ids)], ["donation_id"], ["__count", "weight_kg:sum"]
        )
        totals = {donation.id: (count, weight) for donation, count, weight in groups}
        for donation in self:
            donation.device_count, donation.device_weight_kg = totals.get(donation.id, (0, 0.0))

    def _compute_picking_count(self):
        groups = self.env["stock.picking"]._read_group([("donation_id", "in", self.ids)], ["donation_id"], ["__count"])
        counts = {donation.id: count for donation, count in groups}
        for donation in self:
            donation.picking_count = counts.get(donation.id, 0)

    @api.depends("tax_receipt_ids")
    def _compute_tax_receipt_count(self):
        for donation in self:
            donation.tax_receipt_count = len(donation.tax_receipt_ids)

    @api.constrains("agreement_type", "date_start", "date_end")
    def _check_dates(self):
        for donation in self:
            if donation.agreement_type == "multi_year" and not donation.date_end:
                raise ValidationError(self.env._("A multi-year agreement needs an end date."))
            if donation.date_end and donation.date_end < donation.date_start:
                raise ValidationError(self.env._("The agreement cannot end before it starts."))

    @api.constrains("partner_id")
    def _check_public_transfer_values(self):
        """A donor that is (or becomes) a public body: each device's value at transfer within the limit."""
        for donation in self.filtered("is_public_donor"):
            for lot in donation.lot_ids:
                problem = lot._filiere_public_transfer_problem(donation, lot.filiere_transfer_value)
                if problem:
                    raise ValidationError(problem)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                company = self.env["res.company"].browse(vals.get("company_id")) or self.env.company
                vals["name"] = self.env["ir.sequence"].with_company(company).next_by_code("filiere.donation") or "/"
        return super().create(vals_list)

    # ------------------------------------------------------------------
    # Workflow
    # ------------------------------------------------------------------
    def action_sign(self):
        for donation in self:
            if donation.state != "draft":
                raise UserError(self.env._("Only a draft agreement can be signed (%s).", donation.name))
            if not donation.erasure_commitment:
                raise UserError(
                    self.env._(
                        "Agreement %s cannot be signed without the certified data erasure commitment: "
                        "donors give their devices on that condition.",
                        donation.name,
                    )
                )
            donation.write(
                {
                    "state": "signed",
                    "date_signed": fields.Date.context_today(donation),
                    "esus_status": donation.company_id.filiere_esus_status,
                }
            )
        return True

    def action_close(self):
        if any(donation.state != "signed" for donation in self):
            raise UserError(self.env._("Only a signed agreement can be closed."))
        self.write({"state": "closed"})
        return True

    def action_reset_to_draft(self):
        if any(donation.state != "signed" for donation in self):
            raise UserError(self.env._("Only a signed agreement can go back to draft."))
        self.write({"state": "draft", "date_signed": False, "esus_status": False})
        return True

    def _public_transfer_value_limit(self):
        return public_rules.PUBLIC_TRANSFER_VALUE_LIMIT

    def _euro(self):
        """The currency of the legal figures the agreement cites."""
        return self.env.ref("base.EUR")

    def _filiere_agreement_address(self, partner):
        """The postal address of a party of the agreement on one line, without its name."""
        lines = (partner._display_address(without_company=True) or "").splitlines() if partner else []
        return ", ".join(line.strip() for line in lines if line.strip() and line.strip() != partner.name)

    def _public_price_caps(self):
        """The device types with a price cap for devices of public origin, as the agreement lists them."""
        return self.env["filiere.device.type"].search([("public_price_cap", ">", 0)])

    def action_view_devices(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("filiere_reemploi.stock_lot_device_action")
        action["domain"] = [("donation_id", "=", self.id)]
        action["context"] = {"default_donation_id": self.id, "default_company_id": self.company_id.id}
        return action

    def action_view_receipts(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("stock.action_picking_tree_all")
        action["domain"] = [("donation_id", "=", self.id)]
        action["context"] = {"default_donation_id": self.id}
        return action

    def action_open_import_wizard(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Import a donor inventory"),
            "res_model": "filiere.inventory.import",
            "view_mode": "form",
            "target": "new",
            "context": {"default_donation_id": self.id},
        }

    # ------------------------------------------------------------------
    # Donor inventory import
    # ------------------------------------------------------------------
    def import_inventory(self, content, filename, columns=None):
        """Create one serial per device of a donor inventory file and the incoming receipt.

        Either every row is valid and the new devices are returned, or a UserError lists
        every bad row and nothing is created. Serials already on this donation are skipped,
        so importing the same file twice creates nothing new. ``columns`` (device field ->
        column index) are the preview's choices; without them they are guessed from the
        headers. The words remembered for this structure apply either way.
        """
        return self._import_inventory(content, filename, columns=columns)[0]

    def _import_inventory(self, content, filename, columns=None):
        """``import_inventory``, also returning the serials of the file already on this agreement."""
        self.ensure_one()
        self._check_inventory_open()
        self._check_inventory_size(content, filename)
        try:
            rows = inventory.parse_inventory(
                content,
                filename,
                self._inventory_resolver(),
                max_year=fields.Date.context_today(self).year + 1,
                columns=columns,
            )
        except inventory.InventoryError as exc:
            raise UserError(self._inventory_error_message(filename, exc.errors)) from exc
        for row in rows:
            # A row without serials (quantity > 1) gets stable internal serials, so a
            # second import of the same file finds them again.
            row["serial"] = row["serial"] or f"{self.name}-{row['row']:03d}-{row['index']:02d}"
        self._check_inventory_public_limit(rows, filename)
        new_rows = self._inventory_rows_to_create(rows, filename)
        new_serials = {row["serial"] for row in new_rows}
        # The serials of the file already registered on this agreement, for the wizard's message.
        known = [row["serial"] for row in rows if row["serial"] not in new_serials]
        if not new_rows:
            return self.env["stock.lot"], known
        lots = self._create_inventory_lots(new_rows)
        self._create_inventory_receipt(lots)
        lots.action_triage()
        self.message_post(body=self.env._("%(count)s devices imported from %(file)s.", count=len(lots), file=filename))
        return lots, known

    def _inventory_import_message(self, lots, known, filename):
        """What an import did, in the words of the person who ran it: devices created, devices known."""
        shown = ", ".join(known[:10]) + (", ..." if len(known) > 10 else "")
        if not lots:
            return self.env._(
                "Nothing was created: the %(count)s devices of %(file)s are already registered on %(donation)s "
                "(%(serials)s).",
                count=len(known),
                file=filename,
                donation=self.name,
                serials=shown,
            )
        if not known:
            return self.env._(
                "%(count)s devices created on %(donation)s from %(file)s.",
                count=len(lots),
                donation=self.name,
                file=filename,
            )
        return self.env._(
            "%(count)s devices created on %(donation)s from %(file)s; %(known)s devices of the file were already "
            "registered on it and were left as they were (%(serials)s).",
            count=len(lots),
            donation=self.name,
            file=filename,
            known=len(known),
            serials=shown,
        )

    def _check_inventory_open(self):
        if self.state == "closed":
            raise UserError(self.env._("Agreement %s is closed: no more devices can be received on it.", self.name))

    def _inventory_resolver(self):
        return self.env["filiere.device.type"]._inventory_resolver(self.company_id)

    def _preview_inventory(self, content, filename, columns=None):
        """What the file holds before importing it (see ``inventory.preview_inventory``); UserError if unreadable."""
        self.ensure_one()
        self._check_inventory_open()
        self._check_inventory_size(content, filename)
        try:
            return inventory.preview_inventory(content, filename, self._inventory_resolver(), columns=columns)
        except inventory.InventoryError as exc:
            raise UserError(self._inventory_error_message(filename, exc.errors)) from exc

    def _check_inventory_size(self, content, filename):
        """Refuse a file above the company's upload limit before reading any of it."""
        limit_mb = self.company_id.filiere_inventory_max_mb
        if len(content) > limit_mb * 1024 * 1024:
            raise UserError(
                self.env._(
                    "The inventory %(file)s was not imported, nothing was created: the file weighs "
                    "%(size)s MB, above the limit of %(limit)s MB set for %(company)s.",
                    file=filename,
                    size=formatLang(self.env, len(content) / 1024 / 1024, digits=1),
                    limit=limit_mb,
                    company=self.company_id.name,
                )
            )

    def _check_inventory_public_limit(self, rows, filename):
        """A public body gives only devices of a unit value not above 300 € (D. 3212-3 CGPPP): every
        row declared above it is listed, and nothing is imported."""
        if not self.is_public_donor:
            return
        errors = [
            (row["row"], "above_public_limit", {"serial": row["serial"], "value": row["value"]})
            for row in rows
            if public_rules.above_public_transfer_limit(row.get("value"))
        ]
        if errors:
            raise UserError(self._inventory_error_message(filename, errors))

    def _inventory_rows_to_create(self, rows, filename):
        """Drop rows already imported on this donation; refuse serials held by another device."""
        # Every device type, archived ones too: their serials still exist.
        device_products = self.env["filiere.device.type"].with_context(active_test=False).search([]).product_id  # pylint: disable=no-search-all
        existing = (
            self.env["stock.lot"]
            .sudo()
            .search_read(
                [
                    ("name", "in", [row["serial"] for row in rows]),
                    ("product_id", "in", device_products.ids),
                    ("company_id", "in", [self.company_id.id, False]),
                ],
                ["name", "donation_id"],
            )
        )
        owner = {lot["name"]: lot["donation_id"] for lot in existing}
        errors = [
            (row["row"], "duplicate_existing", {"serial": row["serial"]})
            for row in rows
            if row["serial"] in owner and (not owner[row["serial"]] or owner[row["serial"]][0] != self.id)
        ]
        if errors:
            raise UserError(self._inventory_error_message(filename, errors))
        return [row for row in rows if row["serial"] not in owner]

    def _create_inventory_lots(self, rows):
        device_types = self.env["filiere.device.type"].browse({row["device_type"] for row in rows})
        type_by_id = {device_type.id: device_type for device_type in device_types}
        # Values the device computes from its type, donor and company, the same for every row of
        # a type: given once here instead of computed device by device.
        common = {
            "is_device": True,
            "filiere_zone_id": (self.partner_id.filiere_zone_id or self.company_id.filiere_zone_id).id,
            "functional_test_state": "todo",
        }
        vals_list = [
            {
                **common,
                "weight_kg": type_by_id[row["device_type"]].default_weight_kg,
                "name": row["serial"],
                "product_id": type_by_id[row["device_type"]].product_id.id,
                "company_id": self.company_id.id,
                "device_type_id": row["device_type"],
                "donation_id": self.id,
                "brand": row["brand"],
                "model_name": row["model"],
                "year": row["year"],
                "donor_usage": row["usage"],
                "donor_status": row["status"],
                "filiere_transfer_value": row.get("value") or 0.0,
            }
            for row in rows
        ]
        # No creation message, follower or tracking template per device: thousands of chatter rows
        # nobody reads; the agreement's chatter records the import once.
        lots = self.env["stock.lot"].with_context(tracking_disable=True).create(vals_list)
        return lots.with_env(self.env)  # the later changes of these devices are tracked

    def _incoming_picking_type(self):
        warehouse = self.env["stock.warehouse"].search([("company_id", "=", self.company_id.id)], limit=1)
        if not warehouse.in_type_id:
            raise UserError(self.env._("Structure %s has no warehouse with a receipt operation.", self.company_id.name))
        return warehouse.in_type_id

    def _create_inventory_receipt(self, lots):
        """One incoming receipt from the donor, one move per product, one line per serial."""
        picking_type = self._incoming_picking_type()
        source = picking_type.default_location_src_id or self.env.ref("stock.stock_location_suppliers")
        destination = picking_type.default_location_dest_id
        lots_by_product = {}
        for lot in lots:
            lots_by_product.setdefault(lot.product_id, self.env["stock.lot"])
            lots_by_product[lot.product_id] |= lot
        locations = {"location_id": source.id, "location_dest_id": destination.id, "company_id": self.company_id.id}
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": picking_type.id,
                "partner_id": self.partner_id.id,
                "origin": self.name,
                "donation_id": self.id,
                **locations,
                "move_ids": [
                    Command.create(
                        {
                            "name": product.display_name,
                            "product_id": product.id,
                            "product_uom": product.uom_id.id,
                            "product_uom_qty": len(product_lots),
                            **locations,
                        }
                    )
                    for product, product_lots in lots_by_product.items()
                ],
            }
        )
        # The serials are known: one line each, created in one batch before confirmation
        # so that reservation has nothing left to propose.
        self.env["stock.move.line"].create(
            [
                {
                    "move_id": move.id,
                    "picking_id": picking.id,
                    "product_id": move.product_id.id,
                    "product_uom_id": move.product_uom.id,
                    "lot_id": lot.id,
                    "quantity": 1,
                    **locations,
                }
                for move in picking.move_ids
                for lot in lots_by_product[move.product_id]
            ]
        )
        picking.action_confirm()
        return picking

    def _inventory_error_message(self, filename, errors):
        lines = [self._inventory_error_line(row, code, params) for row, code, params in errors]
        message = self.env._(
            "The inventory %(file)s was not imported, nothing was created. "
            "Correct these rows and import it again:\n%(lines)s",
            file=filename,
            lines="\n".join(lines),
        )
        if any(code == inventory.E_UNKNOWN_TYPE for _row, code, _params in errors):
            message += "\n\n" + self._inventory_known_types_hint()
        return message

    def _inventory_known_types_hint(self):
        """The device types a file may name, with the words each one is known by."""
        lines = []
        for device_type in self.env["filiere.device.type"].search([]):  # pylint: disable=no-search-all
            words = [device_type.code]
            for alias in (device_type.aliases or "").split(","):
                if alias.strip() and alias.strip().lower() not in {word.lower() for word in words}:
                    words.append(alias.strip())
            lines.append(self.env._("- %(type)s: %(words)s", type=device_type.name, words=", ".join(words)))
        return self.env._(
            "The known device types, each with the words that name it in a file:\n%(types)s\n"
            "Write one of these in the device type column, or run the import through its preview "
            "to choose a type for a new word (the choice is remembered); a manager can also add the "
            "word to a device type (Configuration > Device types).",
            types="\n".join(lines),
        )

    def _public_limit_reason(self, params):
        currency = self.env.ref("base.EUR")  # the limit of article D. 3212-3 CGPPP
        return self.env._(
            "device %(serial)s is declared at %(value)s: %(donor)s is a public body, which may give only "
            "equipment of a unit value not above %(limit)s (articles L3212-2 3° and D. 3212-3 of the CGPPP)",
            serial=params.get("serial"),
            value=formatLang(self.env, params.get("value") or 0.0, currency_obj=currency),
            donor=self.partner_id.display_name,
            limit=formatLang(self.env, public_rules.PUBLIC_TRANSFER_VALUE_LIMIT, currency_obj=currency),
        )

    def _inventory_error_line(self, row, code, params):
        messages = {
            inventory.E_UNREADABLE: self.env._("the file cannot be read as CSV or XLSX (%s)", params.get("detail")),
            inventory.E_EMPTY: self.env._("the file is empty"),
            inventory.E_MISSING_COLUMNS: self.env._(
                "the header row lacks the columns telling the device (a type such as 'Matériel' or 'Type', or a "
                "model) and its serial number ('N° de série' or 'Serial number')"
            ),
            inventory.E_MISSING_TYPE: self.env._("the device type ('Matériel') is empty"),
            inventory.E_UNKNOWN_TYPE: self.env._("unknown device type '%s'", params.get("value")),
            inventory.E_BAD_QUANTITY: self.env._(
                "the quantity '%s' is not a whole number of at least 1", params.get("value")
            ),
            inventory.E_BAD_YEAR: self.env._("the year '%s' is not a year of manufacture", params.get("value")),
            inventory.E_BAD_VALUE: self.env._("the value '%s' is not an amount in euros", params.get("value")),
            "above_public_limit": self._public_limit_reason(params) if code == "above_public_limit" else "",
            inventory.E_MISSING_SERIAL: self.env._("the serial number is missing for a single device"),
            inventory.E_SERIAL_COUNT: self.env._(
                "%(serials)s serial numbers for a quantity of %(quantity)s",
                serials=params.get("serials"),
                quantity=params.get("quantity"),
            ),
            inventory.E_DUPLICATE_IN_FILE: self.env._(
                "serial number %(serial)s already appears on row %(first_row)s",
                serial=params.get("serial"),
                first_row=params.get("first_row"),
            ),
            inventory.E_TOO_MANY_ROWS: self.env._(
                "the file has more than %s rows: split it into several files",
                formatLang(self.env, params.get("max_rows", 0), digits=0),
            ),
            inventory.E_TOO_MANY_COLUMNS: self.env._("the row has more than %s columns", params.get("max_columns")),
            inventory.E_TOO_LARGE_UNCOMPRESSED: self.env._(
                "the workbook holds %(size)s MB once uncompressed, above the %(max_size)s MB that are read",
                size=formatLang(self.env, (params.get("size") or 0) / 1024 / 1024, digits=1),
                max_size=(params.get("max_size") or 0) // (1024 * 1024),
            ),
            "duplicate_existing": self.env._(
                "serial number %s is already registered for another device", params.get("serial")
            ),
        }
        if not row:
            return "- " + messages[code]
        return "- " + self.env._("row %(row)s: %(reason)s", row=row, reason=messages[code])

    # ------------------------------------------------------------------
    # Tax receipt (article 238 bis CGI)
    # ------------------------------------------------------------------
    def action_issue_tax_receipt(self):
        """Issue the tax receipt of this company's gift and return it (UserError when none is due)."""
        self.ensure_one()
        return self.env["filiere.tax.receipt"]._issue(self)

    def action_issue_and_open_tax_receipt(self):
        """The donation's button: issue the receipt and show it."""
        receipt = self.action_issue_tax_receipt()
        return {
            "type": "ir.actions.act_window",
            "res_model": "filiere.tax.receipt",
            "res_id": receipt.id,
            "view_mode": "form",
        }

    def action_view_tax_receipts(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("filiere_reemploi.filiere_tax_receipt_action")
        action["domain"] = [("donation_id", "=", self.id)]
        action["context"] = {}
        return action
