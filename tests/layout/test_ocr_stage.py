from types import SimpleNamespace

import numpy as np
import pytest

from docai.geometry import Box
from docai.layout.ocr import (
    LATIN_FORMS,
    OcrStage,
    RapidOcrEngine,
    RecognisedWord,
    parse_tesseract_tsv,
    split_line,
    words_of_line,
)
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


def characters(text, x=0.0, width=10.0, confidence=0.8):
    """One piece a character, as RapidOCR boxes a line holding a CJK character."""
    return [RecognisedWord(ch, Box(x + i * width, 5, x + (i + 1) * width, 20), confidence)
            for i, ch in enumerate(text)]


def test_character_pieces_become_the_words_the_line_text_spaces():
    line = "TEL：03-872 SDN.BHD.".translate(LATIN_FORMS)
    pieces = characters("".join(line.split()), confidence=0.5)
    pieces[0] = RecognisedWord("T", pieces[0].box, 1.0)
    words = words_of_line(line, pieces)
    assert [w.text for w in words] == ["TEL:03-872", "SDN.BHD."]
    assert words[0].box == Box(0, 5, 100, 20) and words[1].box == Box(100, 5, 180, 20)
    assert words[0].confidence == pytest.approx((1.0 + 9 * 0.5) / 10)


def test_pieces_that_already_are_words_or_do_not_fit_the_text_are_kept():
    as_words = [RecognisedWord("No.", Box(0, 0, 30, 10), 0.9),
                RecognisedWord("343,", Box(35, 0, 70, 10), 0.8)]
    assert words_of_line("No. 343,", as_words) == as_words
    across_space = [RecognisedWord("ab", Box(0, 0, 20, 10), 0.9),
                    RecognisedWord("c", Box(25, 0, 30, 10), 0.9)]
    assert words_of_line("a bc", across_space) == across_space
    other_text = characters("abc")
    assert words_of_line("ab d", other_text) == other_text


def test_rapidocr_lines_regrouped_only_where_boxed_by_character():
    def quad(x0, x1):
        return [[x0, 0], [x1, 0], [x1, 10], [x0, 10]]

    latin = [("Date:", 0.9, quad(0, 50)), ("15/01/2018", 0.9, quad(55, 150))]  # split at a gap
    boxed = [(ch, 0.9, quad(10 * i, 10 * i + 10)) for i, ch in enumerate("TEL：03AB")]
    result = SimpleNamespace(txts=("Date:15/01/2018", "TEL：03 AB"),
                             boxes=(quad(0, 150), quad(0, 80)), scores=(0.9, 0.9),
                             word_results=(latin, boxed))
    engine = RapidOcrEngine.__new__(RapidOcrEngine)
    engine._engine = lambda pixels: result
    words = engine.read(np.zeros((10, 10, 3), np.uint8))
    assert [w.text for w in words] == ["Date:", "15/01/2018", "TEL:03", "AB"]
    assert words[2].box == Box(0, 0, 60, 10)


def test_fullwidth_punctuation_reads_as_ascii():
    assert "（SUNGAI RENGIT）：".translate(LATIN_FORMS) == "(SUNGAI RENGIT):"
    assert "A\u3000B".translate(LATIN_FORMS) == "A B"


def test_tesseract_tsv_words_and_confidences():
    tsv = ("level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
           "4\t1\t1\t1\t1\t0\t10\t10\t100\t20\t-1\t\n"
           "5\t1\t1\t1\t1\t1\t10\t12\t40\t18\t96.5\tTotal\n"
           "5\t1\t1\t1\t1\t2\t60\t12\t40\t18\t-1\t \n")
    [total] = parse_tesseract_tsv(tsv)
    assert total.text == "Total" and total.box == Box(10, 12, 50, 30)
    assert total.confidence == pytest.approx(0.965)
