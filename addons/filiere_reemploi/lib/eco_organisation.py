"""Eco-organisation reuse data and the waste register, as plain tables (CSV and XLSX).

Plain module (no Odoo import). The addon passes rows already aggregated in SQL (one row per
category and donor, one per shipment to recycling) and labels already translated; this module
derives the département of an address, merges the rows per origin, turns kg into tonnes and
writes the files.

- Reuse data, arrêté of 12 December 2022: quantities reused per category of electrical and
  electronic equipment, in units and tonnes, with their origin (SIRET and département of the
  source, or its département alone for a private person) and the SIRET and département of the
  installation that reused them.
- Waste register, arrêté of 31 May 2021: date, usual name of the waste, its code in the
  European List of Waste, quantity, producer, transporter and destination.
"""

import csv
import io
import re
from decimal import ROUND_HALF_UP, Decimal

from openpyxl import Workbook
from openpyxl.styles import Font

from .spreadsheet import is_formula_like, safe_row

# European List of Waste code: three pairs of digits, a star for hazardous waste ("16 02 13*").
_WASTE_CODE = re.compile(r"^(\d{2})\s*(\d{2})\s*(\d{2})\s*(\*?)$")


class WasteCodeError(ValueError):
    """A waste code that is not a code of the European List of Waste."""


def normalise_waste_code(code):
    """'160214' or '16 02 14' -> '16 02 14'; '16 02 13 *' -> '16 02 13*'. Raises WasteCodeError."""
    match = _WASTE_CODE.match((code or "").strip())
    if not match:
        raise WasteCodeError(code)
    first, second, third, star = match.groups()
    return f"{first} {second} {third}{star}"


def departement(zip_code, country_code="FR"):
    """The French département of a postcode: '05000' -> '05', '20090' -> '2A', '97400' -> '974'.

    Empty for a foreign or missing postcode (the origin is then unknown, not guessed).
    """
    digits = re.sub(r"\s", "", zip_code or "")
    if (country_code or "FR").upper() not in ("FR", "") or not re.fullmatch(r"\d{5}", digits):
        return ""
    if digits.startswith("20"):
        # Corsica: 200xx-201xx Corse-du-Sud, 202xx-206xx Haute-Corse.
        return "2A" if digits[2] in "01" else "2B"
    if digits.startswith(("97", "98")):
        return digits[:3]
    return digits[:2]


def tonnes(kg):
    """kg -> tonnes, rounded half up to the kg (13.5 kg -> 0.014 t)."""
    return float((Decimal(str(kg or 0.0)) / 1000).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP))


def reuse_rows(groups):
    """Rows of the reuse data from SQL groups, merged per category and origin.

    ``groups``: dicts with ``category`` (code), ``category_name``, ``siret`` (the source's, may be
    empty), ``zip``, ``country`` (ISO code), ``units`` and ``kg``. A source without a SIRET (a private
    person) is known by its département only. Returns dicts with ``category``, ``category_name``,
    ``origin_siret``, ``origin_departement``, ``units``, ``kg`` and ``tonnes``, sorted.
    """
    merged = {}
    for group in groups:
        key = (
            group.get("category") or "",
            (group.get("siret") or "").replace(" ", ""),
            departement(group.get("zip"), group.get("country")),
        )
        row = merged.setdefault(
            key,
            {
                "category": key[0],
                "category_name": group.get("category_name") or "",
                "origin_siret": key[1],
                "origin_departement": key[2],
                "units": 0,
                "kg": 0.0,
            },
        )
        row["units"] += int(group.get("units") or 0)
        row["kg"] += float(group.get("kg") or 0.0)
    rows = [dict(row, kg=round(row["kg"], 3), tonnes=tonnes(row["kg"])) for row in merged.values()]
    return sorted(rows, key=lambda row: (row["category"], row["origin_departement"], row["origin_siret"]))


def reuse_table(rows, installation, labels):
    """(header, lines) of the reuse data: one line per category and origin.

    ``installation``: dict with ``name``, ``siret`` and ``departement`` of the structure that reused
    the devices; ``labels``: the column titles (keys below).
    """
    header = [
        labels["period"],
        labels["category_code"],
        labels["category"],
        labels["units"],
        labels["tonnes"],
        labels["origin_siret"],
        labels["origin_departement"],
        labels["installation"],
        labels["installation_siret"],
        labels["installation_departement"],
    ]
    lines = [
        [
            installation["period"],
            row["category"],
            row["category_name"],
            row["units"],
            row["tonnes"],
            row["origin_siret"],
            row["origin_departement"],
            installation["name"],
            installation["siret"],
            installation["departement"],
        ]
        for row in rows
    ]
    return header, lines


def register_table(rows, labels):
    """(header, lines) of the waste register: one line per shipment (date, waste, transporter, destination).

    ``rows``: dicts with ``date`` (text), ``name`` (usual name), ``waste_code``, ``units``, ``kg``,
    ``producer``, ``producer_siret``, ``transporter``, ``transporter_siret``, ``destination``,
    ``destination_address`` and ``destination_siret``.
    """
    header = [
        labels["date"],
        labels["name"],
        labels["waste_code"],
        labels["tonnes"],
        labels["units"],
        labels["producer"],
        labels["producer_siret"],
        labels["transporter"],
        labels["transporter_siret"],
        labels["destination"],
        labels["destination_address"],
        labels["destination_siret"],
    ]
    lines = [
        [
            row["date"],
            row["name"],
            row["waste_code"],
            tonnes(row["kg"]),
            int(row["units"]),
            row["producer"],
            row["producer_siret"],
            row["transporter"],
            row["transporter_siret"],
            row["destination"],
            row["destination_address"],
            row["destination_siret"],
        ]
        for row in rows
    ]
    return header, lines


def _csv_value(value):
    if isinstance(value, float):
        # French spreadsheets read "1,234": the decimal comma, no grouping.
        return f"{value:.3f}".replace(".", ",")
    if is_formula_like(value):
        return f"'{value}"  # a name typed as "=..." stays text
    return "" if value is None else str(value)


def to_csv(header, lines):
    """CSV bytes as French spreadsheet programs open them: UTF-8 with BOM, semicolons, decimal comma."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    for line in lines:
        writer.writerow([_csv_value(value) for value in line])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(title, header, lines):
    """XLSX bytes: one sheet named ``title``, the header in bold, numbers as numbers."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(safe_row(sheet, header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for line in lines:
        sheet.append(safe_row(sheet, line))
    for index in range(len(header)):
        sheet.column_dimensions[sheet.cell(row=1, column=index + 1).column_letter].width = 20
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
