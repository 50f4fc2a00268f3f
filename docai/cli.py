"""The `docai` command: run, query (and the sub-commands other modules register)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from docai.query import OUTPUT_FORMATS, run_query


def _env_path(name: str) -> Path | None:
    value = os.environ.get(name)
    return Path(value) if value else None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="docai", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    default_db = _env_path("DOCAI_DB")

    run = commands.add_parser("run", help="process PDFs, images or folders into the database")
    run.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    run.add_argument("--db", type=Path, default=default_db, required=default_db is None,
                     help="DuckDB file (env DOCAI_DB)")
    run.add_argument("--force", action="store_true",
                     help="process files again even when already stored by this version")
    run.add_argument("--workers", type=int, default=int(os.environ.get("DOCAI_WORKERS", 0)),
                     help="worker processes; 0 picks one per core (env DOCAI_WORKERS)")
    run.add_argument("--retry-failed", action="store_true",
                     help="process failed documents again, not only new or changed files")
    run.add_argument("--wait", type=float, default=0, metavar="SECONDS",
                     help="when another run holds the database, wait up to SECONDS for it "
                          "(default: exit at once with a message)")
    run.add_argument("--report", type=Path, metavar="DIR",
                     help="write the HTML grounding report to DIR after the run")
    run.set_defaults(handler=_run)

    query = commands.add_parser("query", help="read-only SQL on the database")
    query.add_argument("sql")
    query.add_argument("--db", type=Path, default=default_db, required=default_db is None)
    query.add_argument("--format", choices=OUTPUT_FORMATS, default="table")
    query.set_defaults(handler=_query)

    from docai.evaluation.command import add_parser as add_eval_parser
    from docai.extract.command import add_parser as add_train_parser
    from docai.report.command import add_parser as add_report_parser
    from docai.serve import add_parser as add_serve_parser

    add_report_parser(commands)
    add_serve_parser(commands)
    add_eval_parser(commands)
    add_train_parser(commands)
    return parser


def _run(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from docai.pipeline import SKIPPED, run_paths
    from docai.store import StoreLockedError

    bar = tqdm(unit="doc", desc="docai run", disable=None, file=sys.stderr)

    def advance(outcome) -> None:
        if outcome.status != SKIPPED:
            bar.update()

    try:
        summary = run_paths(args.paths, args.db, force=args.force, workers=args.workers,
                            on_outcome=advance, on_plan=lambda total: bar.reset(total=total),
                            retry_failed=args.retry_failed, lock_wait_s=args.wait)
    except FileNotFoundError as exc:
        print(f"docai run: {exc}", file=sys.stderr)
        return 2
    except StoreLockedError as exc:
        print(f"docai run: {exc}; wait for it to finish and run again, or pass --wait SECONDS",
              file=sys.stderr)
        return 1
    finally:
        bar.close()
    print(format_summary(summary, args.db))
    if args.report:
        from docai.report import write_report

        print(f"report: {write_report(args.db, args.report)}")
    return 0


def format_summary(summary, db: Path) -> str:
    counts = summary.counts
    total = len(summary.outcomes)
    lines = [f"docai run {summary.run_id}: {total} document(s) -> {db}",
             f"  ok {counts['ok']}, partial {counts['partial']}, failed {counts['failed']}, "
             f"skipped {counts['skipped']} (already stored)"]
    for outcome in summary.outcomes:
        if outcome.status in ("failed", "partial"):
            lines.append(f"  {outcome.status}: {outcome.path.name}: {outcome.error}")
    return "\n".join(lines)


def _query(args: argparse.Namespace) -> int:
    import duckdb

    if not args.db.exists():
        print(f"docai query: no database at {args.db}", file=sys.stderr)
        return 2
    try:
        print(run_query(args.db, args.sql, args.format))
    except duckdb.Error as exc:
        print(f"docai query: {exc}", file=sys.stderr)
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    # Must precede the first onnxruntime import (PyMuPDF's layout module pulls it in too):
    # otherwise ONNX Runtime tries to send usage telemetry. Worker processes inherit it.
    os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")
    args = build_parser().parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
