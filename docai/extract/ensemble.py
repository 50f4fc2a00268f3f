"""Ensembles: member checkpoints side by side in one folder with an ensemble.json naming them;
the extractor averages their tag probabilities. Weight averaging (average.py) needs runs
fine-tuned from one checkpoint; networks trained apart, from fresh weights or on other data,
err on different words, and the mean of their probabilities reads more of them right."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Sequence
from pathlib import Path

from docai.extract.dataset import Example
from docai.extract.network import ENSEMBLE_FILE
from docai.extract.train import (
    fit_calibration,
    predict_checkpoint,
    scored_fields,
    split_documents,
)


def ensemble(checkpoints: Sequence[Path], examples: list[Example], truths: dict[str, dict],
             out: Path, model_version: str, report: Callable[[str], None] = print) -> dict:
    """Copy the checkpoints into out (each under its model_version) and write ensemble.json
    with the calibration of the mean, fitted on the validation documents of the first run's
    split; returns the ensemble's record."""
    names = [json.loads((path / "config.json").read_text())["model_version"]
             for path in checkpoints]
    if len(set(names)) != len(names) or model_version in names:
        raise ValueError("members need distinct model versions, none the ensemble's")
    out.mkdir(parents=True, exist_ok=True)
    for path, name in zip(checkpoints, names):
        shutil.copytree(path, out / name, dirs_exist_ok=True)
    record = {"model_version": model_version, "members": names,
              "confidence_scale": 1.0, "confidence_shift": 0.0}
    (out / ENSEMBLE_FILE).write_text(json.dumps(record, indent=1))
    share = json.loads((checkpoints[0] / "training.json").read_text())["settings"][
        "validation_share"]
    _, validation = split_documents(examples, share)
    tags, tagged = predict_checkpoint(out, validation)
    total, scored = scored_fields(tagged, truths, tags)
    calibration = fit_calibration(scored)
    accuracy = sum(right for _, right in scored) / total if total else 0.0
    record.update(confidence_scale=calibration.scale, confidence_shift=calibration.shift,
                  validation_pages=len(validation), val_field_accuracy=round(accuracy, 4))
    (out / ENSEMBLE_FILE).write_text(json.dumps(record, indent=1))
    report(f"ensemble of {len(names)}: validation field accuracy {accuracy:.4f} on "
           f"{len(validation)} pages; calibration scale {calibration.scale:.3f}, "
           f"shift {calibration.shift:.3f}")
    return {**record, "best_val_field_accuracy": accuracy}
