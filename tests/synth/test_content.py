import datetime as dt
import random
import re
from decimal import ROUND_HALF_UP, Decimal

import pymupdf
import pytest

from docai.extract.normalize import fuzzy_key, normalize_date
from docai.synth import groundtruth
from docai.synth.content import LINE_LIMIT, NAME_LIMIT, make_content, side_stream
from docai.synth.families import ALL_FAMILIES
from docai.synth.formats import DATE_STYLES, DATE_STYLES_BY_LANGUAGE, format_date

LANGS = ("en", "de", "fr")


def _contents(lang: str, count: int, receipt: bool = False):
    return [make_content(random.Random(f"content:{lang}:{i}"), lang, receipt, (1, 2)) for i in range(count)]


def test_content_is_deterministic_by_seed():
    for lang in LANGS:
        first, second = (make_content(random.Random(5), lang, False, (2, 4)) for _ in range(2))
        assert first == second


@pytest.mark.parametrize("lang", LANGS)
def test_names_and_addresses_are_varied(lang):
    contents = _contents(lang, 300)
    text = " ".join(" ".join([p.name, *p.address_lines]) for c in contents for p in (c.vendor, c.customer))
    assert len(set(re.findall(r"[^\W\d_]{3,}", text))) > 800  # the fixed pools hold well under 100 such words
    assert len({c.vendor.name for c in contents}) > 280 and len({c.vendor.contact for c in contents}) > 200
    assert all(len(c.vendor.name) <= NAME_LIMIT for c in contents)
    assert all(len(line) <= LINE_LIMIT for c in contents for line in c.vendor.address_lines)


def test_english_documents_include_asia_pacific_parties():
    contents = _contents("en", 200, receipt=True)
    apac = [c for c in contents if c.currency in ("MYR", "SGD")]
    assert 50 < len(apac) < 150
    names = " ".join(c.vendor.name.upper() for c in apac)
    assert re.search(r"SDN\.? BHD|PTE\.? LTD|ENTERPRISE|TRADING", names)
    assert any(c.vendor.registration for c in apac)


def test_every_printed_character_has_a_glyph():
    fonts = [pymupdf.Font(name) for name in ("helv", "hebo", "tiro", "tibo", "cour", "cobo")]
    for lang in LANGS:
        for c in _contents(lang, 150, receipt=lang == "en"):
            parties = (c.vendor, c.customer)
            text = "".join(p.name + "".join(p.address_lines) for p in parties) + (c.vendor.registration or "")
            missing = {ch for ch in text for font in fonts if not font.has_glyph(ord(ch))}
            assert not missing, (lang, missing)


def test_invoice_numbers_take_several_shapes():
    numbers = [c.invoice_number for lang in LANGS for c in _contents(lang, 100)]
    assert any(re.fullmatch(r"\d{3,10}", n) for n in numbers)
    assert any(re.fullmatch(r"[A-Z]+-\d+", n) for n in numbers)
    assert any(re.fullmatch(r"[A-Z]+[-/]?20\d\d[-/]?\d+", n) for n in numbers)


@pytest.mark.parametrize("lang", LANGS)
def test_every_date_style_reads_back_as_the_iso_date(lang):
    rng = random.Random(1)
    for day in (dt.date(2019, 1, 1), dt.date(2019, 1, 23), dt.date(2024, 12, 9), dt.date(2021, 5, 31)):
        for style in DATE_STYLES:
            printed = format_date(rng, day, lang, style)
            assert normalize_date(printed) == day.isoformat(), (style, printed)


def test_common_real_world_date_formats_are_printed():
    day = dt.date(2019, 1, 23)
    printed = {format_date(random.Random(0), day, "en", style) for style in DATE_STYLES_BY_LANGUAGE["en"]}
    assert {"23-01-2019", "23/01/2019", "23.01.2019", "2019-01-23", "23 Jan 2019", "Jan 23, 2019"} <= printed


def test_receipt_headers_wrap_long_names_inside_the_paper():
    family = ALL_FAMILIES["thermal_receipt"]
    registrations = 0
    for index in range(12):
        ctx = family.draw(random.Random(f"receipt:{index}"), "en")
        assert all(0 <= s.rect.x0 and s.rect.x1 <= ctx.width for s in ctx.canvas.spans if s.tag), index
        registrations += bool(ctx.content.vendor.registration)
        gt = groundtruth.build(ctx, ctx.canvas.finish(), "d", "d.pdf", family.name, "train", "digital")
        assert fuzzy_key(gt["field_boxes"]["vendor_name"]["text"]) == fuzzy_key(gt["fields"]["vendor_name"])
        if ctx.content.vendor.registration:
            assert ctx.content.vendor.registration.split()[-1] in {w["text"] for w in gt["words"] if not w["tag"]}
    assert registrations


def test_side_streams_leave_the_main_stream_where_it_was():
    rng = random.Random(11)
    state = rng.getstate()
    first, other = side_stream(rng, "taxes"), side_stream(rng, "other")
    assert rng.getstate() == state
    assert side_stream(rng, "taxes").random() == first.random() != other.random()


def test_some_invoices_charge_two_vat_rates_and_the_tax_is_their_sum():
    invoices = [make_content(random.Random(f"rates:{i}"), "de", False, (2, 6)) for i in range(300)]
    mixed = [c for c in invoices if len(c.vat_breakdown) == 2]
    assert 0.1 < len(mixed) / len(invoices) < 0.4
    for content in mixed:
        assert sum(base for _, base, _ in content.vat_breakdown) == content.subtotal
        assert content.tax_amount == sum(tax for _, _, tax in content.vat_breakdown)
        assert content.total_amount == content.subtotal + content.tax_amount
    receipts = [make_content(random.Random(f"rates:{i}"), "de", True, (2, 6)) for i in range(100)]
    assert all(len(c.vat_breakdown) == 1 for c in receipts)


def test_some_german_vendors_print_a_domestic_tax_number_beside_their_vat_id():
    vendors = [make_content(random.Random(f"numbers:{i}"), "de", False, (1, 2)).vendor for i in range(300)]
    both = [v for v in vendors if v.tax_number]
    assert len(both) > 30
    assert all(v.tax_id[:2].isalpha() and re.fullmatch(r"\d+/\d+/\d+", v.tax_number) for v in both)


def test_some_receipts_price_items_with_the_tax_included():
    receipts = [make_content(random.Random(f"included:{i}"), "fr", True, (1, 5)) for i in range(200)]
    included = [c for c in receipts if c.prices_include_tax]
    assert 0.3 < len(included) / len(receipts) < 0.7
    for content in included:
        assert content.total_amount == sum(item.amount for item in content.items)
        rate = content.tax_rate
        assert content.tax_amount == (content.total_amount * rate / (100 + rate)).quantize(Decimal("0.01"),
                                                                                            ROUND_HALF_UP)
        assert content.subtotal + content.tax_amount == content.total_amount
    assert not any(make_content(random.Random(f"included:{i}"), "fr", False, (1, 5)).prices_include_tax
                   for i in range(100))
