"""Run many documents: skip what is stored, process the rest in worker processes, and store
each result from this process, the database's single writer."""

from __future__ import annotations

import multiprocessing
import os
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from docai import PIPELINE_VERSION
from docai.ingest.sniff import SUPPORTED_SUFFIXES
from docai.model import Document, DocumentStatus
from docai.options import PipelineOptions
from docai.processor import DocumentProcessor, default_threads, document_id
from docai.store import Store, StoreLockedError

SKIPPED = "skipped"
# The error prefix of a document that failed because the code raised (a bug, a transient I/O
# error that outlived its retries), not because of the file: the next run tries it again.
INTERNAL_ERROR = "internal error"


@dataclass(frozen=True)
class Outcome:
    path: Path
    doc_id: str
    status: str  # ok, partial, failed or skipped
    error: str | None = None


@dataclass
class RunSummary:
    run_id: str
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def counts(self) -> Counter:
        return Counter(o.status for o in self.outcomes)


def expand_paths(paths: Iterable[Path], pattern: str = "**/*") -> list[Path]:
    """Files as given, plus the supported files under each folder that match the glob
    `pattern` (default: every file, recursively); sorted, each once."""
    found: dict[Path, None] = {}
    for path in paths:
        if path.is_dir():
            for child in sorted(path.glob(pattern)):
                if child.is_file() and child.suffix.lower() in SUPPORTED_SUFFIXES:
                    found[child] = None
        elif path.exists():
            found[path] = None
        else:
            raise FileNotFoundError(f"no such file or folder: {path}")
    return list(found)


def open_store(db_path: Path, wait_s: float = 0, poll_s: float = 0.5) -> Store:
    """The database for writing. While another process holds it, wait up to wait_s seconds
    for it, then raise StoreLockedError."""
    deadline = time.monotonic() + wait_s
    while True:
        try:
            return Store(db_path)
        except StoreLockedError as exc:
            if time.monotonic() >= deadline:
                if wait_s > 0:
                    raise StoreLockedError(f"{exc} (waited {wait_s:g} s)") from exc
                raise
            time.sleep(poll_s)


def needs_processing(store: Store, doc_id: str, force: bool = False,
                     retry_failed: bool = False) -> bool:
    """New content (a new sha256, so also a changed file), another pipeline version, a
    document whose processing raised (INTERNAL_ERROR), or with retry_failed any failed one.
    A file rejected for what it is stays rejected until it changes."""
    state = store.stored_state(doc_id)
    if force or state is None:
        return True
    version, status, error = state
    if version != PIPELINE_VERSION:
        return True
    if status != DocumentStatus.FAILED:
        return False
    return retry_failed or (error or "").startswith(INTERNAL_ERROR)


def plan(files: Iterable[Path], store: Store, force: bool = False,
         retry_failed: bool = False) -> tuple[dict[str, Path], list[tuple[Path, str]]]:
    """The documents to process, by doc_id, and the (path, doc_id) of those to skip: stored
    already, or a second copy of a file in the batch."""
    todo: dict[str, Path] = {}
    skipped: list[tuple[Path, str]] = []
    for path in files:
        doc_id = document_id(path)
        if doc_id in todo or not needs_processing(store, doc_id, force, retry_failed):
            skipped.append((path, doc_id))
        else:
            todo[doc_id] = path
    return todo, skipped


def run_paths(paths: list[Path], db_path: Path, force: bool = False,
              options: PipelineOptions | None = None, workers: int = 0,
              on_outcome: Callable[[Outcome], None] | None = None,
              on_plan: Callable[[int], None] | None = None, retry_failed: bool = False,
              lock_wait_s: float = 0) -> RunSummary:
    """Process files and folders into the database at db_path.

    Crash safety: each document is stored in one transaction, so a run killed midway leaves
    whole documents only; its `runs` row keeps finished_at NULL, and the next run processes
    what is missing. A second run on the same database waits up to lock_wait_s for the
    first, then raises StoreLockedError."""
    options = options or PipelineOptions()
    files = expand_paths(paths)
    with open_store(db_path, lock_wait_s) as store:
        run_id = store.start_run({"paths": [str(p) for p in paths], "force": force,
                                  "retry_failed": retry_failed,
                                  "options": options.model_dump()})
        summary = RunSummary(run_id)

        def record(outcome: Outcome) -> None:
            summary.outcomes.append(outcome)
            if on_outcome:
                on_outcome(outcome)

        todo, skipped = plan(files, store, force, retry_failed)
        for path, doc_id in skipped:
            record(Outcome(path, doc_id, SKIPPED))
        if on_plan:
            on_plan(len(todo))
        for doc in process_all(todo, options, workers):
            doc = store_or_fail(store, doc, run_id)
            record(Outcome(doc.source_path, doc.doc_id, doc.status.value, doc.summary_error))
        counts = summary.counts
        store.finish_run(run_id, counts[DocumentStatus.OK] + counts[DocumentStatus.PARTIAL],
                         counts[DocumentStatus.FAILED])
    return summary


def store_or_fail(store: Store, doc: Document, run_id: str) -> Document:
    """Store the document; one the database refuses is stored as failed with the reason, so a
    single bad result never ends the run. Returns what was stored."""
    try:
        store.write_document(doc, run_id)
        return doc
    except Exception as exc:  # the store rolled the document back
        failed = Document(doc.doc_id, doc.source_path, doc.media_type, doc.page_count,
                          error=f"{INTERNAL_ERROR}: could not store the result: {exc!r}"[:2000])
        store.write_document(failed, run_id)
        return failed


def process_all(todo: dict[str, Path], options: PipelineOptions,
                workers: int) -> Iterator[Document]:
    workers = workers or min(os.cpu_count() or 1, len(todo))
    if workers <= 1:
        processor = DocumentProcessor(options) if todo else None
        for doc_id, path in todo.items():
            yield processor.process(path, doc_id)
        return
    yield from _process_in_pool(todo, options, workers)


_worker_processor: DocumentProcessor | None = None


def _init_worker(options: PipelineOptions, threads: int) -> None:
    global _worker_processor
    _worker_processor = DocumentProcessor(options, threads)


def _process_in_worker(path: Path, doc_id: str) -> Document:
    return _worker_processor.process(path, doc_id)


def _process_in_pool(todo: dict[str, Path], options: PipelineOptions,
                     workers: int) -> Iterator[Document]:
    """At most two documents per worker in flight, so memory stays flat however many files.

    A file that kills its worker (a MuPDF crash, say) breaks the pool for every document in
    flight, so those are re-run one at a time; one that crashes alone is recorded as failed.
    """
    threads = options.threads or default_threads(workers)
    pending: list[tuple[str, Path, bool]] = [(d, p, False) for d, p in todo.items()]
    context = multiprocessing.get_context("spawn")
    while pending:
        with ProcessPoolExecutor(workers, mp_context=context, initializer=_init_worker,
                                 initargs=(options, threads)) as pool:
            in_flight: dict[Future, tuple[str, Path, bool]] = {}
            broken = False
            while (pending or in_flight) and not broken:
                while pending and _may_submit(pending[0], in_flight, 2 * workers):
                    job = pending.pop(0)
                    in_flight[pool.submit(_process_in_worker, job[1], job[0])] = job
                done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
                for future in done:
                    job = in_flight.pop(future)
                    try:
                        yield future.result()
                    except BrokenProcessPool:
                        broken = True
                        in_flight[future] = job
                    except Exception as exc:  # a bug must cost one document, not the run
                        yield Document(job[0], job[1].resolve(),
                                       error=f"{INTERNAL_ERROR}: {exc!r}")
            if broken:
                for doc_id, path, isolated in in_flight.values():
                    if isolated:
                        yield Document(doc_id, path.resolve(),
                                       error="processing this file crashed the worker process")
                    else:
                        pending.insert(0, (doc_id, path, True))


def _may_submit(job: tuple[str, Path, bool], in_flight: dict, limit: int) -> bool:
    """Crash suspects run alone; nothing runs beside them."""
    if any(isolated for _, _, isolated in in_flight.values()):
        return False
    return not in_flight if job[2] else len(in_flight) < limit
