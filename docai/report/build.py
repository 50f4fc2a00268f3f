"""Write the whole report: assets, a page per document (with its page images) and the index."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path

from docai.report import data
from docai.report.images import ensure_page_images, safe_name
from docai.report.render_document import document_html
from docai.report.render_index import IndexRow, index_html
from docai.store import Store

ASSETS = ("report.css", "index.js", "doc.js")


def write_report(db: Path, out: Path,
                 on_document: Callable[[str], None] | None = None) -> Path:
    """Write the static HTML report of the database at `db` into `out`; return index.html.

    Page images already in `out/pages` are kept, so a re-run only renders new documents.
    `on_document` is called with each document's file name as it is written (progress).
    """
    if not db.exists():
        raise FileNotFoundError(f"no database at {db}")
    out.mkdir(parents=True, exist_ok=True)
    _copy_assets(out / "assets")
    rows: list[IndexRow] = []
    with Store(db, read_only=True) as store:
        if data.has_schema(store.con):
            for doc in data.iter_documents(store.con):
                rows.append(_write_document(doc, out))
                if on_document:
                    on_document(doc.file_name)
    index = out / "index.html"
    _write_text(index, index_html(rows, db.name, datetime.now(timezone.utc)))
    return index


def _write_document(doc: data.DocumentRow, out: Path) -> IndexRow:
    images = ensure_page_images(Path(doc.source_path), doc.doc_id,
                                [p.page_no for p in doc.pages], out / "pages")
    name = f"{safe_name(doc.doc_id)}.html"
    _write_text(out / "docs" / name, document_html(doc, images, "../pages"))
    return IndexRow.of(doc, f"docs/{name}")


def _copy_assets(target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    source = resources.files("docai.report").joinpath("assets")
    for name in ASSETS:
        _write_text(target / name, source.joinpath(name).read_text(encoding="utf-8"))


def _write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".part")
    partial.write_text(text, encoding="utf-8")
    partial.replace(path)
