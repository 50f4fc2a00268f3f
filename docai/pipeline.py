"""Run many documents: skip what is stored, process the rest in worker processes, and store
each result from this process, the database's single writer."""

from __future__ import annotations

import multiprocessing
import os
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
from docai.store import Store

SKIPPED = "skipped"


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


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Files as given, plus the supported files under each folder; sorted, each once."""
    found: dict[Path, None] = {}
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.suffix.lower() in SUPPORTED_SUFFIXES:
                    found[child] = None
        elif path.exists():
            found[path] = None
        else:
            raise FileNotFoundError(f"no such file or folder: {path}")
    return list(found)


def run_paths(paths: list[Path], db_path: Path, force: bool = False,
              options: PipelineOptions | None = None, workers: int = 0,
              on_outcome: Callable[[Outcome], None] | None = None,
              on_plan: Callable[[int], None] | None = None) -> RunSummary:
    """Process files and folders into the database at db_path."""
    options = options or PipelineOptions()
    files = expand_paths(paths)
    with Store(db_path) as store:
        run_id = store.start_run({"paths": [str(p) for p in paths], "force": force,
                                  "options": options.model_dump()})
        summary = RunSummary(run_id)

        def record(outcome: Outcome) -> None:
            summary.outcomes.append(outcome)
            if on_outcome:
                on_outcome(outcome)

        todo: dict[str, Path] = {}
        for path in files:
            doc_id = document_id(path)
            if doc_id in todo or (not force and store.stored_version(doc_id) == PIPELINE_VERSION):
                record(Outcome(path, doc_id, SKIPPED))
            else:
                todo[doc_id] = path
        if on_plan:
            on_plan(len(todo))
        for doc in process_all(todo, options, workers):
            store.write_document(doc, run_id)
            record(Outcome(doc.source_path, doc.doc_id, doc.status.value, doc.summary_error))
        counts = summary.counts
        store.finish_run(run_id, counts[DocumentStatus.OK] + counts[DocumentStatus.PARTIAL],
                         counts[DocumentStatus.FAILED])
    return summary


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
                        yield Document(job[0], job[1].resolve(), error=f"internal error: {exc!r}")
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
