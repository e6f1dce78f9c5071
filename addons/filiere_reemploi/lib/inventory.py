"""Donor inventory files (CSV or XLSX) read into validated device rows.

Plain module (no Odoo import): the model turns the returned rows into lots and a
receipt, and the error codes into translated messages. Rows are numbered as the
donor sees them in a spreadsheet: the header is row 1, the first device row 2.
"""

import codecs
import csv
import io
import re
import unicodedata
import zipfile
from datetime import date, datetime

from .inventory_aliases import GENERIC_WORDS, HEADERS, PHONE_WORDS, TYPE_WORDS, infer_type

REQUIRED_COLUMNS = ("serial",)
# Without a type column, the type is inferred from one of these.
TYPE_SOURCES = ("device_type", "model", "os")
# A resolver's answer for the rows of a word the user chose to leave out.
SKIP = "skip"
SERIAL_SEPARATORS = re.compile(r"[,;\n|]+")
MAX_QUANTITY = 10000
# Read at most this much of a file, whatever its header declares: a 1.5 KB workbook can
# declare a million rows and 16,384 columns.
MAX_ROWS = 20000
MAX_COLUMNS = 200
# Uncompressed size of a workbook's parts; zipfile stops at each member's declared size.
MAX_XLSX_UNCOMPRESSED = 64 * 1024 * 1024
_CHUNK = 64 * 1024

# Error codes; the caller turns them into sentences in the user's language.
E_UNREADABLE = "unreadable"
E_EMPTY = "empty"
E_MISSING_COLUMNS = "missing_columns"
E_MISSING_TYPE = "missing_type"
E_UNKNOWN_TYPE = "unknown_type"
E_BAD_QUANTITY = "bad_quantity"
E_BAD_YEAR = "bad_year"
E_BAD_VALUE = "bad_value"
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


_HEADER_INDEX = {}
for _key, _labels in HEADERS.items():
    for _label in _labels:
        _HEADER_INDEX.setdefault(normalise(_label), _key)


def _cell_text(value):
    """Spreadsheet cell as text: 2015.0 -> '2015', a date -> '2015-03-02', None -> ''."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (datetime, date)):
        return value.strftime("%Y-%m-%d")
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
    """Text rows of a read-only sheet, one at a time, refusing more than MAX_ROWS rows or MAX_COLUMNS columns.

    The declared dimension is dropped and the reading bounded by MAX_ROWS + 1 rows and
    MAX_COLUMNS + 1 columns, so a row is never wider than that in memory; the reading
    stops at the first row past the limit. Cells right of column MAX_COLUMNS + 1 are not
    read at all.
    """
    sheet.reset_dimensions()
    for number, values in enumerate(
        sheet.iter_rows(max_row=MAX_ROWS + 1, max_col=MAX_COLUMNS + 1, values_only=True), start=1
    ):
        if number > MAX_ROWS:
            raise _too_many_rows()
        values = _trimmed(values)
        if len(values) > MAX_COLUMNS:
            raise _too_many_columns(number)
        yield [_cell_text(value) for value in values]


def _read_xlsx(content):
    import openpyxl  # an Odoo dependency; imported here so CSV works without it

    _check_uncompressed_size(content)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types on a broken file
        raise InventoryError([(0, E_UNREADABLE, {"detail": str(exc) or type(exc).__name__})]) from exc
    try:
        yield from _sheet_rows(workbook.worksheets[0])
    except InventoryError:
        raise
    except Exception as exc:  # a broken sheet shows only when its rows are read
        raise InventoryError([(0, E_UNREADABLE, {"detail": str(exc) or type(exc).__name__})]) from exc
    finally:
        workbook.close()


def _encoding(content):
    """UTF-8 (with or without BOM) when the bytes are valid UTF-8, else Windows-1252 (French Excel).

    Checked chunk by chunk: no decoded copy of the whole file is kept.
    """
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        for start in range(0, len(content), _CHUNK):
            decoder.decode(content[start : start + _CHUNK])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8-sig"


def _read_csv(content):
    if b"\x00" in content:
        raise InventoryError([(0, E_UNREADABLE, {"detail": "binary content"})])
    encoding = _encoding(content)
    end = content.find(b"\n")
    first_line = content[: end if end >= 0 else len(content)].decode(encoding, errors="replace")
    delimiter = max(";,\t", key=first_line.count)
    # The rows are decoded and split as they are read, one at a time.
    text = io.TextIOWrapper(io.BytesIO(content), encoding=encoding, newline="")
    try:
        for number, row in enumerate(csv.reader(text, delimiter=delimiter), start=1):
            if number > MAX_ROWS:
                raise _too_many_rows()
            row = [cell.strip() for cell in row]
            while row and not row[-1]:
                row.pop()
            if len(row) > MAX_COLUMNS:
                raise _too_many_columns(number)
            yield row
    except csv.Error as exc:
        raise InventoryError([(0, E_UNREADABLE, {"detail": str(exc)})]) from exc
    except UnicodeDecodeError as exc:
        raise InventoryError([(0, E_UNREADABLE, {"detail": "unknown text encoding"})]) from exc


def iter_table(content, filename):
    """The file's rows as lists of text cells (first sheet of a workbook), read one at a time."""
    if not content:
        raise InventoryError([(0, E_EMPTY, {})])
    is_zip = content[:4] == b"PK\x03\x04"
    if (filename or "").lower().endswith((".xlsx", ".xlsm")) or is_zip:
        if not is_zip or not zipfile.is_zipfile(io.BytesIO(content)):
            raise InventoryError([(0, E_UNREADABLE, {"detail": "not an XLSX workbook"})])
        return _read_xlsx(content)
    return _read_csv(content)


def read_table(content, filename):
    """The file's rows as a list (small files and tests; the import streams ``iter_table``)."""
    return list(iter_table(content, filename))


def guess_columns(header):
    """Column index -> device field for a header row, from the alias table (unknown headers absent)."""
    guessed, taken = {}, set()
    for index, label in enumerate(header):
        key = _HEADER_INDEX.get(normalise(label))
        if key and key not in taken:
            guessed[index] = key
            taken.add(key)
    return guessed


def _header_map(header):
    return {key: index for index, key in guess_columns(header).items()}


def _singular(word):
    """'ordinateurs portables' -> 'ordinateur portable', 'Laptops' -> 'laptop' (Snipe-IT categories)."""
    return " ".join(
        token[:-1] if len(token) > 3 and token[-1] in "sx" and token[-2] != "s" else token for token in word.split()
    )


class TypeResolver:
    """The device type of a row, from its type word, else its model, brand or OS words.

    ``codes`` maps a device-type code (laptop, desktop...) to the caller's key for it;
    ``names`` maps the normalised names, codes and aliases of the caller's device types
    to their keys; ``remembered`` maps normalised words to a key or SKIP (the choices
    users made in earlier imports). The order: a word the user chose, then a name of the
    database, then the built-in words; a generic word (Ordinateur, Téléphone) lets the
    model decide first. A phone word is never taken for a smartphone from a name alone.
    """

    def __init__(self, codes, names=None, remembered=None):
        self.codes = codes
        self.names = names or {}
        self.remembered = remembered or {}
        self._builtin = {normalise(word): code for code, words in TYPE_WORDS.items() for word in words}

    def _code(self, code):
        return self.codes.get(code) if code else None

    @staticmethod
    def _generic(word):
        return word in GENERIC_WORDS or word in PHONE_WORDS

    def _named(self, word):
        return self.remembered.get(word) or self.names.get(word) or self._code(self._builtin.get(word))

    def _inferred(self, cells):
        code = infer_type(cells.get("model", ""), cells.get("os", ""), cells.get("brand", ""), normalise)
        return self._code(code)

    def resolve(self, cells):
        """``(key, word)``: key None when unknown (``word`` is then what the user should map)."""
        text = cells.get("device_type", "")
        word = normalise(text)
        if word:
            key = None if self._generic(word) else self._named(word)
            if not key and not self._generic(word) and _singular(word) != word:
                word = _singular(word)
                key = None if self._generic(word) else self._named(word)
            if self._generic(word):
                key = self._inferred(cells) or self.remembered.get(word)
            return key, text
        key = self._inferred(cells)
        if key:
            return key, text
        # No type word and nothing to infer: the model (or OS) is the word to map.
        text = cells.get("model", "") or cells.get("os", "")
        return self.remembered.get(normalise(text)) if text else None, text


class _CallableResolver(TypeResolver):
    """A plain ``resolve_type(text)`` function (older callers): the type word alone decides."""

    def __init__(self, function):
        super().__init__({})
        self.function = function

    def resolve(self, cells):
        text = cells.get("device_type", "")
        return (self.function(text) if text else None), text


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


_DATE_YEAR = re.compile(r"(?:\d{1,2}[/.-]\d{1,2}[/.-](\d{4}))|(?:(\d{4})[/.-]\d{1,2}[/.-]\d{1,2}(?:[ T].*)?)")


def _parse_year(text, max_year):
    """A year, or the year of a date (a purchase date in an asset register); 0 when empty."""
    if not text:
        return 0
    match = _DATE_YEAR.fullmatch(text)
    if match:
        text = match.group(1) or match.group(2)
    if not re.fullmatch(r"\d{4}", text) or not 1970 <= int(text) <= max_year:
        return None
    return int(text)


_AMOUNT_NOISE = re.compile(r"[\s\u00a0\u202f']|€|eur(os?)?$", re.IGNORECASE)


def _parse_value(text):
    """An amount in euros ('1 234,56 €', '300.00', '0'); None when empty; False when not an amount."""
    text = _AMOUNT_NOISE.sub("", text or "")
    if not text:
        return None
    if "," in text and "." in text:
        # The last separator is the decimal one: '1.234,56' or '1,234.56'.
        decimal = "," if text.rfind(",") > text.rfind(".") else "."
        text = text.replace("." if decimal == "," else ",", "")
    text = text.replace(",", ".")
    if not re.fullmatch(r"\d+(\.\d+)?", text):
        return False
    return float(text)


def _parse_row(number, cells, device_type, max_year, seen):
    """One data row: ``(errors, devices)``; ``seen`` maps serials to their first row."""
    errors = []
    type_text = cells.get("device_type", "")
    if device_type is None:
        if type_text or cells.get("model") or cells.get("os"):
            errors.append((number, E_UNKNOWN_TYPE, {"value": type_text or cells.get("model") or cells.get("os")}))
        else:
            errors.append((number, E_MISSING_TYPE, {}))
    quantity = _parse_quantity(cells.get("quantity", ""))
    if quantity is None:
        errors.append((number, E_BAD_QUANTITY, {"value": cells.get("quantity", "")}))
    year = _parse_year(cells.get("year", ""), max_year)
    if year is None:
        errors.append((number, E_BAD_YEAR, {"value": cells.get("year", "")}))
    value = _parse_value(cells.get("value", ""))
    if value is False:
        errors.append((number, E_BAD_VALUE, {"value": cells.get("value", "")}))
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
        "value": value,
        **{key: cells.get(key, "") for key in ("brand", "model", "usage", "status")},
    }
    devices = [
        dict(common, serial=serials[index - 1] if serials else None, index=index) for index in range(1, quantity + 1)
    ]
    return [], devices


def _data_rows(content, filename, columns=None):
    """``(header, columns, rows)``: rows an iterator of ``(number, cells, row)``, cells keyed by field.

    ``columns`` (field -> column index) replaces the guess from the headers.
    """
    rows = iter_table(content, filename)
    number, header = 0, []
    for row in rows:
        number += 1
        if any(row):
            header = row
            break
    if not header:
        raise InventoryError([(0, E_EMPTY, {})])
    if columns is None:
        columns = _header_map(header)
    missing = [key for key in REQUIRED_COLUMNS if key not in columns]
    if not any(key in columns for key in TYPE_SOURCES):
        missing.insert(0, "device_type")
    if missing:
        raise InventoryError([(number, E_MISSING_COLUMNS, {"columns": missing})])
    items = tuple(columns.items())

    def cells_of():
        for row_number, row in enumerate(rows, start=number + 1):
            if not any(row):
                continue
            yield row_number, {key: row[index] for key, index in items if index < len(row)}, row

    return header, columns, cells_of()


def _resolver(resolve_type):
    return resolve_type if isinstance(resolve_type, TypeResolver) else _CallableResolver(resolve_type)


def parse_inventory(content, filename, resolve_type, max_year, columns=None):
    """Validate a donor inventory and return one dict per device.

    ``resolve_type`` is a TypeResolver (or a function of the type word returning the
    device-type key or None); ``columns`` maps fields to column indexes when the user
    chose them, else they are guessed from the header row. Raises InventoryError listing
    every bad row; returns nothing partial. Rows whose type resolves to SKIP are left out.
    A device dict has: row, device_type, brand, model, year, value (the unit value at the
    transfer, None when the file gives none), usage, status, serial (None when the file gives
    none), index (1..quantity).
    """
    resolver = _resolver(resolve_type)
    _header, columns, rows = _data_rows(content, filename, columns)
    errors, devices, seen = [], [], {}
    for number, cells, _row in rows:
        device_type, _word = resolver.resolve(cells)
        if device_type == SKIP:
            continue
        row_errors, row_devices = _parse_row(number, cells, device_type, max_year, seen)
        if row_errors:
            errors += row_errors
        else:
            devices += row_devices
    if errors:
        raise InventoryError(errors)
    return devices


def preview_inventory(content, filename, resolve_type, columns=None, samples=3):
    """What the import wizard shows before importing.

    Returns a dict: ``header`` (the header cells), ``columns`` (field -> index, guessed or
    given), ``samples`` (column index -> the first non-empty values), ``rows`` (data rows),
    ``unknown`` (the words to map, once each: a list of ``(word, row count)`` in order of
    first appearance; rows left out by SKIP are not counted) and ``skipped`` (rows left out).
    """
    resolver = _resolver(resolve_type)
    header, columns, rows = _data_rows(content, filename, columns)
    values = {index: [] for index in range(len(header))}
    unknown, count, skipped = {}, 0, 0
    for count, (_number, cells, row) in enumerate(rows, start=1):
        key, word = resolver.resolve(cells)
        if key == SKIP:
            skipped += 1
        elif key is None and word:
            entry = unknown.setdefault(normalise(word), [word, 0])
            entry[1] += 1
        if count <= 20:
            for index, value in enumerate(row):
                if value and len(values.setdefault(index, [])) < samples:
                    values[index].append(value)
    return {
        "header": header,
        "columns": columns,
        "samples": values,
        "rows": count,
        "unknown": [tuple(entry) for entry in unknown.values()],
        "skipped": skipped,
    }
