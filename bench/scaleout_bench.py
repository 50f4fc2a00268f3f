#!/usr/bin/env python
"""Scale-out benchmark: throughput of the extract-documents flow on a Dask cluster with one
and with two workers (or the counts given), digital invoice pages, into a fresh DuckDB file.

    python bench/scaleout_bench.py [--pages 48] [--pages-per-doc 2] [--workers 1 2]
                                   [--address HOST:PORT] [--json OUT]

Each figure is one whole flow run: the local cluster's start, each worker loading its
engines, processing, and the flow storing every document (the single writer). "steady" is
the same run less the time until the first document came back, which is closer to what more
documents per run would give. Without PREFECT_API_URL, one temporary Prefect server serves
all runs. Local workers are processes with one Dask thread each, and cores ÷ workers engine
threads, so on a machine with few cores the gain from a second worker is bounded by the
cores; on a busy machine by what the others leave.

Only the standard library is imported at the top: Dask's worker processes import this file.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def run_once(files_dir: Path, workers: int, address: str | None, work: Path) -> dict:
    from flows.extract import extract_documents
    from flows.task_runners import build_task_runner, worker_threads

    db = work / f"bench-{workers}.duckdb"
    spool = work / f"spool-{workers}"
    first_back: list[float] = []
    import docai.spool as spool_module

    read_spool = spool_module.read_spool

    def timed_read(path):  # the flow reads each spool file as its task completes
        first_back.append(time.perf_counter())
        return read_spool(path)

    import flows.extract as module

    module.read_spool = timed_read
    options = worker_threads({"extract": {"enabled": False}}, "dask", address, workers)
    flow = extract_documents.with_options(
        task_runner=build_task_runner("dask", address, workers))
    start = time.perf_counter()
    counts = flow([str(files_dir)], str(db), spool_dir=str(spool), options=options)
    wall = time.perf_counter() - start
    module.read_spool = read_spool
    return {"workers": workers, "wall_s": wall, "first_result_s": first_back[0] - start,
            "steady_s": first_back[-1] - first_back[0], "documents": len(first_back),
            "counts": counts}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=48)
    parser.add_argument("--pages-per-doc", type=int, default=2)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--address", help="scheduler of a running Dask cluster")
    parser.add_argument("--json", type=Path, help="write the figures here too")
    args = parser.parse_args()
    for name, value in (("PREFECT_SERVER_ANALYTICS_ENABLED", "false"), ("DO_NOT_TRACK", "1"),
                        ("ORT_DISABLE_TELEMETRY", "1"),
                        ("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "150"),
                        ("PREFECT_LOGGING_LEVEL", "WARNING")):
        os.environ.setdefault(name, value)

    from invoice_pages import make_digital

    from flows.task_runners import api_server

    results = []
    with tempfile.TemporaryDirectory(prefix="docai-scaleout-") as temp, api_server(150):
        work = Path(temp)
        files = work / "inbox"
        files.mkdir()
        make_digital(files, args.pages, args.pages_per_doc, seed=7)
        for workers in args.workers:
            result = run_once(files, workers, args.address, work)
            assert result["counts"]["ok"] == result["documents"], result["counts"]
            result.update(pages=args.pages, pages_per_s=args.pages / result["wall_s"],
                          steady_docs_per_s=(result["documents"] - 1) / result["steady_s"])
            results.append(result)
    print(f"{'workers':>7} {'pages':>6} {'wall s':>7} {'pages/s':>8} {'first doc s':>12} "
          f"{'steady docs/s':>14}   (cpu cores: {os.cpu_count()}, "
          f"load {os.getloadavg()[0]:.1f})")
    for r in results:
        print(f"{r['workers']:>7} {r['pages']:>6} {r['wall_s']:>7.1f} {r['pages_per_s']:>8.2f} "
              f"{r['first_result_s']:>12.1f} {r['steady_docs_per_s']:>14.2f}")
    if len(results) > 1:
        base = results[0]
        for r in results[1:]:
            print(f"speed-up {r['workers']} vs {base['workers']} worker(s): "
                  f"{r['pages_per_s'] / base['pages_per_s']:.2f}x overall, "
                  f"{r['steady_docs_per_s'] / base['steady_docs_per_s']:.2f}x steady")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
