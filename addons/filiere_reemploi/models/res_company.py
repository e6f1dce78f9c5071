from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .filiere_tax_receipt import TAX_STATUSES

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
