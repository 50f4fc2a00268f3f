"""Decoding check: what the decoding reads from cached model output, field by field.

    python bench/decode_check.py --checkpoint docai/extract/checkpoint --data SETDIR \\
        --examples SET.pkl --out values.json [--baseline earlier.json]

The set's pages go through the real pipeline once (or come from the --examples cache, as for
bench/ablation.py); the model's output is cached beside the examples (SET.pkl.tagged, made
again with --refresh or when the checkpoint's files differ), so a change to decoding is scored
on a set in seconds. Values go through the extractor's whole choice (`chosen_fields`).
Printed: per field the values right of those with a truth and the values proposed where the
truth has none (extra), and per source (a synthetic family) the line-item cells and exact rows
(`docai eval`'s scoring); against a baseline written the same way, every value and every
document's line-item score that changed. This is how the decoding rules were kept: no set may
lose a correct value.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
from collections import Counter
from pathlib import Path

from docai.evaluation.matching import score_items
from docai.extract.command import load_examples
from docai.extract.extractor import chosen_fields
from docai.extract.fields import line_item_columns
from docai.extract.items import line_items
from docai.extract.normalize import values_match
from docai.extract.train import predict_checkpoint

ITEMS = "line_items"  # the key suffix of a document's line-item score in the values written


def field_truths(data: Path) -> dict[str, dict]:
    """Per document of the set, its fields that have a truth (printed-text keys left out)."""
    truths = {}
    for path in (data / "gt").glob("*.json"):
        truth = json.loads(path.read_text())
        truths[truth["doc"]] = {name: value for name, value in truth["fields"].items()
                                if not name.endswith("_text") and value is not None}
    return truths


def item_truths(data: Path) -> dict[str, tuple[str, list[dict]]]:
    """Per document of the set that has line items in its truth: its source and rows."""
    truths = {}
    for path in (data / "gt").glob("*.json"):
        truth = json.loads(path.read_text())
        if "line_items" in truth:
            source = truth.get("family") or truth.get("source") or data.name
            truths[truth["doc"]] = (source, truth["line_items"] or [])
    return truths


def checkpoint_fingerprint(checkpoint: Path) -> str:
    """A hash of every file in the checkpoint folder: a new model saved where the old one was
    (the shipped checkpoint's path never changes) must not be served the old one's output."""
    digest = hashlib.sha256()
    for path in sorted(p for p in checkpoint.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(checkpoint)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def tagged_pages(checkpoint: Path, examples_path: Path, refresh: bool) -> tuple[list[str], dict]:
    """The model's tag list and tagged pages per document, from the cache when it is there."""
    cache = examples_path.with_name(examples_path.name + ".tagged")
    fingerprint = checkpoint_fingerprint(checkpoint)
    if cache.exists() and not refresh:
        tags, by_doc, made_with = pickle.loads(cache.read_bytes())
        if made_with == fingerprint:
            return tags, by_doc
    tags, tagged = predict_checkpoint(checkpoint, pickle.loads(examples_path.read_bytes()))
    by_doc: dict[str, list] = {}
    for example, page in tagged:
        by_doc.setdefault(example.doc, []).append(page)
    cache.write_bytes(pickle.dumps((tags, by_doc, fingerprint)))
    return tags, by_doc


def read_values(tags: list[str], by_doc: dict, truths: dict[str, dict]) -> dict[str, list]:
    """Per "doc/field": [value read, True/False against the truth, or "extra" without one]."""
    values: dict[str, list] = {}
    for doc, pages in by_doc.items():
        truth = truths.get(doc, {})
        chosen = chosen_fields(pages, tags)
        for name in set(truth) | set(chosen):
            value = chosen[name].value if name in chosen else None
            right = name in truth and value is not None and values_match(name, value, truth[name])
            values[f"{doc}/{name}"] = [value, bool(right) if name in truth else "extra"]
    return values


def read_items(tags: list[str], by_doc: dict,
               truths: dict[str, tuple[str, list[dict]]]) -> dict[str, list]:
    """Per "doc/line_items": [source, cells right, truth cells, exact rows, truth rows]."""
    columns = line_item_columns()
    scores = {}
    for doc, pages in by_doc.items():
        if doc in truths:
            source, truth = truths[doc]
            rows = [{c: getattr(item, c) for c in columns} for item in line_items(pages, tags)]
            result = score_items(rows, truth, columns)
            scores[f"{doc}/{ITEMS}"] = [source, result.correct_cells, result.truth_cells,
                                        result.exact_rows, result.truth_rows]
    return scores


def item_summary(scores: dict[str, list]) -> str:
    """Line-item cells and exact rows per source."""
    per_source: dict[str, Counter] = {}
    for source, *counts in scores.values():
        per_source.setdefault(source, Counter()).update(
            dict(zip(("cells", "of_cells", "rows", "of_rows"), counts)))
    return "\n".join(f"  line items {source}: cells {c['cells']}/{c['of_cells']}, exact rows "
                     f"{c['rows']}/{c['of_rows']}" for source, c in sorted(per_source.items()))


def summary(values: dict[str, list]) -> str:
    """Values right of those with a truth, and extras, in all and per field."""
    right, total, extra = Counter(), Counter(), Counter()
    for key, (_, verdict) in values.items():
        name = key.rsplit("/", 1)[1]
        if verdict == "extra":
            extra[name] += 1
        else:
            total[name] += 1
            right[name] += verdict
    fields = " ".join(f"{name}:{right[name]}/{total[name]}+{extra[name]}"
                      for name in sorted(set(total) | set(extra)))
    return (f"{sum(right.values())} of {sum(total.values())} right, "
            f"{sum(extra.values())} extra; {fields}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--checkpoint", type=Path, required=True)
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--examples", type=Path, required=True, help="pickle cache of the examples")
    parser.add_argument("--out", type=Path, help="write the values read here (JSON)")
    parser.add_argument("--baseline", type=Path, help="values written earlier, to compare with")
    parser.add_argument("--refresh", action="store_true", help="run the model again")
    args = parser.parse_args()
    if not args.examples.exists():
        load_examples([args.data], args.examples, workers=2)  # the cache tagged_pages reads
    tags, by_doc = tagged_pages(args.checkpoint, args.examples, args.refresh)
    values = read_values(tags, by_doc, field_truths(args.data))
    print(f"{args.data.name}: {summary(values)}")
    items = read_items(tags, by_doc, item_truths(args.data))
    if items:
        print(item_summary(items))
    values.update(items)
    if args.out:
        args.out.write_text(json.dumps(values, ensure_ascii=False, indent=0))
    if args.baseline:
        before = json.loads(args.baseline.read_text())
        for key in sorted(set(before) | set(values)):
            if before.get(key) != values.get(key):
                print(f"  {key}: {before.get(key)} -> {values.get(key)}")


if __name__ == "__main__":
    main()
