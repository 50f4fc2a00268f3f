"""``python -m docai.synth``: generate a synthetic corpus."""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from docai.synth.corpus import CorpusSpec, generate_corpus, resolve_families
from docai.synth.families import ALL_FAMILIES, split_of


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m docai.synth", description=__doc__)
    parser.add_argument("--out", type=Path, help="output folder (gets pdf/, images/, gt/)")
    parser.add_argument("--count", type=int, default=100, help="number of documents")
    parser.add_argument("--seed", type=int, default=0, help="corpus seed; the same seed gives the same documents")
    parser.add_argument("--start", type=int, default=0, help="index of the first document (to extend a corpus)")
    parser.add_argument("--families", nargs="+", help="restrict to these families")
    parser.add_argument("--split", choices=["train", "test", "heldout", "all"], default="all",
                        help="train: no held-out family; heldout: only held-out families; test/all: every family")
    parser.add_argument("--scanned-share", type=float, default=0.3, help="share of scanned variants")
    parser.add_argument("--image-share", type=float, default=0.5,
                        help="share of scanned single-page documents saved as PNG/JPEG instead of PDF")
    parser.add_argument("--workers", type=int, default=1, help="processes")
    parser.add_argument("--list-families", action="store_true", help="list families and their split, then exit")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.list_families:
        for name, family in ALL_FAMILIES.items():
            held = "held out (test only)" if split_of(name) == "test" else "train"
            print(f"{name:22} {family.kind:8} {held}")
        return 0
    if args.out is None:
        print("--out is required", file=sys.stderr)
        return 2
    try:
        families = resolve_families(args.families, args.split)
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2
    spec = CorpusSpec(args.out, args.count, args.seed, families, args.scanned_share, args.image_share, args.start)
    started = time.perf_counter()
    written = generate_corpus(spec, args.workers)
    elapsed = time.perf_counter() - started
    print(f"wrote {written} documents to {args.out} in {elapsed:.1f}s ({written / max(elapsed, 1e-9):.1f} docs/s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
