"""Value normalisation and comparison shared by the pipeline and the evaluation.

Normalised forms (DESIGN.md): dates ``YYYY-MM-DD``; amounts plain decimals with a dot, no grouping,
two decimals (``1234.50``); currency ISO 4217; ids and names as printed, whitespace collapsed.
Comparison: amounts equal within 0.005; names and addresses casefolded with whitespace and
punctuation collapsed; everything else equal after normalisation.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from docai.extract.fields import field_kind

AMOUNT_TOLERANCE = Decimal("0.005")

_MONTHS = {
    # English
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
    # German
    "januar": 1, "jänner": 1, "februar": 2, "märz": 3, "maerz": 3, "mai": 5, "juni": 6,
    "juli": 7, "oktober": 10, "dezember": 12, "jän": 1, "mär": 3, "mrz": 3, "okt": 10, "dez": 12,
    # French
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "juin": 6, "juillet": 7,
    "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11, "décembre": 12,
    "decembre": 12, "janv": 1, "févr": 2, "fevr": 2, "fév": 2, "avr": 4, "juil": 7, "déc": 12,
}
_MONTH_RE = "|".join(sorted((re.escape(m) for m in _MONTHS), key=len, reverse=True))
_TEXT_DAY_FIRST = re.compile(
    rf"(?<!\d)(\d{{1,2}})(?:st|nd|rd|th|er)?\.?[\s\-/]*({_MONTH_RE})\.?,?[\s\-/]*(\d{{4}}|\d{{2}})(?!\d)",
    re.IGNORECASE,
)
_TEXT_MONTH_FIRST = re.compile(
    rf"\b({_MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})(?!\d)", re.IGNORECASE
)
_ISO = re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")
# A four-digit year may run into the time printed after it: OCR lost the space of
# "18/03/2018 23:02:16" ("18/03/201823:02:16").
_NUMERIC = re.compile(
    r"(?<!\d)(\d{1,2})\s?([./\-])\s?(\d{1,2})\s?\2\s?(\d{4}(?=\d{1,2}:\d\d)|(?:\d{4}|\d{2})(?!\d))")
_COMPACT = re.compile(r"(?<!\d)(\d{8})(?!\d)")

_CURRENCY_SYMBOLS = {
    "€": "EUR", "$": "USD", "US$": "USD", "£": "GBP", "¥": "JPY", "RM": "MYR", "Fr.": "CHF",
    "CHF": "CHF", "C$": "CAD", "CA$": "CAD", "A$": "AUD", "AU$": "AUD", "kr": "SEK",
}
_CURRENCY_WORDS = {
    "euro": "EUR", "euros": "EUR", "dollar": "USD", "dollars": "USD", "pound": "GBP",
    "pounds": "GBP", "franken": "CHF", "francs": "CHF", "ringgit": "MYR",
}
ISO_CURRENCIES = frozenset(
    "EUR USD GBP CHF JPY MYR CAD AUD SEK NOK DKK PLN CZK HUF SGD HKD CNY INR NZD ZAR".split()
)


def collapse_whitespace(text: str) -> str:
    """Unicode-normalise (NFC) and collapse runs of whitespace to one space."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def normalize_text(text: str | None) -> str | None:
    """Ids and names as printed, whitespace collapsed; empty becomes None."""
    if text is None:
        return None
    return collapse_whitespace(str(text)) or None


def _valid_date(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _full_year(year: str) -> int:
    return 2000 + int(year) if len(year) == 2 else int(year)


# OCR's digit for a letter in a month's name: "Ju1" is "Jul", "0ct" is "Oct".
_MISREAD_WORD = re.compile(r"\b(?=\w*[^\W\d_])(?=\w*[01])\w{3,9}\b")
_DIGIT_AS_LETTER = str.maketrans("01", "ol")


def _months_misread(text: str) -> str:
    """Text with the words that OCR's digit-for-letter slips kept from being a month's name."""
    def month(word: re.Match) -> str:
        fixed = word[0].translate(_DIGIT_AS_LETTER)
        return fixed if fixed.lower() in _MONTHS else word[0]
    return _MISREAD_WORD.sub(month, text)


def normalize_date(text: str | None) -> str | None:
    """The first date found in ``text`` as ``YYYY-MM-DD``, or None.

    Numeric dates are read day-first (05.03.2024, 05/03/2024); month-first only when day-first is
    impossible (03/15/2024). Month names in English, German and French, with or without a
    weekday. Two-digit years become 20YY; 8 digits are YYYYMMDD when valid, else DDMMYYYY.
    """
    if not text:
        return None
    text = unicodedata.normalize("NFC", str(text))
    if m := _ISO.search(text):
        if found := _valid_date(int(m[1]), int(m[2]), int(m[3])):
            return found
    if m := _NUMERIC.search(text):
        day, month, year = int(m[1]), int(m[3]), _full_year(m[4])
        return _valid_date(year, month, day) or _valid_date(year, day, month)
    text = _months_misread(text)
    if m := _TEXT_DAY_FIRST.search(text):
        return _valid_date(_full_year(m[3]), _MONTHS[m[2].lower()], int(m[1]))
    if m := _TEXT_MONTH_FIRST.search(text):
        return _valid_date(int(m[3]), _MONTHS[m[1].lower()], int(m[2]))
    if m := _COMPACT.search(text):
        s = m[1]
        as_ymd = _valid_date(int(s[:4]), int(s[4:6]), int(s[6:])) if 1990 <= int(s[:4]) <= 2039 else None
        return as_ymd or _valid_date(int(s[4:]), int(s[2:4]), int(s[:2]))
    return None


_NUMBER_RE = re.compile(r"\d[\d\s.,'’\u00a0\u202f]*")
# Digit groups of a whole number: any length alone; else 1-3 digits first, then groups of 3
# (or of 2 before the last, as in Indian "1,23,456").
_GROUPED = re.compile(r"\d+|\d{1,3}(?: \d{2,3})* \d{3}")
# Digits on both sides of a slash make a reference, a tax number or a date ("201/113/40209",
# "12/2024"), not an amount; "12.00/Stk" stays a price.
_SLASHED = re.compile(r"\d\s?/\s?\d")
# Whole numbers that are codes, not amounts: zero-padded to six digits or more ("000656195584")
# and the visible end of a masked card or account number ("************9014").
_ZERO_PADDED = re.compile(r"0\d{5,}")
_MASKED = re.compile(r"[*xX]{3,}\s?$")
# Letters OCR reads for the digits they resemble ("1O.00", "l2.50"), taken as those digits where
# they touch a digit: after one, or before one (or before a separator and one) with no letter
# before them, so "Total12.00" keeps its "l" a letter.
_LOOKALIKES = {"O": "0", "o": "0", "l": "1", "I": "1"}
_LOOKALIKE = re.compile(r"(?<=\d)[OolI](?=[\d.,]|$|[^\w])|(?<![^\W\d_])[OolI](?=[.,]?\d)")


def parse_decimal(text: str | float | int | Decimal | None) -> Decimal | None:
    """A number from printed text in ``1,234.56``, ``1.234,56``, ``1 234,56``, ``1'234.56`` style.

    Negative as ``-12.00``, ``12.00-``, ``(12.00)`` or with a Unicode minus. A single separator
    followed by exactly three digits is read as grouping (``1.234`` -> 1234); after groups of
    three, a last group of one or two digits is the fraction (``1.148.03`` -> 1148.03). Digit
    groups must be those of one number (``4321 9876 00`` is none), and digits around a slash are
    none either (``201/113/40209``), nor are zero-padded codes (``#000656195584``) and the end of a
    masked card number (``****9014``). Currency symbols, codes and
    other letters around the number are ignored, except letters OCR took for digits ("1O.00" is
    10.00); a fraction printed without its whole part is read as such ("$.91" is 0.91) unless a
    letter stands for that whole part ("U.91" is none).
    """
    if text is None:
        return None
    if isinstance(text, (int, float, Decimal)):
        return Decimal(str(text))
    raw = unicodedata.normalize("NFKC", str(text)).replace("\u2212", "-")
    raw = _LOOKALIKE.sub(lambda m: _LOOKALIKES[m.group()], raw)
    match = _NUMBER_RE.search(raw)
    if not match or _SLASHED.search(raw):
        return None
    body = match.group().rstrip(" .,'’\u00a0\u202f")
    negative = "-" in raw[: match.start()][-3:] or raw[match.end():].lstrip().startswith("-") or (
        "(" in raw[: match.start()] and ")" in raw[match.end():]
    )
    if raw[:match.start()].endswith((".", ",")) and re.fullmatch(r"\d{1,2}", body):
        # A fraction with no whole part: "$.91" is 0.91; "U.91", a letter glued before it, is a
        # whole part misread, and no amount can be read from it.
        if raw[:match.start() - 1][-1:].isalpha():
            return None
        return -Decimal("0." + body) if negative else Decimal("0." + body)
    digits = re.sub(r"[\s'’\u00a0\u202f]", "", body)
    dots, commas = digits.count("."), digits.count(",")
    if dots and commas:
        decimal_sep = "." if digits.rfind(".") > digits.rfind(",") else ","
    elif dots + commas == 1:
        sep = "." if dots else ","
        decimal_sep = None if len(digits) - digits.find(sep) - 1 == 3 else sep
    elif re.fullmatch(r"\d{1,3}([.,]\d{3})+[.,]\d{1,2}", digits):
        # Thousands groups end in three digits, so a last group of one or two is the fraction
        # behind a separator misread as its twin (OCR of "1,148.03" as "1.148.03").
        decimal_sep = digits[-2] if digits[-2] in ".," else digits[-3]
    else:
        decimal_sep = None  # no separator, or the same one repeated: grouping only
    whole, _, frac = body.rpartition(decimal_sep) if decimal_sep else (body, "", "")
    if not decimal_sep and (_ZERO_PADDED.fullmatch(digits) or _MASKED.search(raw[:match.start()])):
        return None
    if not _GROUPED.fullmatch(re.sub(r"[\s'’\u00a0\u202f.,]+", " ", whole)):
        return None  # "4321 9876 00" or "12 1234" are ids or two numbers, not one amount
    digits = re.sub(r"\D", "", whole) + ("." + re.sub(r"\D", "", frac) if decimal_sep else "")
    try:
        value = Decimal(digits)
    except InvalidOperation:
        return None
    return -value if negative else value


# No invoice amount or quantity reaches a trillion; a longer digit run is an id, a phone or an
# account number read as a number. The bound also keeps values inside the database's DECIMALs.
MAX_MAGNITUDE = Decimal("1e12")


def _plausible_number(text: str | float | int | Decimal | None) -> Decimal | None:
    value = parse_decimal(text)
    return value if value is not None and abs(value) < MAX_MAGNITUDE else None


def normalize_amount(text: str | float | int | Decimal | None) -> str | None:
    """An amount as a plain dot decimal with two places (``1234.50``), or None."""
    value = _plausible_number(text)
    if value is None:
        return None
    return str(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def normalize_quantity(text: str | float | int | Decimal | None) -> str | None:
    """A quantity as a plain dot decimal without trailing zeros (``2``, ``1.5``), or None."""
    value = _plausible_number(text)
    if value is None:
        return None
    return format(value.normalize(), "f")


def normalize_currency(text: str | None) -> str | None:
    """An ISO 4217 code from a code, symbol or currency word anywhere in ``text``."""
    if not text:
        return None
    text = unicodedata.normalize("NFKC", str(text))
    for code in re.findall(r"(?<![A-Za-z])[A-Z]{3}(?![A-Za-z])", text.upper()):
        if code in ISO_CURRENCIES:
            return code
    for symbol in sorted(_CURRENCY_SYMBOLS, key=len, reverse=True):
        if symbol in text:
            return _CURRENCY_SYMBOLS[symbol]
    for word in re.findall(r"[^\W\d_]+", text.casefold()):
        if word in _CURRENCY_WORDS:
            return _CURRENCY_WORDS[word]
    return None


def normalize_field(field: str, text: str | float | None) -> str | None:
    """Normalise a printed value of an invoice field or line-item column to its canonical text."""
    kind = field_kind(field)
    if text is None:
        return None
    if kind == "date":
        return normalize_date(str(text))
    if kind == "amount":
        return normalize_amount(text)
    if kind == "quantity":
        return normalize_quantity(text)
    if kind == "currency":
        return normalize_currency(str(text))
    if kind == "id":  # "Invoice #1170777": the number sign is no part of the number
        return normalize_text(str(text).lstrip().removeprefix("#"))
    return normalize_text(str(text))


def fuzzy_key(text: str) -> str:
    """Casefolded text with punctuation turned into spaces and whitespace collapsed."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = "".join(" " if unicodedata.category(ch).startswith("P") else ch for ch in text)
    return " ".join(text.split())


_CANONICAL_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def _compared_number(value: str | float) -> Decimal | None:
    """A normalised value (``1234.567``) is read as is; printed text goes through ``parse_decimal``."""
    if isinstance(value, str) and _CANONICAL_NUMBER.fullmatch(value.strip()):
        return Decimal(value.strip())
    return parse_decimal(value)


def values_match(field: str, predicted: str | float | None, truth: str | float | None) -> bool:
    """Whether a predicted value counts as correct for the truth under DESIGN.md's rules.

    Both sides may be normalised values or printed text; a plain ``123.456`` is taken as a normalised
    number (not as thousands grouping). A missing truth never matches.
    """
    if predicted is None or truth is None:
        return False
    kind = field_kind(field)
    if kind in ("amount", "quantity"):
        left, right = _compared_number(predicted), _compared_number(truth)
        return left is not None and right is not None and abs(left - right) <= AMOUNT_TOLERANCE
    if kind in ("name", "address"):
        return fuzzy_key(str(predicted)) == fuzzy_key(str(truth)) != ""
    left, right = normalize_field(field, predicted), normalize_field(field, truth)
    return left is not None and left == right
