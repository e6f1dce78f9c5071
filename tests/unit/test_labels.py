import io
import re

import pytest
from label_reading import decode_label, sheet_positions
from plain import load
from pypdf import PdfReader

labels = load("filiere_reemploi", "labels")

A4_3X8 = {
    "page_width": 210,
    "page_height": 297,
    "columns": 3,
    "rows": 8,
    "label_width": 70,
    "label_height": 37,
    "margin_top": 0.5,
    "margin_left": 0,
    "spacing_x": 0,
    "spacing_y": 0,
}
A4_2X7 = dict(
    A4_3X8, columns=2, rows=7, label_width=99.1, label_height=38.1, margin_top=15.15, margin_left=4.65, spacing_x=2.5
)


def device(number):
    return {
        "serial": f"GAP-LT-{number:04d}",
        "lines": ["Ordinateur portable · Grade A", "RAM 8 Go · SSD 256 Go", "AZERTY (français)"],
        "structure": "La Petite Ourse",
    }


def page_texts(pdf):
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def test_a_full_sheet_of_3x8_labels_reads_back_text_and_qr_at_each_position():
    devices = [device(n) for n in range(1, 25)]
    pdf = labels.sheet_pdf(devices, A4_3X8)
    (text,) = page_texts(pdf)
    for item in devices:
        assert item["serial"] in text
    assert "RAM 8 Go · SSD 256 Go" in text
    assert "AZERTY (français)" in text
    assert text.count("La Petite Ourse") == 24
    decoded = [decode_label(pdf, 1, x, y, 70, 37) for x, y in sheet_positions(A4_3X8)]
    assert decoded == [item["serial"] for item in devices]


def test_labels_continue_on_a_second_sheet_of_2x7_after_the_used_positions():
    devices = [device(n) for n in range(1, 14)]
    pdf = labels.sheet_pdf(devices, A4_2X7, skip=3)
    first, second = page_texts(pdf)
    assert "GAP-LT-0011" in first and "GAP-LT-0012" not in first
    assert "GAP-LT-0012" in second and "GAP-LT-0013" in second
    positions = sheet_positions(A4_2X7)
    assert [decode_label(pdf, 1, x, y, 99.1, 38.1) for x, y in positions] == ["", "", ""] + [
        f"GAP-LT-{n:04d}" for n in range(1, 12)
    ]
    assert decode_label(pdf, 2, *positions[1], 99.1, 38.1) == "GAP-LT-0013"


def test_a_long_serial_is_encoded_whole_and_its_text_shortened_only_if_needed():
    serial = "PF-1XKZ2Q-LENOVO-20L5CTO1WW-0042"
    pdf = labels.sheet_pdf([{"serial": serial, "lines": [], "structure": ""}], A4_3X8)
    assert decode_label(pdf, 1, 0, 0.5, 70, 37) == serial


def test_a_sheet_format_that_overruns_its_page_is_refused_with_the_figure():
    too_wide = dict(A4_3X8, margin_left=5)
    assert labels.sheet_problem(too_wide) == ("too_wide", {"used": 215, "page": 210})
    assert labels.describe_problem(labels.sheet_problem(too_wide)) == "the labels take 215 mm across a page of 210 mm"
    assert labels.sheet_problem(dict(A4_2X7, spacing_y=5)) == ("too_high", {"used": 311.85, "page": 297})
    assert labels.sheet_problem(A4_2X7) is None
    assert labels.sheet_problem(dict(A4_3X8, rows=0)) == ("not_positive", {"key": "rows"})
    assert labels.sheet_problem(dict(A4_3X8, margin_top=-1)) == ("negative", {"key": "margin_top"})
    with pytest.raises(ValueError, match="215 mm across"):
        labels.sheet_pdf([device(1)], too_wide)


def test_zpl_has_one_label_per_device_with_the_serial_in_the_qr_code_and_in_text():
    fmt = {"label_width": 62, "label_height": 29, "dpi": 203}
    code = labels.zpl([device(1), device(2)], fmt)
    blocks = re.findall(r"\^XA.*?\^XZ", code, re.DOTALL)
    assert len(blocks) == 2
    assert "^PW496" in blocks[0] and "^LL232" in blocks[0]  # 62 x 29 mm at 8 dots a mm
    assert "^CI28" in blocks[0]  # UTF-8: "français" prints as written
    assert re.search(r"\^BQN,2,\d+\^FH_\^FDMA,GAP-LT-0001\^FS", blocks[0])
    assert "^FDGAP-LT-0002^FS" in blocks[1]
    assert "^FDRAM 8 Go · SSD 256 Go^FS" in blocks[0]


def test_zpl_escapes_the_characters_the_printer_reads_as_commands():
    code = labels.zpl(
        [{"serial": "A^B~C_D", "lines": [], "structure": ""}], {"label_width": 101.6, "label_height": 50.8, "dpi": 300}
    )
    assert "^FDMA,A_5EB_7EC_5FD^FS" in code
    assert "^PW1200" in code and "^LL600" in code


def test_numbers_are_written_with_the_fewest_digits_in_the_language():
    assert labels.format_number(8.0) == "8"
    assert labels.format_number(1.5, ",") == "1,5"
