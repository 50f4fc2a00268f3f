"""DocumentProcessor with fake engines: stages in order, extraction failures kept as data."""

from docai.geometry import Box
from docai.layout.detector import DetectedRegion
from docai.model import DocumentStatus
from docai.processor import DocumentProcessor
from tests import documents


class FakeLayout:
    name = "fake"

    def detect(self, pixels):
        return [DetectedRegion("text", 0.9, Box(0, 0, pixels.shape[1], pixels.shape[0]))]


class Reader:
    def __init__(self, fail_in=None):
        self.fail_in, self.finished = fail_in, []

    def read_pages(self, pages):
        if self.fail_in == "read":
            raise ValueError("bad page")
        return [p.page_no for p in pages if p.image is not None]

    def finish(self, doc, read):
        if self.fail_in == "finish":
            raise ValueError("bad document")
        self.finished.append(read)


def test_reader_sees_pages_while_their_raster_exists(tmp_path):
    reader = Reader()
    processor = DocumentProcessor(layout_engine=FakeLayout(), reader=reader)
    doc = processor.process(documents.text_pdf(tmp_path / "a.pdf", pages=3))
    assert reader.finished == [[1, 2, 3]] and doc.status is DocumentStatus.OK
    assert all(p.image is None and p.words and p.regions for p in doc.pages)


def test_extraction_failures_keep_the_words_and_say_why(tmp_path):
    pdf = documents.text_pdf(tmp_path / "a.pdf")
    finish_fails = DocumentProcessor(layout_engine=FakeLayout(), reader=Reader("finish")).process(pdf)
    assert finish_fails.status is DocumentStatus.FAILED
    assert "field extraction failed" in finish_fails.error and finish_fails.pages[0].words
    read_fails = DocumentProcessor(layout_engine=FakeLayout(), reader=Reader("read")).process(pdf)
    assert "field extraction failed" in read_fails.pages[0].error and read_fails.pages[0].words
