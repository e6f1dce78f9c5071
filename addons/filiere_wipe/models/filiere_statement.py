from odoo import api, fields, models
from odoo.tools import SQL


class FiliereStatement(models.Model):
    _inherit = "filiere.statement"

    @api.model
    def _indicators_extra(self, params):
        """Valid certificates issued in the period, for devices of the scope (zone of origin)."""
        result = super()._indicators_extra(params)
        # The device's zone only when zones are asked: a join on every device costs most of the count.
        zone_join = SQL("") if params["all_zones"] else SQL("JOIN stock_lot l ON l.id = c.lot_id")
        self.env.cr.execute(
            SQL(
                """
            SELECT COUNT(*)
              FROM filiere_erasure_certificate c %s
             WHERE c.state = 'valid'
               AND %s
               AND %s
                """,
                zone_join,
                self._sql_in_period(SQL("c.issue_date::date"), params),
                self._sql_scope(params, SQL("c.company_id"), SQL("l.filiere_zone_id")),
            )
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
