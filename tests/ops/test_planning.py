"""What a run processes: new or changed content, other pipeline versions, documents whose
processing raised; failed files only when asked. No engines: documents are written directly."""

from pathlib import Path

import pytest

from docai.model import Document
from docai.pipeline import INTERNAL_ERROR, needs_processing, open_store, plan
from docai.processor import document_id
from docai.store import Store, StoreLockedError


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "docai.duckdb") as store:
        yield store


def stored(store: Store, path: Path, error: str | None = None) -> str:
    doc_id = document_id(path)
    store.write_document(Document(doc_id, path, page_count=1, error=error), "run")
    return doc_id


def test_only_new_changed_and_internally_failed_documents_are_processed(store, tmp_path):
    files = {name: tmp_path / name for name in ("done", "rejected", "crashed", "new", "changed")}
    for name, path in files.items():
        path.write_text(name)
    stored(store, files["done"])
    stored(store, files["rejected"], "encrypted PDF: a password is required to open it")
    stored(store, files["crashed"], f"{INTERNAL_ERROR}: OSError(5, 'Input/output error')")
    stored(store, files["changed"])
    files["changed"].write_text("changed since")
    copy = tmp_path / "copy-of-new"
    copy.write_text("new")

    todo, skipped = plan([*files.values(), copy], store)

    assert sorted(p.name for p in todo.values()) == ["changed", "crashed", "new"]
    assert sorted(p.name for p, _ in skipped) == ["copy-of-new", "done", "rejected"]
    todo, _ = plan(files.values(), store, retry_failed=True)
    assert sorted(p.name for p in todo.values()) == ["changed", "crashed", "new", "rejected"]
    todo, _ = plan(files.values(), store, force=True)
    assert len(todo) == 5


def test_another_pipeline_version_is_processed_again(store, tmp_path, monkeypatch):
    path = tmp_path / "done"
    path.write_text("done")
    doc_id = stored(store, path)
    assert not needs_processing(store, doc_id)

    monkeypatch.setattr("docai.pipeline.PIPELINE_VERSION", "next")

    assert needs_processing(store, doc_id)


def test_a_locked_database_is_waited_for_then_refused(tmp_path):
    import subprocess
    import sys

    db = tmp_path / "docai.duckdb"
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time, duckdb; con = duckdb.connect(sys.argv[1]); "
                               "print('locked', flush=True); time.sleep(60)", str(db)],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(StoreLockedError, match=r"in use by another process \(waited 1 s\)"):
            open_store(db, wait_s=1, poll_s=0.2)
    finally:
        holder.kill()
        holder.wait()
    with open_store(db, wait_s=5) as store:
        assert store.stored_state("0" * 64) is None
