import pytest

from docai.extract.normalize import (fuzzy_key, normalize_amount, normalize_currency, normalize_date,
                                     normalize_field, normalize_quantity, values_match)


@pytest.mark.parametrize("text, expected", [
    ("05.03.2024", "2024-03-05"),
    ("05/03/2024", "2024-03-05"),
    ("03/15/2024", "2024-03-15"),  # month-first only when day-first is impossible
    ("2024-03-05", "2024-03-05"),
    ("2024/3/5", "2024-03-05"),
    ("5 March 2024", "2024-03-05"),
    ("March 5, 2024", "2024-03-05"),
    ("5th March 2024", "2024-03-05"),
    ("5 mars 2024", "2024-03-05"),
    ("1er mars 2024", "2024-03-01"),
    ("5. März 2024", "2024-03-05"),
    ("5. Mär. 2024", "2024-03-05"),
    ("05-Mar-2024", "2024-03-05"),
    ("21 MAR 2018", "2018-03-21"),
    ("28-01-18", "2018-01-28"),
    ("11.02.18", "2018-02-11"),
    ("Datum: 05.03.2024 14:32", "2024-03-05"),
    ("mardi 5 décembre 2023", "2023-12-05"),
    ("20240305", "2024-03-05"),
    ("15 août 2022", "2022-08-15"),
    ("no date here", None),
    ("31.02.2024", None),
    ("11 Ju1 2023", "2023-07-11"),  # OCR's 1 for l in a month's name
    ("5 0ct 2021", "2021-10-05"),
    ("11 A1B 2023", None),  # no month, whatever its digits are read as
    ("#19-18/03/201823:02:16", "2018-03-18"),  # OCR lost the space before the time
    ("18/03/20182", None),  # a year runs into a time only, not into any digit
])
def test_dates(text, expected):
    assert normalize_date(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("1,234.56", "1234.56"),
    ("1.234,56", "1234.56"),
    ("1 234,56", "1234.56"),
    ("1\u202f234,56", "1234.56"),
    ("1'234.56", "1234.56"),
    ("1234.5", "1234.50"),
    ("-12.00", "-12.00"),
    ("12.00-", "-12.00"),
    ("(12.00)", "-12.00"),
    ("\u221212,00", "-12.00"),
    ("€1,234.56", "1234.56"),
    ("1.234,56 €", "1234.56"),
    ("EUR 529,87", "529.87"),
    ("RM 34.80", "34.80"),
    ("$8.70", "8.70"),
    ("1.234", "1234.00"),  # a lone separator before three digits groups thousands
    ("1,234,567", "1234567.00"),
    ("1.148.03", "1148.03"),  # OCR read "1,148.03" with two dots: groups end in three digits
    ("12,345,67", "12345.67"),
    ("1,23,456.00", "123456.00"),  # Indian grouping
    ("4321 9876 00", None),  # an IBAN's digit groups are no amount
    ("DE12 1234", None),
    ("2 12,50", None),  # two numbers side by side
    ("201/113/40209", None),  # a German tax number
    ("12 / 2024", None),
    ("12,00/Stk", "12.00"),  # a price per unit
    ("#000656195584", None),  # a zero-padded code
    ("000123", None),
    ("0012", "12.00"),  # a short zero-padded quantity is still a number
    ("0.40", "0.40"),
    ("************9014", None),  # the end of a masked card number
    ("XXXX XXXX XXXX 9014", None),
    ("***12.50", "12.50"),  # a cheque-style filler before an amount
    ("0,5", "0.50"),
    ("12", "12.00"),
    ("n/a", None),
    ("1O.00", "10.00"),  # OCR took a zero for the letter O
    ("12.5O", "12.50"),
    ("O.50", "0.50"),
    ("l2.00", "12.00"),
    ("Total12.00", "12.00"),  # a letter of a word glued to the number stays a letter
    ("10Oct", "10.00"),
    ("$.91", "0.91"),  # a fraction printed without its whole part
    ("-.50", "-0.50"),
    ("U.91", None),  # the whole part misread as a letter: no amount can be read
    ("Fr.12.50", "12.50"),
])
def test_amounts(text, expected):
    assert normalize_amount(text) == expected


def test_quantity_drops_trailing_zeros():
    assert normalize_quantity("2,50") == "2.5"
    assert normalize_quantity("20") == "20"


@pytest.mark.parametrize("text, expected", [
    ("€", "EUR"), ("EUR", "EUR"), ("1.234,56 €", "EUR"), ("$", "USD"), ("£ 12", "GBP"), ("CHF", "CHF"),
    ("Beträge in Euro", "EUR"), ("RM8.50", "MYR"), ("C$", "CAD"), ("Währung: USD", "USD"), ("xyz", None),
])
def test_currency(text, expected):
    assert normalize_currency(text) == expected


def test_field_dispatch_uses_schema_kinds():
    assert normalize_field("invoice_date", "5 mars 2024") == "2024-03-05"
    assert normalize_field("total_amount", "1.234,56") == "1234.56"
    assert normalize_field("currency", "€") == "EUR"
    assert normalize_field("invoice_number", "  INV-1   2 ") == "INV-1 2"
    assert normalize_field("invoice_number", "#1170777") == "1170777"
    assert normalize_field("purchase_order", "# 1170777") == "1170777"
    assert normalize_field("invoice_number", "A#12") == "A#12"
    assert normalize_field("line_item.quantity", "3,00") == "3"


def test_amounts_match_within_half_a_cent():
    assert values_match("total_amount", "529.87", 529.87)
    assert values_match("total_amount", 529.874, 529.87)
    assert values_match("total_amount", "529,8749", "529.87")
    assert not values_match("total_amount", "529.88", 529.87)
    assert values_match("subtotal", "1.234,56", "1234.56")


def test_names_and_addresses_compare_casefolded_without_punctuation():
    assert values_match("vendor_name", "S.H.H. MOTOR (SUNGAI RENGIT) SDN. BHD.", "s h h motor sungai rengit sdn bhd")
    assert values_match("vendor_address", "Hauptstraße 5\n10115 Berlin", "HAUPTSTRASSE 5, 10115 BERLIN")  # ß casefolds to ss
    assert not values_match("vendor_address", "Hauptstraße 5, Berlin", "Hauptstraße 7, Berlin")
    assert values_match("vendor_address", "Hauptstraße 5\n10115 Berlin", "hauptstraße 5, 10115 berlin")
    assert fuzzy_key("  Müller  GmbH & Co. KG ") == "müller gmbh co kg"


def test_ids_are_exact_after_whitespace_collapse():
    assert values_match("invoice_number", "INV-2024-001", " INV-2024-001 ")
    assert not values_match("invoice_number", "inv-2024-001", "INV-2024-001")
    assert values_match("invoice_date", "05.03.2024", "2024-03-05")
    assert not values_match("invoice_date", None, "2024-03-05")
    assert not values_match("currency", "USD", "EUR")


def test_a_digit_run_too_long_for_an_amount_is_not_an_amount():
    from docai.extract.normalize import normalize_amount, normalize_field

    assert normalize_amount("4006381333931 2024 8812 9931 0001 2221 9") is None
    assert normalize_field("total_amount", "9" * 40) is None
    assert normalize_field("line_item.quantity", "215010014001200") is None
    assert normalize_amount("999.999.999.999,99") == "999999999999.99"
