"""The grant's financial report (Cerfa n° 15059*02 layout) as PDF (reportlab) and XLSX (openpyxl).

Plain module (no Odoo import): the addon passes the figures of grant_financial.summarise and
grant_financial.in_kind with the labels already translated into the structure's language.
"""

import io
from xml.sax.saxutils import escape

from openpyxl import Workbook
from openpyxl.styles import Font
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from .spreadsheet import safe_row
from .statement_pdf import _styles, a4_document, money, signature_block, signed_lines


def _section_rows(groups, para):
    """Rows (code, title, amount) of a section: each two-digit subtotal, then its accounts."""
    rows, bold = [], []
    for group in groups:
        bold.append(len(rows))
        rows.append([group["code"], para(group["label"]), group["amount"]])
        rows += [[account["code"], para(account["name"], "small"), account["amount"]] for account in group["accounts"]]
    return rows, bold


def _money_table(rows, bold, currency, header=None, total=None):
    body = [[code, label, money(amount, currency)] for code, label, amount in rows]
    if header:
        body.insert(0, header)
    if total:
        body.append([total[0], total[1], money(total[2], currency)])
    table = Table(body, colWidths=[22 * mm, 112 * mm, 40 * mm], repeatRows=1 if header else 0)
    offset = 1 if header else 0
    style = [
        ("FONTSIZE", (0, 0), (-1, -1), 9),
        ("GRID", (0, 0), (-1, -1), 0.3, colors.lightgrey),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("ALIGN", (2, 0), (2, -1), "RIGHT"),
    ]
    style += [("FONTNAME", (0, index + offset), (-1, index + offset), "Helvetica-Bold") for index in bold]
    if header:
        style += [
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef4")),
            ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
        ]
    if total:
        style += [
            ("FONTNAME", (0, -1), (-1, -1), "Helvetica-Bold"),
            ("BACKGROUND", (0, -1), (-1, -1), colors.HexColor("#f4f4f4")),
        ]
    table.setStyle(TableStyle(style))
    return table


def render_pdf(data):
    """PDF bytes of a financial report described by ``data`` (see FiliereGrantFinancialReport._document_data)."""
    labels = data["labels"]
    styles = _styles()
    currency = data["currency"]
    buffer = io.BytesIO()
    document = a4_document(buffer, f"{labels['title']} {data['number']}", data["structure"])

    def para(text, style="body"):
        return Paragraph(escape(str(text)), styles[style])

    header = [labels["account"], labels["nature"], labels["amount"]]
    charges, charges_bold = _section_rows(data["charges"], para)
    products, products_bold = _section_rows(data["products"], para)
    in_kind = data["in_kind"]
    story = [
        para(f"{labels['title']} {data['number']}", "title"),
        para(labels["form"]),
        Spacer(1, 3 * mm),
        Table(
            [
                [para(labels[key]), para(data[key])]
                for key in ("structure", "structure_siret", "funder", "grant", "period")
            ],
            colWidths=[45 * mm, 129 * mm],
            style=[("FONTSIZE", (0, 0), (-1, -1), 9), ("GRID", (0, 0), (-1, -1), 0.3, colors.lightgrey)],
        ),
        para(labels["charges"], "h2"),
        _money_table(charges, charges_bold, currency, header, ("", labels["total_charges"], data["total_charges"])),
        para(labels["products"], "h2"),
        _money_table(products, products_bold, currency, header, ("", labels["total_products"], data["total_products"])),
        Spacer(1, 2 * mm),
        _money_table(
            [
                ("74", para(labels["grant_received"]), data["grant_received"]),
                ("", para(labels["grant_amount"]), data["grant_amount"]),
                ("", para(labels["result"]), data["result"]),
            ],
            [],
            currency,
        ),
        para(labels["in_kind"], "h2"),
        _money_table(
            [(row["code"], para(row["label"]), row["amount"]) for row in in_kind["uses"]],
            [],
            currency,
            header,
            ("86", labels["total_uses"], in_kind["total"]),
        ),
        Spacer(1, 2 * mm),
        _money_table(
            [(row["code"], para(row["label"]), row["amount"]) for row in in_kind["contributions"]],
            [],
            currency,
            None,
            ("87", labels["total_contributions"], in_kind["total"]),
        ),
        para(data["in_kind_basis"], "small"),
    ]
    if data.get("note"):
        story += [para(labels["note"], "h2"), para(data["note"])]
    story.append(signature_block(labels, para))
    story += [*signed_lines(data, labels, para), para(labels["sources"], "small")]
    document.build(story)
    return buffer.getvalue()


def render_xlsx(data):
    """XLSX bytes of the same report: one sheet, amounts as numbers."""
    labels = data["labels"]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = labels["sheet"][:31]

    def append(values, bold=False):
        sheet.append(safe_row(sheet, values))
        if bold:
            for cell in sheet[sheet.max_row]:
                cell.font = Font(bold=True)

    append([f"{labels['title']} {data['number']}"], bold=True)
    append([labels["form"]])
    for key in ("structure", "structure_siret", "funder", "grant", "period"):
        append([labels[key], data[key]])
    for section, total_key in (("charges", "total_charges"), ("products", "total_products")):
        append([])
        append([labels[section]], bold=True)
        append([labels["account"], labels["nature"], labels["amount"]], bold=True)
        for group in data[section]:
            append([group["code"], group["label"], group["amount"]], bold=True)
            for account in group["accounts"]:
                append([account["code"], account["name"], account["amount"]])
        append(["", labels[total_key], data[total_key]], bold=True)
    append([])
    append(["74", labels["grant_received"], data["grant_received"]])
    append(["", labels["grant_amount"], data["grant_amount"]])
    append(["", labels["result"], data["result"]], bold=True)
    append([])
    append([labels["in_kind"]], bold=True)
    for row in data["in_kind"]["uses"]:
        append([row["code"], row["label"], row["amount"]])
    append(["86", labels["total_uses"], data["in_kind"]["total"]], bold=True)
    for row in data["in_kind"]["contributions"]:
        append([row["code"], row["label"], row["amount"]])
    append(["87", labels["total_contributions"], data["in_kind"]["total"]], bold=True)
    append([data["in_kind_basis"]])
    append([])
    append([labels["currency"], data["currency"]])
    append([labels["hash"], data["hash"]])
    append([labels["issued"], data["issued"]])
    sheet.column_dimensions["A"].width = 14
    sheet.column_dimensions["B"].width = 70
    sheet.column_dimensions["C"].width = 18
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
