"""The ``docai eval`` sub-command: run the pipeline on a set with ground truth and score it."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from docai.extract.fields import field_names
from docai.evaluation.groundtruth import load_truth
from docai.evaluation.predictions import read_predictions
from docai.evaluation.report import (
    errors_text,
    markdown_table,
    reliability_text,
    to_json,
    to_text,
)
from docai.evaluation.scoring import aggregate, field_errors, reliability, score_document

DESCRIPTION = """Score docai on documents with canonical ground truth (SETDIR/gt/*.json, or a folder of such
sets). Runs the pipeline into --db first unless --no-run, then compares the database's fields and
line items with the truth: per source and per field the correct, missing and wrong counts,
accuracy, and the share of correct values whose box covers the printed value (grounding)."""


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser("eval", help="evaluate extraction against ground truth", description=DESCRIPTION)
    parser.add_argument("set_dir", type=Path, metavar="SETDIR", help="folder with gt/*.json, or a folder of such sets")
    parser.add_argument("--db", type=Path, help="DuckDB file (default: ./eval_<SETDIR name>.duckdb)")
    parser.add_argument("--no-run", action="store_true", help="score an existing database without running the pipeline")
    parser.add_argument("--force", action="store_true", help="reprocess documents already in the database")
    parser.add_argument("--fields", help="comma-separated fields to score (default: all)")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.add_argument("--markdown", action="store_true", help="per-source summary as a Markdown table")
    parser.add_argument("--summary", action="store_true", help="per source only the all-fields row")
    parser.add_argument("--errors", action="store_true",
                        help="also list every value not read right (wrong, missing, ungrounded) "
                             "with the truth and the prediction")
    parser.set_defaults(handler=run_eval)
    return parser


def _selected_fields(spec: str | None) -> set[str]:
    if not spec:
        return set(field_names())
    chosen = {name.strip() for name in spec.split(",") if name.strip()}
    unknown = chosen - set(field_names())
    if unknown:
        raise ValueError(f"unknown fields: {', '.join(sorted(unknown))}")
    return chosen


def run_eval(args: argparse.Namespace) -> int:
    try:
        chosen = _selected_fields(args.fields)
    except ValueError as error:
        print(f"docai eval: {error}", file=sys.stderr)
        return 2
    truth = load_truth(args.set_dir)
    if not truth:
        print(f"docai eval: no ground truth under {args.set_dir} (expected gt/*.json)", file=sys.stderr)
        return 2
    for doc in truth:
        doc.fields = {k: v for k, v in doc.fields.items() if k in chosen}
    db = args.db or Path(f"eval_{args.set_dir.resolve().name}.duckdb")
    if not args.no_run:
        from docai.pipeline import run_paths  # the pipeline is heavy; import only when running it

        run_paths([doc.path for doc in truth], db, force=args.force)
    if not db.exists():
        print(f"docai eval: database {db} does not exist", file=sys.stderr)
        return 2
    doc_ids = {doc.doc: doc.doc_id for doc in truth}
    predictions = read_predictions(db, list(doc_ids.values()))
    results = [score_document(doc, doc_ids[doc.doc], predictions) for doc in truth]
    stats = aggregate(results)
    notes = [f"table '{t}' not in the database: its predictions count as missing" for t in predictions.missing_tables]
    absent = sum(not r.processed for r in results)
    if absent:
        notes.append(f"{absent} documents are not in the database")
    meta = {"set": str(args.set_dir), "db": str(db), "documents": len(results), "processed": len(results) - absent,
            "notes": notes, "reliability": reliability(results)}
    if args.errors:
        meta["errors"] = field_errors(results)
    if args.json:
        print(to_json(stats, meta))
        return 0
    listed = errors_text(meta["errors"]) if args.errors else ""
    if args.markdown:
        print(markdown_table(stats) + listed)
    else:
        print(to_text(stats, meta, per_source_fields=not args.summary)
              + reliability_text(meta["reliability"]) + listed)
    return 0


def main(argv: list[str] | None = None) -> int:
    """Stand-alone entry (``python -m docai.evaluation``) until the sub-command is wired into ``docai``."""
    parser = argparse.ArgumentParser(prog="docai")
    add_parser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.handler(args)
