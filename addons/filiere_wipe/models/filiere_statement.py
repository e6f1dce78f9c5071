from odoo import api, fields, models


class FiliereStatement(models.Model):
    _inherit = "filiere.statement"

    @api.model
    def _indicators_extra(self, params):
        """Valid certificates issued in the period, for devices of the scope (zone of origin)."""
        result = super()._indicators_extra(params)
        self.env.cr.execute(
            """
            SELECT COUNT(*)
              FROM filiere_erasure_certificate c
              JOIN stock_lot l ON l.id = c.lot_id
             WHERE c.state = 'valid'
               AND c.issue_date::date BETWEEN %(date_from)s AND %(date_to)s
               AND c.company_id = ANY(%(companies)s)
               AND (%(all_zones)s OR l.filiere_zone_id = ANY(%(zones)s))
            """,
            params,
        )
        result["erasure_certificates"] = self.env.cr.fetchone()[0]
        return result

    def _records_behind(self, key):
        if key != "erasure_certificates":
            return super()._records_behind(key)
        domain = [
            ("state", "=", "valid"),
            ("company_id", "in", self.company_ids.ids),
            ("issue_date", ">=", self.date_from),
            ("issue_date", "<", fields.Date.add(self.date_to, days=1)),
        ]
        if self.zone_ids:
            domain.append(("lot_id.filiere_zone_id", "in", self.zone_ids.ids))
        return "filiere.erasure.certificate", domain
