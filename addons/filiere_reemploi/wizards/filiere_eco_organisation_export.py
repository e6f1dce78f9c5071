import base64

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..lib import eco_organisation

HANDED_OVER = ("delivered", "closed")

REPORTS = [("reuse", "Reuse data (arrêté of 12 December 2022)"), ("register", "Waste register (arrêté of 31 May 2021)")]
FORMATS = [("xlsx", "Spreadsheet (XLSX)"), ("csv", "CSV (semicolons)")]


class FiliereEcoOrganisationExport(models.TransientModel):
    """The eco-organisation reuse data and the waste register of one structure over a period."""

    _name = "filiere.eco.organisation.export"
    _description = "Eco-organisation export"

    report = fields.Selection(REPORTS, required=True, default="reuse")
    file_format = fields.Selection(FORMATS, "Format", required=True, default="xlsx")
    date_from = fields.Date("From", required=True)
    date_to = fields.Date("To", required=True)
    company_id = fields.Many2one("res.company", "Structure", required=True, default=lambda self: self.env.company)
    file_data = fields.Binary("File", readonly=True, attachment=False)
    file_name = fields.Char(readonly=True)

    # ------------------------------------------------------------------
    # Scope
    # ------------------------------------------------------------------
    def _check_scope(self):
        self.ensure_one()
        self.env["stock.lot"].check_access("read")
        if self.date_to < self.date_from:
            raise UserError(self.env._("The period of the export ends before it starts."))
        if not self.env["filiere.statement"]._allowed_company_ids(self.company_id.ids):
            raise UserError(
                self.env._("Select %s in the company switcher before exporting its data.", self.company_id.display_name)
            )

    def _labels_env(self):
        """The structure's language: the files go to the eco-organisation in its words."""
        return self.with_context(lang=self.company_id.partner_id.lang or self.env.lang).env

    def _installation(self):
        company = self.company_id.sudo()
        return {
            "period": f"{self.date_from.isoformat()}/{self.date_to.isoformat()}",
            "name": company.name,
            "siret": company.partner_id.siret or company.company_registry or "",
            "departement": eco_organisation.departement(company.zip, company.country_id.code),
        }

    # ------------------------------------------------------------------
    # Reuse data (arrêté of 12 December 2022)
    # ------------------------------------------------------------------
    def _reuse_groups(self):
        """Devices handed over in the period by category and donor, in one query."""
        self.env["filiere.referral"].check_access("read")
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
            SELECT t.eco_category AS category,
                   COALESCE(NULLIF(p.siret, ''), cp.siret) AS siret,
                   p.zip AS zip, c.code AS country,
                   COUNT(*) AS units, COALESCE(SUM(l.weight_kg), 0) AS kg
              FROM filiere_referral r
              JOIN stock_lot l ON l.id = r.lot_id
              JOIN filiere_device_type t ON t.id = l.device_type_id
         LEFT JOIN res_partner p ON p.id = l.donor_id
         LEFT JOIN res_partner cp ON cp.id = p.commercial_partner_id
         LEFT JOIN res_country c ON c.id = p.country_id
             WHERE r.state IN %s
               AND r.handover_date BETWEEN %s AND %s
               AND r.company_id = %s
          GROUP BY 1, 2, 3, 4
                """,
                HANDED_OVER,
                self.date_from,
                self.date_to,
                self.company_id.id,
            )
        )
        return self.env.cr.dictfetchall()

    def reuse_rows(self):
        """The reuse data: per category and origin, units, kg and tonnes (see lib/eco_organisation.reuse_rows)."""
        self._check_scope()
        env = self._labels_env()
        names = dict(env["filiere.device.type"]._fields["eco_category"]._description_selection(env))
        groups = self._reuse_groups()
        for group in groups:
            group["category_name"] = names.get(group["category"]) or env._("Not categorised")
        return eco_organisation.reuse_rows(groups)

    def _reuse_labels(self, env):
        return {
            "period": env._("Period"),
            "category_code": env._("Category"),
            "category": env._("Category of equipment"),
            "units": env._("Units reused"),
            "tonnes": env._("Tonnes reused"),
            "origin_siret": env._("SIRET of the source"),
            "origin_departement": env._("Département of the source"),
            "installation": env._("Reusing installation"),
            "installation_siret": env._("SIRET of the reusing installation"),
            "installation_departement": env._("Département of the reusing installation"),
        }

    # ------------------------------------------------------------------
    # Waste register (arrêté of 31 May 2021)
    # ------------------------------------------------------------------
    def _register_groups(self):
        """Devices sent to recycling in the period, per day, type, waste code, transporter, facility."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
            SELECT l.filiere_recycled_date AS day, l.device_type_id AS type_id,
                   COALESCE(NULLIF(l.filiere_waste_code, ''), t.waste_code, '') AS waste_code,
                   l.filiere_recycling_transporter_id AS transporter_id,
                   l.filiere_recycling_destination_id AS destination_id,
                   -- the weight less its harvested parts: those are counted as parts, once
                   COUNT(*) AS units, COALESCE(SUM(l.filiere_recycling_kg), 0) AS kg
              FROM stock_lot l
              JOIN filiere_device_type t ON t.id = l.device_type_id
             WHERE l.is_device
               AND l.filiere_recycled_date BETWEEN %s AND %s
               AND l.company_id = %s
          GROUP BY 1, 2, 3, 4, 5
          ORDER BY 1, 2, 3, 4, 5
                """,
                self.date_from,
                self.date_to,
                self.company_id.id,
            )
        )
        return self.env.cr.dictfetchall()

    @api.model
    def _address(self, partner):
        return ", ".join(part for part in (partner.street, f"{partner.zip or ''} {partner.city or ''}".strip()) if part)

    def register_rows(self):
        """The rows of the waste register, one per shipment (see lib/eco_organisation.register_table)."""
        self._check_scope()
        env = self._labels_env()
        groups = self._register_groups()
        # Names of every partner and type at once (prefetch), whatever the number of rows.
        partners = (
            env["res.partner"]
            .sudo()
            .browse({group[key] for group in groups for key in ("transporter_id", "destination_id") if group[key]})
        )
        partners.fetch(["name", "siret", "street", "zip", "city"])
        types = (
            env["filiere.device.type"].with_context(active_test=False).browse({group["type_id"] for group in groups})
        )
        types.fetch(["name"])
        producer = self.company_id.sudo()
        producer_siret = producer.partner_id.siret or producer.company_registry or ""
        rows = []
        for group in groups:
            transporter = partners.browse(group["transporter_id"])
            destination = partners.browse(group["destination_id"])
            rows.append(
                {
                    "date": group["day"].isoformat(),
                    "name": env._("Waste electrical and electronic equipment: %s", types.browse(group["type_id"]).name),
                    "waste_code": group["waste_code"],
                    "units": group["units"],
                    "kg": float(group["kg"]),
                    "producer": producer.name,
                    "producer_siret": producer_siret,
                    "transporter": transporter.name or "",
                    "transporter_siret": transporter.siret or "",
                    "destination": destination.name or "",
                    "destination_address": self._address(destination) if destination else "",
                    "destination_siret": destination.siret or "",
                }
            )
        return rows

    def _register_labels(self, env):
        return {
            "date": env._("Date sent"),
            "name": env._("Usual name of the waste"),
            "waste_code": env._("Waste code"),
            "tonnes": env._("Quantity (tonnes)"),
            "units": env._("Units"),
            "producer": env._("Producer"),
            "producer_siret": env._("SIRET of the producer"),
            "transporter": env._("Transporter"),
            "transporter_siret": env._("SIRET of the transporter"),
            "destination": env._("Destination (treatment facility)"),
            "destination_address": env._("Address of the destination"),
            "destination_siret": env._("SIRET of the destination"),
        }

    # ------------------------------------------------------------------
    # Files
    # ------------------------------------------------------------------
    def render(self):
        """(file name, bytes) of the chosen report in the chosen format."""
        self.ensure_one()
        env = self._labels_env()
        if self.report == "reuse":
            header, lines = eco_organisation.reuse_table(
                self.reuse_rows(), self._installation(), self._reuse_labels(env)
            )
            title, base = env._("Reuse data"), "reemploi"
        else:
            header, lines = eco_organisation.register_table(self.register_rows(), self._register_labels(env))
            title, base = env._("Waste register"), "registre-dechets"
        name = f"{base}-{self.company_id.id}-{self.date_from.isoformat()}-{self.date_to.isoformat()}.{self.file_format}"
        if self.file_format == "csv":
            return name, eco_organisation.to_csv(header, lines)
        return name, eco_organisation.to_xlsx(title, header, lines)

    def action_export(self):
        self.ensure_one()
        name, content = self.render()
        self.write({"file_data": base64.b64encode(content), "file_name": name})
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self._name}/{self.id}/file_data/{name}?download=true",
            "target": "self",
        }
