"""Daily aggregates of the grant indicators, kept exact by PostgreSQL triggers.

A network's statement covers years of devices: counting them row by row reads every device ever
received (1,000,000 take most of a second). The indicators read instead three tables of daily
buckets, one bucket per (structure, zone, day):

* ``filiere_indicator_device_day``: devices received, refurbished, recycled, sent to spare parts,
  with their kilograms;
* ``filiere_indicator_handover_day``: handovers per format and device type, with the price;
* ``filiere_indicator_member_day``: who is counted once per period (donors, people, people per
  segment, communes, prescribers), one row per member and day, for exact distinct counts.

Statement-level triggers on ``stock_lot``, ``filiere_referral`` and its segments' relation only
note the buckets a change touches in ``filiere_indicator_dirty`` (an insert, which never waits for
nor conflicts with another transaction). Readers take the clean buckets from the tables and
recompute the dirty ones from the records, so figures are exact at any moment, in the reader's
own transaction included; the refresh job recomputes the dirty buckets into the tables. The one
definition of what a record contributes (``_filiere_*_contributions``) serves the full rebuild,
the refresh and the readers alike.
"""

from contextlib import contextmanager

from odoo import api, models
from odoo.tools import SQL

HANDED_OVER = ("delivered", "closed")

# (event, date column of stock_lot, kilograms column or None) of the device figures.
DEVICE_EVENTS = (
    ("received", "filiere_received_date", "weight_kg"),
    ("refurbished", "filiere_refurbished_date", None),
    ("recycled", "filiere_recycled_date", "filiere_recycling_kg"),
    ("parts", "filiere_parts_date", None),
)
AGGREGATE_TABLES = ("filiere_indicator_device_day", "filiere_indicator_handover_day", "filiere_indicator_member_day")
AGGREGATE_COLUMNS = {
    "filiere_indicator_device_day": ("company_id", "zone_id", "day", "event", "devices", "kg"),
    "filiere_indicator_handover_day": (
        "company_id",
        "zone_id",
        "day",
        "sale_format",
        "device_type_id",
        "handovers",
        "price",
    ),
    "filiere_indicator_member_day": ("company_id", "zone_id", "day", "kind", "member_id", "segment_id", "commune"),
}
# Dirty buckets a reader recomputes from the records (each is a day of a structure and zone, some
# milliseconds); past them, one pass over the records is quicker.
LIVE_BUCKETS = 100
# Per-query memory for the distinct counts: 200,000 people sort in memory instead of on disk.
READER_WORK_MEM = "32MB"
# Key of the advisory lock that keeps two refreshes from running at once.
REFRESH_LOCK = 0x46494C49

DDL = """
CREATE TABLE IF NOT EXISTS filiere_indicator_dirty (
    company_id integer NOT NULL, zone_id integer NOT NULL, day date NOT NULL);
CREATE INDEX IF NOT EXISTS filiere_indicator_dirty_bucket_index ON filiere_indicator_dirty (company_id, day);
CREATE TABLE IF NOT EXISTS filiere_indicator_device_day (
    company_id integer NOT NULL, zone_id integer NOT NULL, day date NOT NULL,
    event varchar NOT NULL, devices integer NOT NULL, kg double precision NOT NULL);
CREATE INDEX IF NOT EXISTS filiere_indicator_device_day_bucket_index
    ON filiere_indicator_device_day (company_id, day, zone_id);
CREATE TABLE IF NOT EXISTS filiere_indicator_handover_day (
    company_id integer NOT NULL, zone_id integer NOT NULL, day date NOT NULL,
    sale_format varchar, device_type_id integer NOT NULL, handovers integer NOT NULL, price numeric NOT NULL);
CREATE INDEX IF NOT EXISTS filiere_indicator_handover_day_bucket_index
    ON filiere_indicator_handover_day (company_id, day, zone_id);
CREATE TABLE IF NOT EXISTS filiere_indicator_member_day (
    company_id integer NOT NULL, zone_id integer NOT NULL, day date NOT NULL,
    kind varchar NOT NULL, member_id integer, segment_id integer, commune varchar COLLATE "C");
CREATE INDEX IF NOT EXISTS filiere_indicator_member_day_bucket_index
    ON filiere_indicator_member_day (kind, company_id, day, zone_id);
CREATE INDEX IF NOT EXISTS filiere_referral_create_day_index ON filiere_referral ((create_date::date));
"""


def _lot_groups():
    """(buckets of stock_lot rows ``x``, the columns they depend on): one per lifecycle event, and
    the handovers of the device, whose impact follows its type."""
    groups = []
    for event, date_column, kg_column in DEVICE_EVENTS:
        columns = ["is_device", "company_id", "filiere_zone_id", date_column]
        columns += [kg_column] if kg_column else []
        columns += ["donor_id"] if event == "received" else []
        buckets = f"""
        SELECT COALESCE(x.company_id, 0), COALESCE(x.filiere_zone_id, 0), x.{date_column}
          FROM %(rows)s x WHERE x.is_device AND x.{date_column} IS NOT NULL"""
        groups.append((buckets, columns))
    handovers = """
        SELECT COALESCE(r.company_id, 0), COALESCE(r.zone_id, 0), r.handover_date
          FROM %(rows)s x JOIN filiere_referral r ON r.lot_id = x.id WHERE r.handover_date IS NOT NULL"""
    groups.append((handovers, ["device_type_id"]))
    return groups


REFERRAL_GROUPS = [
    (
        """
        SELECT COALESCE(x.company_id, 0), COALESCE(x.zone_id, 0), x.handover_date
          FROM %(rows)s x WHERE x.handover_date IS NOT NULL""",
        ["state", "company_id", "zone_id", "handover_date", "sale_format", "price", "beneficiary_id", "city", "lot_id"],
    ),
    (
        """
        SELECT COALESCE(x.company_id, 0), COALESCE(x.zone_id, 0), x.create_date::date
          FROM %(rows)s x WHERE x.create_date IS NOT NULL""",
        ["company_id", "zone_id", "create_date", "prescriber_id"],
    ),
]
SEGMENT_GROUPS = [
    (
        """
        SELECT COALESCE(r.company_id, 0), COALESCE(r.zone_id, 0), r.handover_date
          FROM %(rows)s x JOIN filiere_referral r ON r.id = x.referral_id WHERE r.handover_date IS NOT NULL""",
        None,
    ),
]


def _trigger_function(name, groups):
    """A statement-level trigger function noting the buckets of the rows a statement changed.

    On update, for each group of contributions, the old and the new buckets of the rows whose
    group's columns changed (of every row for a group without columns): writing a device's notes
    or moving it to today's state leaves the buckets of its other dates clean.
    """

    def of(rows):
        return " UNION ".join(buckets.replace("%(rows)s", rows) for buckets, _columns in groups)

    parts = []
    for buckets, columns in groups:
        if not columns:
            parts += [buckets.replace("%(rows)s", "old_rows"), buckets.replace("%(rows)s", "new_rows")]
            continue
        changed = "({}) IS DISTINCT FROM ({})".format(
            ", ".join(f"o.{column}" for column in columns), ", ".join(f"n.{column}" for column in columns)
        )
        for side in ("o", "n"):
            rows = f"(SELECT {side}.* FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE {changed})"
            parts.append(buckets.replace("%(rows)s", rows))
    update = " UNION ".join(parts)
    return f"""
CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO filiere_indicator_dirty (company_id, zone_id, day) {of("new_rows")};
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO filiere_indicator_dirty (company_id, zone_id, day) {of("old_rows")};
    ELSE
        INSERT INTO filiere_indicator_dirty (company_id, zone_id, day) {update};
    END IF;
    RETURN NULL;
END;
$$;
"""


def _triggers(table, function):
    statements = []
    for operation, referencing in (
        ("INSERT", "NEW TABLE AS new_rows"),
        ("UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
        ("DELETE", "OLD TABLE AS old_rows"),
    ):
        trigger = f"{function}_{operation.lower()}"
        statements.append(
            f"DROP TRIGGER IF EXISTS {trigger} ON {table};"
            f"CREATE TRIGGER {trigger} AFTER {operation} ON {table} REFERENCING {referencing}"
            f" FOR EACH STATEMENT EXECUTE FUNCTION {function}();"
        )
    return "\n".join(statements)


SOURCES = (
    ("stock_lot", "filiere_indicator_lot_changed", _lot_groups()),
    ("filiere_referral", "filiere_indicator_referral_changed", REFERRAL_GROUPS),
    ("filiere_referral_segment_rel", "filiere_indicator_segment_changed", SEGMENT_GROUPS),
)


def drop_indicator_aggregates(cr):
    """Triggers, functions and tables of the aggregates (the addon's uninstall)."""
    for table, function, _groups in SOURCES:
        for operation in ("insert", "update", "delete"):
            trigger = SQL.identifier(f"{function}_{operation}")
            cr.execute(SQL("DROP TRIGGER IF EXISTS %s ON %s", trigger, SQL.identifier(table)))
        cr.execute(SQL("DROP FUNCTION IF EXISTS %s()", SQL.identifier(function)))
    for table in (*AGGREGATE_TABLES, "filiere_indicator_dirty"):
        cr.execute(SQL("DROP TABLE IF EXISTS %s", SQL.identifier(table)))
    cr.execute("DROP INDEX IF EXISTS filiere_referral_create_day_index")


class FiliereIndicatorAggregate(models.AbstractModel):
    _name = "filiere.indicator.aggregate"
    _description = "Daily aggregates of the grant indicators"

    def init(self):
        # After every table of the addon exists (the triggers are on stock_lot and filiere_referral).
        self.pool.post_init(self._filiere_setup_aggregates)

    @api.model
    def _filiere_setup_aggregates(self):
        cr = self.env.cr
        cr.execute("SELECT to_regclass('filiere_indicator_dirty') IS NULL")
        new = cr.fetchone()[0]
        cr.execute(DDL)
        for table, function, groups in SOURCES:
            cr.execute(_trigger_function(function, groups))
            cr.execute(_triggers(table, function))
        if new:
            self._filiere_rebuild()

    # ------------------------------------------------------------------
    # What a record contributes to its bucket
    # ------------------------------------------------------------------
    @api.model
    def _filiere_bucket_join(self, buckets, company, zone, day):
        """``JOIN`` on the buckets (an SQL relation of company_id, zone_id, day), or nothing."""
        if buckets is None:
            return SQL("")
        return SQL(
            "JOIN %s b ON b.day = %s AND b.company_id = COALESCE(%s, 0) AND b.zone_id = COALESCE(%s, 0)",
            buckets,
            day,
            company,
            zone,
        )

    @api.model
    def _filiere_device_contributions(self, buckets=None):
        """Rows (company_id, zone_id, day, event, devices, kg) of the devices, per bucket.

        Restricted to buckets: one branch per event, each through its date's index. All of them:
        one pass over the devices, each giving a row per event.
        """
        if buckets is None:
            events = SQL(", ").join(
                SQL(
                    "(%s::varchar, %s, %s::double precision)",
                    event,
                    SQL.identifier("l", date_column),
                    SQL.identifier("l", kg_column) if kg_column else SQL("NULL"),
                )
                for event, date_column, kg_column in DEVICE_EVENTS
            )
            return SQL(
                """
            SELECT COALESCE(l.company_id, 0) AS company_id, COALESCE(l.filiere_zone_id, 0) AS zone_id,
                   e.day, e.event, COUNT(*)::integer AS devices, COALESCE(SUM(e.kg), 0)::double precision AS kg
              FROM stock_lot l CROSS JOIN LATERAL (VALUES %s) AS e(event, day, kg)
             WHERE l.is_device AND e.day IS NOT NULL
          GROUP BY 1, 2, 3, 4
                """,
                events,
            )
        parts = []
        for event, date_column, kg_column in DEVICE_EVENTS:
            day = SQL.identifier("l", date_column)
            kg = SQL("COALESCE(SUM(%s), 0)", SQL.identifier("l", kg_column)) if kg_column else SQL("0")
            parts.append(
                SQL(
                    """
                SELECT COALESCE(l.company_id, 0) AS company_id, COALESCE(l.filiere_zone_id, 0) AS zone_id,
                       %(day)s AS day, %(event)s::varchar AS event, COUNT(*)::integer AS devices,
                       %(kg)s::double precision AS kg
                  FROM stock_lot l %(join)s
                 WHERE l.is_device AND %(day)s IS NOT NULL
              GROUP BY 1, 2, 3
                    """,
                    day=day,
                    event=event,
                    kg=kg,
                    join=self._filiere_bucket_join(buckets, SQL("l.company_id"), SQL("l.filiere_zone_id"), day),
                )
            )
        return SQL(" UNION ALL ").join(parts)

    @api.model
    def _filiere_handover_contributions(self, buckets=None):
        """Rows (company_id, zone_id, day, sale_format, device_type_id, handovers, price) of the handovers."""
        return SQL(
            """
        SELECT COALESCE(r.company_id, 0) AS company_id, COALESCE(r.zone_id, 0) AS zone_id, r.handover_date AS day,
               r.sale_format::varchar, COALESCE(l.device_type_id, 0) AS device_type_id, COUNT(*)::integer AS handovers,
               COALESCE(SUM(r.price) FILTER (WHERE r.sale_format IN ('sale', 'rental')), 0)::numeric AS price
          FROM filiere_referral r %(join)s
     LEFT JOIN stock_lot l ON l.id = r.lot_id
         WHERE r.state IN %(handed)s AND r.handover_date IS NOT NULL
      GROUP BY 1, 2, 3, 4, 5
            """,
            handed=HANDED_OVER,
            join=self._filiere_bucket_join(buckets, SQL("r.company_id"), SQL("r.zone_id"), SQL("r.handover_date")),
        )

    @api.model
    def _filiere_member_contributions(self, buckets=None):
        """Rows (company_id, zone_id, day, kind, member_id, segment_id, commune), distinct per bucket.

        Kinds: ``donor`` (of a device received that day), ``person`` (handed a device),
        ``segment`` (a person handed a device, with a segment of the referral), ``commune`` (of a
        handover) and ``prescriber`` (of a referral created that day, whatever became of it).
        """
        handed = SQL("r.state IN %s AND r.handover_date IS NOT NULL", HANDED_OVER)
        referral_join = self._filiere_bucket_join(
            buckets, SQL("r.company_id"), SQL("r.zone_id"), SQL("r.handover_date")
        )
        return SQL(
            """
        SELECT DISTINCT COALESCE(l.company_id, 0), COALESCE(l.filiere_zone_id, 0), l.filiere_received_date,
               'donor'::varchar, l.donor_id, NULL::integer, NULL::varchar
          FROM stock_lot l %(device_join)s
         WHERE l.is_device AND l.filiere_received_date IS NOT NULL AND l.donor_id IS NOT NULL
     UNION ALL
        SELECT DISTINCT COALESCE(r.company_id, 0), COALESCE(r.zone_id, 0), r.handover_date,
               'person'::varchar, r.beneficiary_id, NULL::integer, NULL::varchar
          FROM filiere_referral r %(referral_join)s
         WHERE %(handed)s
     UNION ALL
        SELECT DISTINCT COALESCE(r.company_id, 0), COALESCE(r.zone_id, 0), r.handover_date,
               'segment'::varchar, r.beneficiary_id, rel.segment_id, NULL::varchar
          FROM filiere_referral r %(referral_join)s
          JOIN filiere_referral_segment_rel rel ON rel.referral_id = r.id
         WHERE %(handed)s
     UNION ALL
        SELECT DISTINCT COALESCE(r.company_id, 0), COALESCE(r.zone_id, 0), r.handover_date,
               'commune'::varchar, NULL::integer, NULL::integer, lower(trim(r.city))::varchar COLLATE "C"
          FROM filiere_referral r %(referral_join)s
         WHERE %(handed)s AND trim(r.city) <> ''
     UNION ALL
        SELECT DISTINCT COALESCE(r.company_id, 0), COALESCE(r.zone_id, 0), r.create_date::date,
               'prescriber'::varchar, r.prescriber_id, NULL::integer, NULL::varchar
          FROM filiere_referral r %(created_join)s
         WHERE r.create_date IS NOT NULL
            """,
            handed=handed,
            device_join=self._filiere_bucket_join(
                buckets, SQL("l.company_id"), SQL("l.filiere_zone_id"), SQL("l.filiere_received_date")
            ),
            referral_join=referral_join,
            created_join=self._filiere_bucket_join(
                buckets, SQL("r.company_id"), SQL("r.zone_id"), SQL("r.create_date::date")
            ),
        )

    # ------------------------------------------------------------------
    # Rebuild and refresh
    # ------------------------------------------------------------------
    @api.model
    def _filiere_rebuild(self):
        """Every aggregate recomputed from the records (install, repair)."""
        self.env.flush_all()
        cr = self.env.cr
        cr.execute(
            SQL(
                "DELETE FROM filiere_indicator_dirty; %s",
                SQL("; ").join(SQL("DELETE FROM %s", SQL.identifier(table)) for table in AGGREGATE_TABLES),
            )
        )
        cr.execute(SQL("INSERT INTO filiere_indicator_device_day %s", self._filiere_device_contributions()))
        cr.execute(SQL("INSERT INTO filiere_indicator_handover_day %s", self._filiere_handover_contributions()))
        cr.execute(SQL("INSERT INTO filiere_indicator_member_day %s", self._filiere_member_contributions()))

    @api.model
    def _filiere_refresh(self):
        """Recompute the dirty buckets into the aggregates; the number of buckets, or None when
        another refresh is running (it will take them)."""
        self.env.flush_all()
        cr = self.env.cr
        cr.execute(SQL("SELECT pg_try_advisory_xact_lock(%s)", REFRESH_LOCK))
        if not cr.fetchone()[0]:
            return None
        cr.execute(
            """
            WITH moved AS (DELETE FROM filiere_indicator_dirty RETURNING company_id, zone_id, day)
            SELECT DISTINCT company_id, zone_id, day FROM moved
            """
        )
        dirty = cr.fetchall()
        if not dirty:
            return 0
        # The buckets as a list of values: the planner knows how few they are and recomputes them
        # through the indexes instead of reading every device.
        buckets = SQL("VALUES %s", SQL(", ").join(SQL("(%s, %s, %s::date)", *bucket) for bucket in dirty))
        # One statement: every part sees the same snapshot, so the deletes remove the old rows only.
        cr.execute(
            SQL(
                """
            WITH buckets (company_id, zone_id, day) AS (%(buckets)s),
                 old_devices AS (DELETE FROM filiere_indicator_device_day a USING buckets b
                                  WHERE (a.company_id, a.zone_id, a.day) = (b.company_id, b.zone_id, b.day)),
                 old_handovers AS (DELETE FROM filiere_indicator_handover_day a USING buckets b
                                    WHERE (a.company_id, a.zone_id, a.day) = (b.company_id, b.zone_id, b.day)),
                 old_members AS (DELETE FROM filiere_indicator_member_day a USING buckets b
                                  WHERE (a.company_id, a.zone_id, a.day) = (b.company_id, b.zone_id, b.day)),
                 new_devices AS (INSERT INTO filiere_indicator_device_day %(devices)s),
                 new_handovers AS (INSERT INTO filiere_indicator_handover_day %(handovers)s)
            INSERT INTO filiere_indicator_member_day %(members)s
                """,
                buckets=buckets,
                devices=self._filiere_device_contributions(SQL.identifier("buckets")),
                handovers=self._filiere_handover_contributions(SQL.identifier("buckets")),
                members=self._filiere_member_contributions(SQL.identifier("buckets")),
            )
        )
        return len(dirty)

    @api.model
    def _cron_refresh(self):
        self._filiere_refresh()

    # ------------------------------------------------------------------
    # Readers: clean buckets from the aggregates, dirty ones from the records
    # ------------------------------------------------------------------
    @contextmanager
    def _filiere_reading(self):
        """The readers' session settings for the rest of a computation, then the previous ones.

        The distinct counts sort every person of the period: with the default ``work_mem`` (4 MB)
        the sorts go to disk. JIT compilation takes longer than these sub-second queries.
        """
        cr = self.env.cr
        cr.execute("SELECT current_setting('work_mem'), current_setting('jit')")
        work_mem, jit = cr.fetchone()
        cr.execute(SQL("SELECT set_config('work_mem', %s, true), set_config('jit', 'off', true)", READER_WORK_MEM))
        try:
            yield
        finally:
            cr.execute(SQL("SELECT set_config('work_mem', %s, true), set_config('jit', %s, true)", work_mem, jit))

    @api.model
    def _filiere_scope(self, params, alias):
        """The structures, zones and period of a statement's parameters on an aggregate's rows."""
        scope = SQL(
            "%s = ANY(%s) AND %s BETWEEN %s AND %s",
            SQL.identifier(alias, "company_id"),
            params["companies"],
            SQL.identifier(alias, "day"),
            params["date_from"],
            params["date_to"],
        )
        if not params["all_zones"]:
            scope = SQL("%s AND %s = ANY(%s)", scope, SQL.identifier(alias, "zone_id"), params["zones"])
        return scope

    @api.model
    def _filiere_fetch(self, table, contributions, params, select):
        """Run ``select`` over ``rows``, the contributions in scope and period.

        Up to ``LIVE_BUCKETS`` dirty buckets: the aggregate's clean buckets, the dirty ones
        recomputed from the records (``contributions`` restricted to the ``dirty`` relation). More
        (a mass change not refreshed yet): every contribution from the records, in one pass. The
        branch not taken is cut by its one-time filter, not executed. ``select`` may read
        ``dirty_count.buckets``, the number of dirty buckets in scope.
        """
        columns = SQL(", ").join(SQL.identifier(column) for column in AGGREGATE_COLUMNS[table])
        query = SQL(
            """
            WITH dirty AS MATERIALIZED (
                     SELECT DISTINCT company_id, zone_id, day FROM filiere_indicator_dirty d WHERE %(scope_d)s),
                 dirty_count AS MATERIALIZED (SELECT COUNT(*) AS buckets, COUNT(*) <= %(live)s AS live FROM dirty),
                 live AS MATERIALIZED (
                     SELECT * FROM (%(live_contributions)s) AS d(%(columns)s)
                      WHERE (SELECT live FROM dirty_count)),
                 rows AS NOT MATERIALIZED (
                     SELECT a.* FROM %(table)s a
                      WHERE %(scope)s AND (SELECT live FROM dirty_count)
                        AND NOT EXISTS (SELECT FROM dirty b WHERE (b.company_id, b.zone_id, b.day)
                                                              = (a.company_id, a.zone_id, a.day))
                      UNION ALL
                     SELECT * FROM live
                      UNION ALL
                     SELECT * FROM (%(all_contributions)s) AS d(%(columns)s)
                      WHERE %(scope_d)s AND NOT (SELECT live FROM dirty_count))
            %(select)s
            """,
            scope_d=self._filiere_scope(params, "d"),
            live=LIVE_BUCKETS,
            live_contributions=contributions(SQL.identifier("dirty")),
            all_contributions=contributions(),
            columns=columns,
            table=SQL.identifier(table),
            scope=self._filiere_scope(params, "a"),
            select=select,
        )
        self.env.cr.execute(query)
        return self.env.cr.dictfetchone()

    @api.model
    def _filiere_device_figures(self, params):
        row = self._filiere_fetch(
            "filiere_indicator_device_day",
            self._filiere_device_contributions,
            params,
            SQL(
                """
            SELECT COALESCE(SUM(devices) FILTER (WHERE event = 'received'), 0) AS devices_received,
                   COALESCE(SUM(kg) FILTER (WHERE event = 'received'), 0) AS devices_received_kg,
                   COALESCE(SUM(devices) FILTER (WHERE event = 'refurbished'), 0) AS devices_refurbished,
                   COALESCE(SUM(devices) FILTER (WHERE event = 'recycled'), 0) AS devices_recycled,
                   COALESCE(SUM(kg) FILTER (WHERE event = 'recycled'), 0) AS devices_recycled_kg,
                   COALESCE(SUM(devices) FILTER (WHERE event = 'parts'), 0) AS devices_parts,
                   (SELECT buckets FROM dirty_count) AS dirty_buckets
              FROM rows
                """
            ),
        )
        for key in ("devices_received", "devices_refurbished", "devices_recycled", "devices_parts"):
            row[key] = int(row[key])
        if row.pop("dirty_buckets") > LIVE_BUCKETS:
            # A mass change: bring the aggregates up to date now rather than at the next run.
            self.env.ref("filiere_reemploi.ir_cron_filiere_indicator_aggregates").sudo()._trigger()
        return row

    @api.model
    def _filiere_handover_figures(self, params):
        row = self._filiere_fetch(
            "filiere_indicator_handover_day",
            self._filiere_handover_contributions,
            params,
            SQL(
                """
            SELECT COALESCE(SUM(handovers), 0) AS devices_distributed,
                   COALESCE(SUM(handovers) FILTER (WHERE sale_format = 'donation'), 0) AS distributed_free,
                   COALESCE(SUM(handovers) FILTER (WHERE sale_format = 'sale'), 0) AS distributed_solidarity,
                   COALESCE(SUM(handovers) FILTER (WHERE sale_format = 'rental'), 0) AS distributed_rental,
                   COALESCE(SUM(handovers) FILTER (WHERE sale_format = 'loan'), 0) AS distributed_loan,
                   COALESCE(SUM(price), 0) AS solidarity_revenue,
                   COALESCE(SUM(handovers * t.impact_raw_materials_kg), 0) AS raw_materials_avoided_kg,
                   COALESCE(SUM(handovers * t.impact_co2e_kg), 0) AS co2e_avoided_kg
              FROM rows
         LEFT JOIN filiere_device_type t ON t.id = rows.device_type_id
                """
            ),
        )
        counts = ("distributed_free", "distributed_solidarity", "distributed_rental", "distributed_loan")
        for key in ("devices_distributed", *counts):
            row[key] = int(row[key])
        return row

    @api.model
    def _filiere_member_figures(self, params):
        """Distinct donors, people (overall, per segment code, per zone code), communes, prescribers."""
        return self._filiere_fetch(
            "filiere_indicator_member_day",
            self._filiere_member_contributions,
            params,
            SQL(
                """
            SELECT (SELECT COUNT(DISTINCT member_id) FROM rows WHERE kind = 'donor') AS donors,
                   (SELECT COUNT(DISTINCT member_id) FROM rows WHERE kind = 'person') AS beneficiaries,
                   (SELECT COUNT(DISTINCT commune) FROM rows WHERE kind = 'commune') AS communes_covered,
                   (SELECT COUNT(DISTINCT member_id) FROM rows WHERE kind = 'prescriber') AS prescribers,
                   (SELECT json_object_agg(s.code, people) FROM (
                        SELECT segment_id, COUNT(DISTINCT member_id) AS people
                          FROM rows WHERE kind = 'segment' GROUP BY segment_id) AS by_segment
                      JOIN filiere_segment s ON s.id = by_segment.segment_id) AS beneficiaries_by_segment,
                   (SELECT json_object_agg(COALESCE(z.code, z.id::text, 'none'), people) FROM (
                        SELECT zone_id, COUNT(DISTINCT member_id) AS people
                          FROM rows WHERE kind = 'person' GROUP BY zone_id) AS by_zone
                 LEFT JOIN filiere_zone z ON z.id = by_zone.zone_id) AS beneficiaries_by_zone
                """
            ),
        )
