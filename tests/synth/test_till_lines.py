"""Receipts' extra till lines (rounding, tax summary, item count, notes) print amounts and names that are not fields."""
import random

from docai.extract.normalize import fuzzy_key, values_match
from docai.synth import groundtruth
from docai.synth.families import ALL_FAMILIES
from docai.synth.families.till_lines import (FOOTER_NOTES, ROUNDED_TOTALS, ROUNDING, SUMMARY_TOTAL, TAX_SUMMARY,
                                               draw_till_lines)


def _receipts(family: str, lang: str, count: int):
    """(drawing context, ground truth) of generated receipts."""
    for index in range(count):
        ctx = ALL_FAMILIES[family].draw(random.Random(f"till:{family}:{index}"), lang)
        yield ctx, groundtruth.build(ctx, ctx.canvas.finish(), "d", "d.pdf", family, "train", "digital")


def _lines(gt: dict) -> list[list[dict]]:
    """The page's words grouped by baseline, top to bottom."""
    rows: dict[float, list[dict]] = {}
    for word in gt["words"]:
        rows.setdefault(round(word["box"][3]), []).append(word)
    return [sorted(row, key=lambda w: w["box"][0]) for _, row in sorted(rows.items())]


def _text(row: list[dict]) -> str:
    return " ".join(w["text"] for w in row)


def test_drawing_the_till_lines_leaves_the_receipts_own_stream_where_it_was():
    rng = random.Random(3)
    state = rng.getstate()
    drawn = [draw_till_lines(rng, "en") for _ in range(2)]
    assert rng.getstate() == state
    assert drawn[0].header_notes == drawn[1].header_notes and drawn[0].tax_summary == drawn[1].tax_summary


def test_the_tax_summary_repeats_net_and_tax_untagged_and_the_total_is_printed_once():
    titles = {title for title, *_ in TAX_SUMMARY["en"]}
    summaries = 0
    for _, gt in _receipts("thermal_receipt", "en", 40):
        fields, lines = gt["fields"], _lines(gt)
        totals = [w for w in gt["words"] if w["tag"] == "total_amount"]
        assert len({round(w["box"][3]) for w in totals}) == 1  # one printing ('RM 12.30' is two words)
        assert values_match("total_amount", _text(totals), fields["total_amount"])
        starts = [i for i, row in enumerate(lines) if any(_text(row).startswith(title) for title in titles)]
        if not starts:
            continue
        summaries += 1
        summary_total = lines[starts[0] + 2]
        assert [w["text"] for w in summary_total][0] == SUMMARY_TOTAL["en"] and len(summary_total) == 3
        net, tax = (w["text"] for w in summary_total[1:])
        assert values_match("tax_amount", tax, fields["tax_amount"])
        assert "subtotal" not in fields or values_match("subtotal", net, fields["subtotal"])
        assert all(w["tag"] is None for row in lines[starts[0]:starts[0] + 3] for w in row)
    assert 5 <= summaries <= 25


def test_rounding_lines_and_notes_are_not_fields():
    rounding = notes = 0
    for _, gt in _receipts("narrow_kv_receipt", "de", 40):
        for row in _lines(gt):
            text = _text(row)
            if any(text.startswith(label + " ") for label in ROUNDING["de"]):
                rounding += 1
                assert text.endswith("0,00") or text.endswith("0.00")
                assert all(w["tag"] is None for w in row)
            if text in FOOTER_NOTES["de"]:
                notes += 1
                assert all(w["tag"] is None for w in row)
    assert rounding and notes


def test_a_registration_on_the_names_line_is_not_part_of_the_name():
    inline = 0
    for ctx, gt in _receipts("receipt_two_line", "en", 60):
        registration = ctx.content.vendor.registration
        name = gt["field_boxes"]["vendor_name"]
        assert fuzzy_key(name["text"]) == fuzzy_key(gt["fields"]["vendor_name"])
        if not registration:
            continue
        last = [w for w in gt["words"] if w["text"] == registration.split()[-1]]
        assert last and all(w["tag"] is None for w in last)
        inline += any(abs(w["box"][3] - name["box"][3]) < 1 and w["box"][0] > name["box"][0] for w in last)
    assert inline


def test_a_rounded_total_is_the_tagged_one_and_the_total_above_the_rounding_line_is_not():
    rounded = own_labels = 0
    for ctx, gt in _receipts("thermal_receipt", "en", 80):
        lines = _lines(gt)
        total_row = next(i for i, row in enumerate(lines) if any(w["tag"] == "total_amount" for w in row))
        label = " ".join(w["text"] for w in lines[total_row] if w["tag"] is None)
        own_labels += label.split()[0] in ("Total", "TOTAL") and label.split()[-1].endswith(("GST", "VAT", "Tax", "%", ")"))
        rounding, before = lines[total_row - 1], lines[total_row - 2]
        if not any(_text(rounding).startswith(name) for name in ROUNDING["en"]):
            continue
        if values_match("total_amount", before[-1]["text"], gt["fields"]["total_amount"]):
            rounded += 1  # the total, the rounding line, the rounded total
            assert label in ROUNDED_TOTALS["en"]
            assert not any(w["tag"] in ("total_amount", "subtotal", "tax_amount") for w in before)
    assert rounded >= 3 and own_labels >= 5


def test_a_trading_name_printed_apart_from_the_legal_name_is_not_the_vendor_name():
    brands = 0
    for ctx, gt in _receipts("thermal_receipt", "en", 60):
        name_box = gt["field_boxes"]["vendor_name"]["box"]
        assert fuzzy_key(gt["field_boxes"]["vendor_name"]["text"]) == fuzzy_key(gt["fields"]["vendor_name"])
        lines = _lines(gt)
        first_name_row = next(i for i, row in enumerate(lines) if any(w["tag"] == "vendor_name" for w in row))
        beside = lines[first_name_row - 1: first_name_row] + lines[first_name_row + 1: first_name_row + 3]
        for row in beside:
            text = _text(row)
            if row[0]["box"][1] < name_box[1] and row[0]["tag"] is None and not text.startswith("("):
                brands += 1  # a line above the legal name
                assert all(w["tag"] is None for w in row)
    assert brands >= 5


def test_the_date_is_printed_once_under_the_name_or_in_the_body():
    in_header = 0
    for family in ("thermal_receipt", "narrow_kv_receipt", "receipt_two_line"):
        for _, gt in _receipts(family, "en", 40):
            lines = _lines(gt)
            rows = [i for i, row in enumerate(lines) if any(w["tag"] == "invoice_date" for w in row)]
            assert len(rows) == 1
            assert values_match("invoice_date", " ".join(w["text"] for w in lines[rows[0]] if w["tag"] == "invoice_date"),
                                gt["fields"]["invoice_date"])
            number = next(i for i, row in enumerate(lines) if any(w["tag"] == "invoice_number" for w in row))
            # These two bodies print the receipt number before the date or beside it (key/value rows may shuffle).
            in_header += family != "narrow_kv_receipt" and rows[0] < number
    assert in_header >= 4


def test_some_totals_are_printed_like_the_lines_around_them():
    heights = {"large": 0, "plain": 0}
    for _, gt in _receipts("receipt_two_line", "en", 40):
        total = next(w for w in gt["words"] if w["tag"] == "total_amount")
        tax = next(w for w in gt["words"] if w["tag"] == "tax_amount")
        ratio = (total["box"][3] - total["box"][1]) / (tax["box"][3] - tax["box"][1])
        heights["large" if ratio > 1.15 else "plain"] += 1
    assert heights["large"] >= 8 and heights["plain"] >= 8
