"""The extraction stage: the fusion model tags each page's words, then the document is decoded
into grounded fields, line items and validation results."""

from __future__ import annotations

from collections.abc import Sequence
from importlib import resources
from pathlib import Path

import numpy as np

from docai.extract.decode import Calibration, Candidate, TaggedPage, field_candidates
from docai.extract.features import PageFeatures, collate, encode_page, window
from docai.extract.items import line_items
from docai.extract.payment import total_from_payment, without_total_word
from docai.extract.validate import (choose_amounts, implied_amount, likeliest_total,
                                   repeated_total_as_due, validate)
from docai.model import Document, Page


def default_checkpoint() -> Path:
    """The trained checkpoint shipped inside the package."""
    return Path(str(resources.files("docai.extract") / "checkpoint"))


def chosen_fields(tagged: list[TaggedPage], tags: list[str],
                  calibration: Calibration = Calibration()) -> dict[str, Candidate]:
    """The one candidate per field that is stored: the likeliest, amounts weighed by their
    arithmetic and the total by the payment printed under it, a missing amount filled from what
    was printed."""
    candidates = field_candidates(tagged, tags, calibration)
    chosen = {name: found[0] for name, found in candidates.items()}
    chosen.update(choose_amounts(candidates))
    paid = total_from_payment(chosen, tagged, tags, calibration)
    if paid:
        chosen = without_total_word(chosen, paid) | {paid.field: paid}
    implied = implied_amount(chosen, tagged, tags, calibration)
    if implied:
        chosen[implied.field] = implied
    for fallback in (likeliest_total, repeated_total_as_due):  # in this order: due needs total
        found = fallback(chosen, tagged, tags, calibration)
        if found:
            chosen[found.field] = found
    return chosen


class FusionExtractor:
    def __init__(self, checkpoint: Path | None = None, device: str | None = None,
                 threads: int = 1, batch_size: int = 8):
        import torch

        from docai.extract.network import ENSEMBLE_FILE, load_members

        checkpoint = checkpoint or default_checkpoint()
        if not any((checkpoint / name).exists() for name in ("config.json", ENSEMBLE_FILE)):
            raise FileNotFoundError(f"no fusion model checkpoint at {checkpoint}")
        self.device = device or ("cuda" if torch.cuda.is_available() else "cpu")
        if self.device == "cpu":
            torch.set_num_threads(threads)
        networks, config = load_members(checkpoint)
        self.models = [network.to(self.device) for network in networks]
        self.tags = list(config["tags"])
        self.max_words = config["max_words"]
        self.name = config["model_version"]  # recorded as `extractor` on every field
        self.calibration = Calibration(config["confidence_scale"], config["confidence_shift"])
        self.batch_size = batch_size

    def read_pages(self, pages: Sequence[Page]) -> list[TaggedPage]:
        """Tag the words of pages that still hold their layout raster."""
        usable = [p for p in pages if not p.error]
        tagged = self.tag_features([encode_page(page) for page in usable])
        return [TaggedPage(page, probs, starts) for page, (probs, starts) in zip(usable, tagged)]

    def tag_features(self, pages: Sequence[PageFeatures]) -> list[tuple[np.ndarray, np.ndarray]]:
        """Tag probabilities [W, tags] and line-item start probabilities [W] for encoded pages;
        pages longer than the model's max_words are tagged in windows."""
        import torch

        from docai.extract.network import mean_probabilities

        chunks, owners = [], []
        size = self.max_words
        for index, features in enumerate(pages):
            for start in range(0, max(1, len(features.char_ids)), size):
                chunks.append(window(features, start, size))
                owners.append(index)
        probs: list[list[np.ndarray]] = [[] for _ in pages]
        starts: list[list[np.ndarray]] = [[] for _ in pages]
        with torch.inference_mode():
            for first in range(0, len(chunks), self.batch_size):
                batch = chunks[first:first + self.batch_size]
                inputs = {k: v.to(self.device) for k, v in collate(batch).items()}
                tag_probs, start_probs = mean_probabilities(self.models, inputs)
                tag_probs = tag_probs.float().cpu().numpy()
                start_probs = start_probs.float().cpu().numpy()
                for row, chunk in enumerate(batch):
                    owner = owners[first + row]
                    count = len(chunk.char_ids)
                    probs[owner].append(tag_probs[row, :count])
                    starts[owner].append(start_probs[row, :count])
        return [(np.concatenate(probs[i]), np.concatenate(starts[i])) for i in range(len(pages))]

    def finish(self, doc: Document, tagged: list[TaggedPage]) -> None:
        chosen = chosen_fields(tagged, self.tags, self.calibration)
        doc.fields = [c.grounded(self.name) for c in chosen.values()]
        doc.line_items = line_items(tagged, self.tags)
        doc.validations = validate(doc)
