"""Train the fusion model on examples from the synthetic corpus; seeded and reproducible."""

from __future__ import annotations

import json
import logging
import random
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from docai.extract.configuration import DocaiFusionConfig
from docai.extract.dataset import Example
from docai.extract.decode import TaggedPage, field_candidates
from docai.extract.features import collate
from docai.extract.modeling import DocaiFusionModel
from docai.extract.normalize import values_match
from docai.extract.tags import OUTSIDE

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TrainSettings:
    epochs: int = 12
    batch_size: int = 16
    learning_rate: float = 2e-3
    weight_decay: float = 0.01
    outside_weight: float = 0.3  # most words are outside every field
    validation_share: float = 0.1
    seed: int = 0
    threads: int = 2
    hidden_size: int = 128
    num_layers: int = 4
    model_version: str = "docai-fusion-0.1"


def seed_everything(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def split_documents(examples: list[Example], share: float) -> tuple[list[Example], list[Example]]:
    """Held-out families never train; a stable hash of the document name picks validation."""
    usable = [e for e in examples if e.split != "test"]
    validation = [e for e in usable if zlib.crc32(e.doc.encode()) % 1000 < share * 1000]
    names = {e.doc for e in validation}
    return [e for e in usable if e.doc not in names], validation


def batch_inputs(examples: list[Example]) -> dict[str, torch.Tensor]:
    inputs = collate([e.features for e in examples])
    words = inputs["char_ids"].shape[1]
    tags = torch.zeros(len(examples), words, dtype=torch.long)
    starts = torch.full((len(examples), words), -1, dtype=torch.long)
    for i, e in enumerate(examples):
        tags[i, :len(e.tags)] = torch.from_numpy(e.tags)
        starts[i, :len(e.starts)] = torch.from_numpy(e.starts)
    inputs.update(tags=tags, starts=starts)
    return inputs


def batches(examples: list[Example], size: int, shuffle: bool) -> list[list[Example]]:
    """Pages of similar length together, so padding stays small."""
    ordered = sorted(examples, key=lambda e: len(e.tags))
    groups = [ordered[i:i + size] for i in range(0, len(ordered), size)]
    if shuffle:
        random.shuffle(groups)
    return groups


def predict(model: DocaiFusionModel, examples: list[Example], batch_size: int = 32,
            **modality) -> list[TaggedPage]:
    """Tagged pages for examples; modality (use_image / use_text False) runs an ablation."""
    model.eval()
    tagged = []
    with torch.inference_mode():
        for group in batches(examples, batch_size, shuffle=False):
            inputs = collate([e.features for e in group])
            for name, enabled in modality.items():
                inputs[name] = torch.full((len(group),), enabled, dtype=torch.bool)
            output = model(**inputs)
            probs = output.tag_logits.softmax(-1).numpy()
            starts = output.start_logits.sigmoid().numpy()
            for row, e in enumerate(group):
                count = len(e.tags)
                tagged.append((e, TaggedPage(e.page(), probs[row, :count], starts[row, :count])))
    return tagged


def field_accuracy(tagged: list, truths: dict[str, dict], tags: list[str]) -> float:
    """Share of ground-truth fields whose best candidate matches, over validation documents."""
    by_doc: dict[str, list[TaggedPage]] = {}
    for example, page in tagged:
        by_doc.setdefault(example.doc, []).append(page)
    right = total = 0
    for doc, pages in by_doc.items():
        candidates = field_candidates(pages, tags)
        for name, truth in truths[doc]["fields"].items():
            if truth is None:
                continue
            total += 1
            found = candidates.get(name)
            right += bool(found) and values_match(name, found[0].value, truth)
    return right / total if total else 0.0


def train(examples: list[Example], truths: dict[str, dict], out: Path, settings: TrainSettings,
          report: Callable[[str], None] = print) -> dict:
    seed_everything(settings.seed)
    torch.set_num_threads(settings.threads)
    training, validation = split_documents(examples, settings.validation_share)
    config = DocaiFusionConfig(hidden_size=settings.hidden_size, num_layers=settings.num_layers,
                               model_version=settings.model_version)
    model = DocaiFusionModel(config)
    tags = list(config.tags)
    weights = torch.ones(len(tags))
    weights[tags.index(OUTSIDE)] = settings.outside_weight
    optimizer = torch.optim.AdamW(model.parameters(), lr=settings.learning_rate,
                                  weight_decay=settings.weight_decay)
    steps = settings.epochs * len(batches(training, settings.batch_size, shuffle=False))
    scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, settings.learning_rate,
                                                    total_steps=max(1, steps), pct_start=0.1)
    report(f"training on {len(training)} pages, validating on {len(validation)} pages; "
           f"{sum(p.numel() for p in model.parameters()) / 1e6:.2f} M parameters")
    history, best = [], -1.0
    for epoch in range(1, settings.epochs + 1):
        model.train()
        started, losses = time.time(), []
        for group in batches(training, settings.batch_size, shuffle=True):
            loss = model(**batch_inputs(group), tag_weights=weights).loss
            optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            scheduler.step()
            losses.append(loss.item())
        accuracy = field_accuracy(predict(model, validation), truths, tags) if validation else 0.0
        row = {"epoch": epoch, "train_loss": round(float(np.mean(losses)), 4),
               "val_field_accuracy": round(accuracy, 4), "seconds": round(time.time() - started, 1)}
        history.append(row)
        report(json.dumps(row))
        if accuracy >= best:
            best = accuracy
            model.save_pretrained(out)
    summary = {"settings": settings.__dict__, "history": history, "best_val_field_accuracy": best,
               "train_pages": len(training), "validation_pages": len(validation)}
    (out / "training.json").write_text(json.dumps(summary, indent=1))
    return summary
