"""`docai serve`: the nightly schedule. The command is defined here, in the library, which
never imports prefect; its handler imports the flows (the edge where Prefect comes in)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path


def add_parser(commands) -> None:
    serve = commands.add_parser(
        "serve", help="serve the nightly Prefect deployment (needs PREFECT_API_URL)",
        description="Serve the docai-nightly Prefect deployment: process the inbox on a cron "
                    "schedule into the database. Runs until interrupted.")
    default_inbox = os.environ.get("DOCAI_INBOX")
    default_db = os.environ.get("DOCAI_DB")
    serve.add_argument("--inbox", type=Path, default=default_inbox,
                       required=default_inbox is None, help="folder to process (env DOCAI_INBOX)")
    serve.add_argument("--db", type=Path, default=default_db, required=default_db is None,
                       help="DuckDB file (env DOCAI_DB)")
    serve.add_argument("--cron", default=os.environ.get("DOCAI_CRON", "0 2 * * *"),
                       help="schedule, cron syntax (default 02:00 daily; env DOCAI_CRON)")
    serve.add_argument("--timezone", default=os.environ.get("DOCAI_TIMEZONE", "UTC"),
                       help="IANA time zone of the schedule (default UTC; env DOCAI_TIMEZONE)")
    serve.add_argument("--pattern", default="**/*",
                       help="glob under the inbox (default **/*: every supported file, "
                            "recursively)")
    serve.add_argument("--name", default="nightly", help="deployment name")
    serve.add_argument("--retry-failed", action="store_true",
                       help="process failed documents again on every run")
    serve.add_argument("--task-runner", choices=("threads", "dask"), default="threads",
                       help="threads in the flow run's process, or a Dask cluster")
    serve.add_argument("--dask-address", metavar="HOST:PORT",
                       help="scheduler of a running Dask cluster (default: a local cluster)")
    serve.add_argument("--dask-workers", type=int, default=2,
                       help="worker processes of the local Dask cluster")
    serve.add_argument("--spool-dir", type=Path,
                       help="folder for results on their way from workers to the database "
                            "(a shared one for a remote Dask cluster)")
    serve.add_argument("--lock-wait", type=float, default=3600, metavar="SECONDS",
                       help="how long a run waits for another run holding the database")
    serve.set_defaults(handler=_serve)


def _serve(args: argparse.Namespace) -> int:
    # The edge between the library and Prefect: only this command imports the flows.
    from flows.nightly import serve_command

    return serve_command(args)
