import pytest

from docai.extract.decode import Calibration, Candidate
from docai.extract.extractor import chosen_fields
from docai.extract.payment import total_from_payment
from tests.extract.test_decode import TAGS, tagged_page


def receipt(lines, total_tag_on=None, item_lines=()):
    """A receipt's amount lines (label, amount), one under another; the model reads the amount
    on line ``total_tag_on`` as the total and those on ``item_lines`` as items' amounts."""
    rows = []
    for i, (label, amount) in enumerate(lines):
        y = 300 + 14 * i
        tag = ("total_amount" if i == total_tag_on
               else "line_item.amount" if i in item_lines else "O")
        rows.append((label, 40, y, "O", 0.9, 0))
        x = 200
        for piece in amount.split():  # "1 344,48": two words a space apart
            rows.append((piece, x, y, tag, 0.9, 0))
            x += 8 * len(piece) + 4
    return tagged_page(rows)


def test_the_total_is_the_amount_that_cash_less_change_leaves():
    # The model read the change as the total (an unfamiliar label on the total's line).
    page = receipt([("Total Incl. GST@6%", "34.80"), ("CASH", "100.00"), ("CHANGE", "65.20")],
                   total_tag_on=2)
    chosen = chosen_fields([page], TAGS)
    total = chosen["total_amount"]
    assert (total.value, total.text) == ("34.80", "34.80")
    assert total.words[0].box.y0 == 300  # grounded on the total's own line
    # The model's own probability of a total for that word: low, as for other filled values.
    assert total.confidence == pytest.approx(0.1 / (len(TAGS) - 1))


def test_a_total_the_payment_lines_confirm_is_kept_and_grouped_amounts_read_whole():
    page = receipt([("Total", "1 344,48"), ("Cash", "1 345,00"), ("Change", "0.52")],
                   total_tag_on=0)
    chosen = chosen_fields([page], TAGS)
    assert chosen["total_amount"].value == "1344.48"
    assert total_from_payment(chosen, [page], TAGS, Calibration()) is None


def test_no_payment_lines_or_an_item_amount_among_them_changes_nothing():
    lines = [("Subtotal", "100.00"), ("Tax", "19.00"), ("Total", "119.00")]
    page = receipt(lines, total_tag_on=2)
    assert total_from_payment({}, [page], TAGS, Calibration()) is None  # 100 + 119 != 19
    # Items 30, 50 and 20 add up as cash and change would: an item's amount is none of them.
    page = receipt([("Pens", "30.00"), ("Paper", "50.00"), ("Ink", "20.00")], item_lines={1})
    assert total_from_payment({}, [page], TAGS, Calibration()) is None


def test_a_total_and_change_read_as_items_amounts_are_still_payment_lines():
    # Printed in the items' amount column, the total and the change were read as items' amounts;
    # what was handed over (VISA) was not, so the lines are a payment all the same.
    page = receipt([("TOTAL INCL. GST 6.00% RM", "47.70"), ("VISA", "47.70"), ("CHANGE RM", "0.00"),
                    ("TOTAL SAVING: RM", "5.30")], total_tag_on=3, item_lines={0, 2})
    assert chosen_fields([page], TAGS)["total_amount"].value == "47.70"


def test_payment_lines_that_disagree_prove_nothing():
    page = receipt([("Total", "10.00"), ("Cash", "20.00"), ("Change", "10.00"),
                    ("Voucher", "5.00"), ("Paid", "25.00"), ("Back", "20.00")])
    assert total_from_payment({}, [page], TAGS, Calibration()) is None


def test_a_subtotal_read_from_the_totals_own_word_is_dropped():
    page = receipt([("Total Sales (Inclusive GST)", "108.50"), ("CASH", "150.00"),
                    ("CHANGE", "41.50")], total_tag_on=2)
    subtotal = TAGS.index("subtotal")
    page.probs[1] = page.probs[0]  # the total's amount read as the subtotal instead
    page.probs[1, subtotal], page.probs[1, TAGS.index("O")] = 0.9, 0.01
    assert chosen_fields([page], TAGS)["total_amount"].value == "108.50"
    assert "subtotal" not in chosen_fields([page], TAGS)
    total = page.page.words[1]
    assert [w.text for w in chosen_fields([page], TAGS)["total_amount"].words] == [total.text]
    stale = {"total_amount": Candidate("total_amount", [page.page.words[5]], 1, 0.9, "41.50")}
    assert total_from_payment(stale, [page], TAGS, Calibration()).value == "108.50"
