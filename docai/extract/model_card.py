"""Write the model card that ships beside the checkpoint, from the training record."""

from __future__ import annotations

import json
from pathlib import Path

from docai.extract.features import WORD_CROP


def write_model_card(checkpoint: Path, data: str, scores: dict[str, str]) -> Path:
    """MODEL_CARD.md from checkpoint/training.json, the data description and measured scores."""
    record = json.loads((checkpoint / "training.json").read_text())
    config = json.loads((checkpoint / "config.json").read_text())
    settings = record["settings"]
    size_mb = (checkpoint / "model.safetensors").stat().st_size / 1e6
    history = "\n".join(f"| {h['epoch']} | {h['train_loss']} | "
                        f"{'-' if h['val_field_accuracy'] is None else h['val_field_accuracy']} | "
                        f"{h['seconds']} |" for h in record["history"])  # None: not scored
    score_rows = "\n".join(f"| {name} | {value} |" for name, value in scores.items())
    runs = record.get("averaged") or []
    seeds = ", ".join(str(run["seed"]) for run in runs)
    scores_of_runs = ", ".join(f"{run['best_val_field_accuracy']:.4f}" for run in runs)
    averaged = (f"\n\nThe weights are the average of {len(runs)} runs with these settings and the "
                f"seeds {seeds} (best validation field accuracy {scores_of_runs}; the average: "
                f"{record['best_val_field_accuracy']:.4f}); the table is the first run's."
                if runs else "")
    text = f"""# {config['model_version']}

The fusion model docai uses by default: a {config['num_layers']}-layer transformer
(hidden size {config['hidden_size']}, {config['num_heads']} heads, {size_mb:.1f} MB safetensors)
over word tokens: the UTF-8 bytes of the word and of the words that usually label it (the two
before it on its line, the nearest one above), its box, its region, and a
{'x'.join(map(str, WORD_CROP))} grey crop of the word itself. Word tokens attend to each
other with a learned bias for each relative offset between them, and, through cross-modal
attention, to one visual token per layout region (a {config['crop_size']}x{config['crop_size']}
grey crop of the region through a small CNN). It tags each word with one of
{len(config['tags'])} tags (the invoice fields of `schemas/invoice.schema.json`, the line-item
columns, or outside) and scores whether a word starts a new line item. Modality dropout in
training (image {config['image_dropout']}, text {config['text_dropout']} of pages) keeps it
working without an image or without text. Field confidence is the mean word probability after
Platt scaling fitted on the validation pages (scale {config['confidence_scale']:.3f}, shift
{config['confidence_shift']:.3f}).

Load it like any Hugging Face model: `AutoModel.from_pretrained(path)` after
`docai.extract.modeling.register_auto_classes()`. docai's pipeline loads the same weights into
the plain torch network with `docai.extract.network.load_network(path)`, which does not import
transformers.

## Data

{data}

Training pages: {record['train_pages']}; validation pages: {record['validation_pages']}
(held-in families, chosen by a hash of the document name). Real documents are never used for
training.

## Settings

```
{json.dumps(settings, indent=1)}
```{averaged}

| epoch | train loss | validation field accuracy | seconds |
| ---: | ---: | ---: | ---: |
{history}

## Scores (`docai eval`)

| set | field accuracy |
| --- | --- |
{score_rows}
"""
    path = checkpoint / "MODEL_CARD.md"
    path.write_text(text)
    return path
