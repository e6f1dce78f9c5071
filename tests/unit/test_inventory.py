import io

import openpyxl
import pytest
from plain import load

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


def _xlsx(rows):
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_xlsx_numbers_become_text():
    content = _xlsx(
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
