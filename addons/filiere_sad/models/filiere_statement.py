from odoo import api, fields, models

SAD_KEYS = (
    "sad_sessions_held",
    "sad_sessions_missed",
    "sad_attendance_rate",
    "sad_people_coached",
    "satisfaction_avg",
)


class FiliereStatement(models.Model):
    _inherit = "filiere.statement"

    @api.model
    def _indicators_extra(self, params):
        """The coaching figures, from the appointments' one-query summary.

        ``params["companies"]`` is already the statement's company scope (``env.companies`` within
        what was asked); the summary reads with full rights as the figures are aggregates. An empty
        scope is no structure at all, not the summary's default of every current one.
        """
        result = super()._indicators_extra(params)
        if not params["companies"]:
            return result
        rows = (
            self.env["filiere.sad.appointment"]
            .sudo()
            ._summary(
                params["date_from"],
                params["date_to"],
                company_ids=params["companies"],
                zone_ids=params["zones"],
            )
        )
        row = rows[0] if rows else {}
        result.update(
            {
                "sad_sessions_held": row.get("sessions_held", 0),
                # With the sessions held, tells a period without any session (attendance not measured) from a real 0 %.
                "sad_sessions_missed": row.get("no_shows", 0),
                "sad_attendance_rate": row.get("attendance_rate", 0.0),
                "sad_people_coached": row.get("people_coached", 0),
                "satisfaction_avg": row.get("satisfaction_avg", 0.0),
            }
        )
        return result

    def _records_behind(self, key):
        if key not in SAD_KEYS:
            return super()._records_behind(key)
        states = {"sad_attendance_rate": ("held", "no_show"), "sad_sessions_missed": ("no_show",)}
        domain = [
            ("company_id", "in", self.company_ids.ids),
            ("state", "in", states.get(key, ("held",))),
            ("start", ">=", self.date_from),
            ("start", "<", fields.Date.add(self.date_to, days=1)),
        ]
        if self.zone_ids:
            domain.append(("zone_id", "in", self.zone_ids.ids))
        return "filiere.sad.appointment", domain
