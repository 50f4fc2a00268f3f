from pathlib import Path

import duckdb
import pytest

from docai import PIPELINE_VERSION
from docai.geometry import Box
from docai.model import Document, Page, Region, TextSource, Word
from docai.store import Store


def sample_document(doc_id="d1", words=("Invoice", "42")):
    page = Page(1, 595, 842, TextSource.NATIVE,
                words=[Word(t, Box(10 * i, 10, 10 * i + 8, 20), 1.0, 1) for i, t in enumerate(words)],
                regions=[Region(1, "text", 0.9, Box(0, 0, 100, 30))])
    return Document(doc_id, Path("/data/a.pdf"), "application/pdf", 1, [page])


def test_document_round_trips_through_the_tables(tmp_path):
    with Store(tmp_path / "db.duckdb") as store:
        run_id = store.start_run({"paths": ["a"]})
        store.write_document(sample_document(), run_id)
        store.finish_run(run_id, 1, 0)
        con = store.con
        assert con.execute("SELECT doc_id, file_name, status, pipeline_version, run_id "
                           "FROM documents").fetchall() == [("d1", "a.pdf", "ok", PIPELINE_VERSION, run_id)]
        assert con.execute("SELECT page_no, width, height, text_source FROM pages").fetchall() == [
            (1, 595.0, 842.0, "native")]
        assert con.execute("SELECT word_id, text, x0, region_id FROM words ORDER BY word_id").fetchall() == [
            (1, "Invoice", 0.0, 1), (2, "42", 10.0, 1)]
        assert con.execute("SELECT docs_ok, docs_failed, finished_at IS NOT NULL FROM runs").fetchone() == (
            1, 0, True)
        assert store.stored_state("d1") == (PIPELINE_VERSION, "ok", None)
        assert store.stored_state("x") is None


def test_writing_again_replaces_instead_of_duplicating(tmp_path):
    with Store(tmp_path / "db.duckdb") as store:
        run_id = store.start_run({})
        store.write_document(sample_document(), run_id)
        store.write_document(sample_document(words=("Only",)), run_id)
        assert store.con.execute("SELECT count(*) FROM documents").fetchone() == (1,)
        assert store.con.execute("SELECT text FROM words").fetchall() == [("Only",)]


def test_failed_write_leaves_nothing_of_the_document(tmp_path):
    with Store(tmp_path / "db.duckdb") as store:
        run_id = store.start_run({})
        store.write_document(sample_document(), run_id)
        broken = sample_document(words=("a", "b"))
        broken.pages[0].words[1].text = None  # violates NOT NULL halfway through the inserts
        with pytest.raises(duckdb.Error):
            store.write_document(broken, run_id)
        # The old version survives whole: the delete was rolled back with the failed insert.
        assert store.con.execute("SELECT text FROM words ORDER BY word_id").fetchall() == [
            ("Invoice",), ("42",)]


def test_failed_document_is_stored_with_reason(tmp_path):
    with Store(tmp_path / "db.duckdb") as store:
        store.write_document(Document("bad", Path("/x/bad.pdf"), error="empty file (0 bytes)"),
                             store.start_run({}))
        assert store.con.execute("SELECT status, error, page_count FROM documents").fetchone() == (
            "failed", "empty file (0 bytes)", 0)


def test_read_only_store_refuses_writes(tmp_path):
    db = tmp_path / "db.duckdb"
    Store(db).close()
    with Store(db, read_only=True) as store, pytest.raises(duckdb.Error):
        store.con.execute("DELETE FROM documents")


def test_extraction_rows_and_typed_invoice_view(tmp_path):
    from docai.model import ExtractedField, LineItem, Validation

    doc = sample_document()
    doc.fields = [
        ExtractedField("invoice_date", "2024-03-05", "05.03.2024", 1, Box(1, 2, 3, 4), 0.93, 1, "m"),
        ExtractedField("total_amount", "1234.50", "1.234,50", 1, Box(5, 6, 7, 8), 0.88, 1, "m"),
        ExtractedField("vendor_name", "Lieferant GmbH", "Lieferant GmbH", 1, Box(0, 0, 9, 9), 0.99, 1, "m"),
    ]
    doc.line_items = [LineItem(1, "Widget", "2", "617.25", "1234.50", 1, Box(0, 300, 500, 312), 0.9)]
    doc.validations = [Validation("line_amounts_sum_to_subtotal", False, "1234.50 != 1000.00")]
    with Store(tmp_path / "db.duckdb") as store:
        run_id = store.start_run({})
        store.write_document(doc, run_id)
        con = store.con
        assert con.execute("SELECT field, value, text, x0, extractor, run_id FROM fields "
                           "WHERE field = 'total_amount'").fetchone() == (
            "total_amount", "1234.50", "1.234,50", 5.0, "m", run_id)
        assert con.execute("SELECT quantity::VARCHAR, unit_price::VARCHAR, amount::VARCHAR "
                           "FROM line_items").fetchone() == ("2.0000", "617.2500", "1234.50")
        assert con.execute("SELECT rule, passed FROM validations").fetchone() == (
            "line_amounts_sum_to_subtotal", False)
        row = con.execute("SELECT invoice_date, total_amount, vendor_name, currency, "
                          "min_confidence FROM invoices").fetchone()
        assert (str(row[0]), str(row[1]), row[2], row[3], row[4]) == (
            "2024-03-05", "1234.50", "Lieferant GmbH", None, 0.88)
        # Processing again replaces the extraction too.
        doc.fields, doc.line_items, doc.validations = doc.fields[:1], [], []
        store.write_document(doc, run_id)
        assert con.execute("SELECT count(*) FROM fields").fetchone() == (1,)
        assert con.execute("SELECT count(*) FROM line_items").fetchone() == (0,)


def test_a_result_the_database_refuses_is_stored_as_failed(tmp_path):
    from docai.model import LineItem
    from docai.pipeline import store_or_fail

    doc = sample_document()
    doc.line_items = [LineItem(1, "x", "1" * 30, None, None, 1, Box(0, 0, 1, 1), 0.5)]
    with Store(tmp_path / "db.duckdb") as store:
        stored = store_or_fail(store, doc, store.start_run({}))
        assert stored.status.value == "failed" and "could not store" in stored.error
        assert store.con.execute("SELECT status, starts_with(error, 'internal error') "
                                 "FROM documents").fetchall() == [("failed", True)]
        assert store.con.execute("SELECT count(*) FROM words").fetchone() == (0,)
