"""Line items from tagged words: cells grouped into rows by where they are printed.

A row begins at a cell the model marks as an item start; every other cell joins the row whose
start is printed on its line or the nearest above it. Text extraction hands a PDF table's words
over in its own order, often column by column (every description, then every quantity, ...), so
the order of the words cannot say which row a cell belongs to; the page geometry can."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

import numpy as np

from docai.extract.decode import TaggedPage
from docai.extract.item_starts import (
    MULTIPLICATION_SIGNS,
    START_THRESHOLD,
    has_letter,
    item_name_starts,
)
from docai.extract.normalize import normalize_amount, normalize_quantity, parse_decimal
from docai.extract.tags import LINE_ITEM_PREFIX, is_line_item
from docai.extract.validate import TOLERANCE, currency_mark
from docai.geometry import union_all
from docai.layout.regions import lines_of
from docai.model import LineItem, Word

PAIRWISE_RUN = 400  # words compared pairwise at a time when measuring how a page's lines slope
NEXT_LINE = 1.5  # line heights from a line's bottom to the top of the next line of print


@dataclass(frozen=True)
class Cell:
    page_no: int
    column: str
    word: Word
    probability: float


def line_items(tagged: list[TaggedPage], tags: list[str],
               start_threshold: float = START_THRESHOLD) -> list[LineItem]:
    """Rows page by page, top to bottom."""
    column_of = {i: t.removeprefix(LINE_ITEM_PREFIX) for i, t in enumerate(tags) if is_line_item(t)}
    description = tags.index(f"{LINE_ITEM_PREFIX}description")
    rows: list[list[Cell]] = []
    for item in sorted(tagged, key=lambda page: page.page.page_no):
        if not len(item.page.words):
            continue
        best = item.probs.argmax(axis=1)
        cells, starts = [], []
        for index, tag_index in enumerate(best):
            if (column := column_of.get(int(tag_index))) is not None:
                cells.append(Cell(item.page.page_no, column, item.page.words[index],
                                  float(item.probs[index, tag_index])))
                starts.append(bool(item.starts[index] >= start_threshold))
        for index in item_name_starts(item.page.words, item.probs, item.starts, tags,
                                      start_threshold):
            cells.append(Cell(item.page.page_no, "description", item.page.words[index],
                              float(item.probs[index, description])))
            starts.append(True)
        lone_marks = lone_currency_marks(cells)
        starts = [start for cell, start in zip(cells, starts) if id(cell.word) not in lone_marks]
        cells = [cell for cell in cells if id(cell.word) not in lone_marks]
        rows.extend(name_over_numbers(cells, starts) or two_line_items(
            [priced_by_arithmetic(part) for row in page_rows(cells, starts, item.page.words)
             for part in one_item_per_amount_line(row)]))
    return [line_item(number, row) for number, row in enumerate(rows, start=1)]


def lone_currency_marks(cells: list[Cell]) -> set[int]:
    """ids of the description words that are only a currency mark on a line whose other
    description words, if any, are numbers ("4 x CHF 11.24  44.96", the price read as
    description too): no part of an item's name."""
    marks = set()
    for line in lines_of([cell.word for cell in cells if cell.column == "description"]):
        found = {id(word) for word in line if currency_mark(word.text)}
        if found and all(id(word) in found or not has_letter(word.text) for word in line):
            marks |= found
    return marks


def page_rows(cells: list[Cell], starts: list[bool], words: list[Word]) -> list[list[Cell]]:
    """One page's cells (in text order) as rows top to bottom. Starts printed on one line open one
    row; cells above the page's first start form a row of their own, as the words before a
    start always did (line_item reads each row's words line by line). Heights are compared
    along the page's lines (`words`: all its words), which
    on a scan turned by a degree climb ~9 points across a 500-point table, more than half a row."""
    if not cells:
        return []
    anchors: list[Word] = []  # the first start word of each row, top to bottom
    for word in sorted((c.word for c, start in zip(cells, starts) if start), key=_center):
        if not anchors or not _center_within(word, anchors[-1]):
            anchors.append(word)
    slope = line_slope(words) if anchors else 0.0
    levels = sorted(_center(anchor) - _middle(anchor) * slope for anchor in anchors)
    rows: dict[int, list[Cell]] = {}  # anchor index (-1: above every start) -> cells
    for cell in cells:
        bottom = cell.word.box.y1 - _middle(cell.word) * slope
        rows.setdefault(int(np.searchsorted(levels, bottom, side="right")) - 1, []).append(cell)
    return [rows[row] for row in sorted(rows)]


def one_item_per_amount_line(row: list[Cell]) -> list[list[Cell]]:
    """A row whose amounts are printed on more than one line is that many items (the model
    missed a start): each line with an amount begins one, the lines above the first amount line
    belong to the first item and every other line to the item above it (a wrapped
    description)."""
    lines = _cell_lines(row)
    priced = [any(cell.column == "amount" for cell in line) for line in lines]
    if sum(priced) < 2:
        return [row]
    items: list[list[Cell]] = []
    for line, has_amount in zip(lines, priced):
        if not items or (has_amount and any(cell.column == "amount" for cell in items[-1])):
            items.append(line)
        else:
            items[-1].extend(line)
    return items


def priced_by_arithmetic(row: list[Cell]) -> list[Cell]:
    """A row with a quantity and an amount but no unit price: a description word that is wholly a
    number and times the quantity makes the amount is the unit price ("1 x 9.11  9.11", the price
    read as description), and a multiplication sign is then no description."""
    columns = {cell.column for cell in row}
    if "unit_price" in columns or not {"quantity", "amount"} <= columns:
        return row
    quantity = parse_decimal(normalize_quantity(_column_text(row, "quantity")))
    amount = parse_decimal(normalize_amount(_column_text(row, "amount")))
    if quantity is None or amount is None:
        return row
    for index, cell in enumerate(row):
        if cell.column == "description" and _prices(cell.word.text, quantity, amount):
            priced = [*row[:index], replace(cell, column="unit_price"), *row[index + 1:]]
            return [c for c in priced if not (c.column == "description"
                                              and c.word.text in MULTIPLICATION_SIGNS)]
    return row


def _prices(text: str, quantity: Decimal, amount: Decimal) -> bool:
    price = None if has_letter(text) else parse_decimal(text)
    return price is not None and abs(quantity * price - amount) <= TOLERANCE


def name_over_numbers(cells: list[Cell], starts: list[bool]) -> list[list[Cell]] | None:
    """Items printed as a name line over a numbers line (`qty x price  amount`), when every line
    of the page's item cells is one or the other and each numbers line is under a name: each
    name line with the numbers line below it is one item, whatever the starts on the numbers
    lines say (the model marks some items' start there only); a name line runs on from the one
    above unless a start is marked on it. None for any other table."""
    lines = _cell_lines(cells)
    if not lines or not _description_only(lines[0]):  # most tables: name and numbers on a line
        return None
    started = {id(cell.word) for cell, start in zip(cells, starts) if start}
    lines = [priced_by_arithmetic(line) for line in lines]
    names = [_description_only(line) for line in lines]
    numbers = [not any(cell.column == "description" for cell in line) for line in lines]
    if (not all(n or m for n, m in zip(names, numbers)) or not any(numbers)
            or any(numbers[i] and numbers[i - 1] for i in range(1, len(lines)))):
        return None
    items: list[list[Cell]] = []
    for index, line in enumerate(lines):
        opens = index == 0 or numbers[index - 1] or (
            names[index] and any(id(cell.word) in started for cell in line))
        if opens:
            items.append([])
        items[-1].extend(line)
    return items


def two_line_items(rows: list[list[Cell]]) -> list[list[Cell]]:
    """A row holding only a description, followed by a row of numbers with no description whose
    first line is the next line of print, is one item printed on two lines (a receipt's name,
    then `qty x price  amount` under it): a start marked on each line opened two rows."""
    merged: list[list[Cell]] = []
    for row in rows:
        if merged and _description_only(merged[-1]) and _continues_below(merged[-1], row):
            merged[-1] = merged[-1] + row
        else:
            merged.append(row)
    return merged


def _description_only(row: list[Cell]) -> bool:
    return all(cell.column == "description" for cell in row)


def _continues_below(above: list[Cell], row: list[Cell]) -> bool:
    if any(cell.column == "description" for cell in row):
        return False
    bottom = max(cell.word.box.y1 for cell in above)
    height = float(np.median([cell.word.box.height for cell in above]))
    top = min(cell.word.box.y0 for cell in row)
    return bottom - height <= top <= bottom + NEXT_LINE * height


def _cell_lines(cells: list[Cell]) -> list[list[Cell]]:
    """The cells grouped into lines of print, top to bottom, each left to right."""
    cell_of = {id(cell.word): cell for cell in cells}
    return [[cell_of[id(word)] for word in line] for line in lines_of([c.word for c in cells])]


def _column_text(row: list[Cell], column: str) -> str | None:
    found = [cell.word for cell in row if cell.column == column]
    return " ".join(w.text for line in lines_of(found) for w in line) if found else None


def line_slope(words: list[Word], most: float = 0.05) -> float:
    """The median rise (points down per point right) between neighbouring words of a line: 0 on
    a digital page, about -0.017 on a scan turned a degree anticlockwise; at most `most` either
    way. Words are compared pairwise in overlapping runs of PAIRWISE_RUN from the top, so a
    dense page costs memory in proportion to its words, not their square."""
    ordered = sorted(words, key=_center)
    step = PAIRWISE_RUN * 3 // 4
    rises = np.concatenate([neighbour_rises(ordered[first:first + PAIRWISE_RUN])
                            for first in range(0, max(1, len(ordered) - PAIRWISE_RUN // 4), step)])
    if len(rises) < 5:
        return 0.0
    return float(np.clip(np.median(rises), -most, most))


def neighbour_rises(words: list[Word]) -> np.ndarray:
    """dy / dx between the centres of each word and the words just right of it on its line
    (a gap of at most 1.5 heights, half the smaller height shared)."""
    if len(words) < 2:
        return np.zeros(0)
    x0, y0, x1, y1 = np.array([(w.box.x0, w.box.y0, w.box.x1, w.box.y1) for w in words]).T
    height = y1 - y0
    gap = x0[None, :] - x1[:, None]  # from word i's right edge to word j's left edge
    overlap = np.minimum(y1[:, None], y1[None, :]) - np.maximum(y0[:, None], y0[None, :])
    neighbours = ((gap >= 0) & (gap <= 1.5 * height[:, None])
                  & (overlap >= 0.5 * np.minimum(height[:, None], height[None, :])))
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    return (cy[None, :] - cy[:, None])[neighbours] / (cx[None, :] - cx[:, None])[neighbours]


def _center(word: Word) -> float:
    return word.box.center_y


def _middle(word: Word) -> float:
    return (word.box.x0 + word.box.x1) / 2


def _center_within(word: Word, line: Word) -> bool:
    return line.box.y0 <= _center(word) <= line.box.y1


def line_item(item_no: int, cells: list[Cell]) -> LineItem:
    """A row's cells as an item; each column's words read line by line, each line left to right
    (OCR can hand over a description printed on two lines with its second line first)."""
    text = {column: _column_text(cells, column) for column in {cell.column for cell in cells}}
    return LineItem(item_no, text.get("description"), normalize_quantity(text.get("quantity")),
                    normalize_amount(text.get("unit_price")), normalize_amount(text.get("amount")),
                    cells[0].page_no, union_all([cell.word.box for cell in cells]),
                    float(np.mean([cell.probability for cell in cells])))
