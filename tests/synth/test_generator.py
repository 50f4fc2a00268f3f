import json
import re

import pymupdf
import pytest

from docai.extract.fields import field_names
from docai.extract.normalize import normalize_field, values_match
from docai.synth.corpus import CorpusSpec, generate_corpus, generate_document, resolve_families
from docai.synth.families import ALL_FAMILIES, HELD_OUT_FAMILIES, families_for_split


def _words_in(page: pymupdf.Page, box: list[float]) -> list[tuple]:
    """Words whose centre lies inside ``box``, in reading order."""
    x0, y0, x1, y1 = box
    found = [w for w in page.get_text("words") if x0 <= (w[0] + w[2]) / 2 <= x1 and y0 <= (w[1] + w[3]) / 2 <= y1]
    return sorted(found, key=lambda w: (round(w[3]), w[0]))


def test_at_least_15_families_and_some_held_out():
    assert len(ALL_FAMILIES) >= 15
    assert 3 <= len(HELD_OUT_FAMILIES) < len(ALL_FAMILIES)
    assert not set(families_for_split("train")) & HELD_OUT_FAMILIES
    assert {f.kind for f in ALL_FAMILIES.values()} == {"invoice", "receipt"}


def test_held_out_family_is_refused_for_training():
    with pytest.raises(ValueError):
        resolve_families([next(iter(HELD_OUT_FAMILIES))], "train")
    assert set(resolve_families(None, "heldout")) == HELD_OUT_FAMILIES


def test_same_seed_same_corpus(tmp_path):
    families = tuple(ALL_FAMILIES)
    for name in ("a", "b"):
        generate_corpus(CorpusSpec(tmp_path / name, 4, seed=3, families=families, scanned_share=0.5))
    for gt in sorted((tmp_path / "a" / "gt").glob("*.json")):
        twin = tmp_path / "b" / "gt" / gt.name
        assert gt.read_text() == twin.read_text()
        data = json.loads(gt.read_text())
        assert (tmp_path / "a" / data["file"]).read_bytes() == (tmp_path / "b" / data["file"]).read_bytes()


def test_every_family_has_the_core_fields(one_per_family):
    _, docs = one_per_family
    for gt in docs:
        assert {"invoice_number", "invoice_date", "vendor_name", "total_amount"} <= set(gt["fields"]), gt["doc"]
        assert set(gt["fields"]) <= set(field_names())
        assert gt["line_items"] and len(gt["line_items"]) == len(gt["line_item_boxes"])
        assert gt["split"] == ("test" if gt["family"] in HELD_OUT_FAMILIES else "train")


def test_field_boxes_cover_the_printed_words(one_per_family):
    out, docs = one_per_family
    for gt in docs:
        pdf = pymupdf.open(out / gt["file"])
        for name, entry in gt["field_boxes"].items():
            words = _words_in(pdf[entry["page"] - 1], entry["box"])
            printed = " ".join(w[4] for w in words)
            assert printed == entry["text"], (gt["doc"], name)
            assert values_match(name, normalize_field(name, printed), gt["fields"][name]), (gt["doc"], name, printed)


def test_line_item_boxes_cover_their_cells(one_per_family):
    out, docs = one_per_family
    for gt in docs:
        pdf = pymupdf.open(out / gt["file"])
        for truth, cells in zip(gt["line_items"], gt["line_item_boxes"]):
            for cell in cells:
                printed = " ".join(w[4] for w in _words_in(pdf[cell["page"] - 1], cell["box"]))
                assert printed == cell["text"]
                column = cell["column"]
                assert values_match(column, normalize_field(column, printed), truth[column]), (gt["doc"], cell)


def test_word_tags_match_the_native_text_layer(one_per_family):
    out, docs = one_per_family
    for gt in docs:
        pdf = pymupdf.open(out / gt["file"])
        native = [(i + 1, w[4]) for i, page in enumerate(pdf) for w in page.get_text("words", sort=False)]
        assert [(w["page"], w["text"]) for w in gt["words"]] == native
        tagged = {w["tag"] for w in gt["words"] if w["tag"] and not w["tag"].startswith("line_item.")}
        assert tagged == set(gt["fields"]), gt["doc"]


@pytest.mark.parametrize("lang", ["en", "de", "fr"])
def test_values_round_trip_through_normalisation_in_every_language(tmp_path, lang):
    """Printed text -> normalize -> truth, for every family drawn in each language."""
    import random

    from docai.synth import groundtruth

    for index, family in enumerate(ALL_FAMILIES.values()):
        ctx = family.draw(random.Random(f"{lang}:{index}"), lang)
        gt = groundtruth.build(ctx, ctx.canvas.finish(), "d", "d.pdf", family.name, "train", "digital")
        for name, value in gt["fields"].items():
            printed = gt["field_boxes"][name]["text"]
            assert values_match(name, normalize_field(name, printed), value), (family.name, name, printed, value)


def _first_document(tmp_path, family: str, wanted) -> dict:
    """The ground truth of the first generated document of a family whose words satisfy wanted."""
    for folder in ("pdf", "images", "gt"):
        (tmp_path / folder).mkdir(exist_ok=True)
    for index in range(200):
        gt = generate_document(CorpusSpec(tmp_path, 1, seed=5, families=(family,), scanned_share=0.0), index)
        if wanted(" ".join(w["text"] for w in gt["words"])):
            return gt
    raise AssertionError(f"no {family} document of 200 has it")


@pytest.mark.parametrize("family", ["classic_letterhead", "sectioned_form"])
def test_a_vat_breakdown_tags_only_the_totals(tmp_path, family):
    """With two VAT rates the per-rate bases and taxes are printed but are not the fields."""
    gt = _first_document(tmp_path, family, lambda text: re.search(r"(19 %|20%|20 %).*(7 %|5%|5,5 %|10 %)", text))
    fields = gt["fields"]
    assert round(fields["subtotal"] + fields["tax_amount"], 2) == fields["total_amount"]
    tax_words = [w for w in gt["words"] if w["tag"] == "tax_amount"]
    assert len(tax_words) == 1 and normalize_field("tax_amount", tax_words[0]["text"]) is not None
    amounts = {normalize_field("subtotal", w["text"]) for w in gt["words"] if w["tag"] is None}
    assert len(amounts - {None}) >= 4  # the per-rate bases and taxes, untagged


def test_a_domestic_tax_number_beside_the_vat_id_is_not_the_field(tmp_path):
    gt = _first_document(tmp_path, "din5008_letter", lambda text: re.search(r"St\.-Nr|Steuer", text))
    assert gt["fields"]["vendor_tax_id"][:2].isalpha()
    numbers = [w for w in gt["words"] if re.fullmatch(r"\d{2,3}/\d{3}/\d{5}", w["text"])]
    assert numbers and all(w["tag"] is None for w in numbers)


def test_a_receipt_with_the_tax_included_totals_its_items(tmp_path):
    included = re.compile(r"incl\. VAT|GST included|Incl\. GST|Tax included|inkl\. MwSt|davon MwSt|dont TVA|TVA incl")
    gt = _first_document(tmp_path, "thermal_receipt", included.search)
    fields, items = gt["fields"], gt["line_items"]
    assert round(sum(item["amount"] for item in items), 2) == fields["total_amount"]
    assert "subtotal" not in fields or round(fields["subtotal"] + fields["tax_amount"], 2) == fields["total_amount"]
    assert [w["text"] for w in gt["words"] if w["tag"] == "tax_amount"]
