"""QR codes for documents printed by the hundred: the ``qrcode`` library's code, its mask found faster.

Plain module (no Odoo import). A QR code's data is drawn through one of eight masks and the
encoder keeps the one with the fewest penalty points (ISO/IEC 18004, 7.8.3). ``qrcode`` (as
reportlab's encoder) lays the whole symbol out eight times to score them, which was most of the
time of a certificate's PDF. Here the data bits are placed once, and each mask applied to them
as integers (one per row and per column), on which the penalty is scored. The
mask chosen, so the symbol, is the one ``qrcode`` chooses (tests/unit/test_qr.py checks it).
The data modules are placed in ``qrcode``'s order, computed once per version.
"""

import functools
import itertools
import re

import qrcode
from qrcode import util

_LONG_RUN = re.compile(r"0{5,}|1{5,}")
# Dark-light-dark-dark-dark-light-dark with four light modules after or before (a finder look-alike);
# neither overlaps itself, so counting them with str.count misses none.
_FINDER_LIKE = ("10111010000", "00001011101")


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
def _layout(version):
    """What every symbol of ``version`` shares, while its mask is being scored.

    (count, fixed rows, fixed columns, the data modules in their placement order, and per mask the
    data modules it darkens as rows and columns): the function patterns, the blank format and
    version areas, and the order ``qrcode``'s ``map_data`` fills the other modules in.
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
    matrix = symbol.modules
    order = []
    row, step = count - 1, -1
    for col in range(count - 1, 0, -2):
        if col <= 6:
            col -= 1
        while True:
            order.extend((row, cell) for cell in (col, col - 1) if matrix[row][cell] is None)
            row += step
            if row < 0 or row >= count:
                row -= step
                step = -step
                break
    fixed = _rows_and_columns([[bool(cell) for cell in cells] for cells in matrix])
    masks = []
    for pattern in range(8):
        mask = util.mask_func(pattern)
        darkened = [[False] * count for _row in range(count)]
        for row, col in order:
            darkened[row][col] = bool(mask(row, col))
        masks.append(_rows_and_columns(darkened))
    return count, fixed, order, masks


def _penalty(rows, columns, count):
    """The penalty points of a symbol (``qrcode.util.lost_point``), from its rows and columns as integers."""
    width = f"0{count}b"
    # All the lines in one text, "2" between them so that no pattern spans two lines.
    text = "2".join(format(line, width) for line in (*rows, *columns))
    # Runs of five or more modules of one colour: 3 points, plus 1 per module beyond five.
    runs = _LONG_RUN.findall(text)
    points = sum(map(len, runs)) - 2 * len(runs)
    points += 40 * sum(text.count(pattern) for pattern in _FINDER_LIKE)
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
    count, (fixed_rows, fixed_columns), order, masks = _layout(symbol.version)
    data = util.create_data(symbol.version, symbol.error_correction, symbol.data_list)
    # The data bits in their modules, unmasked (the modules left after the data stay light).
    bits = len(data) * 8
    rows, columns = [0] * count, [0] * count
    for index, (row, col) in enumerate(order[:bits]):
        if data[index >> 3] >> (7 - (index & 7)) & 1:
            rows[row] |= 1 << col
            columns[col] |= 1 << row
    best = None
    for pattern, (mask_rows, mask_columns) in enumerate(masks):
        masked_rows = [fixed | (placed ^ mask) for fixed, placed, mask in zip(fixed_rows, rows, mask_rows, strict=True)]
        masked_columns = [
            fixed | (placed ^ mask) for fixed, placed, mask in zip(fixed_columns, columns, mask_columns, strict=True)
        ]
        points = _penalty(masked_rows, masked_columns, count)
        if best is None or points < best[0]:
            best = (points, pattern, masked_rows)
    # The symbol of the mask chosen, then its format (and version) information.
    _points, pattern, masked_rows = best
    symbol.modules_count = count
    symbol.modules = [[bool(row >> col & 1) for col in range(count)] for row in masked_rows]
    symbol.setup_type_info(False, pattern)
    if symbol.version >= 7:
        symbol.setup_type_number(False)
    return [[bool(cell) for cell in row] for row in symbol.modules]
