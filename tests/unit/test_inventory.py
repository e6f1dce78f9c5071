import io
import zipfile

import pytest
from plain import load, xlsx_bytes

inventory = load("filiere_reemploi", "inventory")

TYPES = {
    "portable": "laptop",
    "ordinateur portable": "laptop",
    "laptop": "laptop",
    "ecran": "screen",
    "screen": "screen",
}


def resolve(text):
    return TYPES.get(inventory.normalise(text))


def parse(content, filename="inventaire.csv"):
    return inventory.parse_inventory(content, filename, resolve, max_year=2027)


def errors_of(content, filename="inventaire.csv"):
    with pytest.raises(inventory.InventoryError) as info:
        parse(content, filename)
    return [(row, code) for row, code, _params in info.value.errors]


FRENCH = (
    "Matériel;Quantité;Marque;Modèle;Année;Usage;Statut;N° de série\n"
    "Portable;1;Lenovo;ThinkPad T480;2018;Bureautique;Fonctionnel;PF1ABCD\n"
    "Écran;3;Dell;P2219H;2019;Bureautique;Fonctionnel;\n"
    "portable;2;HP;EliteBook 840 G5;2018;;;5CG1, 5CG2\n"
).encode()


def test_french_csv_with_semicolons_and_accents():
    devices = parse(FRENCH)
    assert [(d["row"], d["device_type"], d["serial"]) for d in devices] == [
        (2, "laptop", "PF1ABCD"),
        (3, "screen", None),
        (3, "screen", None),
        (3, "screen", None),
        (4, "laptop", "5CG1"),
        (4, "laptop", "5CG2"),
    ]
    first = devices[0]
    assert (first["brand"], first["model"], first["year"], first["usage"], first["status"]) == (
        "Lenovo",
        "ThinkPad T480",
        2018,
        "Bureautique",
        "Fonctionnel",
    )
    assert [d["index"] for d in devices[1:4]] == [1, 2, 3]


def test_windows_1252_export_from_french_excel():
    assert len(parse(FRENCH.decode("utf-8").encode("cp1252"))) == 6


def test_english_headers_comma_separated_any_column_order():
    content = b"Serial number,Device,Brand,Model,Year,Quantity\nSN-1,Laptop,Dell,Latitude 5490,2019,1\n"
    [device] = parse(content)
    assert (device["serial"], device["device_type"], device["brand"], device["year"]) == (
        "SN-1",
        "laptop",
        "Dell",
        2019,
    )


def test_xlsx_numbers_become_text():
    content = xlsx_bytes(
        [
            ["Matériel", "Quantité", "Marque", "Modèle", "Année", "N° de série"],
            ["Portable", 1, "Acer", "TravelMate", 2017.0, 123456789],
            [None, None, None, None, None, None],
            ["Ecran", 2, "Iiyama", "ProLite", 2020, None],
        ]
    )
    devices = parse(content, "inventaire.xlsx")
    assert [(d["row"], d["serial"], d["year"]) for d in devices] == [
        (2, "123456789", 2017),
        (4, None, 2020),
        (4, None, 2020),
    ]


def test_every_bad_row_is_reported_at_once():
    content = (
        "Matériel;Quantité;Année;N° de série\n"
        "Portable;1;2018;A1\n"
        "Grille-pain;1;2018;A2\n"  # 3: unknown type
        "Portable;1;2018;\n"  # 4: missing serial
        "Portable;1;2018;A1\n"  # 5: duplicate of row 2
        "Portable;deux;2018;A5\n"  # 6: bad quantity
        "Portable;1;18;A6\n"  # 7: bad year
        "Portable;2;2018;A7\n"  # 8: two devices, one serial
        ";1;2018;A8\n"  # 9: no type
    ).encode()
    assert errors_of(content) == [
        (3, "unknown_type"),
        (4, "missing_serial"),
        (5, "duplicate_in_file"),
        (6, "bad_quantity"),
        (7, "bad_year"),
        (8, "serial_count"),
        (9, "missing_type"),
    ]


def test_duplicate_reports_first_row():
    content = b"Device;Serial\nLaptop;X\nLaptop;X\n"
    with pytest.raises(inventory.InventoryError) as info:
        parse(content)
    assert info.value.errors == [(3, "duplicate_in_file", {"serial": "X", "first_row": 2})]


@pytest.mark.parametrize(
    "content,filename,code",
    [
        (b"", "inventaire.csv", "empty"),
        (b"\n\n", "inventaire.csv", "empty"),
        (b"\x00\x01\x02garbage\xff", "inventaire.csv", "unreadable"),
        (b"PK\x03\x04 this is no workbook", "inventaire.xlsx", "unreadable"),
        (b"just text", "inventaire.xlsx", "unreadable"),
        (b"Nom;Adresse\nDupont;Gap\n", "inventaire.csv", "missing_columns"),
    ],
)
def test_unreadable_files(content, filename, code):
    assert [c for _row, c in errors_of(content, filename)] == [code]


def test_header_normalisation():
    assert inventory.normalise("  N° de Série ") == "n de serie"
    assert inventory.normalise("Quantité") == "quantite"


# ----------------------------------------------------------------------
# Crafted files: at most MAX_ROWS rows and MAX_COLUMNS columns are read
# ----------------------------------------------------------------------
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
_SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
_BOOK_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"


def _cell(reference, text):
    return f'<c r="{reference}" t="inlineStr"><is><t>{text}</t></is></c>'


def _header_row():
    return f'<row r="1">{_cell("A1", "Matériel")}{_cell("B1", "N° de série")}</row>'


def _crafted_xlsx(rows_xml, dimension="A1:XFD1048576"):
    """A workbook written by hand, with whatever dimension it claims: no spreadsheet program involved."""
    parts = {
        "[Content_Types].xml": f'<Types xmlns="{_CONTENT_TYPES}">'
        f'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        f'<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{_BOOK_TYPE}"/>'
        f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_SHEET_TYPE}"/></Types>',
        "_rels/.rels": f'<Relationships xmlns="{_RELS}"><Relationship Id="rId1" '
        f'Type="{_DOC_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{_MAIN}" xmlns:r="{_DOC_RELS}">'
        '<sheets><sheet name="Inventaire" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{_RELS}"><Relationship Id="rId1" '
        f'Type="{_DOC_RELS}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{_MAIN}"><dimension ref="{dimension}"/>'
        f"<sheetData>{rows_xml}</sheetData></worksheet>",
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, '<?xml version="1.0" encoding="UTF-8"?>' + text)
    return buffer.getvalue()


def _count_rows_read(monkeypatch):
    counter = {"rows": 0}
    trimmed = inventory._trimmed

    def counting(values):
        counter["rows"] += 1
        return trimmed(values)

    monkeypatch.setattr(inventory, "_trimmed", counting)
    return counter


def test_crafted_dimension_with_a_cell_in_the_last_row_is_refused(monkeypatch):
    content = _crafted_xlsx(_header_row() + f'<row r="1048576">{_cell("XFD1048576", "x")}</row>')
    assert len(content) < 2000, "the attack file is about 1.5 KB"
    rows_read = _count_rows_read(monkeypatch)
    with pytest.raises(inventory.InventoryError) as info:
        parse(content, "inventaire.xlsx")
    assert info.value.errors == [(0, "too_many_rows", {"max_rows": 20000})]
    assert rows_read["rows"] == inventory.MAX_ROWS, "reading stopped at the first row past the limit"


def test_crafted_dimension_alone_reads_only_the_real_cells():
    content = _crafted_xlsx(_header_row() + f'<row r="2">{_cell("A2", "Portable")}{_cell("B2", "SN-1")}</row>')
    assert [(d["row"], d["serial"]) for d in parse(content, "inventaire.xlsx")] == [(2, "SN-1")]


def test_xlsx_with_too_many_rows_is_refused():
    rows = "".join(
        f'<row r="{n}">{_cell(f"A{n}", "Portable")}{_cell(f"B{n}", f"SN-{n}")}</row>' for n in range(2, 20002)
    )
    content = _crafted_xlsx(_header_row() + rows, dimension="A1:B20001")
    assert errors_of(content, "inventaire.xlsx") == [(0, "too_many_rows")]


def test_xlsx_with_a_cell_past_the_last_column_read_is_refused():
    # Column 201 is GS.
    content = _crafted_xlsx(_header_row() + f'<row r="2">{_cell("A2", "Portable")}{_cell("GS2", "x")}</row>')
    with pytest.raises(inventory.InventoryError) as info:
        parse(content, "inventaire.xlsx")
    assert info.value.errors == [(2, "too_many_columns", {"max_columns": 200})]


def test_xlsx_last_column_read_is_accepted():
    # Column 200 is GR: still read, and ignored as no header names it.
    row = f'<row r="2">{_cell("A2", "Portable")}{_cell("B2", "SN-1")}{_cell("GR2", "note")}</row>'
    assert [d["serial"] for d in parse(_crafted_xlsx(_header_row() + row), "inventaire.xlsx")] == ["SN-1"]


def test_workbook_too_large_once_uncompressed_is_refused(monkeypatch):
    monkeypatch.setattr(inventory, "MAX_XLSX_UNCOMPRESSED", 50_000)
    padding = " " * 60_000  # compresses to almost nothing
    content = _crafted_xlsx(_header_row() + padding, dimension="A1:B1")
    assert len(content) < 5000
    assert errors_of(content, "inventaire.xlsx") == [(0, "too_large_uncompressed")]


def test_csv_row_limit():
    rows = "".join(f"Portable;SN-{n}\n" for n in range(2, 20001))
    assert len(parse(f"Matériel;N° de série\n{rows}".encode())) == 19999, "20,000 rows with the header are read"
    assert errors_of(f"Matériel;N° de série\n{rows}Portable;SN-LAST\n".encode()) == [(0, "too_many_rows")]


def test_csv_column_limit():
    header = "Matériel;N° de série" + ";" * 198  # empty trailing cells are not columns
    assert len(parse(f"{header}\nPortable;SN-1{';x' * 198}\n".encode())) == 1
    assert errors_of(f"{header}\nPortable;SN-1{';x' * 199}\n".encode()) == [(2, "too_many_columns")]
