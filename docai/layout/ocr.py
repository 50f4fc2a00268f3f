"""OCR engines, each returning words with pixel boxes, and the stage that maps them to points."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from docai.geometry import Box, union_all
from docai.layout.quiet import quiet_engine_logs
from docai.model import Page, Word
from docai.options import OcrOptions


@dataclass(frozen=True, slots=True)
class RecognisedWord:
    text: str
    box: Box  # in pixels of the image that was read
    confidence: float


class OcrEngine(Protocol):
    name: str

    def read(self, pixels: np.ndarray) -> list[RecognisedWord]: ...


class RapidOcrEngine:
    """PP-OCR (detection, orientation, recognition) from the ONNX models in RapidOCR's wheel."""

    name = "rapidocr"

    def __init__(self, threads: int):
        from rapidocr import RapidOCR  # heavy import, paid once per process by the caller

        with quiet_engine_logs():
            self._engine = RapidOCR(params={
                "Global.log_level": "warning",
                "Global.return_word_box": True,
                "EngineConfig.onnxruntime.intra_op_num_threads": threads,
                "EngineConfig.onnxruntime.inter_op_num_threads": 1,
            })

    def read(self, pixels: np.ndarray) -> list[RecognisedWord]:
        result = self._engine(pixels)
        if result.txts is None:
            return []
        words = []
        word_lines = result.word_results or [()] * len(result.txts)
        for line_text, line_box, line_score, line_words in zip(
                result.txts, result.boxes, result.scores, word_lines):
            boxed_by_character = BOXED_BY_CHARACTER.search(line_text) is not None
            line_text = line_text.translate(LATIN_FORMS)
            if line_words:
                pieces = [RecognisedWord(text.translate(LATIN_FORMS), _polygon_box(points),
                                         float(score))
                          for text, score, points in line_words if text.strip()]
                words.extend(words_of_line(line_text, pieces) if boxed_by_character else pieces)
            else:
                words.extend(split_line(line_text, _polygon_box(line_box), float(line_score)))
        return words


class TesseractEngine:
    """The system's `tesseract` binary, when installed; reads its TSV word output."""

    name = "tesseract"

    def __init__(self, languages: str, threads: int):
        self._binary = shutil.which("tesseract")
        if self._binary is None:
            raise RuntimeError("tesseract is not installed (Debian: apt-get install tesseract-ocr)")
        self._languages = languages
        self._env = {**os.environ, "OMP_THREAD_LIMIT": str(threads)}

    def read(self, pixels: np.ndarray) -> list[RecognisedWord]:
        import cv2

        ok, png = cv2.imencode(".png", pixels[:, :, ::-1])
        if not ok:
            raise RuntimeError("could not encode the page for tesseract")
        completed = subprocess.run(
            [self._binary, "stdin", "stdout", "-l", self._languages, "tsv"],
            input=png.tobytes(), capture_output=True, check=True, env=self._env, timeout=300)
        return parse_tesseract_tsv(completed.stdout.decode("utf-8", "replace"))


def parse_tesseract_tsv(tsv: str) -> list[RecognisedWord]:
    words = []
    for line in tsv.splitlines()[1:]:
        cells = line.split("\t")
        if len(cells) < 12 or cells[0] != "5" or not cells[11].strip():
            continue
        left, top, width, height = (float(v) for v in cells[6:10])
        words.append(RecognisedWord(cells[11].strip(), Box(left, top, left + width, top + height),
                                    max(0.0, float(cells[10])) / 100))
    return words


# RapidOCR boxes each word of a Latin line (split at spaces and at wide gaps) but each character
# of a line holding a CJK character, fullwidth punctuation included (its `is_chinese_char`).
BOXED_BY_CHARACTER = re.compile("[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]")
# PP-OCR's recogniser reads Chinese as well as Latin script and now and then gives a Latin
# receipt's colon or bracket in its fullwidth form ("TEL：", "（SUNGAI"): read as ASCII.
LATIN_FORMS = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: " "}


def words_of_line(text: str, pieces: list[RecognisedWord]) -> list[RecognisedWord]:
    """The line's words as its text spaces them, each boxed by the engine's pieces of it.

    For the lines RapidOCR boxes character by character: the spaces between words are then only in
    the line's text. Pieces that do not add up to the text come back as they are.
    """
    tokens = text.split()
    if "".join(p.text for p in pieces) != "".join(tokens):
        return pieces
    words, start = [], 0
    for token in tokens:
        end, length = start, 0
        while length < len(token):
            length += len(pieces[end].text)
            end += 1
        if length != len(token):  # a piece runs across a space of the line's text
            return pieces
        group = pieces[start:end]
        words.append(group[0] if len(group) == 1 else RecognisedWord(
            token, union_all([p.box for p in group]),
            sum(p.confidence for p in group) / len(group)))
        start = end
    return words


def split_line(text: str, box: Box, confidence: float) -> list[RecognisedWord]:
    """Words of a line read without word boxes, each given a share of the box by its length."""
    tokens = text.split()
    total = sum(len(t) for t in tokens) + max(0, len(tokens) - 1)
    if total == 0:
        return []
    words, offset = [], 0
    for token in tokens:
        x0 = box.x0 + box.width * offset / total
        x1 = box.x0 + box.width * (offset + len(token)) / total
        words.append(RecognisedWord(token, Box(x0, box.y0, x1, box.y1), confidence))
        offset += len(token) + 1
    return words


def _polygon_box(points) -> Box:
    array = np.asarray(points, dtype=float).reshape(-1, 2)
    return Box(*array.min(axis=0), *array.max(axis=0))


def create_ocr_engine(options: OcrOptions, threads: int) -> OcrEngine:
    if options.engine == "tesseract":
        return TesseractEngine(options.tesseract_lang, threads)
    return RapidOcrEngine(threads)


class OcrStage:
    def __init__(self, engine: OcrEngine, options: OcrOptions | None = None):
        self.engine = engine
        self.options = options or OcrOptions()

    def run(self, pages: Sequence[Page]) -> None:
        """Replace the words of every page that needs OCR with the engine's words, in points."""
        for page in pages:
            if page.error or not page.needs_ocr or page.ocr_image is None:
                continue
            try:
                recognised = self.engine.read(page.ocr_image.pixels)
            except Exception as exc:  # an engine failure costs this page, not the batch
                page.error = f"OCR failed: {exc}"
                continue
            to_points = 1 / page.ocr_image.scale
            page.words = [
                Word(text=w.text, box=w.box.scaled(to_points).clipped(page.width, page.height),
                     confidence=round(w.confidence, 4))
                for w in recognised if w.confidence >= self.options.min_confidence
            ]
            page.ocr_image = None
