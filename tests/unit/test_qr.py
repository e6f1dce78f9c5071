import random
import string

import qrcode
from plain import load

qr = load("filiere_wipe", "qr")


def reference(text):
    """The symbol the qrcode library makes, its mask chosen by scoring the eight."""
    symbol = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    symbol.add_data(text)
    symbol.make(fit=True)
    return [[bool(cell) for cell in row] for row in symbol.modules]


def test_same_symbol_as_the_qrcode_library_for_urls_and_long_texts():
    rng = random.Random(14)
    texts = [f"https://reemploi.example/filiere/certificate/{rng.getrandbits(64):016X}" for _ in range(60)]
    # Longer texts reach versions 7 and more, which carry their version information too.
    texts += ["".join(rng.choice(string.printable) for _ in range(rng.randint(1, 600))) for _ in range(30)]
    texts += ["1234567890", "HELLO WORLD", "é€ñ"]
    for text in texts:
        assert qr.modules(text) == reference(text), text


def test_masks_are_chosen_not_fixed():
    """Different data leads to different masks: the scoring runs (a fixed mask would pass the test above
    only by luck)."""
    rng = random.Random(3)
    patterns = set()
    for _ in range(40):
        text = f"https://reemploi.example/filiere/certificate/{rng.getrandbits(64):016X}"
        symbol = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
        symbol.add_data(text)
        symbol.make(fit=True)
        patterns.add(symbol.best_mask_pattern())
    assert len(patterns) > 2
