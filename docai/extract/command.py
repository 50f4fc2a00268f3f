"""`docai train`: build examples from generated sets and train the fusion model."""

from __future__ import annotations

import argparse
import json
import pickle
from pathlib import Path

from docai.extract.train import TrainSettings


def add_parser(commands) -> None:
    train = commands.add_parser("train", help="train the fusion model on generated documents")
    train.add_argument("--data", type=Path, nargs="+", required=True,
                       help="generated sets (folders with gt/); never real documents")
    train.add_argument("--out", type=Path, required=True, help="checkpoint folder to write")
    train.add_argument("--examples-cache", type=Path,
                       help="pickle of built examples, reused when it exists")
    train.add_argument("--workers", type=int, default=2, help="processes building examples")
    defaults = TrainSettings()
    for name in ("epochs", "batch_size", "seed", "threads", "hidden_size", "num_layers",
                 "validate_from"):
        train.add_argument(f"--{name.replace('_', '-')}", type=int, default=getattr(defaults, name))
    train.add_argument("--learning-rate", type=float, default=defaults.learning_rate)
    train.add_argument("--outside-weight", type=float, default=defaults.outside_weight,
                       help="loss weight of words outside every field (the fields' words weigh 1)")
    train.add_argument("--page-cut", type=float, default=defaults.page_cut,
                       help="augmentation: share of pages cut short below a random line")
    train.add_argument("--stretch", type=float, default=defaults.stretch,
                       help="augmentation: scale each page's layout per axis by up to this share")
    train.add_argument("--misread", type=float, default=defaults.misread,
                       help="augmentation: share of words with one byte replaced")
    train.add_argument("--model-version", default=defaults.model_version)
    train.add_argument("--init-from", default=defaults.init_from,
                       help="checkpoint folder to fine-tune instead of starting from fresh weights")
    train.add_argument("--teacher", default=defaults.teacher,
                       help="checkpoint folder (one model or an ensemble) whose probabilities "
                            "the model learns beside the labels (distillation)")
    train.add_argument("--distill-weight", type=float, default=defaults.distill_weight,
                       help="with --teacher: the teacher's share of the loss")
    train.add_argument("--device", default=defaults.device,
                       help="torch device; default cuda when there is one, else cpu")
    train.add_argument("--average", type=Path, nargs="+", metavar="CHECKPOINT",
                       help="instead of training: average these runs (fine-tuned from one "
                            "checkpoint, different seeds) and calibrate the result")
    train.add_argument("--ensemble", type=Path, nargs="+", metavar="CHECKPOINT",
                       help="instead of training: put these checkpoints (distinct model "
                            "versions) side by side; the extractor averages their probabilities")
    train.set_defaults(handler=run_train)


def load_examples(data: list[Path], cache: Path | None, workers: int) -> list:
    from docai.extract.dataset import build_examples

    if cache and cache.exists():
        return pickle.loads(cache.read_bytes())
    examples = build_examples(data, workers, report=print)
    if cache:
        cache.write_bytes(pickle.dumps(examples))
    return examples


def run_train(args: argparse.Namespace) -> int:
    from docai.extract.train import train

    truths = {truth["doc"]: truth for d in args.data for p in (d / "gt").glob("*.json")
              for truth in [json.loads(p.read_text())]}
    examples = load_examples(args.data, args.examples_cache, args.workers)
    settings = TrainSettings(epochs=args.epochs, batch_size=args.batch_size, seed=args.seed,
                             threads=args.threads, hidden_size=args.hidden_size,
                             num_layers=args.num_layers, learning_rate=args.learning_rate,
                             model_version=args.model_version, device=args.device,
                             outside_weight=args.outside_weight,
                             init_from=args.init_from, page_cut=args.page_cut, stretch=args.stretch,
                             misread=args.misread, validate_from=args.validate_from,
                             teacher=args.teacher, distill_weight=args.distill_weight)
    args.out.mkdir(parents=True, exist_ok=True)
    if args.average:
        from docai.extract.average import average

        summary = average(args.average, examples, truths, args.out, args.model_version)
    elif args.ensemble:
        from docai.extract.ensemble import ensemble

        summary = ensemble(args.ensemble, examples, truths, args.out, args.model_version)
    else:
        summary = train(examples, truths, args.out, settings)
    print(f"best validation field accuracy {summary['best_val_field_accuracy']:.4f}; "
          f"checkpoint in {args.out}")
    return 0
