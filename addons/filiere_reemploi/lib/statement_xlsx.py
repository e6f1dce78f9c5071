"""Grant statements as a spreadsheet (XLSX), for funders who consolidate figures.

Plain module (no Odoo import), same input as statement_pdf.render. Every row goes
through spreadsheet.safe_row: names typed by users never become formulas.
"""

import io

from openpyxl import Workbook
from openpyxl.styles import Font

from .spreadsheet import safe_row
from .statement_pdf import row_fields


def render(data):
    labels = data["labels"]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = labels["indicators"][:31]
    sheet.append(safe_row(sheet, [f"{labels['title']} {data['number']}"]))
    sheet["A1"].font = Font(bold=True, size=14)
    issuer = data.get("issuer") or {}
    if issuer.get("name"):
        sheet.append(safe_row(sheet, [issuer["name"], ", ".join(issuer.get("address_lines") or ())]))
        if issuer.get("siret"):
            sheet.append(safe_row(sheet, [labels.get("siret", "SIRET"), issuer["siret"]]))
    for label, value in (
        (labels["funder"], data["funder"]),
        (labels["grant"], data["grant"]),
        (labels["period"], data["period"]),
        (labels["structures"], data["structures"]),
        (labels["zones"], data["zones"] or labels["all_zones"]),
    ):
        sheet.append(safe_row(sheet, [label, value]))
    sheet.append([])
    sheet.append(safe_row(sheet, [labels["indicator"], labels["value"], labels.get("unit", "")]))
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    # Figures are numbers (a funder sums them); the unit has its own column. A figure that was not
    # measured keeps its text ("not measured") rather than a false zero.
    for name, text, number, unit in map(row_fields, data["rows"]):
        sheet.append(safe_row(sheet, [name, text if number is None else number, unit]))
    for note in data.get("notes") or ():
        sheet.append(safe_row(sheet, [note]))
    sheet.append([])
    sheet.append(safe_row(sheet, [labels["grant_amount"], data["grant_amount"], data["currency"]]))
    sheet.append(safe_row(sheet, [labels["expenses"], data["expenses"], data["currency"]]))
    sheet.append(safe_row(sheet, [labels["balance"], data["grant_amount"] - data["expenses"], data["currency"]]))
    sheet.append([])
    sheet.append(safe_row(sheet, [labels["hash"], data["hash"]]))
    sheet.append(safe_row(sheet, [labels["issued"], data["issued"]]))
    sheet.column_dimensions["A"].width = 60
    sheet.column_dimensions["B"].width = 24
    sheet.column_dimensions["C"].width = 16
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
