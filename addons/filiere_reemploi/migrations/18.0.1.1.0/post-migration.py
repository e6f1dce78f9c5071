# Copyright 2026 Filière réemploi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""1.1.0 dates each device's intake, refurbishment and exit for the grant statements.

The new columns were filled with today's date (the field default) or left empty on the devices
already in the database: give them the dates the database knows. The intake is the serial's
creation; refurbishment, spare parts and recycling take the date of the device's current state
when it is that state or a later one (the exact day of an earlier state is only in the chatter).
"""

from openupgradelib import openupgrade


@openupgrade.migrate()
def migrate(env, version):
    openupgrade.logged_query(
        env.cr,
        "UPDATE stock_lot SET filiere_received_date = create_date::date WHERE is_device",
    )
    openupgrade.logged_query(
        env.cr,
        """
        UPDATE stock_lot SET filiere_refurbished_date = state_date::date
         WHERE is_device AND filiere_refurbished_date IS NULL
           AND device_state IN ('refurbished', 'available', 'reserved', 'delivered')
        """,
    )
    for state, column in (("parts", "filiere_parts_date"), ("recycled", "filiere_recycled_date")):
        openupgrade.logged_query(
            env.cr,
            f"UPDATE stock_lot SET {column} = state_date::date WHERE is_device AND device_state = %s",
            (state,),
        )
