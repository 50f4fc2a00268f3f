"""Prefect flow: generate a synthetic training set, build examples, train the fusion model.

    python -m flows.train --work out/training --count 1200 --epochs 12

Each step is a task handing the next a path; a re-run reuses the corpus and example cache it
finds. Training data is only ever generated, never real documents.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import sys
from dataclasses import asdict
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.settings import (
    PREFECT_SERVER_ANALYTICS_ENABLED,
    PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS,
    temporary_settings,
)

from docai.extract.train import TrainSettings


@task(cache_policy=NO_CACHE)
def generate_training_set(out: str, count: int, seed: int, scanned_share: float) -> str:
    from docai.synth.corpus import CorpusSpec, generate_corpus, resolve_families

    if not (Path(out) / "gt").is_dir():
        spec = CorpusSpec(Path(out), count, seed, resolve_families(None, "train"), scanned_share)
        generate_corpus(spec, workers=os.cpu_count() or 1)
    return out


@task(cache_policy=NO_CACHE)
def build_training_examples(set_dir: str, cache: str) -> str:
    from docai.extract.dataset import build_examples

    if not Path(cache).exists():
        examples = build_examples([Path(set_dir)], workers=os.cpu_count() or 1,
                                  report=get_run_logger().info)
        Path(cache).write_bytes(pickle.dumps(examples))
    return cache


@task(cache_policy=NO_CACHE)
def train_model(set_dir: str, cache: str, out: str, settings: dict) -> dict:
    from docai.extract.train import train

    truths = {}
    for path in (Path(set_dir) / "gt").glob("*.json"):
        truth = json.loads(path.read_text())
        truths[truth["doc"]] = truth
    Path(out).mkdir(parents=True, exist_ok=True)
    logger = get_run_logger()
    return train(pickle.loads(Path(cache).read_bytes()), truths, Path(out),
                 TrainSettings(**settings), report=logger.info)


@flow(name="train-fusion-model")
def train_fusion_model(work: str, count: int = 1200, seed: int = 101, scanned_share: float = 0.08,
                       settings: dict | None = None) -> dict:
    settings = asdict(TrainSettings(**(settings or {})))
    set_dir = generate_training_set(str(Path(work) / "train"), count, seed, scanned_share)
    cache = build_training_examples(set_dir, str(Path(work) / "examples.pkl"))
    summary = train_model(set_dir, cache, str(Path(work) / "checkpoint"), settings)
    return {"checkpoint": str(Path(work) / "checkpoint"),
            "best_val_field_accuracy": summary["best_val_field_accuracy"]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m flows.train", description=__doc__)
    parser.add_argument("--work", required=True, help="folder for the corpus, cache, checkpoint")
    parser.add_argument("--count", type=int, default=1200)
    parser.add_argument("--seed", type=int, default=101)
    parser.add_argument("--epochs", type=int, default=TrainSettings.epochs)
    args = parser.parse_args(argv)
    os.environ.setdefault("DO_NOT_TRACK", "1")
    with temporary_settings(set_defaults={PREFECT_SERVER_ANALYTICS_ENABLED: False,
                                          PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS: 120}):
        result = train_fusion_model(args.work, args.count, args.seed,
                                    settings={"epochs": args.epochs, "seed": args.seed})
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
