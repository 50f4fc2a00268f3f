from pathlib import Path

import numpy as np

from docai.extract.decode import Calibration, Candidate, TaggedPage
from docai.extract.tags import tag_names
from docai.extract.validate import (choose_amounts, currency_mark, implied_amount, likeliest_total,
                                   repeated_total_as_due, validate)
from docai.geometry import Box
from docai.model import Document, ExtractedField, LineItem, Page, Word


def candidate(field, value, confidence):
    return Candidate(field, [Word(value, Box(0, 0, 1, 1))], 1, confidence, value)


def test_close_candidates_resolve_to_the_combination_that_adds_up():
    chosen = choose_amounts({
        "subtotal": [candidate("subtotal", "100.00", 0.90)],
        "tax_amount": [candidate("tax_amount", "19.00", 0.80)],
        # The wrong total is slightly more confident, but only the right one adds up.
        "total_amount": [candidate("total_amount", "190.00", 0.82),
                         candidate("total_amount", "119.00", 0.78)],
    })
    assert chosen["total_amount"].value == "119.00"


def test_a_clear_winner_is_kept_even_when_it_does_not_add_up():
    chosen = choose_amounts({
        "subtotal": [candidate("subtotal", "100.00", 0.9)],
        "tax_amount": [candidate("tax_amount", "19.00", 0.9)],
        "total_amount": [candidate("total_amount", "190.00", 0.95),
                         candidate("total_amount", "119.00", 0.40)],
    })
    assert chosen["total_amount"].value == "190.00"


def stacked_words(texts):
    """The tag names, words printed one under another, and their tagged page: every word read as
    outside (0.9) until a test gives it other probabilities through ``page.probs``."""
    tags = list(tag_names())
    words = [Word(t, Box(0, 10 * i, 30, 10 * i + 8)) for i, t in enumerate(texts)]
    probs = np.full((len(words), len(tags)), 0.01)
    probs[:, tags.index("O")] = 0.9
    return tags, words, TaggedPage(Page(1, 595, 842, words=words), probs, np.zeros(len(words)))


def test_a_missed_tax_is_the_printed_amount_that_makes_the_totals_add_up():
    tags, words, page = stacked_words(["106,00", "20,14", "20,14", "126,14", "3,50"])
    probs = page.probs
    probs[1, tags.index("line_item.amount")] = 0.95  # an item that happens to cost the same
    probs[2, tags.index("tax_amount")] = 0.2
    chosen = {"subtotal": Candidate("subtotal", [words[0]], 1, 0.9, "106.00"),
              "total_amount": Candidate("total_amount", [words[3]], 1, 0.9, "126.14")}
    implied = implied_amount(chosen, [page], tags, Calibration())
    assert (implied.field, implied.value, implied.words) == ("tax_amount", "20.14", [words[2]])
    assert abs(implied.confidence - 0.2) < 1e-9  # the model's own probability for the word
    chosen["tax_amount"] = Candidate("tax_amount", [words[4]], 1, 0.9, "3.50")
    assert implied_amount(chosen, [page], tags, Calibration()) is None  # nothing missing


def document(values, items=(), words=()):
    doc = Document("d", Path("a.pdf"), pages=[Page(1, 595, 842, words=[
        Word(w, Box(0, 0, 1, 1)) for w in words])])
    doc.fields = [ExtractedField(k, v, v, 1, Box(0, 0, 1, 1), 0.9, 1, "m") for k, v in values.items()]
    doc.line_items = [LineItem(i + 1, "x", q, u, a, 1, Box(0, 0, 1, 1), 0.9)
                      for i, (q, u, a) in enumerate(items)]
    return doc


def test_validations_record_what_holds_and_what_does_not():
    doc = document({"subtotal": "100.00", "tax_amount": "19.00", "total_amount": "119.00",
                    "invoice_date": "2024-03-05", "due_date": "2024-03-01", "currency": "EUR"},
                   items=[("2", "30.00", "60.00"), ("1", "40.00", "45.00")],
                   words=["Total", "119,00", "€", "USD"])
    checks = {v.rule: v for v in validate(doc)}
    assert checks["subtotal_plus_tax_equals_total"].passed
    assert not checks["line_amounts_sum_to_subtotal"].passed  # 60 + 45 = 105
    assert not checks["quantity_times_unit_price"].passed
    assert "not items [2]" in checks["quantity_times_unit_price"].detail
    assert not checks["due_date_not_before_invoice_date"].passed
    assert not checks["currency_consistent"].passed and "USD" in checks["currency_consistent"].detail


def test_line_amounts_including_tax_add_up_to_the_total():
    fields = {"subtotal": "10.00", "tax_amount": "1.90", "total_amount": "11.90"}
    gross = document(fields, items=[("1", "5.95", "5.95"), ("2", "2.975", "5.95")])
    check = {v.rule: v for v in validate(gross)}["line_amounts_sum_to_subtotal"]
    assert check.passed and "total_amount 11.90" in check.detail
    neither = document(fields, items=[("1", "5.95", "5.95"), ("1", "4.00", "4.00")])
    assert not {v.rule: v for v in validate(neither)}["line_amounts_sum_to_subtotal"].passed


def test_net_line_amounts_add_up_to_the_total_less_the_tax_when_no_subtotal_was_read():
    fields = {"tax_amount": "6.10", "total_amount": "93.20"}  # a receipt printing no subtotal
    check = {v.rule: v for v in validate(document(fields, items=[("5", None, "87.10")]))}
    assert check["line_amounts_sum_to_subtotal"].passed
    assert "total_amount - tax_amount 87.10" in check["line_amounts_sum_to_subtotal"].detail
    wrong = document(fields, items=[("5", None, "80.00")])
    assert not {v.rule: v for v in validate(wrong)}["line_amounts_sum_to_subtotal"].passed


def test_checks_without_inputs_are_skipped():
    assert validate(document({"total_amount": "5.00"})) == []


def test_currency_marks_are_codes_or_symbols_standing_alone():
    assert currency_mark("EUR") == {"EUR"} and currency_mark("€") == {"EUR"}
    assert "AUD" in currency_mark("$") and currency_mark("TOTAL") is None
    assert currency_mark("GmbH") is None


def test_a_missed_total_is_the_printed_amount_the_model_finds_likeliest():
    tags, words, page = stacked_words(["12.00", "55.10", "55.10", "Tel", "0312", "WELCOME20",
                                       "11:33"])
    probs = page.probs
    probs[0, tags.index("line_item.amount")] = 0.95  # an item's amount is no total
    probs[0, tags.index("total_amount")] = 0.5
    probs[1, tags.index("total_amount")] = 0.25  # taken as the amount due below
    probs[2, tags.index("total_amount")] = 0.14
    probs[3, tags.index("total_amount")] = 0.6  # no amount
    probs[5, tags.index("total_amount")] = 0.6  # a voucher code, no amount
    probs[6, tags.index("total_amount")] = 0.6  # a time
    chosen = {"amount_due": Candidate("amount_due", [words[1]], 1, 0.7, "55.10")}
    total = likeliest_total(chosen, [page], tags, Calibration())
    assert (total.field, total.value, total.words) == ("total_amount", "55.10", [words[2]])
    assert abs(total.confidence - 0.14) < 1e-9
    chosen["total_amount"] = total
    assert likeliest_total(chosen, [page], tags, Calibration()) is None  # a total was read


def test_the_total_repeated_above_the_line_items_is_the_amount_due():
    # a statement's header box ("Amount due" over "7.952,51"), a receipt of the items, the
    # gross sum over the rounded total, and the cash paid under it
    tags, words, page = stacked_words(["Amount", "7.952,51", "7.952,51", "Wartung", "12,00",
                                       "7.952,51", "7.952,51", "7.952,51"])
    probs = page.probs
    probs[1, tags.index("invoice_date")] = 0.27  # read as no field or as another
    probs[1, tags.index("amount_due")] = 0.02
    probs[2, tags.index("amount_due")] = 0.01
    probs[3, tags.index("line_item.description")] = 0.95
    probs[4, tags.index("line_item.amount")] = 0.95
    probs[5, tags.index("amount_due")] = 0.3  # a sum of the totals block, under the items
    probs[7, tags.index("amount_due")] = 0.3  # what was paid
    chosen = {"total_amount": Candidate("total_amount", [words[6]], 1, 0.9, "7952.51")}
    due = repeated_total_as_due(chosen, [page], tags, Calibration())
    assert (due.field, due.value, due.words) == ("amount_due", "7952.51", [words[1]])
    assert abs(due.confidence - 0.02) < 1e-9  # the model's own (low) probability
    chosen["total_amount"] = Candidate("total_amount", [words[4]], 1, 0.9, "12.00")
    assert repeated_total_as_due(chosen, [page], tags, Calibration()) is None  # another value
    chosen["amount_due"] = due
    assert repeated_total_as_due(chosen, [page], tags, Calibration()) is None  # one was read


def test_no_amount_due_is_taken_from_a_page_without_line_items():
    tags, words, page = stacked_words(["55.10", "55.10"])
    chosen = {"total_amount": Candidate("total_amount", [words[1]], 1, 0.9, "55.10")}
    assert repeated_total_as_due(chosen, [page], tags, Calibration()) is None
