from docai.evaluation.matching import (Reference, align_items, covers_exact, inside_lines, is_grounded, score_field,
                                       score_items, words_hold_value)
from docai.evaluation.scoring import FieldStats

COLUMNS = ("description", "quantity", "unit_price", "amount")
TRUTH_BOX = (100.0, 100.0, 160.0, 112.0)  # 60 x 12 points


def test_correct_wrong_missing():
    assert score_field("total_amount", 529.87, "529.87").status == "correct"
    assert score_field("total_amount", 529.87, "529.874").status == "correct"  # within 0.005
    assert score_field("total_amount", 529.87, "529.876").status == "wrong"
    assert score_field("total_amount", 529.87, "529.88").status == "wrong"
    assert score_field("total_amount", 529.87, None).status == "missing"
    assert score_field("total_amount", 529.87, "  ").status == "missing"
    assert score_field("vendor_name", "Lieferant GmbH", "LIEFERANT, GMBH.").status == "correct"
    assert score_field("invoice_number", "471102", "471102 ").status == "correct"
    assert score_field("invoice_date", "2018-03-05", "2018-03-06").status == "wrong"


def test_exact_grounding_rule():
    assert covers_exact((99, 99, 161, 113), TRUTH_BOX)
    assert not covers_exact((100, 100, 140, 112), TRUTH_BOX)  # covers two thirds only
    assert not covers_exact((0, 0, 595, 842), TRUTH_BOX)  # the whole page is not grounding
    assert covers_exact((95, 95, 220, 118), TRUTH_BOX)  # generous but under 4x area + slack


def test_exact_grounding_takes_an_ocr_box_that_hugs_the_ink():
    assert covers_exact((100.5, 102.0, 159.5, 111.0), TRUTH_BOX)  # three quarters of the line height
    assert not covers_exact((100.0, 100.0, 160.0, 105.0), TRUTH_BOX)  # under half the height
    assert not covers_exact((100.0, 88.0, 160.0, 101.0), TRUTH_BOX)  # the line above
    assert not covers_exact((100.0, 102.0, 150.0, 111.0), TRUTH_BOX)  # five sixths of the width


def test_grounding_needs_the_right_page_and_a_box():
    refs = [Reference("exact", 2, (TRUTH_BOX,))]
    assert is_grounded("total_amount", 2, (99, 99, 161, 113), 1.0, refs) is True
    assert is_grounded("total_amount", 1, (99, 99, 161, 113), 1.0, refs) is False
    assert is_grounded("total_amount", 2, None, 1.0, refs) is False
    assert is_grounded("total_amount", 2, (99, 99, 161, 113), 1.0, []) is None
    result = score_field("total_amount", 12.5, "12.50", 2, (99, 99, 161, 113), refs)
    assert (result.status, result.grounded) == ("correct", True)
    assert score_field("total_amount", 12.5, "13.50", 2, (99, 99, 161, 113), refs).grounded is None


def test_any_printed_occurrence_grounds():
    refs = [Reference("exact", 1, (TRUTH_BOX,)), Reference("exact", 1, ((300, 700, 330, 710),))]
    assert is_grounded("currency", 1, (299, 699, 331, 711), "EUR", refs)


def test_line_rule_for_line_level_truth():
    line = (50.0, 200.0, 300.0, 214.0)
    assert inside_lines((250, 201, 298, 213), [line])
    assert not inside_lines((250, 230, 298, 244), [line])


def test_words_rule_for_sets_without_boxes():
    words = [("Gesamtbetrag", (50, 100, 120, 110)), ("529,87", (400, 100, 430, 110)), ("EUR", (432, 100, 450, 110))]
    assert words_hold_value("total_amount", (398, 98, 452, 112), words, 529.87)
    assert not words_hold_value("total_amount", (48, 98, 122, 112), words, 529.87)
    assert not words_hold_value("total_amount", (0, 0, 600, 800), [*words] * 5, 529.87)  # far too much text
    names = [("Lieferant", (50, 50, 90, 60)), ("GmbH", (92, 50, 115, 60))]
    assert words_hold_value("vendor_name", (48, 48, 117, 62), names, "Lieferant GmbH")


def test_field_stats_arithmetic():
    stats = FieldStats()
    for result in [score_field("subtotal", 10.0, "10.00", 1, TRUTH_BOX, [Reference("exact", 1, (TRUTH_BOX,))]),
                   score_field("subtotal", 10.0, "10.00", 1, (0, 0, 1, 1), [Reference("exact", 1, (TRUTH_BOX,))]),
                   score_field("subtotal", 10.0, "11.00"),
                   score_field("subtotal", 10.0, None)]:
        stats.add(result)
    summary = stats.summary()
    assert (summary["n"], summary["correct"], summary["wrong"], summary["missing"]) == (4, 2, 1, 1)
    assert summary["accuracy"] == 0.5
    assert summary["grounded_share"] == 0.5


def _row(description, quantity, unit_price, amount):
    return dict(zip(COLUMNS, (description, quantity, unit_price, amount)))


def test_line_items_align_around_missing_and_extra_rows():
    truth = [_row("Trennblätter A4", 20.0, 9.9, 198.0), _row("Joghurt Banane", 50.0, 5.5, 275.0),
             _row("Kaffee", 1.0, 4.0, 4.0)]
    predicted = [_row("Versand", 1, 5, 5),  # spurious row
                 _row("Trennblatter A4", 20, 9.9, 198),  # description wrong (umlaut lost)
                 _row("Kaffee", 1, 4, 4.001)]  # Joghurt missed; amount within tolerance
    assert align_items(predicted, truth, COLUMNS) == [(1, 0), (2, 2)]
    result = score_items(predicted, truth, COLUMNS)
    assert (result.truth_rows, result.predicted_rows) == (3, 3)
    assert (result.truth_cells, result.correct_cells, result.exact_rows) == (12, 7, 1)


def test_null_truth_cells_are_not_scored():
    truth = [_row("Kaffee", None, None, 4.0)]
    result = score_items([_row("kaffee", 3, 1, 4)], truth, COLUMNS)
    assert (result.truth_cells, result.correct_cells, result.exact_rows) == (2, 2, 1)


def test_reliability_bins_count_predicted_values_by_confidence():
    from docai.evaluation.matching import FieldResult
    from docai.evaluation.scoring import DocResult, reliability

    results = [FieldResult("total_amount", "correct", True, 0.97),
               FieldResult("vendor_name", "wrong", None, 0.93),
               FieldResult("invoice_date", "correct", True, 0.99),
               FieldResult("currency", "correct", None, 0.6),
               FieldResult("due_date", "missing", None, None)]
    rows = {r["bin"]: r for r in reliability([DocResult("d", "s", True, results, [], None)])}
    assert rows["(0.95, 1.00]"] == {"bin": "(0.95, 1.00]", "predicted": 2, "correct": 2, "accuracy": 1.0}
    assert rows["(0.90, 0.95]"]["accuracy"] == 0.0
    assert rows["(0.50, 0.70]"]["predicted"] == 1
    assert sum(r["predicted"] for r in rows.values()) == 4  # missing values have no confidence


def test_sroie_lines_that_print_a_label_before_the_value_still_ground_it():
    from pathlib import Path

    from docai.evaluation.groundtruth import TruthDoc
    from docai.evaluation.scoring import _line_references

    truth = TruthDoc("r", Path("r.jpg"), "sroie", {"vendor_address": "LOT 11995, JALAN KAPAR 41400 KLANG"},
                     lines=[{"text": "HAI-O RAYA BHD", "box": [10, 0, 200, 20]},
                            {"text": "HQ ADD: LOT 11995, JALAN KAPAR", "box": [10, 30, 300, 50]},
                            {"text": "41400 KLANG", "box": [10, 50, 280, 70]},
                            {"text": "TEL: 03-6263", "box": [10, 90, 150, 110]}])
    [reference] = _line_references(truth, "vendor_address", (1.0, 1.0))
    assert reference.boxes == ((10, 30, 300, 50), (10, 50, 280, 70))
    # The value's own box (without the label) lies within those lines: grounded.
    assert is_grounded("vendor_address", 1, (80, 30, 300, 70), "", [reference])
