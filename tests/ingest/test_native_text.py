from docai.geometry import Box
from docai.ingest.native_text import needs_ocr
from docai.model import Word
from docai.options import IngestOptions

OPTIONS = IngestOptions()
A4 = 595 * 842


def words(texts, height=10):
    return [Word(t, Box(0, i * height, 8 * len(t), (i + 1) * height)) for i, t in enumerate(texts)]


def test_page_without_enough_words_needs_ocr():
    assert needs_ocr(words(["a", "b"]), A4, 0.0, OPTIONS)
    assert not needs_ocr(words(["invoice", "number", "42"]), A4, 0.0, OPTIONS)


def test_garbled_text_layer_needs_ocr():
    assert needs_ocr(words(["\ufffd\ufffd\ufffd", "\ufffd\ufffdx", "\ufffd\ufffd"]), A4, 0.0, OPTIONS)


def test_scan_with_a_sliver_of_text_needs_ocr_but_a_text_page_with_a_logo_does_not():
    sparse = words(["stamp", "paid", "ok"])
    assert needs_ocr(sparse, A4, 0.95, OPTIONS)
    assert not needs_ocr(sparse, A4, 0.1, OPTIONS)
    dense = words(["word " * 10] * 80)
    assert not needs_ocr(dense, A4, 0.95, OPTIONS)
