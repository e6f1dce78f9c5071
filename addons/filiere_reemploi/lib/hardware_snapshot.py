"""Read what diagnostic tools print about a computer: its passport and its disks.

Plain module (standard library only) so that it is tested without an Odoo server, on real outputs
(tests/unit/fixtures/hardware). One entry point, ``parse_snapshot(content, filename)``, recognises
the file by its content and returns::

    {"format": "lshw" | "inxi" | "dmidecode" | "smartctl" | "upower" | "workbench" | "combined",
     "system": {"serial", "brand", "model", "machine_type", "year", "cpu", "ram_gb",
                "keyboard_layout"},   # None when the tool does not tell
     "disks": [{"serial", "model", "size_gb", "type"}],   # internal disks with a serial only
     "battery": {"design_wh", "full_wh", "health"} or None}

Formats: ``lshw -json``; ``inxi`` with ``--output json --output-file print`` and its text output
(``-c0``, with ``-Z`` so that serials are not filtered); ``dmidecode``; ``smartctl --json -x`` (one
disk); ``upower -i`` of a battery; a text file that concatenates several of those text outputs
(e.g. ``dmidecode; upower -i …``); the eReuse Workbench snapshots (Workbench ≤ 12 / DeviceHub:
``device`` + ``components``; Workbench 2022+: ``data.lshw``, ``data.dmidecode``, ``data.smart``).

Placeholders written by firmware ("To Be Filled By O.E.M.", "System Serial Number", "Default
string", "0123456789", "00000000" …) are no value. Lenovo writes the machine type in the product
name (20HRCTO1WW) and the marketing name in the version (ThinkPad X1 Carbon 5th): the model is the
version, the product name is kept as ``machine_type``.
"""

import json
import math
import re

SCHEMA_KEYS = ("serial", "brand", "model", "machine_type", "year", "cpu", "ram_gb", "keyboard_layout")

PLACEHOLDERS = {
    "",
    "to be filled by o.e.m.",
    "to be filled by oem",
    "not specified",
    "not applicable",
    "not available",
    "not present",
    "default string",
    "default",
    "system serial number",
    "system product name",
    "system manufacturer",
    "system version",
    "system name",
    "chassis manufacture",
    "chassis manufacturer",
    "chassis version",
    "chassis serial number",
    "base board serial number",
    "type1productconfigid",
    "0123456789",
    "123456789",
    "1234567890",
    "none",
    "n/a",
    "na",
    "unknown",
    "oem",
    "o.e.m.",
    "invalid",
    "<filter>",
    "<superuser required>",
    "<root required>",
}

BRANDS = {
    "lenovo": "Lenovo",
    "hewlett-packard": "HP",
    "hp": "HP",
    "dell inc.": "Dell",
    "dell": "Dell",
    "asustek computer inc.": "ASUS",
    "asustek computer inc": "ASUS",
    "acer": "Acer",
    "toshiba": "Toshiba",
    "fujitsu": "Fujitsu",
    "fujitsu siemens": "Fujitsu",
    "apple inc.": "Apple",
    "micro-star international co., ltd.": "MSI",
    "samsung electronics co., ltd.": "Samsung",
    "sony corporation": "Sony",
}

# DeviceHub's keyboard layouts (ereuse_devicehub/teal/enums.py, Layouts, by name) -> keyboard_layout;
# any other layout is "other".
LAYOUTS = {"FR": "azerty_fr", "US": "qwerty_us", "DE": "qwertz", "CH": "qwertz"}


class SnapshotError(Exception):
    """Unreadable file. ``code`` is one of "empty", "binary", "json", "unrecognised", "no_data",
    "battery_only"; ``detail`` a short English text."""

    def __init__(self, code, detail=""):
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


# --- values -------------------------------------------------------------------------------------


def clean(value):
    """The value, stripped, or None when the firmware wrote a placeholder."""
    if value is None:
        return None
    value = re.sub(r"\s+", " ", str(value)).strip()
    if value.lower() in PLACEHOLDERS:
        return None
    # "00000000", "XXXXXXXX", "FFFFFFFF": one character repeated (nwipe -q masks serials with X).
    if len(value) >= 3 and len(set(value.lower())) == 1:
        return None
    return value


def brand_name(vendor):
    vendor = clean(vendor)
    if not vendor:
        return None
    return BRANDS.get(vendor.lower(), vendor)


def cpu_name(name):
    """ "Intel(R) Core(TM) i7-7500U CPU @ 2.70GHz" -> "Intel Core i7-7500U"."""
    name = clean(name)
    if not name:
        return None
    name = re.sub(r"\((R|TM|tm|r)\)", "", name)
    name = re.sub(r"\s+CPU\b", "", name)
    name = re.sub(r"\s*@\s*[\d.]+\s*GHz", "", name)
    return re.sub(r"\s+", " ", name).strip() or None


def model_name(brand, product, version):
    """Lenovo names the machine type in the product and the model in the version."""
    # lshw: "20HRCTO1WW (LENOVO_MT_20HR_BU_Think_FM_ThinkPad X1 Carbon 5th)", "HP 255 G3 (K3X00EA#ABU)",
    # "System Product Name (To Be Filled By O.E.M.)": the SKU in brackets is no part of the model.
    product = clean(re.sub(r"\s*\([^)]*\)$", "", product or ""))
    version = clean(version)
    if brand == "Lenovo" and version and not version.lower().startswith("lenovo"):
        return version, product
    if brand == "Lenovo" and version:
        return re.sub(r"^lenovo\s+", "", version, flags=re.IGNORECASE), product
    return product, None


def ram_from_total(size_bytes):
    """Usable memory (what the kernel sees) -> the installed size, to the half GB above."""
    if not size_bytes:
        return None
    return math.ceil(size_bytes / 2**30 * 2 - 0.05) / 2


def size_gb(size_bytes):
    return round(size_bytes / 1e9) if size_bytes else None


def year_of(date_text):
    """The year of a BIOS date (03/10/2017, 2017-03-10, 20170310)."""
    found = re.search(r"\b(19[89]\d|20\d\d)\b", date_text or "")
    if not found:
        found = re.match(r"(19[89]\d|20\d\d)\d{4}$", (date_text or "").strip())
    return int(found.group(1)) if found else None


def disk_type(model, protocol=None, rotation=None, path=None):
    text = f"{model or ''} {protocol or ''} {path or ''}".lower()
    if "nvme" in text:
        return "nvme"
    if "mmcblk" in text or "emmc" in text:
        return "emmc"
    if rotation == 0 or "ssd" in text or "solid state" in text:
        return "ssd"
    if rotation:
        return "hdd"
    # smartctl of an ATA disk that reports no rotation rate: the old hard disks do not.
    return "hdd" if protocol == "ATA" else None


def empty_snapshot(fmt):
    return {"format": fmt, "system": dict.fromkeys(SCHEMA_KEYS), "disks": [], "battery": None}


def battery(design_wh, full_wh):
    if not design_wh or full_wh is None:
        return None
    return {"design_wh": design_wh, "full_wh": full_wh, "health": min(100, round(full_wh / design_wh * 100))}


# --- lshw -json ---------------------------------------------------------------------------------


def _lshw_nodes(node, parents=()):
    yield node, parents
    for child in node.get("children") or []:
        yield from _lshw_nodes(child, (*parents, node))


def parse_lshw(data):
    if isinstance(data, list):  # lshw >= B.02.19 prints a list of one system
        data = data[0] if data else {}
    if not isinstance(data, dict) or data.get("class") != "system":
        raise SnapshotError("unrecognised", "no system node")
    snap = empty_snapshot("lshw")
    system = snap["system"]
    brand = brand_name(data.get("vendor"))
    model, machine_type = model_name(brand, data.get("product"), data.get("version"))
    system.update(serial=clean(data.get("serial")), brand=brand, model=model, machine_type=machine_type)
    banks, total = 0, 0
    for node, parents in _lshw_nodes(data):
        kind, description = node.get("class"), (node.get("description") or "").lower()
        if kind == "processor" and not system["cpu"]:
            system["cpu"] = cpu_name(node.get("product"))
        elif kind == "memory" and description == "system memory":
            total = node.get("size") or 0
            banks = sum(
                child.get("size") or 0 for child in node.get("children") or [] if child.get("id", "").startswith("bank")
            )
        elif kind == "memory" and node.get("id") == "firmware":
            system["year"] = year_of(node.get("date") or "")
        elif kind == "disk" and node.get("size"):
            disk = _lshw_disk(node, parents)
            if disk:
                snap["disks"].append(disk)
    system["ram_gb"] = round(banks / 2**30, 1) if banks else ram_from_total(total)
    return snap


def _lshw_disk(node, parents):
    if any((parent.get("businfo") or "").startswith("usb@") for parent in (*parents, node)):
        return None  # a USB stick or card reader plugged in during the test, not the computer's disk
    path = node.get("logicalname")
    path = path[0] if isinstance(path, list) else path
    serial, model = clean(node.get("serial")), clean(node.get("product"))
    parent = parents[-1] if parents else {}
    if parent.get("id", "").startswith("nvme") and not serial:
        # NVMe: the controller carries the serial and model, its namespace the size.
        serial, model = clean(parent.get("serial")), clean(parent.get("product"))
    if not serial or (path or "").startswith("/dev/sr"):
        return None
    return {
        "serial": serial,
        "model": model,
        "size_gb": size_gb(node.get("size")),
        "type": disk_type(model, node.get("description"), path=path),
    }


# --- inxi ---------------------------------------------------------------------------------------


def _inxi_key(key):
    """inxi's JSON keys carry their order and depth: "002#1#2#product" -> "product"."""
    return key.split("#")[-1]


def parse_inxi_json(data):
    sections = {}
    for block in data:
        for key, rows in block.items():
            sections[_inxi_key(key)] = [[(_inxi_key(k), v) for k, v in sorted(row.items())] for row in rows]
    return _inxi_snapshot(sections)


INXI_SECTION = re.compile(r"^([A-Z][A-Za-z ]*):\s*$")
# Keys are one word, but for these few; values may hold spaces ("v: ThinkPad X1 Carbon 5th").
INXI_PAIR = re.compile(r"(?:^|(?<=\s))(Local Storage|Speed \(MHz\)|RAM Report|[A-Za-z][\w/()-]*):\s")


def parse_inxi_text(text):
    """inxi's text output: "Section:" lines, then indented rows of "key: value" pairs."""
    sections, current, rows = {}, None, None
    for line in text.splitlines():
        header = INXI_SECTION.match(line)
        if header:
            current = header.group(1)
            rows = sections.setdefault(current, [])
            continue
        if current is None or not line.startswith(" "):
            continue
        pairs = _inxi_pairs(line.strip())
        if line.startswith("    ") and rows:
            rows[-1].extend(pairs)  # a wrapped row goes on
        else:
            rows.append(pairs)
    if "Machine" not in sections and "Drives" not in sections:
        raise SnapshotError("unrecognised", "no Machine or Drives section")
    return _inxi_snapshot(sections)


def _inxi_pairs(line):
    keys = list(INXI_PAIR.finditer(" " + line))
    pairs = []
    for index, match in enumerate(keys):
        end = keys[index + 1].start() if index + 1 < len(keys) else len(line) + 1
        pairs.append((match.group(1).strip(), (" " + line)[match.end() : end].strip()))
    return pairs


def _inxi_snapshot(sections):
    snap = empty_snapshot("inxi")
    system = snap["system"]
    machine = [pair for row in sections.get("Machine", []) for pair in row]
    values = {}
    for key, value in machine:
        # The first "serial" is the system's, the next ones the chassis' and the board's.
        values.setdefault(key, value)
    brand = brand_name(values.get("System"))
    model, machine_type = model_name(brand, values.get("product"), values.get("v"))
    system.update(serial=clean(values.get("serial")), brand=brand, model=model, machine_type=machine_type)
    dates = [value for key, value in machine if key == "date"]
    system["year"] = year_of(dates[0]) if dates else None
    cpu = dict(pair for row in sections.get("CPU", []) for pair in row)
    system["cpu"] = cpu_name(cpu.get("model"))
    memory = dict(pair for row in sections.get("Memory", []) for pair in row)
    system["ram_gb"] = ram_from_total(_bytes(memory.get("total")))
    for row in sections.get("Drives", []):
        drive = dict(row)
        serial = clean(drive.get("serial"))
        path = drive.get("ID")
        if not serial or not path or (drive.get("type") or "").upper() == "USB":
            continue
        model = clean(" ".join(v for v in (drive.get("vendor"), drive.get("model")) if clean(v)))
        snap["disks"].append(
            {
                "serial": serial,
                "model": model,
                "size_gb": size_gb(_bytes(drive.get("size"))),
                "type": disk_type(model, drive.get("tech") or drive.get("type"), path=path),
            }
        )
    for row in sections.get("Battery", []):
        condition = dict(row).get("condition") or ""
        found = re.match(r"([\d.]+)/([\d.]+) Wh", condition)
        if found:
            snap["battery"] = battery(float(found.group(2)), float(found.group(1)))
            break
    return snap


UNITS = {"b": 1, "kib": 2**10, "mib": 2**20, "gib": 2**30, "tib": 2**40, "kb": 1e3, "mb": 1e6, "gb": 1e9, "tb": 1e12}


def _bytes(text):
    found = re.match(r"\s*([\d.,]+)\s*([KMGT]i?B|B)\b", str(text or ""), re.IGNORECASE)
    if not found:
        return None
    return float(found.group(1).replace(",", ".")) * UNITS[found.group(2).lower()]


# --- dmidecode ----------------------------------------------------------------------------------

DMI_HANDLE = re.compile(r"^Handle 0x[0-9A-Fa-f]+, DMI type (\d+),", re.MULTILINE)


def dmi_blocks(text):
    """(type, title, {key: value}) of each structure of a dmidecode output."""
    starts = list(DMI_HANDLE.finditer(text))
    for index, start in enumerate(starts):
        end = starts[index + 1].start() if index + 1 < len(starts) else len(text)
        lines = text[start.end() : end].splitlines()[1:]
        title = lines[0].strip() if lines else ""
        values = {}
        for line in lines[1:]:
            if line.startswith("\t") and not line.startswith("\t\t") and ":" in line:
                key, _sep, value = line.strip().partition(":")
                values[key.strip()] = value.strip()
        yield int(start.group(1)), title, values


def parse_dmidecode(text):
    blocks = list(dmi_blocks(text))
    if not blocks:
        raise SnapshotError("no_data", "dmidecode found no SMBIOS table")
    snap = empty_snapshot("dmidecode")
    system = snap["system"]
    first = {}
    ram_mb = 0
    for dmi_type, _title, values in blocks:
        first.setdefault(dmi_type, values)
        if dmi_type == 17:
            ram_mb += _dmi_memory_mb(values.get("Size"))
        elif dmi_type == 4 and not system["cpu"]:
            system["cpu"] = cpu_name(values.get("Version"))
        elif dmi_type == 22 and not snap["battery"]:
            design = _dmi_wh(values.get("Design Capacity"))
            snap["battery"] = {"design_wh": design, "full_wh": None, "health": None} if design else None
    info, chassis, bios = first.get(1, {}), first.get(3, {}), first.get(0, {})
    brand = brand_name(info.get("Manufacturer")) or brand_name(chassis.get("Manufacturer"))
    model, machine_type = model_name(brand, info.get("Product Name"), info.get("Version"))
    system.update(
        serial=clean(info.get("Serial Number")) or clean(chassis.get("Serial Number")),
        brand=brand,
        model=model,
        machine_type=machine_type,
        year=year_of(bios.get("Release Date")),
        ram_gb=round(ram_mb / 1024, 1) if ram_mb else None,
    )
    return snap


def _dmi_memory_mb(size):
    found = re.match(r"(\d+)\s*(MB|GB|kB)", size or "")
    if not found:
        return 0  # "No Module Installed"
    return int(found.group(1)) * {"MB": 1, "GB": 1024, "kB": 1 / 1024}[found.group(2)]


def _dmi_wh(capacity):
    found = re.match(r"(\d+)\s*mWh", capacity or "")
    return int(found.group(1)) / 1000 if found and int(found.group(1)) else None


# --- smartctl --json ----------------------------------------------------------------------------


def parse_smartctl(data):
    serial = clean(data.get("serial_number"))
    if not serial:
        messages = "; ".join(m.get("string", "") for m in (data.get("smartctl") or {}).get("messages") or [])
        raise SnapshotError("no_data", messages or "smartctl read no disk serial number")
    snap = empty_snapshot("smartctl")
    device = data.get("device") or {}
    model = clean(data.get("model_name")) or clean(
        " ".join(v for v in (data.get("scsi_vendor"), data.get("scsi_product")) if v)
    )
    capacity = (data.get("user_capacity") or {}).get("bytes") or data.get("nvme_total_capacity")
    snap["disks"].append(
        {
            "serial": serial,
            "model": model,
            "size_gb": size_gb(capacity),
            "type": disk_type(model, device.get("protocol"), data.get("rotation_rate"), device.get("name")),
        }
    )
    return snap


# --- upower -i ----------------------------------------------------------------------------------

UPOWER_LINE = re.compile(r"^\s+(energy-full-design|energy-full|native-path|model|vendor):\s+(.*?)\s*$", re.MULTILINE)


def parse_upower(text):
    values = {}
    for key, value in UPOWER_LINE.findall(text):
        values.setdefault(key, value)
    design, full = _wh(values.get("energy-full-design")), _wh(values.get("energy-full"))
    if not design:
        raise SnapshotError("no_data", "upower shows no battery with a design capacity")
    snap = empty_snapshot("upower")
    snap["battery"] = battery(design, full)
    return snap


def _wh(text):
    found = re.match(r"([\d.,]+)\s*Wh", text or "")
    return float(found.group(1).replace(",", ".")) if found else None


# --- eReuse Workbench / DeviceHub snapshots -----------------------------------------------------

WB_DISKS = {"HardDrive": "hdd", "SolidStateDrive": "ssd"}


def parse_workbench(data):
    payload = data.get("data")
    if isinstance(payload, dict):
        return _workbench_2022(payload)
    device = data.get("device")
    if not isinstance(device, dict):
        raise SnapshotError("json", "a Workbench snapshot without device nor data")
    snap = empty_snapshot("workbench")
    system = snap["system"]
    brand = brand_name(device.get("manufacturer"))
    model, machine_type = model_name(brand, device.get("model"), device.get("version"))
    system.update(
        serial=clean(device.get("serialNumber")),
        brand=brand,
        model=model,
        machine_type=machine_type,
        keyboard_layout=LAYOUTS.get(device.get("layout"), "other" if device.get("layout") else None),
    )
    ram_mb = 0
    for component in data.get("components") or []:
        kind = component.get("type")
        if kind == "Processor" and not system["cpu"]:
            system["cpu"] = cpu_name(component.get("model"))
        elif kind == "RamModule":
            ram_mb += component.get("size") or 0
        elif kind in WB_DISKS and clean(component.get("serialNumber")):
            model = clean(component.get("model"))
            interface = component.get("interface")
            snap["disks"].append(
                {
                    "serial": clean(component.get("serialNumber")),
                    "model": model,
                    "size_gb": round((component.get("size") or 0) * 1e6 / 1e9) or None,  # size in MB
                    "type": "nvme" if interface == "NVMe" else WB_DISKS[kind],
                }
            )
    system["ram_gb"] = round(ram_mb / 1024, 1) if ram_mb else None
    return snap


def _workbench_2022(payload):
    parts = []
    if isinstance(payload.get("lshw"), (dict, list)) and payload["lshw"]:
        parts.append(parse_lshw(payload["lshw"]))
    if isinstance(payload.get("dmidecode"), str) and DMI_HANDLE.search(payload["dmidecode"]):
        parts.append(parse_dmidecode(payload["dmidecode"]))
    smart = payload.get("smart")
    if isinstance(smart, str):
        smart = json.loads(smart) if smart.strip() else []
    for disk in smart or []:
        if isinstance(disk, dict) and clean(disk.get("serial_number")):
            parts.append(parse_smartctl(disk))
    if not parts:
        raise SnapshotError("no_data", "the Workbench snapshot has no lshw, dmidecode nor smartctl data")
    return merge(parts, "workbench")


# --- merge and entry point ----------------------------------------------------------------------


def merge(parts, fmt):
    """One snapshot from several tools: the first tool that tells a value gives it, disks are
    listed once per serial (smartctl after lshw adds its disks, not duplicates)."""
    snap = empty_snapshot(fmt)
    for part in parts:
        for key, value in part["system"].items():
            if snap["system"][key] is None and value is not None:
                snap["system"][key] = value
        known = {disk["serial"]: disk for disk in snap["disks"]}
        for disk in part["disks"]:
            if disk["serial"] in known:
                same = known[disk["serial"]]
                same.update({key: value for key, value in disk.items() if same[key] is None})
            else:
                snap["disks"].append(dict(disk))
        # A battery with its health (upower, inxi) beats dmidecode's design capacity alone.
        if part["battery"] and (not snap["battery"] or snap["battery"]["health"] is None):
            snap["battery"] = part["battery"]
    return snap


def _parse_json(data):
    if isinstance(data, list) and data and isinstance(data[0], dict) and all("#" in key for key in data[0]):
        return parse_inxi_json(data)
    if isinstance(data, dict) and "smartctl" in data:
        return parse_smartctl(data)
    if isinstance(data, dict) and (data.get("type") == "Snapshot" or "components" in data):
        return parse_workbench(data)
    if (isinstance(data, dict) and data.get("class") == "system") or (
        isinstance(data, list) and data and isinstance(data[0], dict) and data[0].get("class") == "system"
    ):
        return parse_lshw(data)
    raise SnapshotError("unrecognised", "a JSON file of no known tool")


def _parse_text(text):
    parts = []
    if DMI_HANDLE.search(text):
        parts.append(parse_dmidecode(text))
    if re.search(r"^(Machine|Drives):\s*$", text, re.MULTILINE):
        parts.append(parse_inxi_text(text))
    if re.search(r"^\s+energy-full-design:", text, re.MULTILINE):
        parts.append(parse_upower(text))
    if not parts:
        if "dmidecode" in text[:200] or "/dev/mem" in text:
            raise SnapshotError("no_data", "dmidecode could not read the SMBIOS table")
        if "upower" in text.lower()[:300]:
            raise SnapshotError("no_data", "upower could not reach its daemon")
        raise SnapshotError("unrecognised")
    return parts[0] if len(parts) == 1 else merge(parts, "combined")


def parse_snapshot(content, filename=""):
    """The snapshot of one file (bytes). Raises SnapshotError when the file cannot be read."""
    if not content or not content.strip():
        raise SnapshotError("empty")
    if b"\x00" in content[:4096]:
        raise SnapshotError("binary")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("latin-1")
    stripped = text.lstrip()
    if stripped[:1] in "[{":
        try:
            data = json.loads(stripped)
        except ValueError as exc:
            raise SnapshotError("json", str(exc)[:120]) from exc
        snap = _parse_json(data)
    else:
        snap = _parse_text(text)
    if snap["format"] == "upower" or (not snap["system"]["serial"] and not snap["disks"] and snap["battery"]):
        raise SnapshotError("battery_only")
    if not snap["system"]["serial"] and not snap["disks"] and not any(snap["system"].values()):
        raise SnapshotError("no_data", "the file names no computer and no disk")
    return snap
