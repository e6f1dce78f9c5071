"""Tax receipts for companies' in-kind gifts (article 238 bis CGI, mentions of Cerfa n° 16216*01).

Plain module (no Odoo import): the addon passes a dict whose texts are already translated and
formatted; this module adds up the value and lays out every mention of the official form, in
its order: the receipt's number, the beneficiary (name, address, object, the status that makes
it eligible and its reference), the donor company (name, legal form, SIREN, address), the gift
(form, nature, description, date or period, value in figures and in words) and the signature.
"""

import io
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, Spacer, TableStyle

from .statement_pdf import _styles, a4_document, money
from .statement_pdf import _table as statement_table


def _compact_styles():
    """The statements' styles, tighter: the whole receipt, signature included, fits on one page."""
    styles = _styles()
    styles["title"] = ParagraphStyle(
        "receipt_title", parent=styles["title"], fontSize=13, leading=16, spaceAfter=2 * mm
    )
    styles["body"] = ParagraphStyle("receipt_body", parent=styles["body"], fontSize=8.5, leading=10.5)
    styles["h2"] = ParagraphStyle(
        "receipt_h2", parent=styles["h2"], fontSize=10.5, spaceBefore=2.5 * mm, spaceAfter=1.5 * mm
    )
    return styles


def _table(rows, widths, header=False):
    """The statements' table with tighter cells."""
    table = statement_table(rows, widths, header=header)
    table.setStyle(
        TableStyle(
            [
                ("FONTSIZE", (0, 0), (-1, -1), 8.5),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            ]
        )
    )
    return table


def receipt_amount(device_values, transport_cost=0.0, handling_cost=0.0):
    """The value of an in-kind gift: the donor's values of the goods plus the costs the donor paid.

    Every figure is in the donor's currency; negative figures are refused (a value is never
    negative, a fully depreciated device is worth 0).
    """
    figures = [*device_values, transport_cost or 0.0, handling_cost or 0.0]
    if any(figure < 0 for figure in figures):
        raise ValueError("a value or a cost of an in-kind gift cannot be negative")
    return round(sum(figures), 2)


def framed_amount(amount, currency):
    """The amount in figures framed by asterisks, as receipts printed by a computer may state it."""
    return f"***{money(amount, currency)}***"


def render(data):
    """PDF bytes of a tax receipt described by ``data`` (see FiliereTaxReceipt._document_data)."""
    labels = data["labels"]
    styles = _compact_styles()
    buffer = io.BytesIO()
    # One page: the margins a little narrower than the statements'.
    document = a4_document(
        buffer, f"{labels['title']} {data['number']}", data["beneficiary"]["name"], vertical_margin=12 * mm
    )

    def para(text, style="body"):
        return Paragraph(escape(str(text)), styles[style])

    def rows(pairs):
        return _table([[para(label), para(value)] for label, value in pairs], [55 * mm, 119 * mm])

    beneficiary = data["beneficiary"]
    donor = data["donor"]
    currency = data["currency"]
    story = [
        para(labels["title"], "title"),
        para(labels["subtitle"], "small"),
        para(f"{labels['number']} : {data['number']}", "h2"),
    ]
    if data.get("replaces"):
        story.append(para(data["replaces"]))
    story += [
        para(labels["beneficiary"], "h2"),
        rows(
            [
                (labels["name"], beneficiary["name"]),
                (labels["address"], beneficiary["address"]),
                (labels["object"], beneficiary["object"]),
                (labels["status"], beneficiary["status"]),
                (labels["status_reference"], beneficiary["reference"]),
            ]
        ),
        para(labels["donor"], "h2"),
        rows(
            [
                (labels["name"], donor["name"]),
                (labels["legal_form"], donor["legal_form"]),
                (labels["siren"], donor["siren"]),
                (labels["address"], donor["address"]),
            ]
        ),
        para(labels["gift"], "h2"),
        para(labels["acknowledgement"]),
        Spacer(1, 2 * mm),
        rows(
            [
                (labels["amount"], framed_amount(data["amount"], currency)),
                (labels["amount_words"], data["amount_words"]),
                (labels["period"], data["period"]),
                (labels["form"], data["form"]),
                (labels["nature"], data["nature"]),
                (labels["payment"], labels["payment_none"]),
            ]
        ),
        para(labels["description"], "h2"),
        _table(
            [[labels["device_type"], labels["quantity"], labels["value"]]]
            + [[para(name), str(count), money(value, currency)] for name, count, value in data["devices"]]
            + [
                [para(labels["transport"]), "", money(data["transport_cost"], currency)],
                [para(labels["handling"]), "", money(data["handling_cost"], currency)],
                [para(labels["total"]), str(data["device_count"]), money(data["amount"], currency)],
            ],
            [104 * mm, 25 * mm, 45 * mm],
            header=True,
        ),
        Spacer(1, 2 * mm),
        para(labels["valuation"], "small"),
    ]
    if not data["amount"]:
        story.append(para(labels["zero_value"]))
    story += [
        Spacer(1, 2 * mm),
        para(labels["certification"]),
        KeepTogether(
            [
                Spacer(1, 2 * mm),
                para(f"{labels['place_date']} {data['place']}, {data['date']}"),
                para(f"{labels['signatory']} {data['signatory']}"),
                para(labels["sign_here"]),
                Spacer(1, 12 * mm),
            ]
        ),
        para(f"{labels['hash']}: {data['hash']}", "small"),
        para(f"{labels['public_key']}: {data['public_key']}", "small"),
        para(f"{labels['digital_signature']}: {data['digital_signature']}", "small"),
    ]
    document.build(story)
    return buffer.getvalue()
