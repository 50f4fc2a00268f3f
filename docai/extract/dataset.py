"""Training examples: generated documents run through the real pipeline (ingest, OCR, layout),
each pipeline word labelled with the tag of the ground-truth word it overlaps."""

from __future__ import annotations

import json
import multiprocessing
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from docai.extract.features import PageFeatures, encode_page
from docai.extract.tags import OUTSIDE, is_line_item, tag_names
from docai.model import Document, Page, Region, Word

IGNORE = -1  # no line-item start label for words outside line items
MIN_OVERLAP = 0.5  # share of a pipeline word that must lie on a truth word to take its tag


@dataclass
class Example:
    doc: str
    family: str
    split: str
    variant: str
    page_no: int
    features: PageFeatures
    tags: np.ndarray    # int64 [W], index into tag_names()
    starts: np.ndarray  # int64 [W]: 1 first word of a line item, 0 other item words, IGNORE
    words: list[Word] = field(default_factory=list)
    regions: list[Region] = field(default_factory=list)
    width: float = 0.0
    height: float = 0.0

    def page(self) -> Page:
        return Page(self.page_no, self.width, self.height, words=self.words, regions=self.regions)


def align(words: Sequence[Word], truth_words: list[dict]) -> tuple[np.ndarray, np.ndarray]:
    """Tags and item starts for pipeline words, from the truth words of the same page."""
    index = {t: i for i, t in enumerate(tag_names())}
    tags = np.zeros(len(words), np.int64)
    starts = np.full(len(words), IGNORE, np.int64)
    if not words or not truth_words:
        return tags, starts
    ours = np.array([[w.box.x0, w.box.y0, w.box.x1, w.box.y1] for w in words])
    theirs = np.array([t["box"] for t in truth_words])
    width = np.clip(np.minimum(ours[:, None, 2], theirs[None, :, 2])
                    - np.maximum(ours[:, None, 0], theirs[None, :, 0]), 0, None)
    height = np.clip(np.minimum(ours[:, None, 3], theirs[None, :, 3])
                     - np.maximum(ours[:, None, 1], theirs[None, :, 1]), 0, None)
    area = np.maximum((ours[:, 2] - ours[:, 0]) * (ours[:, 3] - ours[:, 1]), 1e-6)
    share = width * height / area[:, None]
    best = share.argmax(axis=1)
    seen_items: set[int] = set()
    for i, j in enumerate(best):
        truth = truth_words[j]
        if share[i, j] < MIN_OVERLAP or not truth.get("tag"):
            continue
        tags[i] = index.get(truth["tag"], index[OUTSIDE])
        if is_line_item(truth["tag"]) and "item" in truth:
            starts[i] = int(truth["item"] not in seen_items)
            seen_items.add(truth["item"])
    return tags, starts


class ExampleRecorder:
    """A PageReader that keeps each page's features and aligned labels instead of extracting."""

    def __init__(self):
        self.truth: dict = {}
        self.examples: list[Example] = []

    def read_pages(self, pages: Sequence[Page]) -> list[Example]:
        truth = self.truth
        recorded = []
        for page in pages:
            if page.error:
                continue
            # Real sets give no word-level truth: their pages are recorded (for the bench
            # scripts' caches of model input) with every word outside the fields.
            on_page = [w for w in truth.get("words", ()) if w["page"] == page.page_no]
            tags, starts = align(page.words, on_page)
            recorded.append(Example(truth["doc"], truth.get("family", ""), truth.get("split", ""),
                                    truth.get("variant", ""), page.page_no, encode_page(page),
                                    tags, starts, list(page.words), list(page.regions),
                                    page.width, page.height))
        return recorded

    def finish(self, doc: Document, read: list[Example]) -> None:
        self.examples.extend(read)


_recorder: ExampleRecorder | None = None
_processor = None


def _init_worker() -> None:
    global _recorder, _processor
    from docai.options import ExtractOptions, PipelineOptions
    from docai.processor import DocumentProcessor

    _recorder = ExampleRecorder()
    options = PipelineOptions(extract=ExtractOptions(enabled=False))
    _processor = DocumentProcessor(options, threads=1, reader=_recorder)


def _examples_of(truth_path: Path) -> list[Example]:
    truth = json.loads(truth_path.read_text())
    _recorder.truth, _recorder.examples = truth, []
    _processor.process(truth_path.parent.parent / truth["file"])
    return _recorder.examples


def build_examples(set_dirs: Sequence[Path], workers: int = 2,
                   report: Callable[[str], None] | None = None) -> list[Example]:
    """Examples of every document with ground truth (`gt/*.json`) in the given sets."""
    truth_paths = sorted(p for d in set_dirs for p in (d / "gt").glob("*.json"))
    context = multiprocessing.get_context("spawn")
    examples: list[Example] = []
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_init_worker) as pool:
        for done, found in enumerate(pool.map(_examples_of, truth_paths, chunksize=4), start=1):
            examples.extend(found)
            if report and (done % 100 == 0 or done == len(truth_paths)):
                report(f"examples: {done}/{len(truth_paths)} documents, {len(examples)} pages")
    return examples
