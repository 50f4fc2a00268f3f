import numpy as np
import pytest

from docai.extract.decode import Calibration, TaggedPage, field_candidates
from docai.extract.items import line_items
from docai.extract.tags import tag_names
from docai.geometry import Box
from docai.model import Page, Word

TAGS = list(tag_names())


def tagged_page(rows, page_no=1):
    """rows: (text, x0, y0, tag, probability, item start) -> a page with those predictions."""
    words, probs, starts = [], [], []
    for text, x0, y0, tag, p, start in rows:
        words.append(Word(text, Box(x0, y0, x0 + 8 * len(text), y0 + 10), 1.0, 1))
        row = np.full(len(TAGS), (1 - p) / (len(TAGS) - 1))
        row[TAGS.index(tag)] = p
        probs.append(row)
        starts.append(start)
    return TaggedPage(Page(page_no, 595, 842, words=words), np.array(probs), np.array(starts))


def printed_line(text, y, tag):
    """Rows of tagged_page for a line of words a space apart, from x = 50, all tagged ``tag``."""
    rows, x = [], 50
    for word in text.split():
        rows.append((word, x, y, tag, 0.9, 0))
        x += 8 * len(word) + 4
    return rows


def test_field_value_is_normalised_grounded_and_scored():
    page = tagged_page([("Total:", 300, 700, "O", 0.9, 0),
                        ("1.234,56", 360, 700, "total_amount", 0.9, 0),
                        ("EUR", 430, 700, "total_amount", 0.8, 0)])
    [best] = field_candidates([page], TAGS)["total_amount"]
    assert best.value == "1234.56" and best.text == "1.234,56 EUR"
    assert best.confidence == pytest.approx(0.85)
    grounded = best.grounded("m")
    assert (grounded.page_no, grounded.box) == (1, Box(360, 700, 454, 710))


def test_address_split_by_an_interleaved_column_stays_whole():
    # Reading order alternates between two columns; proximity keeps each address together.
    page = tagged_page([("Hauptstr.", 50, 100, "vendor_address", 0.9, 0),
                        ("Kundenweg", 350, 100, "customer_address", 0.9, 0),
                        ("10115", 50, 112, "vendor_address", 0.9, 0),
                        ("Berlin", 100, 112, "vendor_address", 0.9, 0),
                        ("80331", 350, 112, "customer_address", 0.9, 0)])
    found = field_candidates([page], TAGS)
    assert [c.text for c in found["vendor_address"]] == ["Hauptstr. 10115 Berlin"]
    assert [c.text for c in found["customer_address"]] == ["Kundenweg 80331"]


def test_a_multi_line_address_reads_line_by_line_whatever_the_reading_order():
    # OCR of a narrow box can hand the words over column-wise: "Toronto High ON Street".
    page = tagged_page([("37", 50, 100, "customer_address", 0.9, 0),
                        ("Toronto", 50, 112, "customer_address", 0.9, 0),
                        ("High", 70, 100, "customer_address", 0.9, 0),
                        ("ON", 120, 112, "customer_address", 0.9, 0),
                        ("Street", 110, 100, "customer_address", 0.9, 0)])
    [found] = field_candidates([page], TAGS)["customer_address"]
    assert found.text == "37 High Street Toronto ON"


def test_a_date_missing_a_word_grows_along_its_line_until_it_parses():
    # The model tagged "9." and "Januar" but not the year; "Datum:" and "Seite" stay out.
    page = tagged_page([("Datum:", 40, 100, "O", 0.9, 0),
                        ("9.", 100, 100, "invoice_date", 0.8, 0),
                        ("Januar", 120, 100, "invoice_date", 0.8, 0),
                        ("2022", 172, 100, "O", 0.7, 0),
                        ("Seite", 400, 100, "O", 0.9, 0),
                        ("Sep", 100, 200, "due_date", 0.8, 0),
                        ("6,", 128, 200, "O", 0.6, 0),
                        ("2022", 150, 200, "due_date", 0.8, 0)])
    found = field_candidates([page], TAGS)
    [date] = found["invoice_date"]
    assert (date.value, date.text) == ("2022-01-09", "9. Januar 2022")
    assert date.confidence == pytest.approx((0.8 + 0.8 + 0.3 / (len(TAGS) - 1)) / 3)
    [due] = found["due_date"]  # a gap inside the span is filled first
    assert (due.value, due.text) == ("2022-09-06", "Sep 6, 2022")


def test_a_label_fused_with_its_value_by_text_extraction_is_left_out_of_the_value():
    page = tagged_page([("USt-ID:DE811907980", 50, 100, "vendor_tax_id", 0.9, 0),
                        ("Raison", 50, 120, "O", 0.9, 0),
                        ("sociale:Provençale", 100, 120, "vendor_name", 0.9, 0),
                        ("Conseil", 250, 120, "vendor_name", 0.9, 0)])
    found = field_candidates([page], TAGS)
    assert found["vendor_tax_id"][0].value == "DE811907980"
    [name] = found["vendor_name"]
    assert (name.value, name.text) == ("Provençale Conseil", "sociale:Provençale Conseil")


def test_a_role_heading_tagged_with_a_name_is_left_out_of_it():
    # "Sold to" printed above the customer's name, its first word tagged as the name.
    page = tagged_page([("Sold", 300, 100, "customer_name", 0.9, 0),
                        ("to", 340, 100, "O", 0.6, 0),
                        ("Lakeside", 300, 112, "customer_name", 0.9, 0),
                        ("Office", 370, 112, "customer_name", 0.9, 0),
                        ("Bill", 50, 300, "vendor_name", 0.9, 0),
                        ("To:", 85, 300, "vendor_name", 0.9, 0),
                        ("Acme", 115, 300, "vendor_name", 0.9, 0)])
    found = field_candidates([page], TAGS)
    [customer] = found["customer_name"]
    assert (customer.value, customer.text) == ("Lakeside Office", "Lakeside Office")
    assert customer.grounded("m").box == Box(300, 112, 418, 122)
    assert [c.value for c in found["vendor_name"]] == ["Acme"]


def test_a_heading_alone_is_no_name_and_a_name_made_of_heading_words_with_others_stays():
    page = tagged_page([("Customer", 300, 100, "customer_name", 0.9, 0),
                        ("An", 50, 300, "vendor_name", 0.9, 0),
                        ("Post", 75, 300, "vendor_name", 0.9, 0)])
    found = field_candidates([page], TAGS)
    assert "customer_name" not in found
    assert [c.value for c in found["vendor_name"]] == ["An Post"]


def test_a_name_takes_the_untagged_words_of_its_printed_run_but_no_number_or_label():
    # Words 8 pt a letter; gaps of 4 pt are word spaces, 60 pt a column gutter.
    page = tagged_page([("Name:", 100, 100, "O", 0.9, 0),
                        ("Kunden", 200, 100, "customer_name", 0.6, 0),
                        ("AG", 252, 100, "O", 0.7, 0),
                        ("Mitte", 272, 100, "O", 0.9, 0),
                        ("Nr.", 372, 100, "O", 0.9, 0),
                        ("IKANO", 100, 300, "O", 0.6, 0),
                        ("HANDEL", 144, 300, "O", 0.6, 0),
                        ("SDN", 196, 300, "vendor_name", 0.9, 0),
                        ("BHD", 224, 300, "vendor_name", 0.9, 0),
                        ("(169199-V)", 252, 300, "O", 0.9, 0),
                        ("To", 100, 500, "O", 0.9, 0),
                        ("Acme", 120, 500, "vendor_name", 0.9, 0),
                        ("Ltd", 156, 500, "vendor_name", 0.9, 0)])
    found = field_candidates([page], TAGS)
    [customer] = found["customer_name"]
    assert (customer.value, customer.grounded("m").box) == ("Kunden AG Mitte", Box(200, 100, 312, 110))
    assert sorted(c.value for c in found["vendor_name"]) == ["Acme Ltd", "IKANO HANDEL SDN BHD"]


def test_a_name_ends_before_its_registration_number_but_keeps_a_short_code():
    page = tagged_page([("HAI-O", 50, 100, "vendor_name", 0.9, 0),
                        ("RAYA", 100, 100, "vendor_name", 0.9, 0),
                        ("BHD", 140, 100, "vendor_name", 0.9, 0),
                        ("(169199-V)", 168, 100, "vendor_name", 0.8, 0),
                        ("KEPONG", 252, 100, "vendor_name", 0.7, 0),
                        ("CHEE", 50, 300, "customer_name", 0.9, 0),
                        ("WENG", 86, 300, "customer_name", 0.9, 0),
                        ("(SS2)", 122, 300, "customer_name", 0.9, 0),
                        ("BERHAD", 166, 300, "customer_name", 0.9, 0)])
    found = field_candidates([page], TAGS)
    assert [c.text for c in found["vendor_name"]] == ["HAI-O RAYA BHD"]
    assert [c.text for c in found["customer_name"]] == ["CHEE WENG (SS2) BERHAD"]


@pytest.mark.parametrize("printed, name", [
    ("Stergfeld Gebr. OHG HRA 1832", "Stergfeld Gebr. OHG"),
    ("Betand SASU RCS Nîmes B", "Betand SASU"),
    ("H8 MARKETING CO. REG: 1720262-K", "H8 MARKETING"),
    ("758 Trading Co. Company No.", "758 Trading Co."),
    ("MR. D.I.Y. (M) SDN BHD (CO REG", "MR. D.I.Y. (M) SDN BHD"),  # 0.9.5: "(CO REG : 860871-D)"
    ("GARDENIA BAKERIES (KL) SDN BHD (139386 X)", "GARDENIA BAKERIES (KL) SDN BHD"),  # 0.9.6
    ("Hrabal & Co. Regional", "Hrabal & Co. Regional")])  # no register's label
def test_a_name_ends_before_a_registers_label(printed, name):
    found = field_candidates([tagged_page(printed_line(printed, 100, "vendor_name"))], TAGS)
    assert found["vendor_name"][0].text == name


def test_a_label_line_under_a_name_is_no_part_of_it():
    page = tagged_page([("PAINGAUT", 50, 100, "vendor_name", 0.9, 0),
                        ("MARKETING", 122, 100, "vendor_name", 0.9, 0),
                        ("CO.", 50, 114, "vendor_name", 0.6, 0),
                        ("REG:", 78, 114, "vendor_name", 0.6, 0),
                        ("1720262-K", 114, 114, "O", 0.9, 0)])
    [name] = field_candidates([page], TAGS)["vendor_name"]
    assert name.text == "PAINGAUT MARKETING"


def test_a_wordmark_above_the_name_it_starts_is_no_part_of_it():
    page = tagged_page([("BROHAM", 80, 80, "vendor_name", 0.7, 0),
                        ("BROHAM", 50, 100, "vendor_name", 0.9, 0),
                        ("GARDEN", 106, 100, "vendor_name", 0.9, 0),
                        ("INC", 162, 100, "vendor_name", 0.9, 0),
                        ("MVM", 50, 300, "customer_name", 0.9, 0),
                        ("Versicherungsverein", 50, 312, "customer_name", 0.9, 0)])
    found = field_candidates([page], TAGS)
    assert [c.text for c in found["vendor_name"]] == ["BROHAM GARDEN INC"]
    assert [c.text for c in found["customer_name"]] == ["MVM Versicherungsverein"]  # two lines


def test_a_larger_line_above_a_name_is_its_wordmark_unless_it_holds_the_registration():
    def letterhead(first_line):
        page = tagged_page([(text, x, 80, "vendor_name", 0.8, 0) for text, x in first_line]
                           + [("SUNRISE", 50, 100, "vendor_name", 0.9, 0),
                              ("HARDWARE", 114, 100, "vendor_name", 0.9, 0)])
        words = page.page.words
        for i, word in enumerate(words[:len(first_line)]):  # printed 1.5 times as tall
            words[i] = Word(word.text, Box(word.box.x0, 75, word.box.x1, 90), 1.0, 1)
        return field_candidates([page], TAGS)["vendor_name"][0].text
    assert letterhead([("CHEE", 50), ("KIM", 90)]) == "SUNRISE HARDWARE"
    assert letterhead([("HAI-O", 50), ("BHD", 98), ("(169199-V)", 130)]) == "HAI-O BHD"


def test_a_registration_number_read_as_no_name_word_still_ends_the_name():
    # 0.9.9: the larger first line holding the number is no wordmark over the branch below it.
    branch = tagged_page(printed_line("HAI-O RAYA BHD", 100, "vendor_name")
                         + [("(169199-V)", 158, 100, "O", 0.9, 0)]
                         + printed_line("KEPONG OUTLET", 116, "vendor_name"))
    words = branch.page.words
    for i, word in enumerate(words[:4]):  # printed 1.5 times as tall as the branch
        words[i] = Word(word.text, Box(word.box.x0, 95, word.box.x1, 110), 1.0, 1)
    assert [c.text for c in field_candidates([branch], TAGS)["vendor_name"]] == ["HAI-O RAYA BHD"]
    # A legal name wrapped before its number stays whole.
    wrapped = tagged_page(printed_line("PAUNGUR SUPERMARKET", 100, "vendor_name")
                          + printed_line("BERHAD", 114, "vendor_name")
                          + [("(200133026216)", 102, 114, "O", 0.9, 0)])
    assert [c.text for c in field_candidates([wrapped], TAGS)["vendor_name"]] == [
        "PAUNGUR SUPERMARKET BERHAD"]


def test_a_word_that_is_a_date_is_no_id():
    # 0.9.9: the receipt's date beside a terminal number was read as part of a tax id.
    page = tagged_page([("02:31PM", 50, 100, "O", 0.9, 0),
                        ("565497", 120, 100, "vendor_tax_id", 0.6, 0),
                        ("10-05-17", 180, 100, "vendor_tax_id", 0.5, 0),
                        ("No:", 50, 120, "O", 0.9, 0),
                        ("2024-0915", 90, 120, "invoice_number", 0.9, 0)])
    found = field_candidates([page], TAGS)
    assert [c.text for c in found["vendor_tax_id"]] == ["565497"]
    assert [c.text for c in found["invoice_number"]] == ["2024-0915"]  # no date
    assert [c.value for c in found["invoice_date"]] == ["2017-05-10"]


def test_a_name_line_in_two_runs_keeps_both():
    # The second line joins the two runs of the first into one block.
    page = tagged_page([("Nordwind", 100, 100, "vendor_name", 0.9, 0),
                        ("Handel", 200, 100, "vendor_name", 0.9, 0),
                        ("Verwaltungsgesellschaft", 100, 112, "vendor_name", 0.9, 0)])
    [name] = field_candidates([page], TAGS)["vendor_name"]
    assert name.value == "Nordwind Handel Verwaltungsgesellschaft"


def test_a_date_line_and_a_number_line_above_an_address_are_left_out_of_it():
    page = tagged_page([("21", 300, 100, "vendor_address", 0.9, 0),
                        ("Mar", 320, 100, "vendor_address", 0.9, 0),
                        ("2018", 352, 100, "vendor_address", 0.6, 0),
                        ("(867388-U)", 300, 112, "vendor_address", 0.9, 0),
                        ("12,", 300, 124, "vendor_address", 0.9, 0),
                        ("Jalan", 328, 124, "vendor_address", 0.9, 0),
                        ("Tampoi", 372, 124, "vendor_address", 0.9, 0),
                        ("81200", 300, 136, "vendor_address", 0.9, 0)])
    found = field_candidates([page], TAGS)
    # The registration number above the address goes too; a postcode line after it stays.
    assert [c.text for c in found["vendor_address"]] == ["12, Jalan Tampoi 81200"]
    assert [(c.value, c.text) for c in found["invoice_date"]] == [("2018-03-21", "21 Mar 2018")]


@pytest.mark.parametrize("line", [["8:09", "PM"], ["PM"], ["17:59:02"], ["9.15", "a.m."],
                                  ["compta@acme.example"], ["www.acme.example"]])
def test_a_time_or_online_address_line_is_no_line_of_an_address(line):
    printed = [(t, 300 + 40 * i, 100, "vendor_address", 0.6, 0) for i, t in enumerate(line)]
    page = tagged_page(printed + [("885", 300, 112, "vendor_address", 0.9, 0),
                                  ("MANHI", 330, 112, "vendor_address", 0.9, 0),
                                  ("STREET", 380, 112, "vendor_address", 0.9, 0)])
    [address] = field_candidates([page], TAGS)["vendor_address"]
    assert address.text == "885 MANHI STREET"


def test_lines_down_to_a_registration_number_are_no_part_of_the_address_below_it():
    page = tagged_page([("16", 50, 100, "vendor_address", 0.6, 0),
                        ("May", 72, 100, "vendor_address", 0.6, 0),
                        ("(867388-U)", 50, 112, "vendor_address", 0.7, 0),
                        ("12,", 50, 124, "vendor_address", 0.9, 0),
                        ("Jalan", 80, 124, "vendor_address", 0.9, 0),
                        ("81200", 50, 136, "vendor_address", 0.9, 0),
                        ("Johor", 100, 136, "vendor_address", 0.9, 0)])
    [address] = field_candidates([page], TAGS)["vendor_address"]
    assert address.text == "12, Jalan 81200 Johor"


@pytest.mark.parametrize("phone_line", ["TEL:03-3271 9872 FAX:03-3271 9481",
                                        "Mobile /Whatsapps : +6012-918", "Tel. +49 30 1234"])
def test_an_address_ends_before_the_phone_line_under_it(phone_line):
    # 0.9.10: the model read the phone line as the address's last line.
    page = tagged_page(printed_line("NO. 53, JALAN BESAR,", 100, "vendor_address")
                       + printed_line("45600 BATANG BERJUNTAI", 114, "vendor_address")
                       + printed_line(phone_line, 128, "vendor_address"))
    [address] = field_candidates([page], TAGS)["vendor_address"]
    assert address.text == "NO. 53, JALAN BESAR, 45600 BATANG BERJUNTAI"


def test_a_town_named_like_a_label_stays_in_its_address():
    page = tagged_page(printed_line("1 Water Street", 100, "vendor_address")
                       + printed_line("Mobile, AL 36602", 114, "vendor_address"))
    [address] = field_candidates([page], TAGS)["vendor_address"]
    assert address.text == "1 Water Street Mobile, AL 36602"


def test_values_implausible_for_their_kind_are_not_candidates():
    page = tagged_page([("Frankfurt", 50, 100, "vendor_tax_id", 0.9, 0),
                        ("05.03.2018", 50, 120, "vendor_name", 0.9, 0),
                        ("ACME", 50, 140, "invoice_number", 0.9, 0),
                        ("R-2024-17", 250, 140, "invoice_number", 0.6, 0),
                        ("DE02120300000000202051", 50, 160, "invoice_number", 0.9, 0)])  # an IBAN
    found = field_candidates([page], TAGS)
    assert "vendor_tax_id" not in found and "vendor_name" not in found
    assert [c.value for c in found["invoice_number"]] == ["R-2024-17"]


def test_a_tax_id_takes_the_groups_printed_with_it_unless_the_model_is_sure_of_them():
    page = tagged_page([("USt-IdNr.:", 50, 100, "O", 0.99, 0),
                        ("FR93", 130, 100, "invoice_number", 0.83, 0),
                        ("908", 166, 100, "vendor_tax_id", 0.6, 0),
                        ("717", 194, 100, "vendor_tax_id", 0.9, 0),
                        ("073", 222, 100, "due_date", 0.87, 0),
                        ("2018-04-18", 250, 100, "invoice_date", 0.6, 0),
                        ("R-17", 50, 130, "invoice_number", 0.95, 0),
                        ("4711", 90, 130, "vendor_tax_id", 0.6, 0),
                        ("2024", 126, 130, "invoice_number", 0.95, 0)])
    found = field_candidates([page], TAGS)
    assert sorted(c.text for c in found["vendor_tax_id"]) == ["4711", "FR93 908 717 073"]
    assert [c.text for c in found["invoice_number"]] == ["R-17", "2024"]
    assert [c.text for c in found["invoice_date"]] == ["2018-04-18"]


def test_times_percentages_codes_and_unit_prices_are_no_sums_of_a_document():
    page = tagged_page([("11:33", 50, 100, "total_amount", 0.9, 0),
                        ("WELCOME20", 50, 120, "total_amount", 0.9, 0),
                        ("RM4.65", 50, 140, "total_amount", 0.6, 0),
                        ("120*90CM", 50, 150, "total_amount", 0.9, 0),  # 0.9.7: a measure
                        ("4PM", 150, 150, "total_amount", 0.9, 0),  # a time of day
                        ("45.00EUR", 50, 220, "total_amount", 0.5, 0),  # its currency: a sum
                        ("19%", 50, 160, "tax_amount", 0.9, 0),
                        ("67,2244", 50, 180, "subtotal", 0.9, 0),
                        ("67,2244", 50, 200, "line_item.unit_price", 0.9, 1)])
    found = field_candidates([page], TAGS)
    assert [c.value for c in found["total_amount"]] == ["4.65", "45.00"]
    assert "tax_amount" not in found and "subtotal" not in found
    [item] = line_items([page], TAGS)
    assert item.unit_price == "67.22"  # a unit price is read as ever


def test_unparseable_typed_values_are_not_candidates():
    page = tagged_page([("soon", 50, 100, "due_date", 0.9, 0)])
    assert "due_date" not in field_candidates([page], TAGS)


def test_a_field_the_model_is_unsure_of_is_proposed_with_its_low_confidence():
    page = tagged_page([("PO-4471", 50, 100, "O", 0.5, 0)])
    page.probs[0, TAGS.index("purchase_order")] = 0.4
    [order] = field_candidates([page], TAGS)["purchase_order"]
    assert order.value == "PO-4471" and order.confidence == pytest.approx(0.4)
    page.probs[0, TAGS.index("purchase_order")] = 0.2
    assert "purchase_order" not in field_candidates([page], TAGS)


def test_calibration_maps_probabilities_monotonically():
    squash = Calibration(scale=0.5, shift=-1.0)
    assert Calibration()(0.8) == pytest.approx(0.8)
    assert squash(0.5) == pytest.approx(1 / (1 + np.exp(1.0)))
    assert squash(0.6) < squash(0.9) < 0.9


def test_a_value_printed_twice_on_nearby_lines_is_two_candidates_not_one():
    page = tagged_page([("55.10", 300, 700, "total_amount", 0.9, 0),
                        ("55.10", 300, 712, "total_amount", 0.7, 0)])
    found = field_candidates([page], TAGS)["total_amount"]
    assert [(c.text, c.value) for c in found] == [("55.10", "55.10"), ("55.10", "55.10")]
    assert [c.confidence for c in found] == pytest.approx([0.9, 0.7])


def test_an_address_keeps_its_lines_together():
    page = tagged_page([("Hauptstr. 5", 50, 100, "vendor_address", 0.9, 0),
                        ("10115 Berlin", 50, 112, "vendor_address", 0.9, 0)])
    [address] = field_candidates([page], TAGS)["vendor_address"]
    assert address.text == "Hauptstr. 5 10115 Berlin"


def test_a_word_printed_inside_an_address_line_joins_it_whatever_its_tag():
    # "allée" sits between two address words with word spaces around it; the model read it as
    # part of the customer's name, which it is not.
    page = tagged_page([("138,", 50, 100, "vendor_address", 0.9, 0),
                        ("allée", 90, 100, "customer_name", 0.8, 0),
                        ("des", 136, 100, "vendor_address", 0.9, 0),
                        ("Begax", 166, 100, "vendor_address", 0.9, 0),
                        ("Rex", 300, 200, "customer_name", 0.9, 0)])
    found = field_candidates([page], TAGS)
    assert [c.text for c in found["vendor_address"]] == ["138, allée des Begax"]
    assert [c.text for c in found["customer_name"]] == ["Rex"]


def test_a_column_gutter_between_two_addresses_is_not_bridged():
    page = tagged_page([("Hauptstr.", 50, 100, "vendor_address", 0.9, 0),
                        ("Kundenweg", 250, 100, "customer_address", 0.9, 0),
                        ("Bahnhofstr.", 400, 100, "vendor_address", 0.9, 0)])
    found = field_candidates([page], TAGS)
    assert [c.text for c in found["customer_address"]] == ["Kundenweg"]


def test_a_line_read_partly_as_a_name_and_partly_as_an_address_goes_to_the_likelier():
    page = tagged_page([("Marie", 50, 100, "customer_address", 0.6, 0),
                        ("Groß", 100, 100, "customer_name", 0.95, 0),
                        ("Königstraße", 50, 112, "customer_address", 0.9, 0),
                        ("121", 150, 112, "customer_address", 0.9, 0),
                        ("Acme", 400, 100, "vendor_name", 0.9, 0)])
    found = field_candidates([page], TAGS)
    assert [c.text for c in found["customer_name"]] == ["Marie Groß"]
    assert [c.text for c in found["customer_address"]] == ["Königstraße 121"]
    assert [c.text for c in found["vendor_name"]] == ["Acme"]


def test_a_run_read_partly_as_one_party_and_partly_as_the_other_goes_to_the_likelier():
    page = tagged_page([("MUSTER-Autovermietung", 50, 60, "vendor_name", 0.98, 0),
                        ("MUSTER-KUNDE", 50, 100, "customer_name", 0.45, 0),
                        ("GMBH", 149, 100, "vendor_name", 0.43, 0)])
    found = field_candidates([page], TAGS)
    assert [c.text for c in found["customer_name"]] == ["MUSTER-KUNDE GMBH"]
    assert [c.text for c in found["vendor_name"]] == ["MUSTER-Autovermietung"]


def test_two_names_the_model_is_sure_of_stay_apart_however_close_they_are_printed():
    page = tagged_page([("WOON", 50, 100, "vendor_name", 0.99, 0),
                        ("MOTOR", 85, 100, "vendor_name", 0.99, 0),
                        ("BENGKEL", 128, 100, "customer_name", 0.99, 0)])
    found = field_candidates([page], TAGS)
    assert [c.text for c in found["vendor_name"]] == ["WOON MOTOR"]
    assert [c.text for c in found["customer_name"]] == ["BENGKEL"]


def test_a_party_on_the_first_page_ranks_before_a_likelier_one_on_a_later_page():
    first = tagged_page([("Kunden", 50, 100, "customer_name", 0.5, 0),
                         ("12.50", 400, 700, "total_amount", 0.6, 0)])
    later = tagged_page([("Bemerkungen", 50, 60, "customer_name", 0.8, 0),
                         ("99.00", 400, 700, "total_amount", 0.9, 0)], page_no=2)
    found = field_candidates([first, later], TAGS)
    assert [(c.text, c.page_no) for c in found["customer_name"]] == [
        ("Kunden", 1), ("Bemerkungen", 2)]
    assert [c.text for c in found["total_amount"]] == ["99.00", "12.50"]  # totals close a document


def test_a_value_of_another_field_between_two_name_words_is_not_taken_into_the_name():
    page = tagged_page([("Acme", 50, 100, "vendor_name", 0.6, 0),
                        ("471102", 90, 100, "invoice_number", 0.9, 0),
                        ("Corp", 146, 100, "vendor_name", 0.6, 0)])
    found = field_candidates([page], TAGS)
    assert [c.text for c in found["invoice_number"]] == ["471102"]


def test_an_untagged_invoice_date_is_the_likeliest_printed_date_with_its_low_confidence():
    page = tagged_page([("Date:", 50, 100, "O", 0.9, 0),
                        ("27/07/17", 100, 100, "O", 0.9, 0),
                        ("10:32", 180, 100, "O", 0.7, 0),
                        ("31/12/17", 50, 300, "O", 0.9, 0),
                        ("Due", 50, 400, "O", 0.9, 0),
                        ("01/08/17", 100, 400, "due_date", 0.9, 0)])
    date = TAGS.index("invoice_date")
    page.probs[:, date] = [0.01, 0.05, 0.25, 0.02, 0.01, 0.08]
    found = field_candidates([page], TAGS)
    [fallback] = found["invoice_date"]
    # "10:32" is likelier but no date; the due date keeps its own field.
    assert (fallback.text, fallback.value) == ("27/07/17", "2017-07-27")
    assert fallback.confidence == pytest.approx(0.05)
    assert [c.value for c in found["due_date"]] == ["2017-08-01"]
    # A date the model tagged is the only candidate: nothing is added beside it.
    page.probs[3, date] = 0.95
    page.probs[3, TAGS.index("O")] = 0.01
    assert [c.text for c in field_candidates([page], TAGS)["invoice_date"]] == ["31/12/17"]


def test_an_untagged_date_printed_as_three_words_is_found_from_its_likeliest_word():
    page = tagged_page([("Date:", 50, 100, "O", 0.9, 0),
                        ("21", 100, 100, "O", 0.9, 0),
                        ("MAR", 125, 100, "O", 0.9, 0),
                        ("2018", 160, 100, "O", 0.9, 0),
                        ("Table", 50, 200, "O", 0.9, 0),
                        ("12", 100, 200, "O", 0.9, 0)])
    date = TAGS.index("invoice_date")
    page.probs[:, date] = [0.01, 0.04, 0.03, 0.06, 0.01, 0.2]
    [fallback] = field_candidates([page], TAGS)["invoice_date"]
    # "12" is likelier but reads as no date, alone or with its neighbours.
    assert (fallback.text, fallback.value) == ("21 MAR 2018", "2018-03-21")
    assert fallback.confidence == pytest.approx(0.06)


def test_a_second_later_date_read_as_the_invoice_date_is_the_due_date():
    page = tagged_page([("2024-03-01", 50, 100, "invoice_date", 0.95, 0),
                        ("2024-03-31", 50, 130, "invoice_date", 0.7, 0)])
    found = field_candidates([page], TAGS)
    assert [c.value for c in found["invoice_date"]] == ["2024-03-01"]
    assert [c.value for c in found["due_date"]] == ["2024-03-31"]
    earlier = tagged_page([("2024-03-01", 50, 100, "invoice_date", 0.95, 0),
                           ("2024-02-11", 50, 130, "invoice_date", 0.7, 0)])  # a cited invoice
    found = field_candidates([earlier], TAGS)
    assert [c.value for c in found["invoice_date"]] == ["2024-03-01", "2024-02-11"]
    assert "due_date" not in found


def test_of_two_dates_read_as_the_invoice_date_the_earlier_printed_first_is_it():
    page = tagged_page([("2025-11-08", 50, 100, "invoice_date", 0.74, 0),
                        ("2025-11-15", 50, 130, "invoice_date", 0.94, 0)])  # the due date
    found = field_candidates([page], TAGS)
    assert [c.value for c in found["invoice_date"]] == ["2025-11-08"]
    assert [c.value for c in found["due_date"]] == ["2025-11-15"]
    after = tagged_page([("2025-11-15", 50, 100, "invoice_date", 0.94, 0),
                         ("2025-11-08", 50, 130, "invoice_date", 0.74, 0)])  # printed after it
    found = field_candidates([after], TAGS)
    assert [c.value for c in found["invoice_date"]] == ["2025-11-15", "2025-11-08"]
    assert "due_date" not in found


def test_of_two_dates_read_as_the_due_date_with_no_invoice_date_the_earlier_is_it():
    page = tagged_page([("02.07.2023", 180, 220, "due_date", 0.83, 0),
                        ("02.06.2023", 306, 220, "due_date", 0.56, 0)])
    found = field_candidates([page], TAGS)
    assert [c.value for c in found["invoice_date"]] == ["2023-06-02"]
    assert [c.value for c in found["due_date"]] == ["2023-07-02"]


def test_the_only_printed_date_taken_for_the_due_date_is_the_invoice_date():
    page = tagged_page([("Date", 50, 100, "O", 0.9, 0),
                        ("28-01-18", 100, 100, "due_date", 0.8, 0),
                        ("11:59AM", 200, 100, "O", 0.9, 0)])
    page.probs[1, TAGS.index("invoice_date")] = 0.15
    found = field_candidates([page], TAGS)
    [date] = found["invoice_date"]
    assert (date.text, date.value) == ("28-01-18", "2018-01-28")
    assert date.confidence == pytest.approx(0.15)
    assert "due_date" not in found
    # With another date printed, that one is the invoice date and the due date stays.
    later = tagged_page([("Due", 50, 100, "O", 0.9, 0), ("28-01-18", 100, 100, "due_date", 0.8, 0),
                         ("14-01-18", 100, 200, "O", 0.9, 0)])
    found = field_candidates([later], TAGS)
    assert [c.value for c in found["invoice_date"]] == ["2018-01-14"]
    assert [c.value for c in found["due_date"]] == ["2018-01-28"]


def test_parties_read_the_wrong_way_round_under_their_role_headings_swap():
    rows = [("De", 50, 80, "O", 0.95, 0), ("Client", 250, 80, "O", 0.99, 0),
            ("Reot", 50, 100, "customer_name", 0.99, 0), ("SA", 90, 100, "customer_name", 0.97, 0),
            ("Briand", 250, 100, "vendor_name", 0.63, 0),
            ("Basel", 50, 112, "customer_address", 0.98, 0),
            ("Genève", 250, 112, "vendor_address", 0.9, 0)]
    found = field_candidates([tagged_page(rows)], TAGS)
    assert [(c.field, c.text) for c in found["vendor_name"]] == [("vendor_name", "Reot SA")]
    assert found["customer_name"][0].text == "Briand"
    assert found["vendor_address"][0].text == "Basel"
    assert found["vendor_name"][0].confidence < 0.1  # the model's own reading of the new role
    # a heading over one party that agrees with the model's reading leaves both as they are
    agreed = rows[:1] + [("Lieferant", 250, 80, "O", 0.99, 0)] + rows[2:]
    found = field_candidates([tagged_page(agreed)], TAGS)
    assert found["customer_name"][0].text == "Reot SA"
    far = [(t, x, y + 40 if y > 80 else y, tag, p, s) for t, x, y, tag, p, s in rows]
    assert field_candidates([tagged_page(far)], TAGS)["customer_name"][0].text == "Reot SA"


def test_an_amount_printed_in_groups_takes_one_tag():
    page = tagged_page([("€6", 500, 330, "total_amount", 0.97, 0),
                        ("367,78", 520, 330, "amount_due", 0.68, 0),
                        ("Net", 300, 400, "O", 0.9, 0),
                        ("12", 500, 400, "subtotal", 0.9, 0),
                        ("150,00", 600, 400, "tax_amount", 0.9, 0)])  # no group: far apart
    page.probs[1] = 0.0  # over the pair, total 0.97 + 0.32 against amount due about 0 + 0.68
    page.probs[1][TAGS.index("amount_due")], page.probs[1][TAGS.index("total_amount")] = 0.68, 0.32
    found = field_candidates([page], TAGS)
    assert [c.value for c in found["total_amount"]] == ["6367.78"]
    assert "amount_due" not in found
    assert [c.value for c in found["subtotal"]] == ["12.00"]


def test_the_first_word_of_an_item_name_is_no_party_even_when_read_as_one():
    # The model marks the item start on "Pain" and reads it as the customer's name; the line
    # items take the word in, and no customer name is stored. Without the start mark it stays.
    rows = [("Pain", 12, 102, "customer_name", 0.5, 0.9),
            ("de", 48, 102, "line_item.description", 0.7, 0.0),
            ("campagne", 68, 102, "line_item.description", 1.0, 0.0),
            ("9,28", 200, 113, "line_item.amount", 0.9, 0.0)]
    assert "customer_name" not in field_candidates([tagged_page(rows)], TAGS)
    [item] = line_items([tagged_page(rows)], TAGS)
    assert item.description == "Pain de campagne"
    unmarked = [("Pain", 12, 102, "customer_name", 0.5, 0.1), *rows[1:]]
    [name] = field_candidates([tagged_page(unmarked)], TAGS)["customer_name"]
    assert name.text == "Pain"


def test_an_address_is_one_block_a_line_of_another_field_between_ends_it():
    # 0.9.5: a receipt prints its tax id under the address, then the branch, which the model
    # reads as the address's last line.
    rows = printed_line("LOT 1851-A, JALAN KPB 6,", 100, "vendor_address")
    rows += printed_line("43300 SERI KEMBANGAN", 111, "vendor_address")
    rows += [("(GST", 50, 121, "O", 0.9, 0), ("000306020352)", 90, 121, "vendor_tax_id", 0.9, 0)]
    rows += printed_line("(IOI PUCHONG)", 131, "vendor_address")
    [address] = field_candidates([tagged_page(rows)], TAGS)["vendor_address"]
    assert address.text == "LOT 1851-A, JALAN KPB 6, 43300 SERI KEMBANGAN"
    # With nothing printed between, the branch's line stays the address's last line.
    kept = [row for row in rows if row[2] != 121]
    [address] = field_candidates([tagged_page(kept)], TAGS)["vendor_address"]
    assert address.text.endswith("KEMBANGAN (IOI PUCHONG)")


@pytest.mark.parametrize("printed, address", [
    ("HQ ADD: LOT 11995, BATU 2", "LOT 11995, BATU 2"),
    ("Postal address: 12 Main Street", "12 Main Street"),
    ("Unit 4: 12 Main Street", "Unit 4: 12 Main Street"),  # a digit: no label
    ("Hauptstr. 5 Berlin:", "Hauptstr. 5 Berlin:")])  # nothing after the colon
def test_a_label_opening_an_address_is_no_part_of_it(printed, address):
    found = field_candidates([tagged_page(printed_line(printed, 100, "vendor_address"))], TAGS)
    assert found["vendor_address"][0].text == address


@pytest.mark.parametrize("first, joins", [
    ("No.", True), ("1362-JLN", True),
    ("Suite", False),  # neither a digit nor an abbreviation: left as read
    ("ABN", False)])  # a register's label
def test_an_untagged_first_word_of_an_address_line_joins_it(first, joins):
    rows = printed_line("LOT 2811, JALAN ANGSA,", 100, "vendor_address")
    line = printed_line(f"{first} 41150 KLANG", 111, "vendor_address")
    rows += [(first, *line[0][1:3], "O", 0.9, 0)] + line[1:]
    [address] = field_candidates([tagged_page(rows)], TAGS)["vendor_address"]
    expected = f"LOT 2811, JALAN ANGSA, {first + ' ' if joins else ''}41150 KLANG"
    assert address.text == expected


def test_a_word_under_an_address_in_a_sidebar_does_not_join_it():
    # 0.9.8: a sidebar's lines and the header's beside them step down half a line apart, so
    # lines_of chains them into one; "Tel." under the address is no word of its lines.
    rows = printed_line("99, chemin", 100, "vendor_address")
    rows += printed_line("04559 Lyon", 110, "vendor_address")
    rows += [("Tel.", 18, 120, "O", 0.9, 0), ("+33", 60, 120, "vendor_address", 0.9, 0)]
    rows += [(text, 200, y, "customer_address", 0.9, 0) for y, text in ((105, "Kendweg"),
                                                                          (115, "Nürnberg"))]
    found = field_candidates([tagged_page(rows)], TAGS)
    assert "Tel." not in " ".join(c.text for c in found["vendor_address"])
