#!/usr/bin/env python
"""Pipeline benchmark: pages per second for each stage and end to end, for digital and
scanned pages, and the peak memory of a run on 50 and on 500 pages.

    python bench/pipeline_bench.py [--digital-pages N] [--scanned-pages N] [--skip-memory]
                                   [--json OUT]

Input is generated in a temp dir: invoice-like PDFs of a few pages each (`invoice_pages.py`),
and scanned copies of them (each page a 200 dpi JPEG in an image-only PDF). See the README,
"Benchmark: pages per second and peak memory".

Stage figures are measured in this process with the engines set up as one pipeline worker sets
them up (intra-op threads = cores // workers); "per worker" pages/s is one worker's rate, the
pipeline runs `workers` of them side by side. End-to-end figures come from
`docai.pipeline.run_paths` with its defaults into a fresh DuckDB file, model loading and worker
start-up included.

Only the standard library is imported at the top: the pipeline's spawned workers import this
file as their main module.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

DIGITAL_PAGES = 200
SCANNED_PAGES = 8
ONE_PROCESS_OCR_PAGES = 4  # OCR with every core in one process: timed on the first pages only
MEMORY_PAGES = (50, 500)
STAGE_PAGES = 40  # digital pages timed stage by stage (every stage sees the same pages)
PAGES_PER_DOC = 4
SCANNED_PAGES_PER_DOC = 2


def _now() -> float:
    return time.perf_counter()


def _timed(fn, *args):
    """fn(*args), its wall seconds and the CPU seconds of this process (all its threads)."""
    wall, cpu = _now(), time.process_time()
    result = fn(*args)
    return result, _now() - wall, time.process_time() - cpu


def _median_ms(seconds: list[float]) -> float:
    return 1000 * statistics.median(seconds) if seconds else float("nan")


def _row(stage: str, kind: str, pages: int, cpu_ms: float, wall_ms: float, pages_s: float,
         note: str = "") -> dict:
    return {"stage": stage, "set": kind, "pages": pages, "cpu_ms_per_page": round(cpu_ms, 1),
            "wall_ms_per_page": round(wall_ms, 1), "pages_per_s": round(pages_s, 2),
            "note": note}


def _stage_row(stage: str, kind: str, samples: list[tuple[float, float]], note: str = "") -> dict:
    """Median per-page (wall, cpu) samples; pages/s is one worker's rate on an idle core."""
    cpu_ms = _median_ms([c for _, c in samples])
    return _row(stage, kind, len(samples), cpu_ms, _median_ms([w for w, _ in samples]),
                1000 / cpu_ms, note)


def foundation_options():
    """Pipeline defaults with only the foundation stages: ingest, OCR, layout, store. The field
    extractor (when this version has one) is measured by its own benchmark."""
    from docai.options import PipelineOptions

    if "extract" in PipelineOptions.model_fields:
        return PipelineOptions(extract={"enabled": False})
    return PipelineOptions()


def pipeline_layout() -> tuple[int, int]:
    """Workers and threads per worker that run_paths uses by default for a large batch."""
    from docai.processor import default_threads

    workers = os.cpu_count() or 1
    return workers, default_threads(workers)


# ---------------------------------------------------------------- stages, in this process


def _pages_of(paths: list[Path], limit: int):
    """(path, page_no) of the first `limit` pages."""
    import pymupdf

    found = []
    for path in paths:
        with pymupdf.open(path) as pdf:
            found += [(path, n) for n in range(1, pdf.page_count + 1)]
        if len(found) >= limit:
            break
    return found[:limit]


class _TimedEngine:
    """A layout engine that records how long each detect call took."""

    def __init__(self, engine):
        self.engine, self.name, self.samples = engine, engine.name, []

    def detect(self, pixels):
        result, wall, cpu = _timed(self.engine.detect, pixels)
        self.samples.append((wall, cpu))
        return result


def stage_digital(paths: list[Path], pages: int, threads: int) -> list[dict]:
    import pymupdf

    from docai.ingest import raster
    from docai.ingest.native_text import image_coverage, native_words, needs_ocr
    from docai.layout.detector import RapidLayoutEngine
    from docai.layout.stage import LayoutStage
    from docai.model import Document, Page
    from docai.store import Store

    options = foundation_options()
    ingest = options.ingest
    engine = _TimedEngine(RapidLayoutEngine(threads, options.layout.min_score,
                                            options.layout.runtime))
    # The other runtime on the same pages, when it differs, for comparison.
    onnx = None
    if engine.engine.runtime != "onnxruntime":
        onnx = _TimedEngine(RapidLayoutEngine(threads, options.layout.min_score, "onnxruntime"))
    layout = LayoutStage(engine, options.layout)
    timing: dict[str, list[tuple[float, float]]] = {
        k: [] for k in ("raster", "native", "layout", "organise", "store")}

    def read_native(pdf_page):
        words = native_words(pdf_page)
        rect = pdf_page.rect
        needs_ocr(words, rect.width * rect.height, image_coverage(pdf_page), ingest)
        return words

    done: list[Page] = []
    for path, page_no in _pages_of(paths, pages):
        with pymupdf.open(path) as pdf:
            pdf_page = pdf.load_page(page_no - 1)
            rect = pdf_page.rect
            words, *native = _timed(read_native, pdf_page)
            zoom = raster.zoom_for(rect, ingest.layout_dpi, raster.LAYOUT_MAX_SIDE, None)
            image, *rendered = _timed(raster.render, pdf_page, zoom, ingest.max_page_pixels)
        page = Page(page_no, rect.width, rect.height, words=words, image=image)
        if onnx is not None:
            onnx.detect(image.pixels)
        _, *laid_out = _timed(layout.run, [page])
        page.release_images()
        done.append(page)
        model = engine.samples[-1]
        timing["native"].append(tuple(native))
        timing["raster"].append(tuple(rendered))
        timing["layout"].append(tuple(laid_out))
        timing["organise"].append((laid_out[0] - model[0], laid_out[1] - model[1]))

    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "stage.duckdb") as store:
        run_id = store.start_run({})
        for i, page in enumerate(done):
            doc = Document(f"{i:064x}", Path(f"/bench/page{i}.pdf"), "application/pdf", 1,
                           [page])
            _, *stored = _timed(store.write_document, doc, run_id)
            timing["store"].append(tuple(stored))

    words = statistics.median(len(p.words) for p in done)
    regions = statistics.median(len(p.regions) for p in done)
    runtime_rows = []
    if onnx is not None:
        runtime_rows.append(_stage_row("  layout model, onnxruntime", "digital", onnx.samples,
                                       "the same pages on ONNX Runtime, for comparison"))
    return [
        _stage_row("rasterize (layout, 96 dpi)", "digital", timing["raster"]),
        _stage_row("native text", "digital", timing["native"],
                   f"median {words:.0f} words/page; with the OCR decision"),
        _stage_row("layout (model + organise)", "digital", timing["layout"],
                   f"median {regions:.0f} regions/page"),
        _stage_row("  layout model alone", "digital", engine.samples,
                   f"{engine.engine.runtime}, {threads} thread(s), pre/post-processing included"),
        *runtime_rows,
        _stage_row("  organise_page alone", "digital", timing["organise"]),
        _stage_row("store (write_document)", "digital", timing["store"],
                   "one 1-page document per call, DuckDB threads included"),
    ]


def _ocr_raster(path: Path, page_no: int):
    """The page's OCR raster exactly as ingest renders it (PDF pages: no native scale)."""
    import pymupdf

    from docai.ingest import raster
    from docai.options import IngestOptions

    options = IngestOptions()
    with pymupdf.open(path) as pdf:
        pdf_page = pdf.load_page(page_no - 1)
        zoom = raster.zoom_for(pdf_page.rect, options.ocr_dpi, raster.OCR_MAX_SIDE, None)
        ocr_image = raster.render(pdf_page, zoom, options.max_page_pixels)
        layout_zoom = raster.zoom_for(pdf_page.rect, options.layout_dpi, raster.LAYOUT_MAX_SIDE,
                                      None)
        return ocr_image, layout_zoom


_ocr_engine = None


def _ocr_worker_init(threads: int) -> None:
    global _ocr_engine
    from docai.layout.ocr import RapidOcrEngine

    _ocr_engine = RapidOcrEngine(threads)


def _ocr_worker_read(job: tuple[Path, int]) -> tuple[float, float]:
    image, _ = _ocr_raster(*job)
    _, wall, cpu = _timed(_ocr_engine.read, image.pixels)
    return wall, cpu


def stage_scanned(paths: list[Path], pages: int, workers: int,
                  threads: int) -> tuple[list[dict], dict]:
    """OCR raster timings, and the OCR engine alone on every page two ways: `workers` processes
    of `threads` threads (how the pipeline uses the cores), and one process with every core as
    an intra-op thread. Engine time only: rendering the rasters is left out."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from docai.ingest import raster
    from docai.layout.ocr import RapidOcrEngine

    jobs = _pages_of(paths, pages)
    render, downscale, images = [], [], []
    for job in jobs:
        (image, layout_zoom), *rendered = _timed(_ocr_raster, *job)
        _, *scaled = _timed(raster.downscale, image, layout_zoom)
        render.append(tuple(rendered))
        downscale.append(tuple(scaled))
        images.append(image)

    cores = os.cpu_count() or 1
    engine = RapidOcrEngine(cores)
    engine.read(images[0].pixels)  # first call allocates; the pipeline pays it once per worker
    subset = images[:ONE_PROCESS_OCR_PAGES]
    one_process_rate = sum(_timed(engine.read, image.pixels)[1] for image in subset) / len(subset)
    one_process = len(images) * one_process_rate  # seconds for every page at that rate
    del engine, images, subset

    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_ocr_worker_init,
                             initargs=(threads,)) as pool:
        list(pool.map(_ocr_worker_read, jobs[:workers]))  # load and warm every worker
        per_page = list(pool.map(_ocr_worker_read, jobs))
    pool_wall = sum(w for w, _ in per_page) / workers  # perfectly balanced: a lower bound
    pool_cpu = sum(c for _, c in per_page)

    n = len(jobs)
    best = min(one_process, pool_wall)
    rows = [
        _stage_row("rasterize (OCR, 200 dpi)", "scanned", render),
        _stage_row("rasterize (layout, downscale)", "scanned", downscale, "from the OCR raster"),
        _stage_row("OCR alone", "scanned", per_page, f"per worker, {threads} thread(s)"),
        _row(f"OCR alone, {cores} cores", "scanned", n, 1000 * pool_cpu / n, 1000 * best / n,
             n / best, f"wall: {workers} proc x {threads} thr {pool_wall:.1f} s, "
                       f"1 proc x {cores} thr {one_process:.1f} s; the faster counts"),
    ]
    ocr = {"pages": n, "workers_x_threads_wall_s": round(pool_wall, 2),
           "workers_x_threads_cpu_s": round(pool_cpu, 2),
           "one_process_all_cores_wall_s": round(one_process, 2),
           "ocr_alone_wall_s": round(best, 2)}
    return rows, ocr


# ---------------------------------------------------------------- end to end


def _cpu_seconds() -> float:
    """CPU time of this process and its reaped children (the pool's workers, once shut down)."""
    import resource

    return sum(u.ru_utime + u.ru_stime for u in (resource.getrusage(resource.RUSAGE_SELF),
                                                 resource.getrusage(resource.RUSAGE_CHILDREN)))


def end_to_end(paths: list[Path], db: Path, options=None) -> dict:
    """run_paths into a fresh database; by default the foundation stages only."""
    from docai.pipeline import run_paths

    stamps = []
    cpu0, t0 = _cpu_seconds(), _now()
    summary = run_paths(paths, db, options=options or foundation_options(),
                        on_outcome=lambda o: stamps.append(_now()))
    wall, cpu = _now() - t0, _cpu_seconds() - cpu0
    counts = summary.counts
    if counts.get("ok", 0) != len(paths):
        raise SystemExit(f"end-to-end run did not process every document: {dict(counts)}")
    return {"wall_s": wall, "cpu_s": cpu, "first_doc_s": stamps[0] - t0 if stamps else wall,
            "load": os.getloadavg()[0]}


def _count_pages(db: Path) -> int:
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT count(*) FROM pages").fetchone()[0]


def e2e_rows(kind: str, paths: list[Path], db: Path, options=None,
             label: str = "end to end (run_paths)") -> list[dict]:
    """The measured wall-clock rate, and the rate the run's CPU time allows on idle cores:
    pages / (CPU seconds / cores). Other processes on a shared machine slow the first only."""
    result = end_to_end(paths, db, options)
    pages = _count_pages(db)
    wall, cpu = result["wall_s"], result["cpu_s"]
    cores = os.cpu_count() or 1
    measured = _row(label, kind, pages, 1000 * cpu / pages,
                    1000 * wall / pages, pages / wall,
                    f"{wall:.1f} s wall incl. start-up (first document after "
                    f"{result['first_doc_s']:.1f} s); load avg {result['load']:.1f}")
    measured.update(wall_s=round(wall, 2), cpu_s=round(cpu, 2))
    bound = _row("  CPU-bound rate", kind, pages, 1000 * cpu / pages, 1000 * cpu / cores / pages,
                 pages / (cpu / cores), f"{cpu:.1f} CPU s (main + workers) over {cores} cores")
    return [measured, bound]


class _TimedReader:
    """Wraps the fusion extractor and times its page batches (process CPU and wall); keeps each
    batch pickled as the pipeline handed it over (rasters included) for a replay."""

    def __init__(self, inner):
        self.inner, self.samples, self.batches = inner, [], []

    def read_pages(self, pages):
        self.batches.append(pickle.dumps(pages))
        (read, *sample) = _timed(self.inner.read_pages, pages)
        self.samples += [(sample[0] / len(pages), sample[1] / len(pages))] * len(pages)
        return read

    def finish(self, doc, read):
        self.inner.finish(doc, read)


def stage_extraction(paths: list[Path], pages: int, threads: int, workers: int,
                     tmp: Path) -> list[dict]:
    """The fusion model's page tagging alone, on pages the real pipeline has laid out: one
    worker's rate, then `workers` processes tagging the same batches side by side."""
    from docai.extract.extractor import FusionExtractor
    from docai.processor import DocumentProcessor

    reader = _TimedReader(FusionExtractor(threads=threads))
    processor = DocumentProcessor(foundation_options(), threads, reader=reader)
    for path in paths:
        processor.process(path)
        if len(reader.samples) >= pages:
            break
    batches = tmp / "extraction-batches.pkl"
    batches.write_bytes(pickle.dumps(reader.batches))
    return [_stage_row("extraction (fusion model)", "digital", reader.samples),
            extraction_side_by_side(batches, len(reader.samples), workers, threads)]


def _tag_batches(batches: str, threads: int, start, results) -> None:
    """One side-by-side process: load the model, wait for the others, tag every batch."""
    from docai.extract.extractor import FusionExtractor

    reader = FusionExtractor(threads=threads)
    pages = [pickle.loads(batch) for batch in pickle.loads(Path(batches).read_bytes())]
    start.wait()
    result = _timed(lambda: [reader.read_pages(batch) for batch in pages])
    results.put(result[1:])


def extraction_side_by_side(batches: Path, pages: int, workers: int, threads: int) -> dict:
    """What the whole machine tags: `workers` processes (as many as the pipeline runs) each tag
    the same pages at once; model loading is outside the timed part."""
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    start, results = context.Barrier(workers), context.Queue()
    processes = [context.Process(target=_tag_batches, args=(str(batches), threads, start, results))
                 for _ in range(workers)]
    for process in processes:
        process.start()
    timings = [results.get(timeout=600) for _ in processes]  # a crashed process must not hang
    for process in processes:
        process.join()
    wall = max(w for w, _ in timings)
    cpu = sum(c for _, c in timings)
    total = pages * workers
    return _row(f"  {workers} workers side by side", "digital", total,
                1000 * cpu / total, 1000 * wall / total, total / wall,
                f"the machine's rate: {total} pages in {wall:.1f} s wall, model loading excluded")


def peak_memory(pages: int, tmp: Path) -> dict:
    """Peak RSS of a fresh run_paths process and its workers, summed, sampled every 20 ms;
    also the peaks of the main process and of its largest worker. (Not getrusage: Linux
    carries ru_maxrss across exec, so a child started from this big process would report
    this process's peak.)"""
    import psutil

    from invoice_pages import make_digital

    folder = tmp / f"mem{pages}"
    make_digital(folder, pages, PAGES_PER_DOC, seed=1000 + pages)
    db = tmp / f"mem{pages}.duckdb"
    child = subprocess.Popen([sys.executable, __file__, "--_memory-child", str(folder), str(db)],
                             stdout=subprocess.PIPE, text=True)
    root = psutil.Process(child.pid)
    peak = main_peak = worker_peak = 0
    while child.poll() is None:
        try:
            procs = [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            break
        sizes = []
        for proc in procs:
            try:
                sizes.append(proc.memory_info().rss)
            except psutil.NoSuchProcess:
                sizes.append(0)
        peak, main_peak = max(peak, sum(sizes)), max(main_peak, sizes[0])
        worker_peak = max([worker_peak, *sizes[1:]])
        time.sleep(0.02)
    out, _ = child.communicate()
    if child.returncode:
        raise SystemExit(f"memory run on {pages} pages failed")
    report = json.loads(out.strip().splitlines()[-1])
    return {"pages": pages, "peak_tree_rss_mib": round(peak / 2**20, 1),
            "main_peak_mib": round(main_peak / 2**20, 1),
            "largest_worker_peak_mib": round(worker_peak / 2**20, 1), "wall_s": report["wall_s"],
            "pages_per_s": round(pages / report["wall_s"], 2)}


def _memory_child(folder: str, db: str) -> None:
    result = end_to_end(sorted(Path(folder).glob("*.pdf")), Path(db))
    print(json.dumps({"wall_s": round(result["wall_s"], 2)}))


# ---------------------------------------------------------------- report


def print_table(rows: list[dict]) -> None:
    header = (f"{'stage':<32}{'set':<9}{'pages':>6}{'CPU ms/pg':>11}{'wall ms/pg':>12}"
              f"{'pages/s':>9}  note")
    print(header)
    print("-" * len(header))
    for r in rows:
        print(f"{r['stage']:<32}{r['set']:<9}{r['pages']:>6}{r['cpu_ms_per_page']:>11.1f}"
              f"{r['wall_ms_per_page']:>12.1f}{r['pages_per_s']:>9.2f}  {r['note']}")
    print("stage pages/s = 1000 / median CPU ms: one worker on an idle core. End-to-end "
          "pages/s = pages / wall s.")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--digital-pages", type=int, default=DIGITAL_PAGES)
    parser.add_argument("--scanned-pages", type=int, default=SCANNED_PAGES)
    parser.add_argument("--skip-memory", action="store_true")
    parser.add_argument("--json", type=Path, help="also write every figure to this file")
    parser.add_argument("--_memory-child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args._memory_child:
        _memory_child(*args._memory_child)
        return 0

    from invoice_pages import make_digital, make_scanned

    workers, threads = pipeline_layout()
    print(f"docai pipeline benchmark: {os.cpu_count()} cores, pipeline default {workers} "
          f"workers x {threads} thread(s); load average {os.getloadavg()[0]:.1f}", flush=True)
    started = _now()
    rows: list[dict] = []
    results: dict = {"cores": os.cpu_count(), "workers": workers, "threads": threads,
                     "load_at_start": os.getloadavg()[0]}
    with tempfile.TemporaryDirectory(prefix="docai-bench-") as tmp_name:
        tmp = Path(tmp_name)
        if args.digital_pages:
            digital = make_digital(tmp / "digital", args.digital_pages, PAGES_PER_DOC, seed=1)
            print(f"digital: {args.digital_pages} pages in {len(digital)} PDFs; stages...",
                  flush=True)
            rows += stage_digital(digital, min(STAGE_PAGES, args.digital_pages), threads)
            print("digital: end to end...", flush=True)
            rows += e2e_rows("digital", digital, tmp / "digital.duckdb")
            print("digital: extraction stage and end to end with extraction...", flush=True)
            rows += stage_extraction(digital, min(STAGE_PAGES, args.digital_pages), threads,
                                     workers, tmp)
            from docai.options import PipelineOptions

            rows += e2e_rows("digital", digital, tmp / "digital-extract.duckdb",
                             PipelineOptions(), "end to end with extraction")
        if args.scanned_pages:
            source = make_digital(tmp / "scan-src", args.scanned_pages, SCANNED_PAGES_PER_DOC,
                                  seed=2)
            scanned = make_scanned(source, tmp / "scanned")
            print(f"scanned: {args.scanned_pages} pages in {len(scanned)} PDFs; OCR alone...",
                  flush=True)
            scan_rows, ocr = stage_scanned(scanned, args.scanned_pages, workers, threads)
            rows += scan_rows
            print("scanned: end to end...", flush=True)
            e2e = e2e_rows("scanned", scanned, tmp / "scanned.duckdb")
            rows += e2e
            ocr.update(end_to_end_wall_s=e2e[0]["wall_s"], end_to_end_cpu_s=e2e[0]["cpu_s"],
                       wall_ratio=round(e2e[0]["wall_s"] / ocr["ocr_alone_wall_s"], 3),
                       cpu_ratio=round(e2e[0]["cpu_s"] / ocr["workers_x_threads_cpu_s"], 3))
            results["scanned_vs_ocr"] = ocr
        if not args.skip_memory:
            print("memory: end to end in fresh processes...", flush=True)
            results["memory"] = [peak_memory(n, tmp) for n in MEMORY_PAGES]

    print()
    print_table(rows)
    results["stages"] = rows
    if "scanned_vs_ocr" in results:
        ocr = results["scanned_vs_ocr"]
        print(f"\nscanned end to end / OCR alone on the same {ocr['pages']} pages "
              f"(target <= 1.25x):\n"
              f"  wall: {ocr['end_to_end_wall_s']:.1f} s / {ocr['ocr_alone_wall_s']:.1f} s = "
              f"{ocr['wall_ratio']:.2f}x\n"
              f"  CPU:  {ocr['end_to_end_cpu_s']:.1f} s / {ocr['workers_x_threads_cpu_s']:.1f} s "
              f"= {ocr['cpu_ratio']:.2f}x (everything the pipeline adds to OCR's own work)")
    if "memory" in results:
        small, large = results["memory"]
        ratio = large["peak_tree_rss_mib"] / small["peak_tree_rss_mib"]
        results["memory_ratio"] = round(ratio, 3)
        print("\npeak memory, main process + workers (RSS summed, sampled every 20 ms):")
        for m in results["memory"]:
            print(f"  {m['pages']:>4} pages: {m['peak_tree_rss_mib']:7.1f} MiB  "
                  f"(main {m['main_peak_mib']:.0f} MiB, largest worker "
                  f"{m['largest_worker_peak_mib']:.0f} MiB; {m['pages_per_s']:.2f} pages/s)")
        print(f"  ratio {large['pages']}/{small['pages']} pages: {ratio:.2f}x (target <= 1.5x)")
    results["total_s"] = round(_now() - started, 1)
    results["load_at_end"] = os.getloadavg()[0]
    print(f"\nbenchmark took {results['total_s']:.0f} s; load average "
          f"{results['load_at_start']:.1f} at start, {results['load_at_end']:.1f} at end")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
