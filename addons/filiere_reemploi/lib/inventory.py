"""Donor inventory files (CSV or XLSX) read into validated device rows.

Plain module (no Odoo import): the model turns the returned rows into lots and a
receipt, and the error codes into translated messages. Rows are numbered as the
donor sees them in a spreadsheet: the header is row 1, the first device row 2.
"""

import csv
import io
import re
import unicodedata
import zipfile

# Column key -> accepted headers (French and English), compared once normalised.
HEADERS = {
    "device_type": (
        "materiel",
        "type de materiel",
        "equipement",
        "equipment",
        "device",
        "device type",
        "hardware",
        "type",
    ),
    "quantity": ("quantite", "qte", "nombre", "quantity", "qty"),
    "brand": ("marque", "fabricant", "brand", "make", "manufacturer"),
    "model": ("modele", "model"),
    "year": ("annee", "annee de fabrication", "year", "year of manufacture"),
    "usage": ("usage", "utilisation", "use"),
    "status": ("statut", "etat", "status", "state", "condition"),
    "serial": (
        "n de serie",
        "no de serie",
        "numero de serie",
        "num de serie",
        "serie",
        "serial",
        "serial number",
        "serial no",
        "s n",
        "sn",
    ),
}
REQUIRED_COLUMNS = ("device_type", "serial")
SERIAL_SEPARATORS = re.compile(r"[,;\n|]+")
MAX_QUANTITY = 10000
# Read at most this much of a file, whatever its header declares: a 1.5 KB workbook can
# declare a million rows and 16,384 columns.
MAX_ROWS = 20000
MAX_COLUMNS = 200
# Uncompressed size of a workbook's parts; zipfile stops at each member's declared size.
MAX_XLSX_UNCOMPRESSED = 64 * 1024 * 1024

# Error codes; the caller turns them into sentences in the user's language.
E_UNREADABLE = "unreadable"
E_EMPTY = "empty"
E_MISSING_COLUMNS = "missing_columns"
E_MISSING_TYPE = "missing_type"
E_UNKNOWN_TYPE = "unknown_type"
E_BAD_QUANTITY = "bad_quantity"
E_BAD_YEAR = "bad_year"
E_MISSING_SERIAL = "missing_serial"
E_SERIAL_COUNT = "serial_count"
E_DUPLICATE_IN_FILE = "duplicate_in_file"
E_TOO_MANY_ROWS = "too_many_rows"
E_TOO_MANY_COLUMNS = "too_many_columns"
E_TOO_LARGE_UNCOMPRESSED = "too_large_uncompressed"


class InventoryError(Exception):
    """Every problem found in a file: a list of ``(row, code, params)``.

    ``row`` is 0 for a problem of the whole file.
    """

    def __init__(self, errors):
        self.errors = sorted(errors, key=lambda error: error[0])
        super().__init__("; ".join(f"row {row}: {code} {params}" for row, code, params in self.errors))


def normalise(text):
    """Lower case, no accents, punctuation as single spaces: 'N° de série' -> 'n de serie'."""
    text = unicodedata.normalize("NFKD", str(text or ""))
    text = "".join(char for char in text if not unicodedata.combining(char))
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text.lower()).split())


_HEADER_INDEX = {normalise(label): key for key, labels in HEADERS.items() for label in labels}


def _cell_text(value):
    """Spreadsheet cell as text: 2015.0 -> '2015', None -> ''."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _too_many_rows():
    return InventoryError([(0, E_TOO_MANY_ROWS, {"max_rows": MAX_ROWS})])


def _too_many_columns(row):
    return InventoryError([(row, E_TOO_MANY_COLUMNS, {"max_columns": MAX_COLUMNS})])


def _trimmed(values):
    """Row values without the empty cells padding its end."""
    if values.count(None) == len(values):  # the padding rows of a sparse sheet: fast
        return ()
    end = len(values)
    while values[end - 1] is None:
        end -= 1
    return values[:end]


def _check_uncompressed_size(content):
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        size = sum(member.file_size for member in archive.infolist())
    if size > MAX_XLSX_UNCOMPRESSED:
        raise InventoryError([(0, E_TOO_LARGE_UNCOMPRESSED, {"size": size, "max_size": MAX_XLSX_UNCOMPRESSED})])


def _sheet_rows(sheet):
    """Text rows of a read-only sheet, refusing more than MAX_ROWS rows or MAX_COLUMNS columns.

    The declared dimension is dropped and the reading bounded by MAX_ROWS + 1 rows and
    MAX_COLUMNS + 1 columns, so a row is never wider than that in memory; the rows are read
    one at a time and the reading stops at the first row past the limit. Cells right of
    column MAX_COLUMNS + 1 are not read at all.
    """
    sheet.reset_dimensions()
    rows = []
    for number, values in enumerate(
        sheet.iter_rows(max_row=MAX_ROWS + 1, max_col=MAX_COLUMNS + 1, values_only=True), start=1
    ):
        if number > MAX_ROWS:
            raise _too_many_rows()
        values = _trimmed(values)
        if len(values) > MAX_COLUMNS:
            raise _too_many_columns(number)
        rows.append([_cell_text(value) for value in values])
    return rows


def _read_xlsx(content):
    import openpyxl  # an Odoo dependency; imported here so CSV works without it

    _check_uncompressed_size(content)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types on a broken file
        raise InventoryError([(0, E_UNREADABLE, {"detail": str(exc) or type(exc).__name__})]) from exc
    try:
        return _sheet_rows(workbook.worksheets[0])
    except InventoryError:
        raise
    except Exception as exc:  # a broken sheet shows only when its rows are read
        raise InventoryError([(0, E_UNREADABLE, {"detail": str(exc) or type(exc).__name__})]) from exc
    finally:
        workbook.close()


def _decode(content):
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InventoryError([(0, E_UNREADABLE, {"detail": "unknown text encoding"})])


def _read_csv(content):
    if b"\x00" in content:
        raise InventoryError([(0, E_UNREADABLE, {"detail": "binary content"})])
    text = _decode(content)
    first_line = text.split("\n", 1)[0]
    delimiter = max(";,\t", key=first_line.count)
    rows = []
    try:
        for number, row in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), start=1):
            if number > MAX_ROWS:
                raise _too_many_rows()
            row = [cell.strip() for cell in row]
            while row and not row[-1]:
                row.pop()
            if len(row) > MAX_COLUMNS:
                raise _too_many_columns(number)
            rows.append(row)
    except csv.Error as exc:
        raise InventoryError([(0, E_UNREADABLE, {"detail": str(exc)})]) from exc
    return rows


def read_table(content, filename):
    """The file's rows as lists of text cells (first sheet of a workbook)."""
    if not content:
        raise InventoryError([(0, E_EMPTY, {})])
    is_zip = content[:4] == b"PK\x03\x04"
    if (filename or "").lower().endswith((".xlsx", ".xlsm")) or is_zip:
        if not is_zip or not zipfile.is_zipfile(io.BytesIO(content)):
            raise InventoryError([(0, E_UNREADABLE, {"detail": "not an XLSX workbook"})])
        return _read_xlsx(content)
    return _read_csv(content)


def _header_map(header):
    columns = {}
    for index, label in enumerate(header):
        key = _HEADER_INDEX.get(normalise(label))
        if key and key not in columns:
            columns[key] = index
    return columns


def _parse_quantity(text):
    if not text:
        return 1
    try:
        number = float(text.replace(",", "."))
    except ValueError:
        return None
    if not number.is_integer() or not 1 <= number <= MAX_QUANTITY:
        return None
    return int(number)


def _parse_year(text, max_year):
    if not text:
        return 0
    if not re.fullmatch(r"\d{4}", text) or not 1970 <= int(text) <= max_year:
        return None
    return int(text)


def _parse_row(number, cells, resolve_type, max_year, seen):
    """One data row: ``(errors, devices)``; ``seen`` maps serials to their first row."""
    errors = []
    type_text = cells.get("device_type", "")
    device_type = resolve_type(type_text) if type_text else None
    if not type_text:
        errors.append((number, E_MISSING_TYPE, {}))
    elif device_type is None:
        errors.append((number, E_UNKNOWN_TYPE, {"value": type_text}))
    quantity = _parse_quantity(cells.get("quantity", ""))
    if quantity is None:
        errors.append((number, E_BAD_QUANTITY, {"value": cells.get("quantity", "")}))
    year = _parse_year(cells.get("year", ""), max_year)
    if year is None:
        errors.append((number, E_BAD_YEAR, {"value": cells.get("year", "")}))
    serials = [serial.strip() for serial in SERIAL_SEPARATORS.split(cells.get("serial", "")) if serial.strip()]
    if quantity is not None:
        if not serials and quantity == 1:
            errors.append((number, E_MISSING_SERIAL, {}))
        elif serials and len(serials) != quantity:
            errors.append((number, E_SERIAL_COUNT, {"serials": len(serials), "quantity": quantity}))
    for serial in serials:
        if serial in seen:
            errors.append((number, E_DUPLICATE_IN_FILE, {"serial": serial, "first_row": seen[serial]}))
        else:
            seen[serial] = number
    if errors:
        return errors, []
    common = {
        "row": number,
        "device_type": device_type,
        "year": year,
        **{key: cells.get(key, "") for key in ("brand", "model", "usage", "status")},
    }
    devices = [
        dict(common, serial=serials[index - 1] if serials else None, index=index) for index in range(1, quantity + 1)
    ]
    return [], devices


def parse_inventory(content, filename, resolve_type, max_year):
    """Validate a donor inventory and return one dict per device.

    ``resolve_type(text)`` returns the device-type key for a 'Matériel' cell or
    None when unknown. Raises InventoryError listing every bad row; returns
    nothing partial. A device dict has: row, device_type, brand, model, year,
    usage, status, serial (None when the file gives none), index (1..quantity).
    """
    rows = read_table(content, filename)
    while rows and not any(rows[0]):
        rows.pop(0)
    if not rows:
        raise InventoryError([(0, E_EMPTY, {})])
    columns = _header_map(rows[0])
    missing = [key for key in REQUIRED_COLUMNS if key not in columns]
    if missing:
        raise InventoryError([(1, E_MISSING_COLUMNS, {"columns": missing})])

    errors, devices, seen = [], [], {}
    for number, row in enumerate(rows[1:], start=2):
        if not any(value.strip() for value in row):
            continue
        cells = {key: row[index].strip() for key, index in columns.items() if index < len(row)}
        row_errors, row_devices = _parse_row(number, cells, resolve_type, max_year, seen)
        errors += row_errors
        devices += row_devices
    if errors:
        raise InventoryError(errors)
    return devices
