"""The total a receipt's payment lines prove: under the total a till prints what was handed over
and the change ("Total Incl. GST RM 34.80", "CASH RM 100.00", "CHANGE RM 65.20"), and the model,
which reads totals by their labels, may take the change or the cash for the total where a label
is new to it. Three lines of amounts in a row where the first and the last add up to the middle
one are that: the first is the total, whatever its label."""

from __future__ import annotations

from decimal import Decimal

import numpy as np

from docai.extract.decode import Calibration, Candidate, TaggedPage, grouped_amount, value_of
from docai.extract.validate import TOTAL, item_cells
from docai.layout.regions import lines_of
from docai.model import Word

OWN_WORD_FIELDS = ("subtotal", "tax_amount")  # read from the total's own word: wrong


def total_from_payment(chosen: dict[str, Candidate], tagged: list[TaggedPage], tags: list[str],
                       calibration: Calibration) -> Candidate | None:
    """The total the document's payment lines imply, as the total's candidate (the model's
    probability of a total for its words as confidence), when it differs from the total read or
    none was read; None when no such lines are printed, they disagree, or they confirm the
    total. What was paid is no line item's amount; the total and the change may be read as
    one (0.9.9: "TOTAL INCL. GST RM 47.70", printed in the items' amount column, was)."""
    if TOTAL not in tags:
        return None
    found = []
    for item in tagged:
        cells = {id(w) for w, cell in zip(item.page.words, item_cells(item, tags)) if cell}
        # Lines of the amounts alone (on a skewed scan a line of all its words runs into the
        # next); only a word with a digit may be one.
        words = [w for w in item.page.words
                 if any(ch.isdigit() for ch in w.text) and value_of(TOTAL, [w]) is not None]
        amounts = _line_amounts(lines_of(words))
        for (t, total), (paid, handed), (change, _) in zip(amounts, amounts[1:], amounts[2:]):
            if (t > 0 and change >= 0 and t + change == paid
                    and not any(id(w) in cells for w in handed)):
                found.append((item, total, t))
    if not found or len({t for _, _, t in found}) > 1:
        return None
    item, words, value = found[-1]
    if TOTAL in chosen and Decimal(chosen[TOTAL].value) == value:
        return None
    probability = float(np.mean([item.probs[_index(item, w), tags.index(TOTAL)] for w in words]))
    return Candidate(TOTAL, words, item.page.page_no, calibration(probability),
                     value_of(TOTAL, words))


def _line_amounts(lines: list[list[Word]]) -> list[tuple[Decimal, list[Word]]]:
    """Per line of amount words, its rightmost amount and its words: with the leading group
    printed a word space before it ("1 344,48")."""
    amounts = []
    for line in lines:  # every word of them reads as an amount alone
        words = line[-1:]
        if len(line) > 1 and grouped_amount(*line[-2:]) and value_of(TOTAL, line[-2:]):
            words = line[-2:]
        amounts.append((Decimal(value_of(TOTAL, words)), words))
    return amounts


def without_total_word(chosen: dict[str, Candidate], total: Candidate) -> dict[str, Candidate]:
    """The chosen fields less a subtotal or tax read from the total's own words."""
    own = {id(w) for w in total.words}
    return {name: c for name, c in chosen.items()
            if not (name in OWN_WORD_FIELDS and any(id(w) in own for w in c.words))}


def _index(item: TaggedPage, word: Word) -> int:
    return next(i for i, w in enumerate(item.page.words) if w is word)
