import numpy as np
import pytest

from docai.geometry import Box
from docai.layout.ocr import OcrStage, RecognisedWord, parse_tesseract_tsv, split_line
from docai.model import Page, PageImage, TextSource
from docai.options import OcrOptions


class FakeOcr:
    name = "fake"

    def __init__(self, words=(), fail=False):
        self.words, self.fail, self.calls = list(words), fail, 0

    def read(self, pixels):
        self.calls += 1
        if self.fail:
            raise RuntimeError("engine exploded")
        return self.words


def ocr_page(scale=2.0):
    return Page(1, 595, 842, TextSource.OCR, needs_ocr=True,
                ocr_image=PageImage(np.zeros((10, 10, 3), np.uint8), scale))


def test_words_map_from_pixels_to_points_and_weak_ones_drop():
    engine = FakeOcr([RecognisedWord("Total", Box(200, 100, 300, 140), 0.97),
                      RecognisedWord("~~", Box(0, 0, 10, 10), 0.2),
                      RecognisedWord("edge", Box(1180, 10, 1300, 40), 0.9)])
    page = ocr_page(scale=2.0)
    OcrStage(engine, OcrOptions(min_confidence=0.5)).run([page])
    assert [w.text for w in page.words] == ["Total", "edge"]
    assert page.words[0].box == Box(100, 50, 150, 70)
    assert page.words[1].box.x1 == 595  # clipped to the page
    assert page.ocr_image is None


def test_pages_that_do_not_need_ocr_are_left_alone():
    engine = FakeOcr()
    page = Page(1, 595, 842)
    OcrStage(engine).run([page])
    assert engine.calls == 0


def test_engine_failure_marks_the_page_not_the_batch():
    pages = [ocr_page(), ocr_page()]
    OcrStage(FakeOcr(fail=True)).run(pages)
    assert all("OCR failed: engine exploded" == p.error for p in pages)


def test_line_without_word_boxes_is_split_by_character_share():
    words = split_line("ab cd", Box(0, 0, 50, 10), 0.9)
    assert [(w.text, w.box.x0, w.box.x1) for w in words] == [("ab", 0, 20), ("cd", 30, 50)]


def test_tesseract_tsv_words_and_confidences():
    tsv = ("level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
           "4\t1\t1\t1\t1\t0\t10\t10\t100\t20\t-1\t\n"
           "5\t1\t1\t1\t1\t1\t10\t12\t40\t18\t96.5\tTotal\n"
           "5\t1\t1\t1\t1\t2\t60\t12\t40\t18\t-1\t \n")
    [total] = parse_tesseract_tsv(tsv)
    assert total.text == "Total" and total.box == Box(10, 12, 50, 30)
    assert total.confidence == pytest.approx(0.965)
