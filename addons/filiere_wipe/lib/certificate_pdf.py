"""Erasure certificates and donor attestations rendered with reportlab, and their integrity hash.

Plain module (no Odoo import): the addon passes plain dicts and the labels already
translated into the reader's language. reportlab draws a certificate in milliseconds
where an HTML-to-PDF round trip takes about a second.
"""

import contextlib
import hashlib
import io
import json
import re

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas as pdfcanvas
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.platypus.flowables import Flowable, KeepTogether

from . import qr


def canonical_json(content):
    """One text for one content: sorted keys, no spaces, UTF-8 kept."""
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def content_hash(content):
    """SHA-256 of the canonical content, hex."""
    return hashlib.sha256(canonical_json(content).encode("utf-8")).hexdigest()


# Entry of the PDF's document information dictionary holding the signed material of a
# certificate, read by tools/verify_certificate.py.
SIGNED_ENTRY = "FiliereCertificate"


def signed_envelope(signed):
    """The machine-readable signed material: canonical content, previous chain hash, chain hash,
    signature and public key, as ASCII JSON (the content string inside is exactly the hashed text)."""
    keys = ("content", "previous_hash", "chain_hash", "signature", "public_key")
    return json.dumps({key: signed.get(key) or "" for key in keys}, sort_keys=True, ensure_ascii=True)


class _SignedInfo(pdfdoc.PDFInfo):
    """The standard document information plus the certificate's signed material."""

    signed = ""

    def format(self, document):
        entries = {
            "Title": pdfdoc.PDFString(self.title),
            "Author": pdfdoc.PDFString(self.author),
            "Producer": pdfdoc.PDFString(self.producer),
            "Creator": pdfdoc.PDFString(self.creator),
            "Subject": pdfdoc.PDFString(self.subject),
            "Keywords": pdfdoc.PDFString(self.keywords),
            "Trapped": pdfdoc.PDFName(self.trapped),
            SIGNED_ENTRY: pdfdoc.PDFString(self.signed),
        }
        entries["ModDate"] = entries["CreationDate"] = pdfdoc.PDFDate(
            ts=document._timeStamp, dateFormatter=self._dateFormatter
        )
        return pdfdoc.PDFDictionary(entries).format(document)


def _signed_canvas(envelope):
    """A canvas maker whose document carries ``envelope`` in its information dictionary."""

    def make(*args, **kwargs):
        canv = pdfcanvas.Canvas(*args, **kwargs)
        info = _SignedInfo()
        info.__dict__.update(canv._doc.info.__dict__)
        info.signed = envelope
        canv._doc.info = info
        return canv

    return make


def _numbered_canvas(label, title):
    """A canvas maker printing "<title> - <label> n / total" at the foot of every page.

    The total is known once every page is laid out: each page's drawing is kept until the end,
    as reportlab's own examples do (a few kilobytes per page).
    """

    class NumberedCanvas(pdfcanvas.Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages = []

        def showPage(self):
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self.saveState()
                self.setFont("Helvetica", 7)
                self.setFillColor(colors.grey)
                self.drawString(18 * mm, 9 * mm, title)
                self.drawRightString(A4[0] - 18 * mm, 9 * mm, f"{label} {self._pageNumber} / {total}")
                self.restoreState()
                pdfcanvas.Canvas.showPage(self)  # the page kept above, drawn now
            super().save()

    return NumberedCanvas


def _styles():
    sheet = getSampleStyleSheet()
    return {
        "title": ParagraphStyle("title", parent=sheet["Title"], fontSize=16, spaceAfter=4 * mm),
        "h2": ParagraphStyle("h2", parent=sheet["Heading2"], fontSize=11, spaceBefore=3 * mm, spaceAfter=1 * mm),
        "body": ParagraphStyle("body", parent=sheet["BodyText"], fontSize=9, leading=11),
        "small": ParagraphStyle("small", parent=sheet["BodyText"], fontSize=7, leading=9, textColor=colors.grey),
        "cell": ParagraphStyle("cell", parent=sheet["BodyText"], fontSize=8, leading=9.5),
        "mono": ParagraphStyle("mono", parent=sheet["BodyText"], fontName="Courier", fontSize=6, leading=7.5),
    }


def _escape(value):
    text = "" if value is None or value is False else str(value)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


_DARK_RUN = re.compile("1+")


class _QrCode(Flowable):
    """A QR code drawn as one filled path of one rectangle per run of dark modules in a row,
    written as PDF operators directly (reportlab's path object formats each number on its own)."""

    QUIET_ZONE = 4  # modules of white margin, as the standard asks

    def __init__(self, text, size):
        super().__init__()
        matrix = qr.modules(text)
        self.count = len(matrix)
        # (row, first column, length) of each horizontal run of dark modules.
        self.runs = [
            (row, run.start(), run.end() - run.start())
            for row, cells in enumerate(matrix)
            for run in _DARK_RUN.finditer("".join("1" if cell else "0" for cell in cells))
        ]
        self.width = self.height = size

    def draw(self):
        cell = self.width / (self.count + 2 * self.QUIET_ZONE)
        top = self.height - (self.QUIET_ZONE + 1) * cell
        rects = " ".join(
            f"{(col + self.QUIET_ZONE) * cell:.3f} {top - row * cell:.3f} {length * cell:.3f} {cell:.3f} re"
            for row, col, length in self.runs
        )
        self.canv.addLiteral(f"q 0 g {rects} f Q")


def _qr(text, size=28 * mm):
    return _QrCode(text, size)


# Left and right padding of a table cell (reportlab's default).
_PADDING = 6


def _cell(value, style, width):
    """A table cell as plain text, broken into the lines of the column's width.

    A plain string is drawn by the table with the column's font (``_text_style``), one line per
    "\\n", without a paragraph's markup parsing: ten times faster, and most cells of a certificate
    or an attestation are a word or two.
    """
    text = "" if value is None or value is False else str(value)
    room = width - 2 * _PADDING
    if "\n" not in text and stringWidth(text, style.fontName, style.fontSize) <= room:
        return text
    return "\n".join(simpleSplit(text, style.fontName, style.fontSize, room))


def _text_style(style, cells):
    """The table style commands drawing the plain strings of ``cells`` (a (start, stop) range) as ``style``."""
    start, stop = cells
    return [
        ("FONTNAME", start, stop, style.fontName),
        ("FONTSIZE", start, stop, style.fontSize),
        ("LEADING", start, stop, style.leading),
        ("TEXTCOLOR", start, stop, style.textColor),
    ]


def _key_values(rows, styles, widths=(45 * mm, 125 * mm), value_style="cell"):
    data = [
        [_cell(key, styles["cell"], widths[0]), _cell(value, styles[value_style], widths[1])] for key, value in rows
    ]
    table = Table(data, colWidths=widths)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                *_text_style(styles["cell"], ((0, 0), (0, -1))),
                *_text_style(styles[value_style], ((1, 0), (1, -1))),
            ]
        )
    )
    return table


def _grid(header, rows, styles, widths, highlight=(), start=0):
    """A table with a header row repeated on every page. ``rows``: their cells already made
    (``_grid_cells``); ``highlight``: indexes of the rows to tint, counted from ``start`` (the
    index of ``rows[0]`` in a longer list)."""
    cell = styles["cell"]
    data = [[Paragraph(f"<b>{_escape(text)}</b>", cell) for text in header], *rows]
    table = Table(data, colWidths=widths, repeatRows=1)
    tint = colors.HexColor("#fdecea")
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#999999")),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8efe8")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                *_text_style(cell, ((0, 1), (-1, -1))),
                *[
                    ("BACKGROUND", (0, index - start + 1), (-1, index - start + 1), tint)
                    for index in highlight
                    if start <= index < start + len(rows)
                ],
            ]
        )
    )
    return table


def _grid_cells(row, style, widths, keep_first):
    """A row's cells; ``keep_first``: the first column is plain text on one line (a serial
    number), never broken."""
    return [
        str(text) if keep_first and index == 0 else _cell(text, style, widths[index]) for index, text in enumerate(row)
    ]


class _LongGrid(Flowable):
    """A table of thousands of rows laid out a page at a time.

    reportlab splits a table at a page's end into the rows that fit and a new table of all the
    others, measured again at the next page: quadratic in the rows, minutes for 6,000 devices.
    Here each page's table is built from the next ``CHUNK`` rows only (more than a page holds),
    split there, and the rows left wait as plain tuples: linear time, and only about a page of
    cells in memory. Each page's part starts with the header row, as a repeated header would.
    """

    CHUNK = 60  # rows tried per page: an A4 page holds about 45 one-line rows

    def __init__(self, header, rows, styles, widths, highlight=(), start=0, made=None):
        super().__init__()
        self.header, self.rows, self.styles, self.widths = header, rows, styles, widths
        self.highlight, self.start = frozenset(highlight), start
        self._made = made if made is not None else {}  # row index -> its cells, for the rows tried
        self._table = self._table_for = None

    def _chunk(self, availWidth, availHeight):
        if self._table_for != (availWidth, availHeight):
            cells = []
            for index in range(self.start, min(self.start + self.CHUNK, self.start + len(self.rows))):
                if index not in self._made:
                    row = self.rows[index - self.start]
                    self._made[index] = _grid_cells(row, self.styles["cell"], self.widths, True)
                cells.append(self._made[index])
            self._table = _grid(self.header, cells, self.styles, self.widths, self.highlight, self.start)
            self._table_for = (availWidth, availHeight)
        return self._table

    def wrap(self, availWidth, availHeight):
        width, height = self._chunk(availWidth, availHeight).wrap(availWidth, availHeight)
        if len(self.rows) > self.CHUNK:
            # More rows wait beyond this chunk: never fits, so the frame splits it.
            height = max(height, availHeight + 1)
        return width, height

    def split(self, availWidth, availHeight):
        table = self._chunk(availWidth, availHeight)
        table.wrap(availWidth, availHeight)
        parts = table.split(availWidth, availHeight)
        fitted = parts[0]._nrows - 1 if parts else 0  # the header row is not one of the rows
        if fitted <= 0:
            return []
        for index in range(self.start, self.start + fitted):
            self._made.pop(index, None)
        rest = self.rows[fitted:]
        if not rest:
            return [parts[0]]
        rest_grid = _LongGrid(
            self.header, rest, self.styles, self.widths, self.highlight, self.start + fitted, self._made
        )
        return [parts[0], rest_grid]

    def draw(self):
        self._table.drawOn(self.canv, 0, 0)


def _heading(data, title, styles):
    """The structure's name and address, then the document's title."""
    return [
        Paragraph(_escape(data["structure"]), styles["body"]),
        Paragraph(_escape(data.get("structure_address", "")), styles["small"]),
        Spacer(1, 4 * mm),
        Paragraph(_escape(title), styles["title"]),
    ]


@contextlib.contextmanager
def _binary_streams():
    """Page streams compressed only, not also ASCII85-encoded (reportlab's default, done in pure
    Python when its C accelerator is missing: a tenth of the time of a batch). A PDF reader
    reads both; another thread's document rendered meanwhile is only larger or smaller."""
    previous = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = previous


def _document(buffer, title):
    return SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
        title=title,
        creator="filiere_wipe",
    )


def render_certificate(data, labels):
    """One device's erasure certificate.

    ``data``: number, date, structure (name, address), donor, donation, device (list of
    (label, value) pairs), media (list of dicts with the ``labels['media_columns']``
    keys), verification_code, verification_url, hash, cancelled (bool), note, replaces
    (the sentence naming the certificate replaced), signed (content, previous_hash, chain_hash,
    signature, public_key: printed, and embedded for tools/verify_certificate.py).
    """
    buffer = io.BytesIO()
    story = _certificate_story(data, labels, _styles())
    signed = data.get("signed")
    canvasmaker = _signed_canvas(signed_envelope(signed)) if signed else pdfcanvas.Canvas
    _document(buffer, f"{labels['title']} {data['number']}").build(story, canvasmaker=canvasmaker)
    return buffer.getvalue()


def render_certificates(certificates, title):
    """Many certificates in one PDF to print, each starting on a new page, as ``render_certificate``
    draws it. ``certificates``: iterable of (data, labels). The signed material of each stays in
    its own PDF (a document carries one); the printed pages show it all."""
    styles = _styles()
    buffer = io.BytesIO()
    story = []
    for data, labels in certificates:
        if story:
            story.append(PageBreak())
        story += _certificate_story(data, labels, styles)
    with _binary_streams():
        _document(buffer, title).build(story)
    return buffer.getvalue()


def _certificate_story(data, labels, styles):
    """The flowables of one certificate."""
    story = _heading(data, f"{labels['title']} {data['number']}", styles)
    if data.get("cancelled"):
        story.append(Paragraph(f"<font color='red'><b>{_escape(labels['cancelled'])}</b></font>", styles["body"]))
    story += [
        _key_values(
            [
                (labels["date"], data["date"]),
                (labels["donor"], data.get("donor", "")),
                *([(labels["donation"], data["donation"])] if data.get("donation") else []),
                *data["device"],
            ],
            styles,
        ),
        Paragraph(_escape(labels["media_title"]), styles["h2"]),
    ]
    columns = labels["media_columns"]
    for medium in data["media"]:
        story.append(
            KeepTogether(
                [
                    _key_values([(label, medium.get(key, "")) for key, label in columns], styles),
                    Spacer(1, 3 * mm),
                ]
            )
        )
    if data.get("note"):
        story.append(Paragraph(_escape(data["note"]), styles["body"]))
    if data.get("replaces"):
        story.append(Paragraph(_escape(data["replaces"]), styles["body"]))
    verification = Table(
        [
            [
                _qr(data["verification_url"]),
                [
                    Paragraph(_escape(labels["verify"]), styles["body"]),
                    Paragraph(f"<b>{_escape(data['verification_url'])}</b>", styles["body"]),
                    Paragraph(f"{_escape(labels['code'])} <b>{_escape(data['verification_code'])}</b>", styles["body"]),
                    Paragraph(f"SHA-256 {_escape(data['hash'])}", styles["small"]),
                ],
            ]
        ],
        colWidths=(34 * mm, 136 * mm),
    )
    verification.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    story += [Spacer(1, 4 * mm), verification, Spacer(1, 3 * mm)]
    signed = data.get("signed")
    if signed:
        story += _signature_block(signed, labels, styles)
    story += [Spacer(1, 4 * mm), Paragraph(_escape(labels["signature"]), styles["body"])]
    return story


def _signature_block(signed, labels, styles):
    """The electronic signature as printed: chain hash, Ed25519 signature, the structure's public key."""
    rows = [
        (labels.get("chain_hash", "Chain hash"), signed.get("chain_hash", "")),
        (labels.get("signature_value", "Ed25519 signature"), signed.get("signature", "")),
        (labels.get("public_key", "Public key of the structure"), signed.get("public_key", "")),
    ]
    story = [_key_values(rows, styles, value_style="mono")]
    if labels.get("signed_note"):
        story.append(Paragraph(_escape(labels["signed_note"]), styles["small"]))
    return story


def _attestation_widths(columns, lines, total=174 * mm):
    """Column widths of the attestation's grid (serial, type, status, certificate, method, date).

    The serial number and the certificate number as wide as their longest value, which never
    wraps: a donor's IT manager reads them against the inventory and the certificates. The type
    and the date as wide as their longest value within a cap; the status and the method, whose
    texts are sentences, share the rest.
    """

    def longest(index, cap):
        cells = [str(line[index]) for line in lines if index < len(line)] + [str(columns[index])]
        # 6 mm: the cell padding (2 x 6 pt) and a margin.
        return min(max(stringWidth(cell, "Helvetica", 8) for cell in cells) + 6 * mm, cap)

    if len(columns) != 6:
        first = longest(0, 70 * mm)
        return (first, *[(total - first) / (len(columns) - 1)] * (len(columns) - 1))
    widths = [longest(0, 70 * mm), longest(1, 32 * mm), None, longest(3, 40 * mm), None, longest(5, 24 * mm)]
    rest = max(total - sum(width for width in widths if width), 60 * mm)
    widths[2] = widths[4] = rest / 2
    return tuple(widths)


def _pieces(text, size=1500):
    """``text`` cut after a ", " every ``size`` characters or so: a paragraph listing thousands of
    serial numbers is laid out again at each page it spans, a few lines of it cost nothing."""
    pieces = []
    while len(text) > size:
        cut = text.find(", ", size)
        if cut < 0:
            break
        pieces.append(text[: cut + 1])
        text = text[cut + 2 :]
    return [*pieces, text]


def render_attestation(data, labels):
    """A donor's attestation: every device of the donation with its real status.

    ``data``: structure, structure_address, donor, donation, date, lines (list of
    tuples matching ``labels['columns']``), totals (list of (label, value)),
    signatory; optional: ``notices`` (warnings printed in red under the title, e.g. a
    partial attestation), ``statements`` (what the structure attests, in place of
    ``labels['intro']``), ``highlight`` (indexes of the lines to tint: pending, failed,
    below the agreed method).
    """
    styles = _styles()
    buffer = io.BytesIO()
    statements = data.get("statements") or [labels["intro"]]
    columns = labels["columns"]
    widths = _attestation_widths(columns, data["lines"])
    grid = _LongGrid(columns, data["lines"], styles, widths, highlight=data.get("highlight", ()))
    story = [
        *_heading(data, labels["title"], styles),
        *[
            Paragraph(f"<font color='red'><b>{_escape(piece)}</b></font>", styles["body"])
            for notice in data.get("notices", ())
            for piece in _pieces(notice)
        ],
        *[Paragraph(_escape(statement), styles["body"]) for statement in statements],
        Spacer(1, 2 * mm),
        _key_values(
            [(labels["donor"], data["donor"]), (labels["donation"], data["donation"]), (labels["date"], data["date"])],
            styles,
        ),
        Spacer(1, 3 * mm),
        _key_values(data["totals"], styles),
        Spacer(1, 3 * mm),
        grid,
        Spacer(1, 8 * mm),
        Paragraph(_escape(labels["signature"]), styles["body"]),
        Paragraph(_escape(data.get("signatory", "")), styles["body"]),
    ]
    footer = f"{labels['title']} - {data['donation']}"
    with _binary_streams():
        _document(buffer, labels["title"]).build(
            story, canvasmaker=_numbered_canvas(labels.get("page", "Page"), footer)
        )
    return buffer.getvalue()
