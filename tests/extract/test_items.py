import pytest

from docai.extract.items import PAIRWISE_RUN, line_items, line_slope
from docai.geometry import Box
from docai.model import Word
from tests.extract.test_decode import TAGS, tagged_page

DESCRIPTION, QUANTITY, PRICE, AMOUNT = (f"line_item.{c}" for c in
                                        ("description", "quantity", "unit_price", "amount"))


def test_line_items_split_at_predicted_starts_and_normalise():
    page = tagged_page([
        ("Widget", 50, 300, "line_item.description", 0.9, 0.9),
        ("blue", 110, 300, "line_item.description", 0.9, 0.1),
        ("2", 300, 300, "line_item.quantity", 0.9, 0.1),
        ("1.000,00", 400, 300, "line_item.amount", 0.9, 0.1),
        ("Bolt", 50, 320, "line_item.description", 0.8, 0.8),
        ("3", 300, 320, "line_item.quantity", 0.8, 0.2),
    ])
    first, second = line_items([page], TAGS)
    assert (first.item_no, first.description, first.quantity, first.amount) == (
        1, "Widget blue", "2", "1000.00")
    assert (second.description, second.quantity, second.unit_price) == ("Bolt", "3", None)
    assert second.box == Box(50, 320, 308, 330)


def test_rows_come_out_whole_when_text_extraction_reads_the_table_column_by_column():
    # Every description, then every quantity, then every amount: the order PDFs often give.
    page = tagged_page([("Paper", 50, 300, DESCRIPTION, 0.9, 0.9),
                        ("Toner", 50, 316, DESCRIPTION, 0.9, 0.9),
                        ("Chair", 50, 332, DESCRIPTION, 0.9, 0.9),
                        ("2", 300, 300, QUANTITY, 0.9, 0.1),
                        ("1", 300, 316, QUANTITY, 0.9, 0.1),
                        ("4", 300, 332, QUANTITY, 0.9, 0.1),
                        ("10,00", 450, 300, AMOUNT, 0.9, 0.1),
                        ("55,50", 450, 316, AMOUNT, 0.9, 0.1),
                        ("99,96", 450, 332, AMOUNT, 0.9, 0.1)])
    rows = [(r.description, r.quantity, r.amount) for r in line_items([page], TAGS)]
    assert rows == [("Paper", "2", "10.00"), ("Toner", "1", "55.50"), ("Chair", "4", "99.96")]


def test_an_item_printed_on_two_lines_is_one_row_and_words_above_the_first_start_their_own():
    page = tagged_page([("Carried", 50, 280, DESCRIPTION, 0.9, 0.1),
                        ("Pos", 20, 300, DESCRIPTION, 0.9, 0.8),  # two starts on one line
                        ("Cable", 50, 300, DESCRIPTION, 0.9, 0.9),
                        ("3 x 2,00", 80, 312, PRICE, 0.9, 0.1),
                        ("6,00", 450, 312, AMOUNT, 0.9, 0.1),
                        ("Lamp", 50, 330, DESCRIPTION, 0.9, 0.9),
                        ("9,00", 450, 342, AMOUNT, 0.9, 0.1)])
    rows = [(r.description, r.amount) for r in line_items([page], TAGS)]
    assert rows == [("Carried", None), ("Pos Cable", "6.00"), ("Lamp", "9.00")]


def test_on_a_turned_scan_cells_follow_their_line_up_the_page():
    # Turned ~1.1 degrees: each line climbs 0.02 points per point to the right, so an amount at
    # x = 500 sits 9 points above its description, higher than the next row's start midline.
    def at(text, x, row, tag, start):  # the helper's words are 8 points a letter wide
        return (text, x, 300 + 14 * row - 0.02 * (x + 4 * len(text)), tag, 0.9, start)
    words = []
    for row, (name, amount) in enumerate([("Paper", "10,00"), ("Toner", "55,50"), ("Chair", "9,96"),
                                          ("Desk", "80,00")]):
        words += [at(name, 50, row, DESCRIPTION, 0.9), at("of", 100, row, DESCRIPTION, 0.1),
                  at("ours", 125, row, DESCRIPTION, 0.1), at(amount, 500, row, AMOUNT, 0.1)]
    page = tagged_page(words)
    assert line_slope(page.page.words) == pytest.approx(-0.02, abs=0.002)
    rows = [(r.description, r.amount) for r in line_items([page], TAGS)]
    assert rows == [("Paper of ours", "10.00"), ("Toner of ours", "55.50"),
                    ("Chair of ours", "9.96"), ("Desk of ours", "80.00")]


def test_rows_follow_the_page_order_whatever_order_the_pages_come_in():
    first = tagged_page([("Paper", 50, 300, DESCRIPTION, 0.9, 0.9)], page_no=1)
    second = tagged_page([("Toner", 50, 100, DESCRIPTION, 0.9, 0.9)], page_no=2)
    rows = [(r.item_no, r.page_no, r.description) for r in line_items([second, first], TAGS)]
    assert rows == [(1, 1, "Paper"), (2, 2, "Toner")]


def test_the_slope_of_a_dense_page_is_measured_run_by_run():
    words = [Word("word", Box(x, y - 0.01 * x, x + 30, y - 0.01 * x + 10))
             for y in range(100, 800, 14) for x in range(40, 560, 40)]  # 650 words, 50 lines
    assert len(words) > PAIRWISE_RUN
    assert line_slope(words) == pytest.approx(-0.01, abs=1e-9)
    assert line_slope(words[:1]) == 0.0 and line_slope([]) == 0.0


def test_a_description_on_two_lines_reads_line_by_line_whatever_the_word_order():
    # OCR handed over the description's second line before its first.
    page = tagged_page([("Dokumentation", 50, 312, DESCRIPTION, 0.9, 0.1),
                        ("Softwarelizenz", 50, 300, DESCRIPTION, 0.9, 0.9),
                        ("inkl.", 170, 300, DESCRIPTION, 0.9, 0.1),
                        ("132,24", 450, 300, AMOUNT, 0.9, 0.1)])
    [item] = line_items([page], TAGS)
    assert (item.description, item.amount) == ("Softwarelizenz inkl. Dokumentation", "132.24")


def test_a_receipt_item_on_two_lines_with_its_price_read_as_description_is_one_priced_row():
    # "Desk lamp" on one line, "10.00 x 22.22   222.20" on the next: the model marks a start on
    # both lines and reads the unit price (and the "x") as description.
    page = tagged_page([("Desk", 12, 115, DESCRIPTION, 0.6, 0.8),
                        ("lamp", 50, 115, DESCRIPTION, 0.9, 0.0),
                        ("10.00", 22, 126, QUANTITY, 0.8, 1.0),
                        ("x", 70, 126, DESCRIPTION, 0.5, 0.0),
                        ("22.22", 82, 126, DESCRIPTION, 0.7, 0.0),
                        ("222.20", 200, 126, AMOUNT, 0.9, 0.0),
                        ("USB-C", 12, 137, DESCRIPTION, 0.7, 1.0),
                        ("cable", 60, 137, DESCRIPTION, 0.9, 0.0),
                        ("12", 22, 148, QUANTITY, 0.9, 1.0),
                        ("2.19", 50, 148, DESCRIPTION, 0.9, 0.0),
                        ("26.28", 200, 148, AMOUNT, 0.9, 0.0)])
    rows = [(r.description, r.quantity, r.unit_price, r.amount) for r in line_items([page], TAGS)]
    assert rows == [("Desk lamp", "10", "22.22", "222.20"), ("USB-C cable", "12", "2.19", "26.28")]


def test_numbers_in_a_description_stay_there_unless_they_are_the_price_by_arithmetic():
    page = tagged_page([("Paper", 50, 300, DESCRIPTION, 0.9, 0.9),
                        ("500", 100, 300, DESCRIPTION, 0.9, 0.1),  # 2 x 500 is not 10.00
                        ("2", 300, 300, QUANTITY, 0.9, 0.1),
                        ("10,00", 450, 300, AMOUNT, 0.9, 0.1),
                        ("Cable", 50, 320, DESCRIPTION, 0.9, 0.9),
                        ("3", 100, 320, DESCRIPTION, 0.9, 0.1),  # a unit price was read
                        ("3", 300, 320, QUANTITY, 0.9, 0.1),
                        ("2,00", 370, 320, PRICE, 0.9, 0.1),
                        ("6,00", 450, 320, AMOUNT, 0.9, 0.1)])
    rows = [(r.description, r.unit_price) for r in line_items([page], TAGS)]
    assert rows == [("Paper 500", None), ("Cable 3", "2.00")]


def test_a_description_only_row_is_joined_only_by_numbers_on_the_next_line():
    page = tagged_page([("Services", 50, 300, DESCRIPTION, 0.9, 0.9),  # a heading row
                        ("Audit", 50, 312, DESCRIPTION, 0.9, 0.9),
                        ("900,00", 450, 312, AMOUNT, 0.9, 0.9),
                        ("Travel", 50, 340, DESCRIPTION, 0.9, 0.9),
                        ("45,00", 450, 380, AMOUNT, 0.9, 0.9)])  # three lines further down
    rows = [(r.description, r.amount) for r in line_items([page], TAGS)]
    assert rows == [("Services", None), ("Audit", "900.00"), ("Travel", None), (None, "45.00")]


def test_rows_whose_starts_were_missed_split_at_each_line_with_an_amount():
    # No start on the first two items (their quantities taken for a sidebar's dates), so their
    # cells fell into one row; a wrapped description stays with the item above it.
    page = tagged_page([("Paper", 236, 223, DESCRIPTION, 0.9, 0.0),
                        ("325,20", 538, 223, AMOUNT, 0.9, 0.0),
                        ("Cable", 236, 238, DESCRIPTION, 0.9, 0.0),
                        ("5302,95", 530, 238, AMOUNT, 0.9, 0.0),
                        ("Travel", 236, 253, DESCRIPTION, 0.9, 0.9),
                        ("5319,24", 530, 253, AMOUNT, 0.9, 0.0),
                        ("Chair", 236, 268, DESCRIPTION, 0.9, 0.0),
                        ("99,00", 538, 268, AMOUNT, 0.9, 0.0),
                        ("ergonomic", 236, 280, DESCRIPTION, 0.9, 0.0)])
    rows = [(r.description, r.amount) for r in line_items([page], TAGS)]
    assert rows == [("Paper", "325.20"), ("Cable", "5302.95"), ("Travel", "5319.24"),
                    ("Chair ergonomic", "99.00")]


def test_names_over_numbers_pair_up_whatever_lines_the_starts_are_marked_on():
    # The second item's start is marked on its numbers line only: by the starts its name would
    # join the first item's numbers.
    page = tagged_page([("Fahrtkosten", 12, 115, DESCRIPTION, 0.9, 0.9),
                        ("2", 22, 126, QUANTITY, 0.9, 1.0),
                        ("1.05", 50, 126, DESCRIPTION, 0.7, 0.0),
                        ("2.10", 200, 126, AMOUNT, 0.9, 0.0),
                        ("Porto", 12, 137, DESCRIPTION, 0.9, 0.1),
                        ("1", 22, 148, QUANTITY, 0.9, 1.0),
                        ("16.03", 50, 148, PRICE, 0.9, 0.0),
                        ("16.03", 200, 148, AMOUNT, 0.9, 0.0)])
    rows = [(r.description, r.quantity, r.unit_price, r.amount) for r in line_items([page], TAGS)]
    assert rows == [("Fahrtkosten", "2", "1.05", "2.10"), ("Porto", "1", "16.03", "16.03")]


def test_a_page_without_item_cells_gives_no_rows():
    page = tagged_page([("Total:", 300, 700, "O", 0.9, 0.0),
                        ("12,00", 360, 700, "total_amount", 0.9, 0.0)])
    assert line_items([page], TAGS) == []


def test_a_currency_code_alone_among_an_items_numbers_is_no_part_of_its_name():
    page = tagged_page([("Licence", 12, 115, DESCRIPTION, 0.9, 0.9),
                        ("4", 22, 126, QUANTITY, 0.9, 1.0),
                        ("CHF", 34, 126, DESCRIPTION, 0.9, 0.0),
                        ("11.24", 62, 126, DESCRIPTION, 0.6, 0.0),  # the price, read as name
                        ("44.96", 200, 126, AMOUNT, 0.9, 0.0),
                        ("Coffee", 12, 137, DESCRIPTION, 0.9, 1.0),
                        ("EUR", 70, 137, DESCRIPTION, 0.9, 0.0),  # one of the name's words
                        ("1", 22, 148, QUANTITY, 0.9, 1.0),
                        ("1.54", 50, 148, PRICE, 0.9, 0.0),
                        ("1.54", 200, 148, AMOUNT, 0.9, 0.0)])
    rows = [(r.description, r.quantity, r.unit_price, r.amount)
            for r in line_items([page], TAGS)]
    assert rows == [("Licence", "4", "11.24", "44.96"), ("Coffee EUR", "1", "1.54", "1.54")]


def test_a_start_word_read_as_no_item_word_is_the_first_word_of_the_name_it_precedes():
    # "Pain de campagne" over "1 x 9,28   9,28": the model marks the start on "Pain" but reads
    # the word as the customer's name.
    page = tagged_page([("Pain", 12, 102, "customer_name", 0.5, 0.9),
                        ("de", 48, 102, DESCRIPTION, 0.7, 0.0),
                        ("campagne", 68, 102, DESCRIPTION, 1.0, 0.0),
                        ("1", 22, 113, QUANTITY, 0.9, 1.0),
                        ("9,28", 50, 113, DESCRIPTION, 0.9, 0.0),
                        ("9,28", 200, 113, AMOUNT, 0.9, 0.0)])
    rows = [(r.description, r.quantity, r.unit_price, r.amount) for r in line_items([page], TAGS)]
    assert rows == [("Pain de campagne", "1", "9.28", "9.28")]


def test_start_words_a_column_gap_away_or_without_letters_stay_out_of_the_name():
    page = tagged_page([("Devise", 12, 300, "O", 0.9, 0.9),  # a sidebar label, a column away
                        ("Cable", 120, 300, DESCRIPTION, 0.9, 0.9),
                        ("2", 300, 300, QUANTITY, 0.9, 0.1),
                        ("8,00", 450, 300, AMOUNT, 0.9, 0.1),
                        ("18/02", 72, 320, "invoice_date", 0.9, 0.9),  # no letter
                        ("Lamp", 120, 320, DESCRIPTION, 0.9, 0.9),
                        ("9,00", 450, 320, AMOUNT, 0.9, 0.1),
                        ("x", 108, 340, "O", 0.9, 0.9),  # a multiplication sign
                        ("Desk", 120, 340, DESCRIPTION, 0.9, 0.9),
                        ("7,00", 450, 340, AMOUNT, 0.9, 0.1),
                        ("Old", 92, 360, "O", 0.9, 0.1),  # not marked as a start
                        ("Chair", 120, 360, DESCRIPTION, 0.9, 0.9),
                        ("5,00", 450, 360, AMOUNT, 0.9, 0.1)])
    assert [r.description for r in line_items([page], TAGS)] == ["Cable", "Lamp", "Desk", "Chair"]
