"""The extraction stage by batch size: pages/s of the fusion model's tagging, and of decoding.

    python bench/extraction_batches.py --examples PKL [--device cuda] [--batch-sizes 1 8 32]

PKL is a pickle of built examples (`docai train --examples-cache`, or `--data SETDIR` builds
them through the real pipeline). The features are encoded once; each batch size then tags the
same pages with the shipped checkpoint through FusionExtractor.tag_features, the code `docai
run` uses. Each figure is the median of --repeats timed passes after one warm-up pass. Decoding
(fields, line items, validations) runs on the CPU whatever the device, so it is timed once.
"""

from __future__ import annotations

import argparse
import pickle
import statistics
import time
from itertools import groupby
from pathlib import Path

import torch

from docai.extract.decode import TaggedPage
from docai.extract.extractor import FusionExtractor
from docai.model import Document


def timed_pass(extractor: FusionExtractor, features: list) -> float:
    started = time.perf_counter()
    extractor.tag_features(features)
    if extractor.device.startswith("cuda"):
        torch.cuda.synchronize()
    return time.perf_counter() - started


def decode_seconds(extractor: FusionExtractor, examples: list) -> float:
    tagged = extractor.tag_features([e.features for e in examples])
    pages = [TaggedPage(e.page(), probs, starts) for e, (probs, starts) in zip(examples, tagged)]
    started = time.perf_counter()
    owners = [e.doc for e in examples]
    position = 0
    for doc_id, group in groupby(owners):
        count = len(list(group))
        doc = Document(doc_id, Path(doc_id))
        extractor.finish(doc, pages[position:position + count])
        position += count
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--examples", type=Path, help="pickle of built examples")
    parser.add_argument("--data", type=Path, help="generated set to build examples from")
    parser.add_argument("--pages", type=int, default=400, help="pages to tag per pass")
    parser.add_argument("--device", help="torch device; default cuda when there is one")
    parser.add_argument("--threads", type=int, default=1, help="torch CPU threads")
    parser.add_argument("--batch-sizes", type=int, nargs="+", default=[1, 2, 4, 8, 16, 32, 64])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    if args.examples and args.examples.exists():
        examples = pickle.loads(args.examples.read_bytes())
    elif args.data:
        from docai.extract.dataset import build_examples
        examples = build_examples([args.data], workers=2, report=print)
    else:
        parser.error("give --examples PKL or --data SETDIR")
    examples = examples[:args.pages]
    features = [e.features for e in examples]
    words = sum(len(f.char_ids) for f in features) / len(features)
    extractor = FusionExtractor(device=args.device, threads=args.threads)
    name = torch.cuda.get_device_name() if extractor.device.startswith("cuda") else "cpu"
    print(f"{len(features)} pages, {words:.0f} words/page on average; {extractor.device} "
          f"({name}), torch {torch.__version__}, {args.threads} CPU thread(s)")
    print(f"{'batch':>5} {'pages/s':>9} {'ms/page':>8}")
    for size in args.batch_sizes:
        extractor.batch_size = size
        timed_pass(extractor, features)
        median = statistics.median(timed_pass(extractor, features) for _ in range(args.repeats))
        print(f"{size:>5} {len(features) / median:>9.1f} {1000 * median / len(features):>8.2f}")
    seconds = decode_seconds(extractor, examples)
    print(f"decoding (CPU, once): {len(examples) / seconds:.1f} pages/s, "
          f"{1000 * seconds / len(examples):.2f} ms/page")


if __name__ == "__main__":
    main()
