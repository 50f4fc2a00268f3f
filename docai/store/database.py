"""DuckDB access: schema, runs, and one transaction per document. All SQL is parameterised."""

from __future__ import annotations

import json
import uuid
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path

import duckdb

from docai import PIPELINE_VERSION
from docai.geometry import Box
from docai.model import Document, Page, Region, TextSource, Word
from docai.store.views import invoices_view_sql

# Child tables first: a re-processed document loses every old row before the new ones go in.
_DOCUMENT_TABLES = ("validations", "line_items", "fields", "words", "regions", "pages",
                    "documents")


class StoreLockedError(RuntimeError):
    """Another process holds the database."""


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def schema_sql() -> str:
    return resources.files("docai.schemas").joinpath("duckdb.sql").read_text()


class Store:
    def __init__(self, path: Path, read_only: bool = False):
        self.path = path
        try:
            self.con = duckdb.connect(str(path), read_only=read_only)
        except duckdb.IOException as exc:
            if "lock" in str(exc).lower():
                raise StoreLockedError(f"database {path} is in use by another process") from exc
            raise
        if not read_only:
            self.con.execute(schema_sql())
            self.con.execute(invoices_view_sql())

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def stored_state(self, doc_id: str) -> tuple[str, str, str | None] | None:
        """(pipeline_version, status, error) of a stored document, None when not stored."""
        return self.con.execute(
            "SELECT pipeline_version, status, error FROM documents WHERE doc_id = ?",
            [doc_id]).fetchone()

    def load_page(self, doc_id: str, page_no: int) -> Page:
        found = self.con.execute(
            "SELECT width, height, text_source FROM pages WHERE doc_id = ? AND page_no = ?",
            [doc_id, page_no]).fetchone()
        if found is None:
            raise KeyError(f"no page {page_no} of document {doc_id}")
        regions = self.con.execute(
            "SELECT region_id, label, score, x0, y0, x1, y1 FROM regions "
            "WHERE doc_id = ? AND page_no = ? ORDER BY region_id", [doc_id, page_no]).fetchall()
        words = self.con.execute(
            "SELECT text, x0, y0, x1, y1, confidence, region_id FROM words "
            "WHERE doc_id = ? AND page_no = ? ORDER BY word_id", [doc_id, page_no]).fetchall()
        return Page(page_no, found[0], found[1], TextSource(found[2]),
                    words=[Word(t, Box(*box), c, r) for t, *box, c, r in words],
                    regions=[Region(i, label, s, Box(*box)) for i, label, s, *box in regions])

    def start_run(self, params: dict) -> str:
        run_id = uuid.uuid4().hex
        self.con.execute(
            "INSERT INTO runs (run_id, started_at, params, pipeline_version) VALUES (?, ?, ?, ?)",
            [run_id, _now(), json.dumps(params, default=str), PIPELINE_VERSION])
        return run_id

    def finish_run(self, run_id: str, docs_ok: int, docs_failed: int) -> None:
        self.con.execute(
            "UPDATE runs SET finished_at = ?, docs_ok = ?, docs_failed = ? WHERE run_id = ?",
            [_now(), docs_ok, docs_failed, run_id])

    def write_document(self, doc: Document, run_id: str) -> None:
        """Replace everything stored for the document, atomically."""
        con = self.con
        con.execute("BEGIN TRANSACTION")
        try:
            for table in _DOCUMENT_TABLES:
                con.execute(f"DELETE FROM {table} WHERE doc_id = ?", [doc.doc_id])
            con.execute(
                "INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [doc.doc_id, str(doc.source_path), doc.file_name, doc.media_type,
                 doc.page_count, doc.status.value, doc.summary_error, PIPELINE_VERSION,
                 _now(), run_id])
            self._write_pages(doc)
            self._write_extraction(doc, run_id)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise

    def _write_pages(self, doc: Document) -> None:
        stored = [p for p in doc.pages if p.width > 0]
        self._insert_columns("pages", {
            "doc_id": [doc.doc_id] * len(stored),
            "page_no": [p.page_no for p in stored],
            "width": [p.width for p in stored],
            "height": [p.height for p in stored],
            "text_source": [p.text_source.value for p in stored],
        })
        regions = [(p.page_no, r) for p in stored for r in p.regions]
        self._insert_columns("regions", {
            "doc_id": [doc.doc_id] * len(regions),
            "page_no": [n for n, _ in regions],
            "region_id": [r.region_id for _, r in regions],
            "label": [r.label for _, r in regions],
            "score": [r.score for _, r in regions],
            **_box_columns([r.box for _, r in regions]),
        })
        words = [(p.page_no, i, w) for p in stored for i, w in enumerate(p.words, start=1)]
        self._insert_columns("words", {
            "doc_id": [doc.doc_id] * len(words),
            "page_no": [n for n, _, _ in words],
            "word_id": [i for _, i, _ in words],
            "text": [w.text for _, _, w in words],
            **_box_columns([w.box for _, _, w in words]),
            "confidence": [w.confidence for _, _, w in words],
            "region_id": [w.region_id for _, _, w in words],
        })

    def _write_extraction(self, doc: Document, run_id: str) -> None:
        fields = doc.fields
        self._insert_columns("fields", {
            "doc_id": [doc.doc_id] * len(fields),
            "field": [f.field for f in fields],
            "value": [f.value for f in fields],
            "text": [f.text for f in fields],
            "page_no": [f.page_no for f in fields],
            **_box_columns([f.box for f in fields]),
            "confidence": [round(f.confidence, 4) for f in fields],
            "region_id": [f.region_id for f in fields],
            "extractor": [f.extractor for f in fields],
            "run_id": [run_id] * len(fields),
        })
        items = doc.line_items
        self._insert_columns("line_items", {
            "doc_id": [doc.doc_id] * len(items),
            "item_no": [i.item_no for i in items],
            "description": [i.description for i in items],
            # Decimal text casts exactly; floats would round through binary first.
            "quantity": [i.quantity for i in items],
            "unit_price": [i.unit_price for i in items],
            "amount": [i.amount for i in items],
            "page_no": [i.page_no for i in items],
            **_box_columns([i.box for i in items]),
            "confidence": [round(i.confidence, 4) for i in items],
        })
        checks = doc.validations
        self._insert_columns("validations", {
            "doc_id": [doc.doc_id] * len(checks),
            "rule": [v.rule for v in checks],
            "passed": [v.passed for v in checks],
            "detail": [v.detail for v in checks],
        })

    def _insert_columns(self, table: str, columns: dict[str, list]) -> None:
        """Bulk insert as one statement with a list parameter per column (executemany costs a
        round trip per row). Table and column names are this module's constants."""
        if not next(iter(columns.values())):
            return
        names = ", ".join(columns)
        unnests = ", ".join(f"UNNEST(${i})" for i in range(1, len(columns) + 1))
        self.con.execute(f"INSERT INTO {table} ({names}) SELECT {unnests}", list(columns.values()))


def _box_columns(boxes) -> dict[str, list[float]]:
    return {"x0": [round(b.x0, 2) for b in boxes], "y0": [round(b.y0, 2) for b in boxes],
            "x1": [round(b.x1, 2) for b in boxes], "y1": [round(b.y1, 2) for b in boxes]}
