"""Score documents against predictions and aggregate per source and per field."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace

from docai.extract.fields import field_names, line_item_columns
from docai.extract.normalize import fuzzy_key
from docai.evaluation.groundtruth import TruthDoc
from docai.evaluation.matching import FieldResult, ItemResult, Reference, score_field, score_items
from docai.evaluation.predictions import Predictions

ALL = "all"


@dataclass
class DocResult:
    doc: str
    source: str
    processed: bool
    fields: list[FieldResult]
    extra_fields: list[str]  # predicted where the truth has no value
    items: ItemResult | None


def _exact_references(entry: dict) -> list[Reference]:
    return [Reference("exact", e["page"], (tuple(e["box"]),)) for e in (entry, *entry.get("also", []))]


def _line_references(truth: TruthDoc, name: str, scale: tuple[float, float]) -> list[Reference]:
    """The SROIE lines that carry the value, in page points: lines holding it, else the lines it spans."""
    key = fuzzy_key(truth.printed.get(name, str(truth.fields[name])))
    if not key:
        return []
    sx, sy = scale
    boxes = [(b[0] * sx, b[1] * sy, b[2] * sx, b[3] * sy) for b in (line["box"] for line in truth.lines)]
    keys = [fuzzy_key(line["text"]) for line in truth.lines]
    holding = [Reference("line", 1, (box,)) for box, k in zip(boxes, keys) if key in k]
    if holding:
        return holding
    parts = tuple(box for box, k in zip(boxes, keys) if _carries_part(k, key))
    return [Reference("line", 1, parts)] if parts else []


def _carries_part(line: str, key: str) -> bool:
    """Whether a line (fuzzy key) holds a piece of the value: the whole line, or the value's start
    after a label ("HQ ADD: LOT 11995, ..."), or its end before other text."""
    if len(line) >= 3 and line in key:
        return True
    words = line.split()
    for cut in range(1, len(words)):
        head, tail = " ".join(words[:cut]), " ".join(words[cut:])
        if (len(tail) >= 3 and key.startswith(tail)) or (len(head) >= 3 and key.endswith(head)):
            return True
    return False


def _image_scale(truth: TruthDoc, doc_id: str, predictions: Predictions) -> tuple[float, float]:
    """Points per pixel of a single-image document: page size from the database, else from PyMuPDF."""
    from PIL import Image

    with Image.open(truth.path) as image:
        width_px, height_px = image.size
    size = predictions.page_sizes.get((doc_id, 1))
    if size is None:
        import pymupdf

        with pymupdf.open(truth.path) as doc:
            size = (doc[0].rect.width, doc[0].rect.height)
    return size[0] / width_px, size[1] / height_px


def references(truth: TruthDoc, name: str, doc_id: str, page: int | None, predictions: Predictions,
               scale: tuple[float, float] | None) -> list[Reference]:
    if name in truth.field_boxes:
        return _exact_references(truth.field_boxes[name])
    if truth.lines and scale:
        return _line_references(truth, name, scale)
    words = predictions.words.get((doc_id, page or 0))
    if words:
        return [Reference("words", page or 0, words=tuple((w.text, w.box) for w in words))]
    return []


def score_document(truth: TruthDoc, doc_id: str, predictions: Predictions) -> DocResult:
    predicted = predictions.fields.get(doc_id, {})
    scale = _image_scale(truth, doc_id, predictions) if truth.lines else None
    results = []
    for name, value in truth.fields.items():
        guess = predicted.get(name)
        if guess is None:
            results.append(FieldResult(name, "missing", None, truth=value))
            continue
        refs = references(truth, name, doc_id, guess.page_no, predictions, scale)
        result = score_field(name, value, guess.value if guess.value is not None else guess.text,
                             guess.page_no, guess.box, refs)
        results.append(replace(result, confidence=guess.confidence))
    extra = [name for name in predicted if name not in truth.fields and name in field_names()]
    items = None
    if truth.has_line_items:
        rows = [{c: getattr(item, c) for c in line_item_columns()} for item in predictions.line_items.get(doc_id, [])]
        items = score_items(rows, truth.line_items, line_item_columns())
    return DocResult(truth.doc, truth.source, doc_id in predictions.processed, results, extra, items)


@dataclass
class FieldStats:
    n: int = 0
    correct: int = 0
    wrong: int = 0
    missing: int = 0
    extra: int = 0
    grounded: int = 0
    grounding_checked: int = 0  # correct values that had a reference to check against

    def add(self, result: FieldResult) -> None:
        self.n += 1
        setattr(self, result.status, getattr(self, result.status) + 1)
        if result.grounded is not None:
            self.grounding_checked += 1
            self.grounded += result.grounded

    def summary(self) -> dict:
        data = asdict(self)
        data["accuracy"] = round(self.correct / self.n, 4) if self.n else None
        data["grounded_share"] = round(self.grounded / self.grounding_checked, 4) if self.grounding_checked else None
        return data


@dataclass
class ItemStats:
    documents: int = 0
    truth_rows: int = 0
    predicted_rows: int = 0
    exact_rows: int = 0
    truth_cells: int = 0
    correct_cells: int = 0

    def add(self, result: ItemResult) -> None:
        self.documents += 1
        for key in ("truth_rows", "predicted_rows", "exact_rows", "truth_cells", "correct_cells"):
            setattr(self, key, getattr(self, key) + getattr(result, key))

    def summary(self) -> dict:
        data = asdict(self)
        data["cell_accuracy"] = round(self.correct_cells / self.truth_cells, 4) if self.truth_cells else None
        data["row_accuracy"] = round(self.exact_rows / self.truth_rows, 4) if self.truth_rows else None
        return data


@dataclass
class SourceStats:
    documents: int = 0
    processed: int = 0
    fields: dict[str, FieldStats] = field(default_factory=dict)
    items: ItemStats = field(default_factory=ItemStats)

    def add(self, doc: DocResult) -> None:
        self.documents += 1
        self.processed += doc.processed
        for result in doc.fields:
            for key in (result.field, ALL):
                self.fields.setdefault(key, FieldStats()).add(result)
        for name in doc.extra_fields:
            self.fields.setdefault(name, FieldStats()).extra += 1
        if doc.items is not None:
            self.items.add(doc.items)

    def summary(self) -> dict:
        order = [*field_names(), ALL]
        return {"documents": self.documents, "processed": self.processed,
                "fields": {k: self.fields[k].summary() for k in order if k in self.fields},
                "line_items": self.items.summary() if self.items.documents else None}


# Confidence bins of the reliability table: (lower bound, upper bound], the last one closed.
RELIABILITY_BINS = (0.0, 0.5, 0.7, 0.8, 0.9, 0.95, 1.0)


def reliability(docs: list[DocResult]) -> list[dict]:
    """Per confidence bin, how many predicted values were right: the calibration check."""
    rows = []
    for low, high in zip(RELIABILITY_BINS, RELIABILITY_BINS[1:]):
        inside = [r for d in docs for r in d.fields
                  if r.status != "missing" and r.confidence is not None
                  and (low < r.confidence <= high or (low == 0.0 and r.confidence == 0.0))]
        right = sum(r.status == "correct" for r in inside)
        rows.append({"bin": f"({low:.2f}, {high:.2f}]", "predicted": len(inside), "correct": right,
                     "accuracy": round(right / len(inside), 4) if inside else None})
    return rows


def field_errors(docs: list[DocResult]) -> list[dict]:
    """Every truth value not read right, document by document: 'wrong', 'missing', and
    'ungrounded' (right, but its box misses the printed value)."""
    rows = []
    for doc in docs:
        for result in doc.fields:
            problem = "ungrounded" if result.grounded is False else result.status
            if problem != "correct":
                rows.append({"source": doc.source, "doc": doc.doc, "field": result.field,
                             "problem": problem, "truth": result.truth,
                             "predicted": result.predicted, "confidence": result.confidence})
    return rows


def aggregate(docs: list[DocResult]) -> dict[str, SourceStats]:
    """Stats per source, plus ``all`` over every document."""
    stats: dict[str, SourceStats] = {}
    for doc in docs:
        for key in (doc.source, ALL):
            stats.setdefault(key, SourceStats()).add(doc)
    return dict(sorted(stats.items(), key=lambda kv: (kv[0] == ALL, kv[0])))
