from odoo import fields, models

DISK_TYPES = [("hdd", "HDD"), ("ssd", "SATA SSD"), ("nvme", "NVMe"), ("emmc", "eMMC"), ("other", "Other")]
SNAPSHOT_SOURCES = [
    ("lshw", "lshw"),
    ("inxi", "inxi"),
    ("dmidecode", "dmidecode"),
    ("smartctl", "smartctl"),
    ("upower", "upower"),
    ("workbench", "eReuse Workbench"),
    ("combined", "Combined outputs"),
]


class FiliereDeviceDisk(models.Model):
    """A storage disk found inside a device by a hardware snapshot.

    Its serial number lets erasure reports that name no computer find their device."""

    _name = "filiere.device.disk"
    _description = "Disk of a device"
    _order = "lot_id, size_gb desc, id"
    _check_company_auto = True

    lot_id = fields.Many2one("stock.lot", "Device", required=True, ondelete="cascade", index=True, check_company=True)
    company_id = fields.Many2one(related="lot_id.company_id", store=True, index=True)
    serial = fields.Char("Serial number", required=True, index=True)
    model = fields.Char()
    size_gb = fields.Integer("Size (GB)")
    type = fields.Selection(DISK_TYPES)
    source = fields.Selection(SNAPSHOT_SOURCES, help="The tool whose output listed this disk.")

    _sql_constraints = [
        ("serial_company_uniq", "unique(serial, company_id)", "A disk serial number is listed once per structure.")
    ]
