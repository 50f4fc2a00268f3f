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
from torch import nn

from docai.extract.augment import Augmentation, augment
from docai.extract.configuration import DocaiFusionConfig
from docai.extract.dataset import Example
from docai.extract.decode import Calibration, TaggedPage, field_candidates
from docai.extract.distill import Teacher, distillation_loss
from docai.extract.features import collate
from docai.extract.modeling import DocaiFusionModel
from docai.extract.network import member_paths
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
    model_version: str = "docai-fusion-0.4"
    device: str = ""  # "" picks cuda when there is one, else cpu
    init_from: str = ""  # a checkpoint to fine-tune (its architecture wins) instead of fresh weights
    page_cut: float = 0.0  # augmentation: share of pages cut short below a random line (0.7: 0.25)
    stretch: float = 0.2  # augmentation: page layouts scaled per axis by up to this share
    misread: float = 0.03  # augmentation: share of words with one byte replaced
    # The first epoch scored on the validation pages; only scored epochs can become the
    # checkpoint. Scoring costs ~15 % of an epoch, and one-cycle runs peak late.
    validate_from: int = 1
    teacher: str = ""  # a checkpoint (one model or an ensemble) whose probabilities it learns
    distill_weight: float = 0.5  # with a teacher: the teacher's share of the loss, labels the rest


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


def batch_inputs(examples: list[Example], device: str = "cpu",
                 augmentation: tuple[Augmentation, torch.Generator] | None = None
                 ) -> dict[str, torch.Tensor]:
    inputs = collate([e.features for e in examples])
    if augmentation:
        augment(inputs, *augmentation)
    words = inputs["char_ids"].shape[1]
    tags = torch.zeros(len(examples), words, dtype=torch.long)
    starts = torch.full((len(examples), words), -1, dtype=torch.long)
    for i, e in enumerate(examples):
        tags[i, :len(e.tags)] = torch.from_numpy(e.tags)
        starts[i, :len(e.starts)] = torch.from_numpy(e.starts)
    inputs.update(tags=tags, starts=starts)
    return {name: value.to(device) for name, value in inputs.items()}


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
            output = model(**{name: value.to(model.device) for name, value in inputs.items()})
            probs = output.tag_logits.softmax(-1).cpu().numpy()
            starts = output.start_logits.sigmoid().cpu().numpy()
            for row, e in enumerate(group):
                count = len(e.tags)
                tagged.append((e, TaggedPage(e.page(), probs[row, :count], starts[row, :count])))
    return tagged


def predict_checkpoint(checkpoint: Path, examples: list[Example],
                       **modality) -> tuple[list[str], list]:
    """The tag list and predict()'s tagged pages for every member of a checkpoint folder
    (one saved model or an ensemble), the members' probabilities averaged as the extractor
    averages them."""
    runs = [DocaiFusionModel.from_pretrained(str(path)) for path in member_paths(checkpoint)]
    tagged = [predict(model, examples, **modality) for model in runs]
    mean = []
    for pages in zip(*tagged):
        example, first = pages[0]
        probs = np.mean([page.probs for _, page in pages], axis=0, dtype=np.float32)
        starts = np.mean([page.starts for _, page in pages], axis=0, dtype=np.float32)
        mean.append((example, TaggedPage(first.page, probs, starts)))
    return list(runs[0].config.tags), mean


def scored_fields(tagged: list, truths: dict[str, dict],
                  tags: list[str]) -> tuple[int, list[tuple[float, bool]]]:
    """Over the documents of tagged pages: how many ground-truth fields there are, and for each
    predicted field its raw confidence and whether it is right (absent fields predicted count
    as wrong)."""
    by_doc: dict[str, list[TaggedPage]] = {}
    for example, page in tagged:
        by_doc.setdefault(example.doc, []).append(page)
    total, scored = 0, []
    for doc, pages in by_doc.items():
        for name, found in field_candidates(pages, tags).items():
            truth = truths[doc]["fields"].get(name)
            scored.append((found[0].confidence,
                           truth is not None and values_match(name, found[0].value, truth)))
        total += sum(truth is not None for truth in truths[doc]["fields"].values())
    return total, scored


def field_accuracy(tagged: list, truths: dict[str, dict], tags: list[str]) -> float:
    """Share of ground-truth fields whose best candidate matches, over validation documents."""
    total, scored = scored_fields(tagged, truths, tags)
    return sum(right for _, right in scored) / total if total else 0.0


def fit_calibration(scored: list[tuple[float, bool]]) -> Calibration:
    """Platt scaling (logistic regression on the logit of the raw confidence)."""
    if len({right for _, right in scored}) < 2:
        return Calibration()
    raw = torch.tensor([min(max(c, 1e-6), 1 - 1e-6) for c, _ in scored], dtype=torch.float64)
    logit, right = torch.log(raw / (1 - raw)), torch.tensor([float(r) for _, r in scored],
                                                            dtype=torch.float64)
    scale, shift = torch.ones((), dtype=torch.float64, requires_grad=True), torch.zeros(
        (), dtype=torch.float64, requires_grad=True)
    optimizer = torch.optim.LBFGS([scale, shift], max_iter=200)

    def loss():
        optimizer.zero_grad()
        value = nn.functional.binary_cross_entropy_with_logits(scale * logit + shift, right)
        value.backward()
        return value

    optimizer.step(loss)
    return Calibration(scale.item(), shift.item())


def calibrate(out: Path, validation: list[Example], truths: dict[str, dict],
              report: Callable[[str], None]) -> Calibration:
    """Fit the confidence calibration of the saved best checkpoint and store it in its config."""
    model = DocaiFusionModel.from_pretrained(out)
    _, scored = scored_fields(predict(model, validation), truths, list(model.config.tags))
    calibration = fit_calibration(scored)
    model.config.confidence_scale, model.config.confidence_shift = (calibration.scale,
                                                                    calibration.shift)
    model.save_pretrained(out)
    confident = [right for c, right in scored if calibration(c) > 0.9]
    report(f"calibration: scale {calibration.scale:.3f}, shift {calibration.shift:.3f}; "
           f"{sum(confident)} of {len(confident)} validation values above 0.9 are right")
    return calibration


def train(examples: list[Example], truths: dict[str, dict], out: Path, settings: TrainSettings,
          report: Callable[[str], None] = print) -> dict:
    seed_everything(settings.seed)
    torch.set_num_threads(settings.threads)
    device = settings.device or ("cuda" if torch.cuda.is_available() else "cpu")
    training, validation = split_documents(examples, settings.validation_share)
    if settings.init_from:
        model = DocaiFusionModel.from_pretrained(settings.init_from).to(device)
        model.config.model_version = settings.model_version
    else:
        model = DocaiFusionModel(DocaiFusionConfig(hidden_size=settings.hidden_size,
                                                   num_layers=settings.num_layers,
                                                   model_version=settings.model_version)).to(device)
    tags = list(model.config.tags)
    teacher = Teacher(Path(settings.teacher), device) if settings.teacher else None
    if teacher and teacher.tags != tags:
        raise ValueError(f"the teacher {settings.teacher} tags other fields than the model")
    weights = torch.ones(len(tags), device=device)
    weights[tags.index(OUTSIDE)] = settings.outside_weight
    optimizer = torch.optim.AdamW(model.parameters(), lr=settings.learning_rate,
                                  weight_decay=settings.weight_decay)
    steps = settings.epochs * len(batches(training, settings.batch_size, shuffle=False))
    scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, settings.learning_rate,
                                                    total_steps=max(1, steps), pct_start=0.1)
    report(f"training on {len(training)} pages, validating on {len(validation)} pages; "
           f"{sum(p.numel() for p in model.parameters()) / 1e6:.2f} M parameters; {device}")
    # augment() skips whatever is zero: page cut, stretch and misread 0 train on the pages as they are.
    augmentation = (Augmentation(settings.page_cut, settings.stretch, settings.misread),
                    torch.Generator().manual_seed(settings.seed))
    history, best = [], -1.0
    for epoch in range(1, settings.epochs + 1):
        model.train()
        started, losses = time.time(), []
        for group in batches(training, settings.batch_size, shuffle=True):
            inputs = batch_inputs(group, device, augmentation)
            output = model(**inputs, tag_weights=weights)
            loss = output.loss
            if teacher:
                taught = distillation_loss(output.tag_logits, output.start_logits,
                                           *teacher(inputs), inputs, weights)
                loss = (1 - settings.distill_weight) * loss + settings.distill_weight * taught
            optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            scheduler.step()
            losses.append(loss.item())
        scored = epoch >= min(settings.validate_from, settings.epochs)
        accuracy = (field_accuracy(predict(model, validation), truths, tags)
                    if validation and scored else 0.0)
        row = {"epoch": epoch, "train_loss": round(float(np.mean(losses)), 4),
               "val_field_accuracy": round(accuracy, 4) if scored else None,
               "seconds": round(time.time() - started, 1)}
        history.append(row)
        report(json.dumps(row))
        if scored and accuracy >= best:
            best = accuracy
            model.save_pretrained(out)
    calibration = calibrate(out, validation, truths, report) if validation else Calibration()
    summary = {"settings": settings.__dict__, "history": history, "best_val_field_accuracy": best,
               "train_pages": len(training), "validation_pages": len(validation),
               "calibration": calibration.__dict__}
    (out / "training.json").write_text(json.dumps(summary, indent=1))
    return summary
