"""QR codes for documents printed by the hundred: the ``qrcode`` library's code, its mask found faster.

Plain module (no Odoo import). A QR code's data is drawn through one of eight masks and the
encoder keeps the one with the fewest penalty points (ISO/IEC 18004, 7.8.3). ``qrcode`` (as
reportlab's encoder) lays the whole symbol out eight times to score them, which was most of the
time of a certificate's PDF. Here the symbol is laid out once; each other mask is that layout
with the data modules flipped where the two masks differ, scored on rows held as integers. The
mask chosen, so the symbol, is the one ``qrcode`` chooses (tests/unit/test_qr.py checks it).
"""

import functools
import itertools
import re

import qrcode
from qrcode import util

_LONG_RUN = re.compile(r"0{5,}|1{5,}")
# Dark-light-dark-dark-dark-light-dark with four light modules after or before (a finder look-alike).
_FINDER_LIKE = re.compile(r"(?=10111010000|00001011101)")


def _as_int(cells):
    """A row (or column) of modules as an integer, bit i for module i."""
    value = 0
    for index, cell in enumerate(cells):
        if cell:
            value |= 1 << index
    return value


def _rows_and_columns(matrix):
    return [_as_int(row) for row in matrix], [_as_int(column) for column in zip(*matrix, strict=True)]


@functools.lru_cache(maxsize=40)
def _flips(version):
    """Per mask, the modules that differ from mask 0: the data modules where the two masks differ.

    The function patterns and the (blank, while scoring) format and version areas never change.
    """
    symbol = qrcode.QRCode(version=version)
    count = symbol.modules_count = version * 4 + 17
    symbol.modules = [[None] * count for _row in range(count)]
    symbol.setup_position_probe_pattern(0, 0)
    symbol.setup_position_probe_pattern(count - 7, 0)
    symbol.setup_position_probe_pattern(0, count - 7)
    symbol.setup_position_adjust_pattern()
    symbol.setup_timing_pattern()
    symbol.setup_type_info(True, 0)
    if version >= 7:
        symbol.setup_type_number(True)
    free = [[cell is None for cell in row] for row in symbol.modules]
    masks = [util.mask_func(pattern) for pattern in range(8)]
    flips = []
    for mask in masks:
        matrix = [
            [free[row][col] and bool(masks[0](row, col)) != bool(mask(row, col)) for col in range(count)]
            for row in range(count)
        ]
        flips.append(_rows_and_columns(matrix))
    return count, flips


def _penalty(rows, columns, count):
    """The penalty points of a symbol (``qrcode.util.lost_point``), from its rows and columns as integers."""
    width = f"0{count}b"
    # All the lines in one text, "2" between them so that no pattern spans two lines.
    text = "2".join(format(line, width) for line in (*rows, *columns))
    # Runs of five or more modules of one colour: 3 points, plus 1 per module beyond five.
    runs = _LONG_RUN.findall(text)
    points = sum(map(len, runs)) - 2 * len(runs)
    points += 40 * len(_FINDER_LIKE.findall(text))
    # 2 x 2 blocks of one colour: 3 points each.
    pairs = (1 << (count - 1)) - 1
    for upper, lower in itertools.pairwise(rows):
        same_column = ~(upper ^ lower)
        same_row = ~(upper ^ (upper >> 1))
        points += 3 * (same_column & (same_column >> 1) & same_row & pairs).bit_count()
    # Proportion of dark modules: 10 points per 5 % away from half.
    dark = sum(row.bit_count() for row in rows)
    points += int(abs(float(dark) / count**2 * 100 - 50) / 5) * 10
    return points


def modules(text):
    """The module matrix of the QR code of ``text`` (error correction level M, no quiet zone):
    a list of rows of booleans, True for a dark module."""
    symbol = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    symbol.add_data(text)
    symbol.best_fit()
    count, flips = _flips(symbol.version)
    symbol.makeImpl(True, 0)
    base_rows, base_columns = _rows_and_columns(symbol.modules)
    best = None
    for pattern, (flip_rows, flip_columns) in enumerate(flips):
        rows = [row ^ flip for row, flip in zip(base_rows, flip_rows, strict=True)]
        columns = [column ^ flip for column, flip in zip(base_columns, flip_columns, strict=True)]
        points = _penalty(rows, columns, count)
        if best is None or points < best[0]:
            best = (points, pattern)
    # The symbol of the mask chosen, then its format (and version) information.
    flip_rows = flips[best[1]][0]
    symbol.modules = [
        [bool((row ^ flip) >> col & 1) for col in range(count)] for row, flip in zip(base_rows, flip_rows, strict=True)
    ]
    symbol.setup_type_info(False, best[1])
    if symbol.version >= 7:
        symbol.setup_type_number(False)
    return [[bool(cell) for cell in row] for row in symbol.modules]
