import json

import numpy as np
import pymupdf
import pytest

from docai.synth.corpus import CorpusSpec, generate_corpus

SINGLE_PAGE = ("classic_letterhead", "thermal_receipt", "facture_blocks")


@pytest.fixture(scope="module", params=[0.0, 1.0], ids=["scanned_pdf", "image_file"])
def scanned_set(request, tmp_path_factory):
    out = tmp_path_factory.mktemp("scanned")
    generate_corpus(CorpusSpec(out, 3, seed=11, families=SINGLE_PAGE, scanned_share=1.0, image_share=request.param))
    return out, [json.loads(p.read_text()) for p in sorted((out / "gt").glob("*.json"))]


def _grey(page: pymupdf.Page, dpi: int = 100) -> tuple[np.ndarray, float]:
    pix = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY)
    return np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.width), dpi / 72


def test_page_sizes_are_what_pymupdf_reports(scanned_set):
    out, docs = scanned_set
    for gt in docs:
        assert gt["variant"] in ("scanned", "image")
        doc = pymupdf.open(out / gt["file"])
        assert not doc[0].get_text("words"), "a scan carries no text layer"
        for page in gt["pages"]:
            rect = doc[page["page_no"] - 1].rect
            assert rect.width == pytest.approx(page["width"], abs=0.05)
            assert rect.height == pytest.approx(page["height"], abs=0.05)


def test_transformed_boxes_land_on_ink(scanned_set):
    out, docs = scanned_set
    for gt in docs:
        doc = pymupdf.open(out / gt["file"])
        image, scale = _grey(doc[0])
        paper = float(np.median(image))
        for name, entry in gt["field_boxes"].items():
            x0, y0, x1, y1 = (int(round(v * scale)) for v in entry["box"])
            inside = image[max(y0, 0):y1, max(x0, 0):x1]
            # even washed-out, blurred thin type leaves clearly darker pixels than the paper inside the box
            assert inside.size and np.percentile(inside, 2) < paper - 25, (gt["doc"], name)
