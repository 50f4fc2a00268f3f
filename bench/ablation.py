"""Ablation: field accuracy of the fusion model with text only, image only, and both.

    python bench/ablation.py --checkpoint docai/extract/checkpoint --data SETDIR [--examples PKL]

SETDIR is a generated set (gt/*.json), ideally of held-out families; its pages go through the
real pipeline once (or come from the --examples cache), then the same model (an ensemble's
members averaged) is scored with the region images switched off, with the word text switched
off, and with both inputs.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from docai.extract.command import load_examples
from docai.extract.train import field_accuracy, predict_checkpoint

MODES = {"text only": {"use_image": False}, "image only": {"use_text": False}, "fused": {}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--checkpoint", type=Path, required=True)
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--examples", type=Path, help="pickle cache of the set's examples")
    args = parser.parse_args()
    examples = load_examples([args.data], args.examples, workers=2)
    truths = {}
    for path in (args.data / "gt").glob("*.json"):
        truth = json.loads(path.read_text())
        truths[truth["doc"]] = truth
    print(f"| inputs | field accuracy ({len(truths)} documents, {len(examples)} pages) |")
    print("| --- | ---: |")
    for name, modality in MODES.items():
        tags, tagged = predict_checkpoint(args.checkpoint, examples, **modality)
        accuracy = field_accuracy(tagged, truths, tags)
        print(f"| {name} | {accuracy:.4f} |")


if __name__ == "__main__":
    main()
