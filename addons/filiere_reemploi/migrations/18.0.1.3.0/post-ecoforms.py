# Copyright 2026 Filière réemploi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""1.3.0 (eco-organisation data): the device types of the module get their eco-organisation
category and waste code.

data/filiere_device_type_eco_data.xml is noupdate: an update leaves the new fields empty on the
types installed before, so they are set here, only where still empty (a structure's own choice
is kept).
"""

import logging

from openupgradelib import openupgrade

_logger = logging.getLogger(__name__)

# xml id -> eco-organisation category (as in data/filiere_device_type_eco_data.xml)
CATEGORIES = {
    "device_type_laptop": "2",
    "device_type_desktop": "6",
    "device_type_tablet": "2",
    "device_type_smartphone": "6",
    "device_type_screen": "2",
    "device_type_keyboard": "6",
    "device_type_mouse": "6",
    "device_type_dock": "6",
    "device_type_other": False,
}
WASTE_CODE = "16 02 14"


@openupgrade.migrate()
def migrate(env, version):
    for xmlid, category in CATEGORIES.items():
        device_type = env.ref(f"filiere_reemploi.{xmlid}", raise_if_not_found=False)
        if not device_type:
            continue
        values = {}
        if category and not device_type.eco_category:
            values["eco_category"] = category
        if not device_type.waste_code:
            values["waste_code"] = WASTE_CODE
        if values:
            device_type.write(values)
    _logger.info("Eco-organisation categories and waste codes set on the module's device types.")
