"""The extract-documents flow end to end: Prefect's temporary server, the real ingest and layout
engines, a DuckDB file."""

import errno
import json
from collections import Counter

import duckdb
import pymupdf
import pytest

pytestmark = pytest.mark.e2e

# The flow's wiring is under test here, not the field extractor: stop after layout.
OPTIONS = {"extract": {"enabled": False}}

DOCUMENTS = {
    "invoice.pdf": ["INVOICE 4711", "Acme Supplies GmbH", "Total 123.45 EUR"],
    "receipt.pdf": ["RECEIPT 0815", "Corner Café", "Total 3.50 EUR"],
}


def make_pdf(path, lines):
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    for i, line in enumerate(lines):
        page.insert_text((72, 100 + 30 * i), line, fontsize=14, fontname="helv")
    doc.save(path)


def rows(db, sql, params=()):
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, list(params)).fetchall()


@pytest.fixture(scope="module")
def extract(prefect_server):
    from flows import extract

    return extract


@pytest.fixture(scope="module")
def inbox(tmp_path_factory):
    folder = tmp_path_factory.mktemp("inbox")
    for name, lines in DOCUMENTS.items():
        make_pdf(folder / name, lines)
    (folder / "corrupt.pdf").write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 4)
    return folder


@pytest.fixture(scope="module")
def first_run(extract, inbox, tmp_path_factory):
    db = tmp_path_factory.mktemp("db") / "docai.duckdb"
    spool = tmp_path_factory.mktemp("spool")
    summary = extract.extract_documents([str(inbox)], str(db), spool_dir=str(spool),
                                        options=OPTIONS, report_dir=str(db.parent / "report"))
    return db, spool, summary


def test_every_document_is_stored_with_its_status(first_run):
    db, _, summary = first_run

    assert summary == {"run_id": summary["run_id"], "ok": 2, "partial": 0, "failed": 1,
                       "skipped": 0}
    stored = {name: (status, error) for name, status, error in rows(
        db, "SELECT file_name, status, error FROM documents")}
    assert stored.keys() == {"invoice.pdf", "receipt.pdf", "corrupt.pdf"}
    assert stored["invoice.pdf"] == stored["receipt.pdf"] == ("ok", None)
    assert stored["corrupt.pdf"][0] == "failed"
    assert "corrupt or unreadable PDF" in stored["corrupt.pdf"][1]


def test_words_are_stored_where_they_are_printed(first_run):
    db, _, _ = first_run

    words = rows(db, "SELECT d.file_name, w.page_no, w.text, w.x0, w.y0, w.x1, w.y1 FROM words w "
                     "JOIN documents d USING (doc_id) ORDER BY d.file_name, w.word_id")
    counts = Counter(name for name, *_ in words)
    assert counts == {name: len(" ".join(lines).split()) for name, lines in DOCUMENTS.items()}
    assert "Café" in [text for _, _, text, *_ in words]
    (number,) = [w for w in words if w[2] == "4711"]
    _, page_no, _, x0, y0, x1, y1 = number
    # Printed after "INVOICE " at x 72 on the baseline y 100, 14 pt high.
    assert page_no == 1
    assert 120 < x0 < x1 < 200
    assert 84 < y0 < 92 and 99 < y1 < 106


def test_spool_files_are_removed_once_stored(first_run):
    _, spool, _ = first_run

    assert list(spool.iterdir()) == []


def test_the_run_is_recorded(first_run):
    db, _, summary = first_run

    ((finished, ok, failed, params),) = rows(
        db, "SELECT finished_at, docs_ok, docs_failed, params FROM runs WHERE run_id = ?",
        [summary["run_id"]])
    assert finished is not None
    assert (ok, failed) == (2, 1)
    assert json.loads(params)["flow"] == "extract-documents"


def test_a_second_run_skips_what_is_stored(extract, first_run, inbox):
    db, _, first = first_run

    summary = extract.extract_documents([str(inbox)], str(db), options=OPTIONS)

    assert summary == {"run_id": summary["run_id"], "ok": 0, "partial": 0, "failed": 0,
                       "skipped": 3}
    assert rows(db, "SELECT DISTINCT run_id FROM documents") == [(first["run_id"],)]
    assert len(rows(db, "SELECT * FROM runs WHERE finished_at IS NOT NULL")) == 2


def test_io_errors_are_retried_and_a_bug_costs_one_document(extract, inbox, tmp_path,
                                                            monkeypatch):
    process = extract._process
    calls = Counter()

    def faulty(path, doc_id, options):
        calls[path.name] += 1
        if path.name == "invoice.pdf" and calls[path.name] == 1:
            raise OSError(errno.EIO, "Input/output error")
        if path.name == "receipt.pdf":
            raise RuntimeError("a bug")
        if path.name == "corrupt.pdf":
            raise FileNotFoundError("no such checkpoint")
        return process(path, doc_id, options)

    monkeypatch.setattr(extract, "_process", faulty)
    monkeypatch.setattr(extract, "process_document_task",
                        extract.process_document_task.with_options(retry_delay_seconds=0))
    db = tmp_path / "docai.duckdb"

    summary = extract.extract_documents([str(inbox)], str(db), options=OPTIONS)

    assert calls == {"invoice.pdf": 2, "receipt.pdf": 1, "corrupt.pdf": 1}
    assert (summary["ok"], summary["failed"]) == (1, 2)
    errors = dict(rows(db, "SELECT file_name, error FROM documents"))
    assert errors["invoice.pdf"] is None
    assert errors["receipt.pdf"] == "internal error: RuntimeError('a bug')"
    assert errors["corrupt.pdf"].startswith("internal error: FileNotFoundError")


def test_the_report_is_written_and_published_as_artifacts(first_run):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    db, _, _ = first_run
    index = db.parent / "report" / "index.html"
    html = index.read_text()
    assert "corrupt.pdf" in html and all(name in html for name in DOCUMENTS)
    with get_client(sync_client=True) as client:
        found = client.read_artifacts(artifact_filter=ArtifactFilter(
            key=ArtifactFilterKey(any_=["docai-report", "docai-report-summary"])))
    by_key = {a.key: a for a in found}
    assert by_key["docai-report"].data.endswith("index.html") or index.as_uri() in str(
        by_key["docai-report"].data)
    assert "failed" in by_key["docai-report-summary"].data
