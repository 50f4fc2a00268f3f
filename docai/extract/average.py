"""Weight averaging of runs fine-tuned from one checkpoint with different seeds (a "model
soup", Wortsman et al. 2022). On this model the seed alone moves held-out scores by points;
the average of such runs scores about as well as the runs do on average, so the shipped model
does not hang on the luck of one seed."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path

import torch

from docai.extract.dataset import Example
from docai.extract.modeling import DocaiFusionModel
from docai.extract.network import WEIGHTS_FILE
from docai.extract.train import calibrate, field_accuracy, predict, split_documents


def averaged_weights(checkpoints: Sequence[Path]) -> dict[str, torch.Tensor]:
    """The element-wise mean of the checkpoints' weights (integer buffers: the first's)."""
    from safetensors.torch import load_file

    states = [load_file(str(path / WEIGHTS_FILE)) for path in checkpoints]
    shapes = [{name: value.shape for name, value in state.items()} for state in states]
    if any(shape != shapes[0] for shape in shapes):
        raise ValueError("the checkpoints do not share one architecture")
    return {name: torch.stack([state[name].float() for state in states]).mean(0).to(value.dtype)
            if value.is_floating_point() else value for name, value in states[0].items()}


def average(checkpoints: Sequence[Path], examples: list[Example], truths: dict[str, dict],
            out: Path, model_version: str, report: Callable[[str], None] = print) -> dict:
    """Write the average of the checkpoints (each with its training.json) to out, calibrated on
    the validation documents of the first run's split, and its training record."""
    runs = [json.loads((path / "training.json").read_text()) for path in checkpoints]
    model = DocaiFusionModel.from_pretrained(checkpoints[0])
    model.load_state_dict(averaged_weights(checkpoints))
    model.config.model_version = model_version
    out.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(out)
    _, validation = split_documents(examples, runs[0]["settings"]["validation_share"])
    accuracy = field_accuracy(predict(model, validation), truths, list(model.config.tags))
    report(f"average of {len(checkpoints)} runs: validation field accuracy {accuracy:.4f}")
    calibration = calibrate(out, validation, truths, report) if validation else None
    record = {**runs[0], "settings": {**runs[0]["settings"], "model_version": model_version},
              "best_val_field_accuracy": accuracy,
              "calibration": calibration.__dict__ if calibration else None,
              "averaged": [{"checkpoint": str(path), "seed": run["settings"]["seed"],
                            "best_val_field_accuracy": run["best_val_field_accuracy"]}
                           for path, run in zip(checkpoints, runs)]}
    (out / "training.json").write_text(json.dumps(record, indent=1))
    return record
