"""Read the pipeline's predictions for a set of documents from DuckDB (read-only)."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class PredictedField:
    value: str | None
    text: str | None
    page_no: int | None
    box: Box | None
    confidence: float | None = None


@dataclass(frozen=True)
class PredictedItem:
    description: str | None
    quantity: float | None
    unit_price: float | None
    amount: float | None


@dataclass(frozen=True)
class DbWord:
    text: str
    box: Box


@dataclass
class Predictions:
    """Everything the evaluation needs from the database, keyed by doc_id."""

    processed: set[str] = field(default_factory=set)  # doc_ids present in ``documents``
    fields: dict[str, dict[str, PredictedField]] = field(default_factory=dict)
    line_items: dict[str, list[PredictedItem]] = field(default_factory=dict)
    words: dict[tuple[str, int], list[DbWord]] = field(default_factory=dict)
    page_sizes: dict[tuple[str, int], tuple[float, float]] = field(default_factory=dict)
    missing_tables: list[str] = field(default_factory=list)


def _box(row: tuple) -> Box | None:
    return None if any(v is None for v in row) else tuple(float(v) for v in row)  # type: ignore[return-value]


def read_predictions(db_path: Path, doc_ids: list[str]) -> Predictions:
    """Predictions for ``doc_ids``; a missing table counts as no predictions and is listed."""
    import duckdb

    predictions = Predictions()
    with duckdb.connect(str(db_path), read_only=True) as con:
        tables = {row[0] for row in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'").fetchall()}
        predictions.missing_tables = [t for t in ("documents", "pages", "words", "fields", "line_items") if t not in tables]

        def rows(sql: str) -> list[tuple]:
            return con.execute(sql, [doc_ids]).fetchall()

        if "documents" in tables:
            predictions.processed = {r[0] for r in rows("SELECT doc_id FROM documents WHERE list_contains(?, doc_id)")}
        if "fields" in tables:
            for doc_id, name, value, text, page_no, x0, y0, x1, y1, confidence in rows(
                    "SELECT doc_id, field, value, text, page_no, x0, y0, x1, y1, confidence FROM fields "
                    "WHERE list_contains(?, doc_id) ORDER BY doc_id, field, confidence DESC NULLS LAST"):
                # the most confident row per field wins
                predictions.fields.setdefault(doc_id, {}).setdefault(
                    name, PredictedField(value, text, page_no, _box((x0, y0, x1, y1)), confidence))
        if "line_items" in tables:
            for doc_id, description, quantity, unit_price, amount in rows(
                    "SELECT doc_id, description, quantity, unit_price, amount FROM line_items "
                    "WHERE list_contains(?, doc_id) ORDER BY doc_id, item_no"):
                predictions.line_items.setdefault(doc_id, []).append(
                    PredictedItem(description, quantity, unit_price, amount))
        if "words" in tables:
            for doc_id, page_no, text, x0, y0, x1, y1 in rows(
                    "SELECT doc_id, page_no, text, x0, y0, x1, y1 FROM words "
                    "WHERE list_contains(?, doc_id) ORDER BY doc_id, page_no, word_id"):
                predictions.words.setdefault((doc_id, page_no), []).append(DbWord(text, (x0, y0, x1, y1)))
        if "pages" in tables:
            for doc_id, page_no, width, height in rows(
                    "SELECT doc_id, page_no, width, height FROM pages WHERE list_contains(?, doc_id)"):
                predictions.page_sizes[(doc_id, page_no)] = (width, height)
    return predictions
