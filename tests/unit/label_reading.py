"""Read device labels back as a person and a scanner would: the text of the PDF (pypdf) and the
QR code of each label position, decoded by zbarimg (Debian zbar-tools) from a rendering of that
position alone by pdftoppm (poppler-utils)."""

import subprocess
import tempfile
from pathlib import Path

RESOLUTION = 150  # dpi: a cheap office printer's worst


def decode_label(pdf_bytes, page, x_mm, y_mm, width_mm, height_mm):
    """The QR code's content of the label whose top-left corner is at (x_mm, y_mm) of ``page`` (1-based)."""

    def px(mm):
        return str(round(mm / 25.4 * RESOLUTION))

    with tempfile.TemporaryDirectory() as folder:
        pdf = Path(folder) / "labels.pdf"
        pdf.write_bytes(pdf_bytes)
        image = Path(folder) / "label"
        subprocess.run(
            ["pdftoppm", "-r", str(RESOLUTION), "-png", "-singlefile", "-f", str(page), "-l", str(page)]
            + ["-x", px(x_mm), "-y", px(y_mm), "-W", px(width_mm), "-H", px(height_mm), str(pdf), str(image)],
            check=True,
        )
        scan = subprocess.run(
            ["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", f"{image}.png"],
            capture_output=True,
            text=True,
            check=False,
        )
    return scan.stdout.strip()


def sheet_positions(fmt):
    """(x, y) in mm of each label's top-left corner on a sheet, row by row."""
    return [
        (
            fmt["margin_left"] + column * (fmt["label_width"] + fmt["spacing_x"]),
            fmt["margin_top"] + row * (fmt["label_height"] + fmt["spacing_y"]),
        )
        for row in range(fmt["rows"])
        for column in range(fmt["columns"])
    ]
