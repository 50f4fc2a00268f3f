"""Arithmetic and consistency checks on an extraction, and the choice between close candidates."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from decimal import Decimal

import numpy as np

from docai.extract.decode import Calibration, Candidate, TaggedPage, value_of
from docai.extract.normalize import normalize_currency
from docai.extract.tags import is_line_item
from docai.model import Document, Validation

TOLERANCE = Decimal("0.011")
AMOUNT_FIELDS = ("subtotal", "tax_amount", "total_amount")
TOTAL = "total_amount"
AMOUNT_DUE = "amount_due"
CLOSE = 0.15  # candidates this close in confidence to the best are weighed by the arithmetic


def _add_up(subtotal: str | None, tax: str | None, total: str | None) -> bool:
    return None not in (subtotal, tax, total) and abs(
        Decimal(subtotal) + Decimal(tax) - Decimal(total)) <= TOLERANCE


def choose_amounts(candidates: dict[str, list[Candidate]]) -> dict[str, Candidate]:
    """Best candidate per amount field; among close ones, the combination that adds up wins."""
    options = []
    for name in AMOUNT_FIELDS:
        found = candidates.get(name, [])
        close = [c for c in found if c.confidence >= found[0].confidence - CLOSE] if found else []
        options.append(close[:3] or [None])
    best, best_score = None, -1.0
    for combo in itertools.product(*options):
        score = sum(c.confidence for c in combo if c is not None)
        if _add_up(*(c.value if c else None for c in combo)):
            score += 1.0
        if score > best_score:
            best, best_score = combo, score
    return {name: c for name, c in zip(AMOUNT_FIELDS, best) if c is not None}


def implied_amount(chosen: dict[str, Candidate], tagged: list[TaggedPage], tags: list[str],
                   calibration: Calibration) -> Candidate | None:
    """When one of subtotal, tax and total is missing and the other two were read, the printed
    amount that makes them add up (the model's likeliest for the field among several), or None.
    Its confidence is the model's own for that word, so it stays low where the tag was missed."""
    missing = [name for name in AMOUNT_FIELDS if name not in chosen]
    if len(missing) != 1:
        return None
    read = {name: chosen[name].value for name in AMOUNT_FIELDS if name in chosen}
    return _likeliest_printed_amount(
        missing[0], chosen, tagged, tags, calibration,
        fits=lambda found: _add_up(*(read.get(n, found.value) for n in AMOUNT_FIELDS)))


def likeliest_total(chosen: dict[str, Candidate], tagged: list[TaggedPage], tags: list[str],
                    calibration: Calibration) -> Candidate | None:
    """Every invoice and receipt states its total. When none was read, the printed amount (not a
    line item's, not another field's) the model finds likeliest to be the total, with that
    (usually low) probability as its confidence; None when a total was read or none is printed."""
    if TOTAL in chosen or TOTAL not in tags:
        return None
    return _likeliest_printed_amount(TOTAL, chosen, tagged, tags, calibration)


def repeated_total_as_due(chosen: dict[str, Candidate], tagged: list[TaggedPage],
                          tags: list[str], calibration: Calibration) -> Candidate | None:
    """A statement repeats what is due in a box in its header, large, where the model may read
    it as no field: when no amount due was read, the total printed again on its page above the
    line items (the model's likeliest for the amount due among such), with that (low)
    probability as its confidence; None when there is none. A repeat under the items is
    another sum (a receipt's "BRUTTOBETRAG 47.48" over its rounded total) or what was paid."""
    if AMOUNT_DUE in chosen or AMOUNT_DUE not in tags or TOTAL not in chosen:
        return None
    total = chosen[TOTAL]
    page = next(item for item in tagged if item.page.page_no == total.page_no)
    in_items = item_cells(page, tags)
    if not in_items.any():
        return None
    header_end = min(w.box.y0 for w, cell in zip(page.page.words, in_items) if cell)
    return _likeliest_printed_amount(
        AMOUNT_DUE, chosen, [page], tags, calibration,
        fits=lambda found: (Decimal(found.value) == Decimal(total.value)
                            and found.words[0].box.y1 <= header_end))


def _likeliest_printed_amount(field: str, chosen: dict[str, Candidate], tagged: list[TaggedPage],
                              tags: list[str], calibration: Calibration,
                              fits: Callable[[Candidate], bool] = lambda found: True
                              ) -> Candidate | None:
    """The printed amount that fits, outside the chosen fields and the line items, with the
    highest probability of ``field``, as that field's candidate; None when there is none."""
    tag_index = tags.index(field)
    used = {id(w) for c in chosen.values() for w in c.words}
    best = None
    for item in tagged:
        in_items = item_cells(item, tags)  # an item's amount, not a total
        for index, word in enumerate(item.page.words):
            value = (value_of(field, [word])
                     if id(word) not in used and not in_items[index] else None)
            if value is None:
                continue
            probability = float(item.probs[index, tag_index])
            found = Candidate(field, [word], item.page.page_no, calibration(probability), value)
            if fits(found) and (best is None or probability > best[0]):
                best = (probability, found)
    return best[1] if best else None


def item_cells(item: TaggedPage, tags: list[str]) -> np.ndarray:
    """Per word of the page, whether the model reads it as a line item's cell."""
    columns = [i for i, tag in enumerate(tags) if is_line_item(tag)]
    return np.isin(item.probs.argmax(axis=1), columns)


def validate(doc: Document) -> list[Validation]:
    """Checks that can be made with what was extracted; a check lacking its inputs is skipped."""
    values = {f.field: f.value for f in doc.fields}
    checks = []
    subtotal, tax, total = (values.get(n) for n in AMOUNT_FIELDS)
    if None not in (subtotal, tax, total):
        checks.append(Validation("subtotal_plus_tax_equals_total", _add_up(subtotal, tax, total),
                                 f"{subtotal} + {tax} = {Decimal(subtotal) + Decimal(tax)}, total {total}"))
    amounts = [i.amount for i in doc.line_items if i.amount is not None]
    # Prices net of tax add up to the subtotal, prices including it (receipts) to the total;
    # with no subtotal read, net prices add up to the total less the tax.
    targets = {name: value for name, value in (("subtotal", subtotal), ("total_amount", total))
               if value is not None}
    if subtotal is None and None not in (tax, total):
        targets["total_amount - tax_amount"] = str(Decimal(total) - Decimal(tax))
    if amounts and targets:
        summed = sum(Decimal(a) for a in amounts)
        checks.append(Validation(
            "line_amounts_sum_to_subtotal",
            any(abs(summed - Decimal(v)) <= TOLERANCE for v in targets.values()),
            f"sum of {len(amounts)} line amounts {summed}, "
            + ", ".join(f"{name} {value}" for name, value in targets.items())))
    priced = [i for i in doc.line_items if None not in (i.quantity, i.unit_price, i.amount)]
    if priced:
        wrong = [i.item_no for i in priced if abs(Decimal(i.quantity) * Decimal(i.unit_price)
                                                  - Decimal(i.amount)) > TOLERANCE]
        checks.append(Validation("quantity_times_unit_price", not wrong,
                                 f"{len(priced) - len(wrong)} of {len(priced)} items add up"
                                 + (f"; not items {wrong}" if wrong else "")))
    invoice_date, due_date = values.get("invoice_date"), values.get("due_date")
    if invoice_date and due_date:
        checks.append(Validation("due_date_not_before_invoice_date", due_date >= invoice_date,
                                 f"invoice {invoice_date}, due {due_date}"))
    currency = values.get("currency")
    if currency:
        marks = [m for p in doc.pages for w in p.words if (m := currency_mark(w.text))]
        clashing = sorted({"/".join(sorted(m)) for m in marks if currency not in m})
        checks.append(Validation("currency_consistent", not clashing,
                                 f"field {currency}; printed marks of other currencies: "
                                 f"{', '.join(clashing) or 'none'}"))
    return checks


# A symbol can stand for several currencies; the field must be one of them.
_SYMBOL_CURRENCIES = {"€": {"EUR"}, "£": {"GBP"}, "¥": {"JPY", "CNY"},
                      "$": {"USD", "AUD", "CAD", "NZD", "SGD", "HKD", "MXN"}}


def currency_mark(word: str) -> set[str] | None:
    """The currencies a word stands for on its own: an ISO code or a symbol, not text around one."""
    stripped = word.strip(".,:;()")
    if len(stripped) == 3 and stripped.isalpha() and stripped.isupper():
        code = normalize_currency(stripped)
        return {code} if code == stripped else None
    symbols = [s for s in _SYMBOL_CURRENCIES if s in stripped]
    if len(stripped) <= 3 and len(symbols) == 1:
        return _SYMBOL_CURRENCIES[symbols[0]]
    return None
