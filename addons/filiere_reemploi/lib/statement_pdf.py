"""Grant statements rendered with reportlab.

Plain module (no Odoo import): the addon passes a dict with the figures already formatted and
the labels already translated into the funder's language. When the dict carries the structure's
``public_key`` and its ``digital_signature`` of the SHA-256, the PDF prints both, so a funder can
check with any Ed25519 tool that the structure issued these figures.

A row of ``data["rows"]`` is a dict ``{"name", "text", "number", "unit"}`` (the spreadsheet
writes ``number`` and ``unit`` in their own cells; ``number`` None when the figure was not
measured) or a ``(name, text)`` pair.
"""

import io
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle


def money(amount, currency):
    """1234.5 -> '1 234,50 EUR' (French grouping, the funder's reading)."""
    text = f"{amount:,.2f}".replace(",", " ").replace(".", ",")
    return f"{text} {currency}".strip()


def row_fields(row):
    """(name, text, number, unit) of a row given as a dict or as a (name, text) pair."""
    if isinstance(row, dict):
        return row["name"], row["text"], row.get("number"), row.get("unit") or ""
    name, text = row
    return name, text, None, ""


def _header(data, para):
    """The structure issuing the statement: name, address, SIRET, as on its letterhead."""
    issuer = data.get("issuer") or {}
    if not issuer.get("name"):
        return []
    lines = [f"<b>{escape(issuer['name'])}</b>"]
    lines += [escape(line) for line in issuer.get("address_lines") or ()]
    if issuer.get("siret"):
        lines.append(f"{escape(data['labels'].get('siret', 'SIRET'))} {escape(issuer['siret'])}")
    return [para("<br/>".join(lines), "body", raw=True), Spacer(1, 4 * mm)]


def _footer(data):
    """Page numbers and the statement's number on every page."""
    labels = data["labels"]
    page_label = labels.get("page", "Page")

    def draw(canvas, document):
        canvas.saveState()
        canvas.setFont("Helvetica", 7)
        canvas.setFillColor(colors.grey)
        canvas.drawString(18 * mm, 9 * mm, f"{labels['title']} {data['number']}")
        canvas.drawRightString(A4[0] - 18 * mm, 9 * mm, f"{page_label} {document.page}")
        canvas.restoreState()

    return draw


def a4_document(buffer, title, author, vertical_margin=16 * mm):
    """The A4 page every document of the addon is laid out on."""
    return SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=vertical_margin,
        bottomMargin=vertical_margin,
        title=title,
        author=author,
    )


def signature_block(labels, para):
    """Where the legal representative certifies, dates and signs, kept on one page."""
    return KeepTogether(
        [
            Spacer(1, 8 * mm),
            para(labels["signature"]),
            para(labels["place_date"]),
            Spacer(1, 18 * mm),
            para(labels["sign_here"]),
        ]
    )


def signed_lines(data, labels, para):
    """The issue date, the SHA-256 of the figures and, once signed, the structure's key and signature."""
    lines = [
        Spacer(1, 6 * mm),
        para(f"{labels['issued']} {data['issued']} - {labels['hash']}: {data['hash']}", "small"),
    ]
    if data.get("public_key"):
        lines += [
            para(f"{labels['public_key']}: {data['public_key']}", "small"),
            para(f"{labels['digital_signature']}: {data.get('digital_signature') or ''}", "small"),
        ]
    return lines


def _styles():
    sheet = getSampleStyleSheet()
    return {
        "title": ParagraphStyle("title", parent=sheet["Title"], fontSize=16, spaceAfter=4 * mm),
        "h2": ParagraphStyle("h2", parent=sheet["Heading2"], fontSize=12, spaceBefore=4 * mm),
        "body": ParagraphStyle("body", parent=sheet["BodyText"], fontSize=9, leading=12),
        "small": ParagraphStyle("small", parent=sheet["BodyText"], fontSize=7, leading=9, textColor=colors.grey),
    }


def _table(rows, widths, header=False):
    table = Table(rows, colWidths=widths, repeatRows=1 if header else 0)
    style = [
        ("FONTSIZE", (0, 0), (-1, -1), 9),
        ("GRID", (0, 0), (-1, -1), 0.3, colors.lightgrey),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("ALIGN", (1, 0), (1, -1), "RIGHT"),
    ]
    if header:
        style += [
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef4")),
            ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
        ]
    table.setStyle(TableStyle(style))
    return table


def render(data):
    """PDF bytes of a statement described by ``data`` (see FiliereStatement._document_data)."""
    labels = data["labels"]
    styles = _styles()
    buffer = io.BytesIO()
    document = a4_document(buffer, f"{labels['title']} {data['number']}", data["company"])

    def para(text, style="body", raw=False):
        return Paragraph(str(text) if raw else escape(str(text)), styles[style])

    story = [
        *_header(data, para),
        para(f"{labels['title']} {data['number']}", "title"),
        _table(
            [
                [para(labels["funder"]), para(data["funder"])],
                [para(labels["grant"]), para(data["grant"])],
                [para(labels["period"]), para(data["period"])],
                [para(labels["structures"]), para(data["structures"])],
                [para(labels["zones"]), para(data["zones"] or labels["all_zones"])],
            ],
            [45 * mm, 129 * mm],
        ),
        para(labels["indicators"], "h2"),
        _table(
            [[labels["indicator"], labels["value"]]]
            + [[para(name), text] for name, text, _number, _unit in map(row_fields, data["rows"])],
            [130 * mm, 44 * mm],
            header=True,
        ),
    ]
    story += [para(note, "small") for note in data.get("notes") or ()]
    story.append(para(labels["finance"], "h2"))
    currency = data["currency"]
    finance = [
        [para(labels["grant_amount"]), money(data["grant_amount"], currency)],
        [para(labels["expenses"]), money(data["expenses"], currency)],
        [para(labels["balance"]), money(data["grant_amount"] - data["expenses"], currency)],
    ]
    if data.get("advance_rate"):
        advance = data["grant_amount"] * data["advance_rate"] / 100
        finance.insert(1, [para(f"{labels['advance']} ({data['advance_rate']:g} %)"), money(advance, currency)])
    story.append(_table(finance, [130 * mm, 44 * mm]))
    story.append(signature_block(labels, para))
    story += signed_lines(data, labels, para)
    story.append(para(labels["sources"], "small"))
    if data.get("definitions"):
        story.append(para(labels.get("definitions", ""), "h2"))
        story += [
            para(f"<b>{escape(name)}</b> : {escape(text)}", "small", raw=True) for name, text in data["definitions"]
        ]
    footer = _footer(data)
    document.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
