"""Inventory files in the shapes donors hand over: GLPI, Intune, Snipe-IT, Jamf, a town hall's sheet."""

import pytest
from plain import load, xlsx_bytes

inventory = load("filiere_reemploi", "inventory")
aliases = load("filiere_reemploi", "inventory_aliases")

CODES = {code: code for code in aliases.TYPE_WORDS}


def resolver(remembered=None):
    return inventory.TypeResolver(CODES, remembered=remembered)


def parse(content, filename="export.csv", remembered=None, columns=None):
    return inventory.parse_inventory(content, filename, resolver(remembered), max_year=2027, columns=columns)


def preview(content, filename="export.csv", remembered=None):
    return inventory.preview_inventory(content, filename, resolver(remembered))


GLPI = (
    "Nom;Entité;Statut;Fabricant;Numéro de série;Type;Modèle;Système d'exploitation - Nom;Lieu;Utilisateur\n"
    "PC-COMPTA-01;Mairie;En stock;Dell Inc.;5CD1234XYZ;Notebook;Latitude 5490;Microsoft Windows 10 Pro;Compta;jdupont\n"
    "PC-ACCUEIL-02;Mairie;En stock;Hewlett-Packard;CZC7041ABC;Mini Tower;HP ProDesk 600 G3 MT;Windows 10;Accueil;\n"
    "PC-ETATCIVIL;Mairie;En stock;LENOVO;MJ0ABCDE;All in One;ThinkCentre M820z;Windows 10;État civil;\n"
    "PC-DG;Mairie;En stock;Dell Inc.;GZT9K33;Desktop;OptiPlex 7050;Windows 10;DG;\n"
    "PC-TECH;Mairie;En stock;Microsoft Corporation;0123456789;Convertible;Surface Laptop 3;Windows 11;ST;\n"
    "PC-SERV;Mairie;En stock;Fujitsu;YLAB001;Ordinateur;Esprimo P757;Windows 10;ST;\n"
    "BORNE-01;Mairie;En stock;Elo;ELO0001;Borne interactive;ESY15;Windows 10;Hall;\n"
    "BORNE-02;Mairie;En stock;Elo;ELO0002;Borne interactive;ESY15;Windows 10;Hall;\n"
    "TC-01;Mairie;En stock;HP;TC0001;Client léger;t530;ThinPro;Médiathèque;\n"
).encode()


def test_glpi_export_french_headers_semicolons():
    result = preview(GLPI)
    assert {result["header"][index]: field for field, index in result["columns"].items()} == {
        "Statut": "status",
        "Fabricant": "brand",
        "Numéro de série": "serial",
        "Type": "device_type",
        "Modèle": "model",
        "Système d'exploitation - Nom": "os",
    }, "Nom, Entité, Lieu and Utilisateur are not read"
    assert result["rows"] == 9
    assert result["unknown"] == [("Borne interactive", 2), ("Client léger", 1)], "each word once, with its rows"
    with pytest.raises(inventory.InventoryError) as info:
        parse(GLPI)
    assert [(row, code) for row, code, _params in info.value.errors] == [
        (8, "unknown_type"),
        (9, "unknown_type"),
        (10, "unknown_type"),
    ]
    devices = parse(GLPI, remembered={"borne interactive": "other", "client leger": inventory.SKIP})
    assert [(d["serial"], d["device_type"]) for d in devices] == [
        ("5CD1234XYZ", "laptop"),
        ("CZC7041ABC", "desktop"),
        ("MJ0ABCDE", "desktop"),
        ("GZT9K33", "desktop"),
        ("0123456789", "laptop"),
        ("YLAB001", "desktop"),  # 'Ordinateur' says nothing: the Esprimo model does
        ("ELO0001", "other"),
        ("ELO0002", "other"),
    ]
    assert devices[0]["status"] == "En stock"
    assert "jdupont" not in repr(devices), "the user column is not read"


def test_glpi_english_export_windows_1252():
    content = (
        "Name;Status;Manufacturer;Serial number;Type;Model\n"
        "LT-1;In use;Dell;S1;Laptop;Latitude 7400\n"
        "TAB-1;In use;Samsung;S2;Tablet;Galaxy Tab S6\n"
        "DT-1;In use;HP;S3;Tower;Z2 Tower G4\n"
        "DT-2;In use;HP;S4;Low Profile Desktop;EliteDesk 800 G4\n"
        "DT-3;In use;HP;S5;Space-saving;ProDesk 400\n"
        "LT-2;In use;HP;S6;Sub Notebook;EliteBook 830\n"
        "LT-3;In use;Microsoft;S7;Detachable;Surface Pro 7\n"
    ).encode("cp1252")
    assert [d["device_type"] for d in parse(content)] == [
        "laptop",
        "tablet",
        "desktop",
        "desktop",
        "desktop",
        "laptop",
        "laptop",
    ]


INTUNE = (
    b"Device name,Managed by,Ownership,Compliance,OS,OS version,Last check-in,Primary user UPN,"
    b"Serial number,Manufacturer,Model\n"
    b"DESKTOP-1A,Intune,Corp.,Compliant,Windows,10.0.19045,2026-10-01,a@mairie.fr,PF2ABCDE,LENOVO,ThinkPad T14 Gen 1\n"
    b"DESKTOP-2B,Intune,Corporate,Compliant,Windows,10.0.19045,2026-10-01,b@mairie.fr,8HJK123,Dell Inc.,OptiPlex 3080\n"
    b"iPhone de C,Intune,Corporate,Compliant,iOS/iPadOS,16.7,2026-10-01,c@mairie.fr,F2LXK0AAHG7F,Apple,iPhone 11\n"
    b"iPad D,Intune,Corp.,Compliant,iOS/iPadOS,17.1,2026-10-01,d@mairie.fr,DMPXQ0AAQ1GC,Apple,iPad (9th generation)\n"
    b"Galaxy E,Intune,Corporate,Compliant,Android,13,2026-10-01,e@mairie.fr,R58N90AAAAA,samsung,SM-A526B\n"
    b"MAC-F,Intune,Corporate,Compliant,macOS,14.1,2026-10-01,f@mairie.fr,C02ZK0AAMD6M,Apple,MacBook Air (M1 2020)\n"
    b"VM-G,Intune,Corporate,Compliant,Windows,10.0.19045,2026-10-01,g@mairie.fr,VMW-1234,VMware Inc.,VMware7\n"
)


def test_intune_csv_without_type_column_infers_from_model_and_os():
    result = preview(INTUNE)
    assert "device_type" not in result["columns"]
    assert result["unknown"] == [("VMware7", 1)], "a model telling nothing is the word to map"
    devices = parse(INTUNE, remembered={"vmware7": inventory.SKIP})
    assert [(d["serial"], d["device_type"], d["brand"]) for d in devices] == [
        ("PF2ABCDE", "laptop", "LENOVO"),
        ("8HJK123", "desktop", "Dell Inc."),
        ("F2LXK0AAHG7F", "smartphone", "Apple"),
        ("DMPXQ0AAQ1GC", "tablet", "Apple"),
        ("R58N90AAAAA", "smartphone", "samsung"),  # SM-A526B says nothing: Android does
        ("C02ZK0AAMD6M", "laptop", "Apple"),
    ]


def test_snipe_it_and_asset_register_shapes():
    snipe = (
        b"Asset Tag,Asset Name,Model,Model No.,Category,Manufacturer,Serial,Status,Purchase Date\n"
        b"MAIRIE-0001,,Latitude 5420,5420,Laptops,Dell,SNIPE1,Ready to Deploy,2021-03-15\n"
    )
    [device] = parse(snipe)  # Snipe-IT's categories are plural
    assert (device["model"], device["brand"], device["serial"]) == ("Latitude 5420", "Dell", "SNIPE1")
    assert device["year"] == 2021, "the year of the purchase date"

    register = b"Asset Type,Asset Make,Asset Model,Serial No\nLaptop,HP,ProBook 450 G6,REG1\nMonitor,Dell,P2219H,REG2\n"
    assert [(d["device_type"], d["brand"], d["model"]) for d in parse(register)] == [
        ("laptop", "HP", "ProBook 450 G6"),
        ("screen", "Dell", "P2219H"),
    ]


def test_jamf_export_has_no_manufacturer():
    jamf = (
        b"Computer Name,Serial Number,Model,Model Identifier,Operating System Version\n"
        b'Mac-1,C02JAMF1,iMac (Retina 4K),"iMac18,3",12.6\n'
    )
    [device] = parse(jamf)
    assert (device["device_type"], device["serial"]) == ("desktop", "C02JAMF1")


def test_town_hall_sheet_desk_phones_are_never_smartphones():
    content = xlsx_bytes(
        [
            ["Service", "Matériel", "Marque", "Modèle", "N° de série", "État"],
            ["Accueil", "Téléphone", "Cisco", "CP-7821", "FCH1111", "Fonctionne"],
            ["Accueil", "Téléphone", "Yealink", "T46S", "YL2222", "Fonctionne"],
            ["Urbanisme", "Téléphone", "Alcatel-Lucent", "8028s Premium DeskPhone", "AL3333", "Fonctionne"],
            ["Élus", "Téléphone", "Apple", "iPhone SE", "F17IPH", "Écran fêlé"],
            ["Police", "Téléphone", "Crosscall", "Core-X4", "CC5555", "Fonctionne"],
            ["Standard", "Poste téléphonique", "Inconnu", "", "ST6666", ""],
            ["Accueil", "Téléphone IP", "", "", "IP7777", ""],
            ["Ateliers", "Ordinateur portable", "Dell", "Latitude 5590", "LT8888", ""],
            ["Ateliers", "Périphérique", "HP", "LaserJet", "PR9999", ""],
        ]
    )
    result = preview(content, "inventaire mairie.xlsx")
    assert result["unknown"] == [("Téléphone", 1)], "a phone that tells nothing is asked, not guessed"
    devices = parse(content, "inventaire mairie.xlsx", remembered={"telephone": "smartphone"})
    types = {d["serial"]: d["device_type"] for d in devices}
    assert types == {
        "FCH1111": "other",
        "YL2222": "other",
        "AL3333": "other",
        "F17IPH": "smartphone",
        "CC5555": "smartphone",  # the user's choice for the phone the sheet left unclear
        "ST6666": "other",
        "IP7777": "other",
        "LT8888": "laptop",
        "PR9999": "other",
    }
    assert devices[0]["usage"] == "Accueil" and devices[0]["status"] == "Fonctionne"


def test_a_remembered_smartphone_choice_never_turns_a_desk_phone_into_one():
    content = "Matériel;Marque;Modèle;N° de série\nTéléphone;Yealink;T42U;YL1\n".encode()
    [device] = parse(content, remembered={"telephone": "smartphone"})
    assert device["device_type"] == "other"


@pytest.mark.parametrize(
    "model,os_name,expected",
    [
        ("ThinkPad X1 Carbon", "", "laptop"),
        ("HP EliteBook 840 G5", "", "laptop"),
        ("ProBook 650", "", "laptop"),
        ("MacBook Pro (13-inch, 2019)", "macOS", "laptop"),
        ("Surface Laptop 4", "Windows", "laptop"),
        ("OptiPlex 7010", "", "desktop"),
        ("EliteDesk 800 G3 SFF", "", "desktop"),
        ("ThinkCentre M720q", "", "desktop"),
        ("iMac 24", "", "desktop"),
        ("iPhone 12", "iOS/iPadOS", "smartphone"),
        ("Galaxy S21", "", "smartphone"),
        ("Pixel 6a", "", "smartphone"),
        ("iPad Air", "iOS/iPadOS", "tablet"),
        ("Galaxy Tab A7", "Android", "tablet"),
        ("SM-G991B", "Android", "smartphone"),
        ("Unknown", "iPadOS", "tablet"),
        ("Unknown", "iOS/iPadOS", None),
        ("Precision 3630", "Windows", None),
        ("Pixelbook", "", None),
    ],
)
def test_type_inference(model, os_name, expected):
    assert aliases.infer_type(model, os_name, "", inventory.normalise) == expected


def test_user_mapping_replaces_the_guess():
    content = b"Hostname;Kind;Maker;Reference;Numero\nh1;Laptop;Dell;E7470;N-1\n"
    with pytest.raises(inventory.InventoryError) as info:
        parse(content)
    assert info.value.errors[0][1] == "missing_columns"
    [device] = parse(content, columns={"device_type": 1, "brand": 2, "model": 3, "serial": 4})
    assert (device["device_type"], device["model"], device["serial"]) == ("laptop", "E7470", "N-1")


def test_rows_are_read_one_at_a_time():
    rows = inventory.iter_table(b"Type;Serial\nLaptop;A\nLaptop;B\n", "x.csv")
    assert next(rows) == ["Type", "Serial"]
    assert not isinstance(rows, list)
    content = xlsx_bytes([["Type", "Serial"], ["Laptop", "A"]])
    assert not isinstance(inventory.iter_table(content, "x.xlsx"), list)
    assert list(inventory.iter_table(content, "x.xlsx")) == [["Type", "Serial"], ["Laptop", "A"]]


def test_undecodable_bytes_are_refused():
    content = b"Mat\xe9riel;N\xb0 de s\xe9rie\nPortable;\x81\x8d\n"  # neither UTF-8 nor Windows-1252
    with pytest.raises(inventory.InventoryError) as info:
        parse(content)
    assert [code for _row, code, _params in info.value.errors] == ["unreadable"]


def test_preview_of_a_large_file_reads_in_bounded_memory():
    import tracemalloc

    header = "Nom;Statut;Fabricant;Numéro de série;Type;Modèle\n"
    row = "PC-{0:05d};En stock;Dell Inc.;SN-{0:05d}-ABCDEFGHIJ;Notebook;Latitude 5490 with a longer model name\n"
    content = (header + "".join(row.format(n) for n in range(19_000))).encode()
    assert len(content) > 1_500_000
    tracemalloc.start()
    try:
        result = preview(content)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result["rows"] == 19_000 and not result["unknown"]
    assert peak < len(content) // 4, f"peak {peak} bytes for a file of {len(content)}: the rows are streamed"


def test_an_empty_type_cell_asks_for_the_model_in_preview_and_import_alike():
    content = b"Type;Model;Serial\nNotebook;Latitude 5490;E-1\n;Borne ESY15;E-2\n;;E-3\n"
    assert preview(content)["unknown"] == [("Borne ESY15", 1)]
    with pytest.raises(inventory.InventoryError) as info:
        parse(content)
    assert [(row, code, params) for row, code, params in info.value.errors] == [
        (3, "unknown_type", {"value": "Borne ESY15"}),
        (4, "missing_type", {}),
    ]
    with pytest.raises(inventory.InventoryError) as info:
        parse(content, remembered={"borne esy15": "other"})
    assert [(row, code) for row, code, _params in info.value.errors] == [(4, "missing_type")]


@pytest.mark.parametrize(
    "word,expected",
    [
        ("Laptops", "laptop"),
        ("Mobile Phones", "smartphone"),
        ("Monitors", "screen"),
        ("Ordinateurs portables", "laptop"),
        ("Écrans", "screen"),
        ("Souris", "mouse"),
        ("Tablettes", "tablet"),
        ("Téléphones", None),
        ("Bureaux", None),
    ],
)
def test_plural_type_words(word, expected):
    # A database naming 'telephone' a smartphone (an alias of older versions) changes nothing.
    types = inventory.TypeResolver(CODES, names={"telephone": "smartphone"})
    assert types.resolve({"device_type": word})[0] == expected
