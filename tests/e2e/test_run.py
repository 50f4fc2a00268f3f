"""`docai run` end to end with the real RapidOCR and rapid-layout engines."""

import csv
import io
import json

import duckdb
import pytest

from tests.documents import LINES
from tests.e2e.conftest import docai

pytestmark = pytest.mark.e2e

BAD_FILES = {
    "empty.pdf": "empty file",
    "notes.pdf": "not a PDF",
    "truncated.pdf": "truncated PDF",
    "corrupt.pdf": "corrupt or unreadable PDF",
    "encrypted.pdf": "encrypted PDF",
    "zero-pages.pdf": "no pages",
    "huge.png": "too large",
}


def rows(db, sql, params=()):
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, list(params)).fetchall()


def words_of(db, file_name):
    return rows(db, "SELECT w.page_no, w.text, w.x0, w.y0, w.x1, w.y1, w.region_id, w.confidence "
                    "FROM words w JOIN documents d USING (doc_id) WHERE d.file_name = ? "
                    "ORDER BY w.page_no, w.word_id", [file_name])


def test_batch_finishes_with_exit_0_and_counts_failures(processed):
    _, result = processed
    assert result.returncode == 0, result.stderr
    assert "ok 3, partial 0, failed 7, skipped 0" in result.stdout


def test_every_bad_file_is_failed_with_its_reason(processed):
    db, _ = processed
    stored = dict(rows(db, "SELECT file_name, status || ': ' || error FROM documents "
                           "WHERE status <> 'ok'"))
    assert set(stored) == set(BAD_FILES)
    for name, reason in BAD_FILES.items():
        assert stored[name].startswith("failed: ") and reason in stored[name], stored[name]


def test_digital_pdf_words_come_from_the_text_layer_where_printed(processed):
    db, _ = processed
    assert rows(db, "SELECT page_no, text_source, width, height FROM pages JOIN documents "
                    "USING (doc_id) WHERE file_name = 'digital.pdf' ORDER BY page_no") == [
        (1, "native", 595.0, 842.0), (2, "native", 595.0, 842.0)]
    words = words_of(db, "digital.pdf")
    page_one = [w for w in words if w[0] == 1]
    assert [w[1] for w in page_one[:2]] == ["INVOICE", "2024-0042"]  # reading order
    invoice = page_one[0]
    assert invoice[2] == pytest.approx(72, abs=1) and 75 < invoice[3] < 100 < invoice[5]
    assert {w[1] for w in words if w[0] == 2} >= {"Total", "1234.56", "EUR", "Page", "2"}


@pytest.mark.parametrize("file_name", ["scanned.pdf", "photo.png"])
def test_ocr_reads_the_known_words_close_to_where_they_are_printed(processed, file_name):
    db, _ = processed
    assert rows(db, "SELECT text_source FROM pages JOIN documents USING (doc_id) "
                    "WHERE file_name = ?", [file_name]) == [("ocr",)]
    digital = {w[1]: w for w in words_of(db, "digital.pdf") if w[0] == 1}
    ocr = {w[1]: w for w in words_of(db, file_name)}
    expected = {token for _, text, _ in LINES for token in text.split()}
    assert expected <= set(ocr), f"OCR missed {expected - set(ocr)}"
    for token in expected:
        # OCR boxes are tighter than font boxes; centres agree within a few points.
        native, read = digital[token], ocr[token]
        assert abs((native[2] + native[4]) / 2 - (read[2] + read[4]) / 2) < 6, token
        assert abs((native[3] + native[5]) / 2 - (read[3] + read[5]) / 2) < 6, token
        assert 0.5 <= read[7] <= 1.0


def test_every_word_sits_in_a_stored_region(processed):
    db, _ = processed
    orphans = rows(db, "SELECT count(*) FROM words w LEFT JOIN regions r "
                       "USING (doc_id, page_no, region_id) WHERE r.region_id IS NULL")
    assert orphans == [(0,)]
    labels = {label for (label,) in rows(db, "SELECT DISTINCT label FROM regions")}
    assert labels and labels <= {"text", "title", "figure", "figure_caption", "table",
                                 "table_caption", "header", "footer", "reference", "equation"}


def test_second_run_skips_everything_and_force_duplicates_nothing(processed, corpus):
    db, _ = processed
    before = rows(db, "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM words)")
    again = docai("run", str(corpus), "--db", str(db))
    assert again.returncode == 0 and "skipped 10" in again.stdout
    forced = docai("run", str(corpus / "digital.pdf"), "--db", str(db), "--force")
    assert forced.returncode == 0 and "ok 1," in forced.stdout
    assert rows(db, "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM words)") == before
    assert rows(db, "SELECT count(*) FROM runs WHERE finished_at IS NOT NULL") == [(3,)]


def test_query_prints_table_csv_and_json(processed):
    db, _ = processed
    sql = "SELECT file_name, status FROM documents WHERE file_name LIKE '%.png' ORDER BY 1"
    table = docai("query", sql, "--db", str(db))
    assert table.returncode == 0 and "huge.png  | failed" in table.stdout and "(2 rows)" in table.stdout
    as_csv = list(csv.reader(io.StringIO(docai("query", sql, "--db", str(db), "--format", "csv").stdout)))
    assert as_csv == [["file_name", "status"], ["huge.png", "failed"], ["photo.png", "ok"]]
    as_json = json.loads(docai("query", sql, "--db", str(db), "--format", "json").stdout)
    assert as_json == [{"file_name": "huge.png", "status": "failed"},
                       {"file_name": "photo.png", "status": "ok"}]


def test_query_is_read_only(processed):
    db, _ = processed
    result = docai("query", "DELETE FROM documents", "--db", str(db))
    assert result.returncode == 1 and "read-only" in result.stderr.lower()
    assert rows(db, "SELECT count(*) FROM documents") == [(10,)]


def test_missing_input_is_a_usage_error(tmp_path):
    result = docai("run", str(tmp_path / "nope.pdf"), "--db", str(tmp_path / "x.duckdb"))
    assert result.returncode == 2 and "no such file or folder" in result.stderr
