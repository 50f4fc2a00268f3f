"""Pure scoring rules: field correctness, grounding and line-item alignment.

Grounding: a correct value is grounded when its predicted box is on the right page and covers the
words of that value. Three kinds of reference, by what a set's ground truth provides:

* ``exact`` (synthetic sets: the union box of the printed value's words): the predicted box spans at
  least ``MIN_COVER`` of the truth box's width and ``MIN_HEIGHT_COVER`` of its height, and is not
  absurdly larger: its area is at most ``MAX_AREA_RATIO`` x the truth area + ``AREA_SLACK`` square
  points. The truth box is the font's line box (ascender to descender), while OCR boxes hug the
  ink: on the held-out set's scanned pages they come out up to a quarter lower on the same words,
  so the height need not match as closely as the width.
* ``line`` (SROIE: pixel boxes of whole text lines, scaled to page points): at least ``MIN_INSIDE``
  of the predicted box's area lies inside the lines that carry the value (grown by ``LINE_PAD``).
* ``words`` (sets without boxes, e.g. ZUGFeRD): the page's OCR/native words whose centre lies inside
  the predicted box, read in order, contain the value (same comparison rules as the field), and
  hold at most ``MAX_EXTRA_CHARS`` + 2 x the value's length characters.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from docai.extract.normalize import fuzzy_key, normalize_field, values_match

Box = tuple[float, float, float, float]

MIN_COVER = 0.9
MIN_HEIGHT_COVER = 0.5
MAX_AREA_RATIO = 4.0
AREA_SLACK = 100.0
MIN_INSIDE = 0.6
LINE_PAD = 2.0
MAX_EXTRA_CHARS = 12


@dataclass(frozen=True)
class Reference:
    """Where the truth value is printed: ``kind`` is 'exact', 'line' or 'words'."""

    kind: str
    page: int
    boxes: tuple[Box, ...] = ()
    words: tuple[tuple[str, Box], ...] = ()


@dataclass(frozen=True)
class FieldResult:
    field: str
    status: str  # 'correct', 'wrong' or 'missing'
    grounded: bool | None  # None when not correct or when the set offers no reference
    confidence: float | None = None  # the extractor's confidence in a predicted value
    truth: str | float | None = None
    predicted: str | float | None = None  # the value compared with the truth


def area(box: Box) -> float:
    return max(0.0, box[2] - box[0]) * max(0.0, box[3] - box[1])


def intersection(a: Box, b: Box) -> float:
    return area((max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3])))


def covers_exact(predicted: Box, truth: Box) -> bool:
    width, height = truth[2] - truth[0], truth[3] - truth[1]
    if width <= 0 or height <= 0:
        return False
    spanned_width = min(predicted[2], truth[2]) - max(predicted[0], truth[0])
    spanned_height = min(predicted[3], truth[3]) - max(predicted[1], truth[1])
    return (spanned_width >= MIN_COVER * width and spanned_height >= MIN_HEIGHT_COVER * height
            and area(predicted) <= MAX_AREA_RATIO * width * height + AREA_SLACK)


def inside_lines(predicted: Box, lines: Sequence[Box]) -> bool:
    predicted_area = area(predicted)
    if predicted_area <= 0:
        return False
    grown = [(b[0] - LINE_PAD, b[1] - LINE_PAD, b[2] + LINE_PAD, b[3] + LINE_PAD) for b in lines]
    return sum(intersection(predicted, b) for b in grown) >= MIN_INSIDE * predicted_area


def words_hold_value(field: str, predicted: Box, words: Sequence[tuple[str, Box]], truth: str | float) -> bool:
    inside = [text for text, b in words if predicted[0] <= (b[0] + b[2]) / 2 <= predicted[2]
              and predicted[1] <= (b[1] + b[3]) / 2 <= predicted[3]]
    joined = " ".join(inside)
    if not joined or len(joined) > MAX_EXTRA_CHARS + 2 * len(str(truth)):
        return False
    if values_match(field, normalize_field(field, joined), truth):
        return True
    return bool(fuzzy_key(str(truth))) and fuzzy_key(str(truth)) in fuzzy_key(joined)


def is_grounded(field: str, page: int | None, box: Box | None, truth: str | float,
                references: Sequence[Reference]) -> bool | None:
    """Whether a correct prediction's box covers the value; None when there is nothing to check against."""
    if not references:
        return None
    if page is None or box is None:
        return False
    for ref in references:
        if ref.page != page:
            continue
        if ref.kind == "exact" and any(covers_exact(box, b) for b in ref.boxes):
            return True
        if ref.kind == "line" and inside_lines(box, ref.boxes):
            return True
        if ref.kind == "words" and words_hold_value(field, box, ref.words, truth):
            return True
    return False


def score_field(field: str, truth: str | float, predicted_value: str | float | None, page: int | None = None,
                box: Box | None = None, references: Sequence[Reference] = ()) -> FieldResult:
    """Correct / wrong / missing under DESIGN.md's comparison rules, and grounding when correct."""
    if predicted_value is None or (isinstance(predicted_value, str) and not predicted_value.strip()):
        return FieldResult(field, "missing", None, truth=truth)
    if not values_match(field, predicted_value, truth):
        return FieldResult(field, "wrong", None, truth=truth, predicted=predicted_value)
    return FieldResult(field, "correct", is_grounded(field, page, box, truth, references),
                       truth=truth, predicted=predicted_value)


def cell_correct(column: str, predicted: str | float | None, truth: str | float | None) -> bool:
    return truth is not None and values_match(column, predicted, truth)


def row_score(predicted: dict, truth: dict, columns: Sequence[str]) -> int:
    """Number of truth cells the predicted row gets right."""
    return sum(cell_correct(c, predicted.get(c), truth.get(c)) for c in columns)


def align_items(predicted: Sequence[dict], truth: Sequence[dict], columns: Sequence[str]) -> list[tuple[int, int]]:
    """Order-preserving alignment of predicted to truth rows maximising correct cells (pairs scoring 0 dropped)."""
    n, m = len(predicted), len(truth)
    best = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            best[i][j] = max(best[i + 1][j], best[i][j + 1],
                             best[i + 1][j + 1] + row_score(predicted[i], truth[j], columns))
    pairs, i, j = [], 0, 0
    while i < n and j < m:
        score = row_score(predicted[i], truth[j], columns)
        if score and best[i][j] == best[i + 1][j + 1] + score:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            i += 1
        else:
            j += 1
    return pairs


@dataclass(frozen=True)
class ItemResult:
    truth_rows: int
    predicted_rows: int
    exact_rows: int  # truth rows whose every truth cell is right
    truth_cells: int
    correct_cells: int


def score_items(predicted: Sequence[dict], truth: Sequence[dict], columns: Sequence[str]) -> ItemResult:
    """Cell and exact-row accuracy after aligning rows."""
    pairs = align_items(predicted, truth, columns)
    truth_cells = sum(1 for row in truth for c in columns if row.get(c) is not None)
    correct_cells = exact_rows = 0
    for i, j in pairs:
        score = row_score(predicted[i], truth[j], columns)
        correct_cells += score
        exact_rows += score == sum(1 for c in columns if truth[j].get(c) is not None)
    return ItemResult(len(truth), len(predicted), exact_rows, truth_cells, correct_cells)
