"""The nightly deployment: process an inbox folder into DuckDB on a cron schedule.

    docai serve --inbox inbox/ --db out/docai.duckdb [--cron "0 2 * * *"] [--task-runner dask]

`docai-nightly` runs `extract-documents` as a subflow with the task runner its parameters
name, so one deployment serves threads or Dask. Each run processes only new or changed files
(see docai.pipeline.needs_processing), records its counts in `runs` and in the `docai-run`
artifact. At most one run at a time: the deployment's concurrency limit queues a run that is
due while another is going, and a run also waits for the database lock (a `docai run` by hand).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from prefect import flow
from prefect.client.schemas.objects import ConcurrencyLimitConfig, ConcurrencyLimitStrategy
from prefect.deployments.runner import RunnerDeployment
from prefect.schedules import Cron
from prefect.types.entrypoint import EntrypointType

from flows.extract import extract_documents
from flows.task_runners import build_task_runner, worker_threads

DEFAULT_CRON = "0 2 * * *"


@flow(name="docai-nightly")
def nightly(inbox: str, db: str, pattern: str = "**/*", retry_failed: bool = False,
            options: dict | None = None, task_runner: str = "threads",
            dask_address: str | None = None, dask_workers: int = 2,
            spool_dir: str | None = None, lock_wait_s: float = 3600,
            report_dir: str | None = None) -> dict:
    """Process the files under `inbox` matching the glob `pattern` into the DuckDB file `db`.
    `task_runner` is "threads" or "dask" (a local cluster of `dask_workers` processes, or the
    cluster whose scheduler is at `dask_address`). With `report_dir`, the grounding report is
    rewritten there after each run and published as an artifact."""
    extract = extract_documents.with_options(
        task_runner=build_task_runner(task_runner, dask_address, dask_workers))
    return extract([inbox], db, spool_dir=spool_dir,
                   options=worker_threads(options, task_runner, dask_address, dask_workers),
                   retry_failed=retry_failed, pattern=pattern, lock_wait_s=lock_wait_s,
                   report_dir=report_dir)


def nightly_deployment(inbox: Path, db: Path, cron: str = DEFAULT_CRON, timezone: str = "UTC",
                       name: str = "nightly", **parameters) -> RunnerDeployment:
    """The deployment of `nightly` for one inbox and database (paths made absolute: the runs
    start in other processes)."""
    return nightly.to_deployment(
        name=name, schedules=[Cron(cron, timezone=timezone)],
        parameters={"inbox": str(inbox.resolve()), "db": str(db.resolve()), **parameters},
        concurrency_limit=ConcurrencyLimitConfig(
            limit=1, collision_strategy=ConcurrencyLimitStrategy.ENQUEUE),
        description=f"docai: process {inbox} into {db}, on the schedule {cron} ({timezone})",
        tags=["docai"],
        # Loaded by module name, so a run finds it from any working directory.
        entrypoint_type=EntrypointType.MODULE_PATH)


def serve_command(args: argparse.Namespace) -> int:
    """`docai serve`: register the deployment with the Prefect API and run its flow runs
    until interrupted."""
    from prefect import serve
    from prefect.settings import PREFECT_API_URL

    if not PREFECT_API_URL.value():
        print("docai serve: set PREFECT_API_URL to a Prefect server, e.g. run "
              "`prefect server start --host 127.0.0.1` and "
              "export PREFECT_API_URL=http://127.0.0.1:4200/api", file=sys.stderr)
        return 2
    if not args.inbox.is_dir():
        print(f"docai serve: no such folder: {args.inbox}", file=sys.stderr)
        return 2
    os.environ.setdefault("DO_NOT_TRACK", "1")
    parameters = {"pattern": args.pattern, "retry_failed": args.retry_failed,
                  "task_runner": args.task_runner, "dask_address": args.dask_address,
                  "dask_workers": args.dask_workers, "lock_wait_s": args.lock_wait,
                  "spool_dir": str(args.spool_dir.resolve()) if args.spool_dir else None}
    deployment = nightly_deployment(args.inbox, args.db, args.cron, args.timezone, args.name,
                                    **parameters)
    serve(deployment, limit=1)
    return 0
