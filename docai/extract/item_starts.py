"""Item names whose first word the model reads as no item word.

On receipts the model marks an item's start on the first word of its name and still tags that
word as no item word, often as a party's name ("Pain" of "Pain de campagne" as the customer).
Such a word, printed a word space left of a description word on its line, is the name's first
word: the line items take it in, and the fields leave it out."""

from __future__ import annotations

import numpy as np

from docai.extract.tags import LINE_ITEM_PREFIX, is_line_item
from docai.layout.regions import same_line
from docai.model import Word

MULTIPLICATION_SIGNS = {"x", "X", "\u00d7", "@", "*"}  # "2 x 3.50", "2 @ 3.50"
START_THRESHOLD = 0.5  # a word begins an item when the model gives it at least this


def item_name_starts(words: list[Word], probs: np.ndarray, starts: np.ndarray, tags: list[str],
                     threshold: float = START_THRESHOLD) -> list[int]:
    """Indices of the words marked as an item's start (start probability >= threshold) but
    tagged outside the items, each with letters and printed at most its height left of the
    next word on its line, a description word."""
    best = probs.argmax(axis=1)
    marked = np.flatnonzero(starts >= threshold)
    marked = marked[~np.isin(best[marked], [i for i, t in enumerate(tags) if is_line_item(t)])]
    if not len(marked):
        return []
    names = [words[i] for i in np.flatnonzero(best == tags.index(f"{LINE_ITEM_PREFIX}description"))]
    found = []
    for index in marked:
        word = words[index]
        if not has_letter(word.text) or word.text in MULTIPLICATION_SIGNS:
            continue
        after = [name for name in names if word.box.x0 < name.box.x0
                 and name.box.x0 - word.box.x1 <= word.box.height and same_line(name, word)]
        first = min(after, key=lambda name: name.box.x0, default=None)
        if first is not None and not any(  # no other word printed between the two
                word.box.x0 < other.box.x0 < first.box.x0 and same_line(other, word)
                for other in words):
            found.append(int(index))
    return found


def has_letter(text: str) -> bool:
    return any(ch.isalpha() for ch in text)
