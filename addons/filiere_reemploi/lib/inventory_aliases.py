"""What donors' inventory exports call their columns and their devices.

Plain module (no Odoo import). Headers and words are compared once normalised
(lower case, no accents, punctuation as spaces: see ``inventory.normalise``), so
'N° de série', 'Numéro de série' and 'numero_de_serie' are one entry each.

Sources of the shapes: GLPI (French and English exports, chassis types of its
inventory agent), OCS Inventory (BIOS columns), Snipe-IT, Lansweeper, Microsoft
Intune, Jamf Pro, the 'Asset Type / Asset Make / Asset Model' sheets of asset
registers, and the home-made sheets of town halls.
"""

import re

# Device field -> accepted headers, best first. A column is mapped to the first field
# naming it; a field takes the leftmost column naming it.
HEADERS = {
    "device_type": (
        "materiel",
        "type de materiel",
        "type materiel",
        "type d equipement",
        "type equipement",
        "equipement",
        "equipment",
        "equipment type",
        "device",
        "device type",
        "hardware",
        "hardware type",
        "type",
        "categorie",
        "category",
        "asset type",
        "assettype",
        "asset type name",
        "assettypename",
        "asset category",
        "famille",
        "nature",
        "type d ordinateur",
        "computer type",
        "chassis",
        "chassis type",
        "type de chassis",
        "product type",
        "type de produit",
    ),
    "quantity": ("quantite", "qte", "nombre", "nb", "quantity", "qty", "count"),
    "brand": (
        "marque",
        "fabricant",
        "constructeur",
        "brand",
        "make",
        "manufacturer",
        "asset make",
        "vendor",
        "smanufacturer",
        "system manufacturer",
        "manufacturer name",
    ),
    "model": (
        "modele",
        "model",
        "asset model",
        "model name",
        "nom du modele",
        "smodel",
        "system model",
        "model no",
        "produit",
        "product",
    ),
    "year": (
        "annee",
        "annee de fabrication",
        "annee d acquisition",
        "annee d achat",
        "year",
        "year of manufacture",
        "purchase year",
        "date d achat",
        "date d acquisition",
        "date de mise en service",
        "mise en service",
        "purchase date",
        "acquisition date",
        "manufacture date",
        "date de fabrication",
    ),
    "usage": ("usage", "utilisation", "use", "service", "affectation", "department", "departement"),
    "status": (
        "statut",
        "etat",
        "status",
        "state",
        "condition",
        "etat du materiel",
        "etat de fonctionnement",
        "asset status",
        "status label",
    ),
    "serial": (
        "n de serie",
        "no de serie",
        "numero de serie",
        "num de serie",
        "n serie",
        "no serie",
        "numero serie",
        "serie",
        "serial",
        "serial number",
        "serialnumber",
        "serial no",
        "s n",
        "sn",
        "ssn",
        "bios serial",
        "bios serial number",
        "system serial number",
        "asset serial",
        "service tag",
        "imei",
    ),
    # The donor's value of the device when it is given (net book value of a fixed asset): the
    # tax receipt's value of an in-kind gift, and the 300 € limit of what a public body gives.
    "value": (
        "valeur nette comptable",
        "vnc",
        "valeur nette",
        "valeur comptable",
        "valeur residuelle",
        "valeur de cession",
        "valeur a la cession",
        "valeur unitaire",
        "valeur",
        "valeur eur",
        "valeur ht",
        "valeur ttc",
        "net book value",
        "nbv",
        "book value",
        "residual value",
        "current value",
        "value",
    ),
    "os": (
        "os",
        "systeme d exploitation",
        "systeme d exploitation nom",
        "operating system",
        "os name",
        "osname",
        "platform",
        "plateforme",
    ),
}
FIELDS = tuple(HEADERS)

# Device-type code -> words naming it in the type column.
TYPE_WORDS = {
    "laptop": (
        "laptop",
        "notebook",
        "sub notebook",
        "portable",
        "pc portable",
        "ordinateur portable",
        "ordinateur portatif",
        "ultraportable",
        "netbook",
        "chromebook",
        "convertible",
        "detachable",
        "2 en 1",
        "2 in 1",
        "laptop computer",
        "portable computer",
    ),
    "desktop": (
        "desktop",
        "tower",
        "mini tower",
        "micro tower",
        "tour",
        "mini tour",
        "all in one",
        "tout en un",
        "aio",
        "low profile desktop",
        "space saving",
        "lunch box",
        "pizza box",
        "mini pc",
        "stick pc",
        "sff",
        "small form factor",
        "usff",
        "ordinateur fixe",
        "ordinateur de bureau",
        "pc fixe",
        "pc de bureau",
        "poste fixe",
        "unite centrale",
        "uc",
        "desktop computer",
        "station de travail",
        "workstation",
    ),
    "tablet": ("tablet", "tablette", "tablette tactile", "tablet pc"),
    "smartphone": (
        "smartphone",
        "telephone mobile",
        "telephone portable",
        "mobile phone",
        "cell phone",
        "cellphone",
        "gsm",
        "mobile",
    ),
    "screen": ("ecran", "moniteur", "monitor", "display", "ecran plat"),
    "keyboard": ("clavier", "keyboard"),
    "mouse": ("souris", "mouse"),
    "printer": ("imprimante", "imprimante individuelle", "imprimante laser", "imprimante jet d encre", "printer"),
    "multifunction_printer": (
        "imprimante multifonction",
        "multifonction",
        "appareil multifonction",
        "appareil multifonctions",
        "mfp",
        "multifunction printer",
        "multifunction",
        "all in one printer",
        "copieur",
        "photocopieur",
        "copier",
    ),
    "dock": ("station d accueil", "dock", "docking station", "replicateur de ports", "port replicator"),
    "other": (
        "peripherique",
        "peripheral",
        "accessoire",
        "accessory",
        "autre",
        "other",
        "scanner",
        "telephone fixe",
        "telephone ip",
        "telephone de bureau",
        "telephone filaire",
        "poste telephonique",
        "poste telephonique fixe",
        "desk phone",
        "ip phone",
        "voip phone",
        "webcam",
        "casque",
        "headset",
    ),
}
# Words naming no type by themselves: the model or the operating system decides, else the
# user does. A bare 'Téléphone' is among them: in a town hall's sheet it is a desk phone as
# often as a mobile one.
GENERIC_WORDS = frozenset(
    (
        "ordinateur",
        "computer",
        "pc",
        "poste",
        "poste de travail",
        "materiel informatique",
        "windows",
        "linux",
        "apple mac",
        "mac",
        "appareil",
        "terminal",
        "unknown",
        "inconnu",
    )
)
PHONE_WORDS = frozenset(("telephone", "phone", "tel", "telephonie"))

# Inference from the model (and brand) words, first match wins: desk phones first so that
# no desk phone becomes a smartphone, tablets before the phone families they share a name with.
_MODEL_PATTERNS = (
    (
        "other",
        (
            r"\b(cisco|yealink|avaya|polycom|poly vvx|vvx|snom|grandstream|mitel|aastra|fanvil|gigaset|"
            r"alcatel lucent|temporis|ip touch|openstage|unify|deskphone|kx (ts|ut|hdv|nt|dt))\b|"
            r"\b(alcatel)\b.*\b(4\d{3}|8\d{3}|ip)\b|\b(ip phone|telephone ip|sip phone)\b"
        ),
    ),
    ("tablet", r"\b(ipad|galaxy tab|tab [as]\d*|tab m\d+|lenovo tab|mediapad|matepad|fire hd|surface go)\b"),
    (
        "laptop",
        (
            r"\b(thinkpad|latitude|elitebook|probook|zbook|macbook|surface laptop|surface book|ideapad|"
            r"chromebook|travelmate|expertbook|vivobook|zenbook|lifebook|toughbook|portege|tecra|dynabook|"
            r"galaxy book|matebook|notebook|laptop)\b"
        ),
    ),
    (
        "desktop",
        (
            r"\b(optiplex|prodesk|elitedesk|elite mini|thinkcentre|thinkstation|ideacentre|imac|mac mini|"
            r"mac pro|mac studio|veriton|esprimo|precision tower|z2 tower|nuc|desktop|mini tower|all in one)\b"
        ),
    ),
    (
        "smartphone",
        (
            r"\b(iphone|galaxy|pixel|redmi|xiaomi|oneplus|fairphone|xperia|moto [eg]\d*|nokia \d+|oppo|realme|"
            r"honor|huawei p\d+|smartphone)\b"
        ),
    ),
)
_MODEL_REGEXES = tuple((code, re.compile(pattern)) for code, pattern in _MODEL_PATTERNS)
# Operating system words, when the model told nothing.
_OS_PATTERNS = (
    ("tablet", re.compile(r"^ipados\b")),
    ("smartphone", re.compile(r"^(ios|android|iphone os)\b")),
    ("laptop", re.compile(r"^(chrome os|chromeos)\b")),
)


def infer_type(model, os_name="", brand="", normalise=None):
    """Device-type code guessed from the model, brand and OS texts, or None.

    The texts are normalised by the caller's ``normalise`` (the inventory one).
    'iOS/iPadOS' (Intune) decides nothing alone: the model tells an iPad from an iPhone.
    """
    text = normalise(f"{brand} {model}")
    if text:
        for code, regex in _MODEL_REGEXES:
            if regex.search(text):
                return code
    os_text = normalise(os_name)
    if os_text and not os_text.startswith("ios ipados"):
        for code, regex in _OS_PATTERNS:
            if regex.search(os_text):
                return code
    return None
