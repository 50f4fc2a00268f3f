"""The `docai report` sub-command: `docai report --db FILE --out DIR`."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def add_parser(subparsers) -> argparse.ArgumentParser:
    """Register `report` on the `docai` command's sub-parsers."""
    default_db = os.environ.get("DOCAI_DB")
    parser = subparsers.add_parser(
        "report", help="write a static HTML report with each value's box on the page")
    parser.add_argument("--db", type=Path, default=Path(default_db) if default_db else None,
                        required=not default_db, help="DuckDB file (env DOCAI_DB)")
    parser.add_argument("--out", type=Path, required=True,
                        help="folder for the report (index.html, docs/, pages/, assets/)")
    parser.set_defaults(handler=run_command)
    return parser


def run_command(args: argparse.Namespace) -> int:
    from docai.report.build import write_report
    from docai.store import StoreLockedError

    try:
        index = write_report(args.db, args.out)
    except FileNotFoundError as exc:
        print(f"docai report: {exc}", file=sys.stderr)
        return 2
    except StoreLockedError as exc:
        print(f"docai report: {exc}; wait for it to finish and run again", file=sys.stderr)
        return 1
    print(f"docai report: {index}")
    return 0
