"""Device labels: A4 sheets of adhesive labels (PDF) and thermal printer labels (ZPL).

Plain module (no Odoo import). A label is a dict::

    {"serial": "GAP-LT-0001", "lines": ["Ordinateur portable · Grade A", "RAM 8 Go · SSD 256 Go"],
     "structure": "La Petite Ourse"}

The QR code holds the serial alone: what a keyboard-wedge scanner types at the scan station.
A format is a dict of millimetres (see ``SHEET_KEYS`` and ``ZPL_KEYS``).
"""

import io

from reportlab.graphics.barcode import qrencoder
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas as pdfcanvas

SHEET_KEYS = (
    "page_width",
    "page_height",
    "columns",
    "rows",
    "label_width",
    "label_height",
    "margin_top",
    "margin_left",
    "spacing_x",
    "spacing_y",
)
ZPL_KEYS = ("label_width", "label_height", "dpi")

QUIET_ZONE = 4  # modules of white margin around a QR code, as the standard asks
PADDING = 2.5  # mm inside each label: sheets are never cut exactly on the lines
FONT = "Helvetica"
FONT_BOLD = "Helvetica-Bold"
# Precision of the printers' paper feed: a sheet whose labels overrun by less is accepted.
TOLERANCE = 0.05


OPTIONAL_SHEET_KEYS = ("margin_top", "margin_left", "spacing_x", "spacing_y")
PROBLEM_TEXTS = {
    "not_positive": "'{key}' must be positive",
    "negative": "'{key}' must not be negative",
    "too_wide": "the labels take {used:g} mm across a page of {page:g} mm",
    "too_high": "the labels take {used:g} mm down a page of {page:g} mm",
}


def sheet_problem(fmt):
    """Why the labels of this sheet format do not fit on its page, as ``(code, params)`` (see
    ``PROBLEM_TEXTS``), or None when they do."""
    for key in SHEET_KEYS:
        if (fmt.get(key) or 0) < 0:
            return "negative", {"key": key}
        if not fmt.get(key) and key not in OPTIONAL_SHEET_KEYS:
            return "not_positive", {"key": key}
    used_width = fmt["margin_left"] + fmt["columns"] * fmt["label_width"] + (fmt["columns"] - 1) * fmt["spacing_x"]
    used_height = fmt["margin_top"] + fmt["rows"] * fmt["label_height"] + (fmt["rows"] - 1) * fmt["spacing_y"]
    if used_width > fmt["page_width"] + TOLERANCE:
        return "too_wide", {"used": round(used_width, 2), "page": fmt["page_width"]}
    if used_height > fmt["page_height"] + TOLERANCE:
        return "too_high", {"used": round(used_height, 2), "page": fmt["page_height"]}
    return None


def describe_problem(problem):
    code, params = problem
    return PROBLEM_TEXTS[code].format(**params)


def format_number(value, decimal_point="."):
    """8.0 -> "8", 1.5 -> "1,5" in French: the fewest digits that say the value."""
    return f"{value:g}".replace(".", decimal_point)


def _qr_modules(text):
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(text)
    code.make()
    count = code.getModuleCount()
    dark = [(row, col) for row in range(count) for col in range(count) if code.isDark(row, col)]
    return count, dark


def _draw_qr(canvas, text, x, y, size):
    """The QR code as one filled path, its lower-left corner at (x, y), quiet zone included."""
    count, dark = _qr_modules(text)
    cell = size / (count + 2 * QUIET_ZONE)
    path = canvas.beginPath()
    for row, col in dark:
        path.rect(x + (col + QUIET_ZONE) * cell, y + size - (row + QUIET_ZONE + 1) * cell, cell, cell)
    canvas.drawPath(path, stroke=0, fill=1)


def _fit(text, font, size, width):
    """``text`` cut (with an ellipsis) to ``width`` points."""
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


def _fitting_size(text, font, largest, smallest, width):
    size = largest
    while size > smallest and stringWidth(text, font, size) > width:
        size -= 0.5
    return size


def _draw_label(canvas, label, x, y, width, height):
    """One label, its lower-left corner at (x, y) in points: QR on the left, text on the right."""
    pad = PADDING * mm
    qr_size = min(height - 2 * pad + 2 * mm, width * 0.42)  # the quiet zone may eat into the padding
    _draw_qr(canvas, label["serial"], x + pad - 1 * mm, y + (height - qr_size) / 2, qr_size)
    text_x = x + pad + qr_size
    text_width = x + width - pad - text_x
    top = y + height - pad
    serial_size = _fitting_size(label["serial"], FONT_BOLD, min(13.0, height / mm * 0.34), 6.0, text_width)
    canvas.setFont(FONT_BOLD, serial_size)
    top -= serial_size
    canvas.drawString(text_x, top, _fit(label["serial"], FONT_BOLD, serial_size, text_width))
    line_size = max(5.0, min(8.0, height / mm * 0.2))
    bottom = y + pad
    structure = label.get("structure")
    if structure:
        canvas.setFont(FONT, line_size - 1)
        canvas.drawString(text_x, bottom, _fit(structure, FONT, line_size - 1, text_width))
        bottom += line_size + 0.5
    canvas.setFont(FONT, line_size)
    for line in label.get("lines") or []:
        top -= line_size + 1.5
        if top < bottom:
            break
        canvas.drawString(text_x, top, _fit(line, FONT, line_size, text_width))


def sheet_pdf(labels, fmt, skip=0, title="Labels"):
    """PDF of A4 (or any) sheets of adhesive labels, row by row; ``skip`` labels already used on the
    first sheet are left blank so that a sheet started yesterday is finished today."""
    problem = sheet_problem(fmt)
    if problem:
        raise ValueError(describe_problem(problem))
    per_page = fmt["columns"] * fmt["rows"]
    skip = max(0, min(int(skip or 0), per_page - 1))
    buffer = io.BytesIO()
    canvas = pdfcanvas.Canvas(buffer, pagesize=(fmt["page_width"] * mm, fmt["page_height"] * mm))
    canvas.setTitle(title)
    canvas.setCreator("Filière réemploi")
    width, height = fmt["label_width"] * mm, fmt["label_height"] * mm
    for index, label in enumerate(labels, start=skip):
        position = index % per_page
        if position == 0 and index > skip:
            canvas.showPage()
        row, column = divmod(position, fmt["columns"])
        x = (fmt["margin_left"] + column * (fmt["label_width"] + fmt["spacing_x"])) * mm
        y_top = (fmt["page_height"] - fmt["margin_top"] - row * (fmt["label_height"] + fmt["spacing_y"])) * mm
        _draw_label(canvas, label, x, y_top - height, width, height)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _zpl_escape(text):
    return "".join(f"_{ord(char):02X}" if char in "^~_\\" else char for char in text)


def _zpl_field(text):
    """Field data escaped with ^FH: the characters ZPL reads as commands become hex codes."""
    return f"^FH_^FD{_zpl_escape(text)}^FS"


def zpl(labels, fmt):
    """ZPL II for a thermal printer: one ^XA…^XZ block per label, UTF-8 (^CI28)."""
    dots = fmt["dpi"] / 25.4
    width, height = round(fmt["label_width"] * dots), round(fmt["label_height"] * dots)
    margin = round(PADDING * dots)
    blocks = []
    for label in labels:
        count = _qr_modules(label["serial"])[0]
        # ^BQ magnification: the largest whose code still fits the label's height.
        magnification = max(1, min(10, (height - 2 * margin) // (count + 2 * QUIET_ZONE)))
        qr_side = magnification * (count + 2 * QUIET_ZONE)
        text_x = margin + qr_side + margin
        serial_height = max(20, min(60, height // 5))
        line_height = max(16, min(32, height // 9))
        parts = ["^XA", "^CI28", f"^PW{width}", f"^LL{height}"]
        # "MA," = error correction M, automatic data input: the field data is the serial.
        parts.append(f"^FO{margin},{margin}^BQN,2,{magnification}^FH_^FDMA,{_zpl_escape(label['serial'])}^FS")
        parts.append(f"^FO{text_x},{margin}^A0N,{serial_height},{serial_height}{_zpl_field(label['serial'])}")
        top = margin + serial_height + line_height // 2
        for line in label.get("lines") or []:
            if top + line_height > height - margin - line_height:
                break
            parts.append(f"^FO{text_x},{top}^A0N,{line_height},{line_height}{_zpl_field(line)}")
            top += line_height + line_height // 3
        if label.get("structure"):
            bottom = height - margin - line_height
            parts.append(f"^FO{text_x},{bottom}^A0N,{line_height},{line_height}{_zpl_field(label['structure'])}")
        parts.append("^XZ")
        blocks.append("\n".join(parts))
    return "\n".join(blocks) + "\n"
