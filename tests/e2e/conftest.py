import subprocess
import sys
from pathlib import Path

import pytest

from tests import documents


def docai(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "docai", *args], capture_output=True, text=True,
                          timeout=600)


@pytest.fixture(scope="session")
def corpus(tmp_path_factory) -> Path:
    """Good documents of every kind beside one of every kind of bad file."""
    folder = tmp_path_factory.mktemp("inbox")
    good = documents.text_pdf(folder / "digital.pdf", pages=2)
    documents.scanned_pdf(folder / "scanned.pdf", good)
    documents.page_png(folder / "photo.png", good)
    bad = folder / "bad"
    bad.mkdir()
    (bad / "empty.pdf").write_bytes(b"")
    (bad / "notes.pdf").write_text("These are meeting notes, not a PDF.")
    documents.truncated_pdf(bad / "truncated.pdf", documents.text_pdf(folder.parent / "big.pdf", 5))
    documents.garbage_pdf(bad / "corrupt.pdf")
    documents.encrypted_pdf(bad / "encrypted.pdf")
    documents.zero_page_pdf(bad / "zero-pages.pdf")
    documents.png_bomb(bad / "huge.png")
    return folder


@pytest.fixture(scope="session")
def processed(corpus, tmp_path_factory):
    db = tmp_path_factory.mktemp("db") / "docai.duckdb"
    result = docai("run", str(corpus), "--db", str(db))
    return db, result
