import shutil

import numpy as np
import pytest

from docai.layout.ocr import TesseractEngine
from tests import documents

pytestmark = [pytest.mark.e2e,
              pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract not installed")]


def test_tesseract_reads_the_page_words_with_pixel_boxes(tmp_path):
    pix = documents.page_pixmap(documents.text_pdf(tmp_path / "a.pdf"), dpi=200)
    pixels = np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.width, 3)
    words = {w.text: w for w in TesseractEngine("eng", threads=1).read(pixels)}
    assert {"INVOICE", "2024-0042", "Total", "EUR"} <= set(words)
    invoice = words["INVOICE"]
    assert invoice.box.x0 == pytest.approx(72 * 200 / 72, abs=15)
    assert 0.5 < invoice.confidence <= 1.0
