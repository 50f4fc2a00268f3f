"""Line items from tagged words: cells grouped into rows by where they are printed.

A row begins at a cell the model marks as an item start; every other cell joins the row whose
start is printed on its line or the nearest above it. Text extraction hands a PDF table's words
over in its own order, often column by column (every description, then every quantity, ...), so
the order of the words cannot say which row a cell belongs to; the page geometry can."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from docai.extract.decode import TaggedPage
from docai.extract.normalize import normalize_amount, normalize_quantity
from docai.extract.tags import LINE_ITEM_PREFIX, is_line_item
from docai.geometry import union_all
from docai.layout.regions import lines_of
from docai.model import LineItem, Word

PAIRWISE_RUN = 400  # words compared pairwise at a time when measuring how a page's lines slope


@dataclass(frozen=True)
class Cell:
    page_no: int
    column: str
    word: Word
    probability: float


def line_items(tagged: list[TaggedPage], tags: list[str],
               start_threshold: float = 0.5) -> list[LineItem]:
    """Rows page by page, top to bottom."""
    column_of = {i: t.removeprefix(LINE_ITEM_PREFIX) for i, t in enumerate(tags) if is_line_item(t)}
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
        rows.extend(page_rows(cells, starts, item.page.words))
    return [line_item(number, row) for number, row in enumerate(rows, start=1)]


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
    words: dict[str, list[Word]] = {}
    for cell in cells:
        words.setdefault(cell.column, []).append(cell.word)
    text = {column: " ".join(w.text for line in lines_of(found) for w in line)
            for column, found in words.items()}
    return LineItem(item_no, text.get("description"), normalize_quantity(text.get("quantity")),
                    normalize_amount(text.get("unit_price")), normalize_amount(text.get("amount")),
                    cells[0].page_no, union_all([cell.word.box for cell in cells]),
                    float(np.mean([cell.probability for cell in cells])))
