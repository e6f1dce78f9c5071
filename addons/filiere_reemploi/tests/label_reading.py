"""Read a label PDF back as a scanner does: each label position rendered alone by pdftoppm
(poppler-utils) and its QR code decoded by zbarimg (zbar-tools). Same as tests/unit/label_reading.py,
which the server-free tests use."""

import io
import subprocess
import tempfile
from pathlib import Path

from pypdf import PdfReader

RESOLUTION = 150


def pdf_text(pdf_bytes):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf_bytes)).pages)


def pdf_reading(pdf_bytes):
    """The text of a PDF as a reader sees it, page after page, spaces (no-break ones too) collapsed."""
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf_bytes)).pages)
    return text.replace("\xa0", " ").replace("\u202f", " ")


def decode_label(pdf_bytes, label_format, position, page=1):
    """The QR code's content at ``position`` (0-based, row by row) of a sheet of ``label_format``."""
    row, column = divmod(position, label_format.columns)
    x = label_format.margin_left + column * (label_format.label_width + label_format.spacing_x)
    y = label_format.margin_top + row * (label_format.label_height + label_format.spacing_y)

    def px(mm):
        return str(round(mm / 25.4 * RESOLUTION))

    with tempfile.TemporaryDirectory() as folder:
        pdf = Path(folder) / "labels.pdf"
        pdf.write_bytes(pdf_bytes)
        image = Path(folder) / "label"
        subprocess.run(
            ["pdftoppm", "-r", str(RESOLUTION), "-png", "-singlefile", "-f", str(page), "-l", str(page)]
            + ["-x", px(x), "-y", px(y), "-W", px(label_format.label_width), "-H", px(label_format.label_height)]
            + [str(pdf), str(image)],
            check=True,
        )
        scan = subprocess.run(
            ["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", f"{image}.png"],
            capture_output=True,
            text=True,
            check=False,
        )
    return scan.stdout.strip()
