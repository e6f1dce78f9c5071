import logging

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.base.models.ir_model import MODULE_UNINSTALL_FLAG

from .filiere_tax_receipt import TAX_STATUSES

_logger = logging.getLogger(__name__)

ESUS_STATUSES = [("esus", "ESUS approved"), ("pending", "ESUS application pending"), ("none", "Not ESUS")]


class ResCompany(models.Model):
    _inherit = "res.company"

    filiere_esus_status = fields.Selection(
        ESUS_STATUSES,
        string="ESUS status",
        default="none",
        help="Entreprise solidaire d'utilité sociale approval. Public bodies may give their "
        "equipment for resale only to approved structures (REEN and 3DS laws).",
    )
    filiere_esus_date = fields.Date("ESUS approval date")
    filiere_zone_id = fields.Many2one("filiere.zone", "Zone")
    filiere_warranty_months = fields.Integer(
        "Warranty (months)",
        default=12,
        help="The structure's own commitment on a device given free (donation, loan, rental), from its "
        "handover. A sale always carries the legal guarantee of conformity: 2 years (articles L217-3 and "
        "L217-7 of the Code de la consommation).",
    )
    filiere_retention_months = fields.Integer(
        "Beneficiary data retention (months)",
        default=36,
        help="A beneficiary is anonymised this many months after their last handover or appointment.",
    )
    filiere_inventory_max_mb = fields.Integer(
        "Inventory upload limit (MB)",
        default=10,
        help="Donor inventory files larger than this are refused before being read.",
    )

    # What the tax receipts (Cerfa n° 16216*01) say of the structure.
    filiere_tax_object = fields.Text(
        "Object of the structure", help="The object of its statutes, as the tax receipts state it."
    )
    filiere_tax_status = fields.Selection(
        TAX_STATUSES,
        "Status for tax receipts",
        help="The status that makes gifts to the structure give right to the tax reduction (article 238 bis CGI).",
    )
    filiere_tax_status_reference = fields.Char(
        "Reference of the status",
        help="Decree of recognition of public utility (date, Journal officiel), tax ruling (rescrit) or approval "
        "that proves the status.",
    )
    filiere_tax_declaration_reminded_year = fields.Integer(
        "Tax receipts declaration reminded for year",
        readonly=True,
        copy=False,
        help="The last year whose tax receipts declaration the managers were reminded of.",
    )
    filiere_tax_receipt_signatory = fields.Char(
        "Signatory of the tax receipts", help="Name and quality, e.g. 'Marie Durand, presidente'."
    )

    # A layout from the start: without one, the first print of any document opens Odoo's layout wizard.
    external_report_layout_id = fields.Many2one(default=lambda self: self._filiere_standard_report_layout())

    @api.model
    def _filiere_standard_report_layout(self):
        return self.env.ref("web.external_layout_standard", raise_if_not_found=False)

    @api.model
    def _filiere_set_default_report_layout(self):
        """Give the standard layout to the companies that have none (install and update of the module)."""
        layout = self._filiere_standard_report_layout()
        companies = self.sudo().with_context(active_test=False).search([("external_report_layout_id", "=", False)])
        if layout and companies:
            companies.write({"external_report_layout_id": layout.id})
        return True

    @api.constrains("filiere_inventory_max_mb")
    def _check_filiere_inventory_max_mb(self):
        for company in self:
            if company.filiere_inventory_max_mb < 1:
                raise ValidationError(
                    self.env._("The inventory upload limit of %s must be at least 1 MB.", company.name)
                )

    @api.model
    def _filiere_demo_prepare(self, module_name):
        """Demo data only: a French structure keeps its books in euros and speaks French.

        Called first by each addon's demo, before any record of it exists:

        - French is activated and ``module_name``'s French terms are loaded now rather than
          after its demo, so that the demo's chatter (record creation, imports) reads French;
        - the main company, still in US dollars from Odoo's own demo, is switched to euros
          with its pricelist (Odoo's) and quotations. Journal items block that change, and Odoo's accounting
          demo has just created some: like account's chart reload on a demo database, they
          are removed and the accounting demo is loaded again, now in euros. This is done at
          the addon's first install only, on a database whose accounting is Odoo's demo.
        """
        french = self.env["res.lang"].with_context(active_test=False).search([("code", "=", "fr_FR")])
        if french:
            Module = self.env["ir.module.module"]
            if french.active:
                modules = Module._get(module_name)
            else:  # French activated now: the terms of every module loaded so far
                self.env["res.lang"]._activate_lang("fr_FR")
                modules = Module.search([("state", "=", "installed")]) | Module._get(module_name)
            modules._update_translations("fr_FR")
            self.env.ref("base.main_partner").lang = "fr_FR"
        if self.env["ir.module.module"]._get("filiere_reemploi").state == "to install":
            # At first install only: then the journal items are those of Odoo's demo alone.
            self._filiere_demo_use_euro(self.env.ref("base.main_company"))

    def _filiere_demo_use_euro(self, company):
        euro = self.env.ref("base.EUR")
        if company.currency_id != euro:
            if company.root_id._existing_accounting():
                if not self.env.ref("base.module_account").demo:
                    _logger.warning("Demo: %s keeps its currency, its accounting is not a demo's.", company.name)
                    return
                moves = (
                    self.env["account.move"]
                    .with_context(active_test=False)
                    .search([("company_id", "child_of", company.id)])
                )
                moves.with_context(**{MODULE_UNINSTALL_FLAG: True}).unlink()
            company.currency_id = euro
            if company.chart_template:
                self.env["account.chart.template"].with_company(company)._install_demo(company)
        # Odoo's demo quotations, made before the switch: in euros like their pricelist, now.
        orders = self.env["sale.order"].search([("company_id", "=", company.id), ("currency_id", "!=", euro.id)])
        orders.filtered(lambda order: order.pricelist_id.currency_id in (euro, self.env["res.currency"])).write(
            {"currency_id": euro.id}
        )
