"""Prefect flow: process documents into DuckDB, one task per document.

The tasks run the same library calls as `docai run` and hand back the path of a spool file;
the flow body is the database's single writer. Run it with no server started by hand:

    python -m flows.extract samples --db out/docai.duckdb

With PREFECT_API_URL unset, Prefect starts a temporary local server for the run.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
from contextlib import nullcontext
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_link_artifact, create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.futures import PrefectFuture, as_completed
from prefect.settings import (
    PREFECT_SERVER_ANALYTICS_ENABLED,
    PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS,
    temporary_settings,
)

from docai.model import Document, DocumentStatus
from docai.options import PipelineOptions
from docai.pipeline import INTERNAL_ERROR, SKIPPED, expand_paths, open_store, plan, store_or_fail
from docai.processor import DocumentProcessor
from docai.spool import read_spool, write_spool
from flows.task_runners import TASK_RUNNERS, api_server, build_task_runner, worker_threads

ARTIFACT_KEY = "docai-run"

# One processor per process, created by the first task that needs it (never at import) and
# kept while the options stay the same. Prefect's default task runner is a thread pool and
# PyMuPDF is not thread-safe, so the lock lets one document at a time through the processor.
# Little is lost: its engines already use every core on one document. Parallelism comes from
# processes (a process pool or Dask task runner), each with its own processor and lock.
_processor: tuple[PipelineOptions, DocumentProcessor] | None = None
_processor_lock = threading.Lock()


def _process(path: Path, doc_id: str, options: PipelineOptions) -> Document:
    global _processor
    with _processor_lock:
        if _processor is None or _processor[0] != options:
            _processor = (options, DocumentProcessor(options))
        return _processor[1].process(path, doc_id)


# I/O errors that say a path or a setting is wrong: a retry would only repeat them.
_PERMANENT_OS_ERRORS = (FileNotFoundError, PermissionError, IsADirectoryError,
                        NotADirectoryError)


def _is_transient(task, task_run, state) -> bool:
    """Retry transient I/O errors (a flaky share, a full spool disk), not bugs. A document that
    fails cleanly is a result, not an exception, so it is never retried."""
    try:
        state.result()
    except _PERMANENT_OS_ERRORS:
        return False
    except OSError:
        return True
    except Exception:
        return False
    return False


def _task_run_name(parameters: dict) -> str:
    return f"process-{Path(parameters['path']).name}"


@task(task_run_name=_task_run_name, retries=2, retry_delay_seconds=2,
      retry_condition_fn=_is_transient, cache_policy=NO_CACHE, persist_result=False)
def process_document_task(path: str, doc_id: str, spool_dir: str,
                          options: PipelineOptions) -> str:
    """Process one file; return the path of its spool file."""
    return str(write_spool(_process(Path(path), doc_id, options), Path(spool_dir)))


@flow(name="extract-documents")
def extract_documents(paths: list[str], db: str, force: bool = False,
                      spool_dir: str | None = None, options: dict | None = None,
                      retry_failed: bool = False, pattern: str = "**/*",
                      lock_wait_s: float = 0, report_dir: str | None = None) -> dict:
    """Process files and folders (the files under a folder that match the glob `pattern`)
    into the DuckDB file `db`. Only new or changed files are processed, and documents whose
    processing raised; failed ones again with `retry_failed`, everything with `force`.
    `options` holds PipelineOptions fields, e.g. {"ocr": {"engine": "tesseract"}}. While
    another process holds the database, wait up to `lock_wait_s` seconds for it.
    Returns the run id and the documents counted by status; the counts and the failures
    are also published as the markdown artifact `docai-run`. With `report_dir`, the HTML
    grounding report is written there and published as the artifacts `docai-report` (a link)
    and `docai-report-summary`."""
    logger = get_run_logger()
    pipeline_options = PipelineOptions.model_validate(options or {})
    files = expand_paths([Path(p) for p in paths], pattern)
    spool = nullcontext(spool_dir) if spool_dir else tempfile.TemporaryDirectory(
        prefix="docai-spool-")
    failures: list[tuple[str, str, str | None]] = []
    with open_store(Path(db), lock_wait_s) as store, spool as spool_path:
        run_id = store.start_run({"paths": paths, "pattern": pattern, "force": force,
                                  "retry_failed": retry_failed, "flow": "extract-documents",
                                  "options": pipeline_options.model_dump()})
        counts = dict.fromkeys([status.value for status in DocumentStatus] + [SKIPPED], 0)
        todo, skipped = plan(files, store, force, retry_failed)
        counts[SKIPPED] = len(skipped)
        futures = {process_document_task.submit(str(path), doc_id, spool_path,
                                                pipeline_options): (doc_id, path)
                   for doc_id, path in todo.items()}
        for future in as_completed(list(futures)):
            doc_id, path = futures[future]
            doc, spool_file = _collect(future, doc_id, path)
            doc = store_or_fail(store, doc, run_id)
            if spool_file:
                spool_file.unlink()
            counts[doc.status.value] += 1
            if doc.status is not DocumentStatus.OK:
                failures.append((doc.status.value, str(path), doc.summary_error))
                logger.warning("%s %s: %s", doc.status.value, path.name, doc.summary_error)
        store.finish_run(run_id, counts[DocumentStatus.OK] + counts[DocumentStatus.PARTIAL],
                         counts[DocumentStatus.FAILED])
    logger.info("run %s: %s", run_id, counts)
    create_markdown_artifact(_run_markdown(run_id, db, counts, failures), key=ARTIFACT_KEY,
                             description=f"docai run {run_id}: documents by status")
    if report_dir:
        _publish_report(Path(db), Path(report_dir))
    return {"run_id": run_id, **counts}


def _publish_report(db: Path, out: Path) -> None:
    from docai.report import summary_markdown, write_report

    index = write_report(db, out)
    create_link_artifact(key="docai-report", link=index.resolve().as_uri(),
                         description="docai grounding report")
    create_markdown_artifact(summary_markdown(db, index), key="docai-report-summary",
                             description="docai grounding report: summary")


def _collect(future: PrefectFuture, doc_id: str, path: Path) -> tuple[Document, Path | None]:
    """The task's document and spool file; a task that raised costs its document, not the run."""
    try:
        spool_file = Path(future.result())
        return read_spool(spool_file), spool_file
    except Exception as exc:
        if type(exc).__name__ == "KilledWorker":  # Dask gave up: the file kills its worker
            error = "processing this file crashed the worker process"
        else:
            error = f"{INTERNAL_ERROR}: {exc!r}"
        return Document(doc_id, path.resolve(), error=error), None


def _run_markdown(run_id: str, db: str, counts: dict, failures: list, limit: int = 100) -> str:
    def cell(text) -> str:
        return str(text).replace("|", "\\|").replace("\n", " ")

    lines = [f"# docai run `{run_id}`", "", f"Database: `{cell(db)}`", "",
             "| status | documents |", "| --- | ---: |",
             *(f"| {status} | {n} |" for status, n in counts.items())]
    if failures:
        lines += ["", "| status | file | reason |", "| --- | --- | --- |",
                  *(f"| {s} | {cell(p)} | {cell(e)} |" for s, p, e in failures[:limit])]
        if len(failures) > limit:
            lines.append(f"\n{len(failures) - limit} more: see the documents table.")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m flows.extract",
                                     description="Run the extract-documents Prefect flow.")
    parser.add_argument("paths", nargs="+", metavar="PATH")
    default_db = os.environ.get("DOCAI_DB")
    parser.add_argument("--db", default=default_db, required=default_db is None,
                        help="DuckDB file (env DOCAI_DB)")
    parser.add_argument("--force", action="store_true",
                        help="process files again even when already stored by this version")
    parser.add_argument("--spool-dir", help="where tasks leave results for the flow to store "
                                            "(default: a temporary folder)")
    parser.add_argument("--retry-failed", action="store_true",
                        help="process failed documents again, not only new or changed files")
    parser.add_argument("--pattern", default="**/*",
                        help="glob for the files under each folder (default **/*)")
    parser.add_argument("--lock-wait", type=float, default=0, metavar="SECONDS",
                        help="wait up to SECONDS while another run holds the database")
    parser.add_argument("--task-runner", choices=TASK_RUNNERS, default="threads",
                        help="run the document tasks in threads here or on a Dask cluster")
    parser.add_argument("--dask-address", metavar="HOST:PORT",
                        help="scheduler of a running Dask cluster (default: a local cluster)")
    parser.add_argument("--dask-workers", type=int, default=2,
                        help="worker processes of the local Dask cluster (default 2)")
    args = parser.parse_args(argv)
    # Offline unless told otherwise: no client telemetry, no server analytics. A first start
    # creates the temporary server's database, which takes longer than Prefect's default wait.
    os.environ.setdefault("DO_NOT_TRACK", "1")
    run = extract_documents.with_options(task_runner=build_task_runner(
        args.task_runner, args.dask_address, args.dask_workers))
    options = worker_threads(None, args.task_runner, args.dask_address, args.dask_workers)
    # Dask workers must reach the flow's API rather than start servers of their own.
    server = api_server() if args.task_runner == "dask" else nullcontext()
    with (temporary_settings(set_defaults={PREFECT_SERVER_ANALYTICS_ENABLED: False,
                                           PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS: 120}),
          server):
        state = run(args.paths, args.db, args.force, args.spool_dir, options,
                    retry_failed=args.retry_failed, pattern=args.pattern,
                    lock_wait_s=args.lock_wait, return_state=True)
    if not state.is_completed():
        print(f"extract-documents: {state.message}", file=sys.stderr)
        return 1
    counts = state.result()
    run_id = counts.pop("run_id")
    print(f"extract-documents run {run_id} -> {args.db}: "
          + ", ".join(f"{status} {n}" for status, n in counts.items()))
    return 0


if __name__ == "__main__":
    # Run the imported module's main, not this __main__ copy: Dask workers unpickle the task
    # by its module name, flows.extract.
    from flows.extract import main as module_main

    sys.exit(module_main())
