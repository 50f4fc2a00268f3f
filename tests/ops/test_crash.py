"""SIGKILL in the middle of a batch, inside a document's transaction: the database keeps whole
documents only, and the next run completes the rest without duplicating anything."""

import os
import signal
import subprocess
import sys

import pytest

from docai.store import Store
from tests import documents
from tests.ops.conftest import docai, offline_env, rows, running

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

TABLES = ("pages", "regions", "words", "fields", "line_items", "validations")


def test_a_run_killed_mid_transaction_is_completed_by_the_next(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for pages in range(1, 6):  # five documents, different by their page count
        documents.text_pdf(inbox / f"invoice-{pages}.pdf", pages=pages)
    db = tmp_path / "docai.duckdb"
    env = offline_env(tmp_path / "prefect")

    args = [sys.executable, "-m", "tests.ops.killable", "3", "run", str(inbox), "--db", str(db),
            "--workers", "1"]
    with running(args, env, stdout=subprocess.PIPE, text=True) as run:
        line = run.stdout.readline()
        assert line.startswith("storing "), line
        os.kill(run.pid, signal.SIGKILL)  # the writer itself, mid-transaction
        assert run.wait(timeout=30) == -signal.SIGKILL
    killed_doc = line.split()[1]

    with Store(db):  # opens cleanly (replays its log)
        pass
    stored = {d for (d,) in rows(db, "SELECT doc_id FROM documents")}
    assert len(stored) == 2 and killed_doc not in stored
    for table in TABLES:  # nothing of the killed document, nothing orphaned
        doc_ids = {d for (d,) in rows(db, f"SELECT DISTINCT doc_id FROM {table}")}
        assert doc_ids <= stored, table
    # The killed run's row stays unfinished: that is how a killed run shows.
    assert rows(db, "SELECT finished_at, docs_ok FROM runs") == [(None, None)]

    result = docai("run", str(inbox), "--db", str(db), "--workers", "1", env=env)

    assert result.returncode == 0, result.stderr
    assert "ok 3, partial 0, failed 0, skipped 2" in result.stdout
    assert rows(db, "SELECT count(*), count(DISTINCT doc_id), count(DISTINCT source_path) "
                    "FROM documents WHERE status = 'ok'") == [(5, 5, 5)]
    per_doc = rows(db, "SELECT d.page_count, count(DISTINCT p.page_no), count(w.word_id) "
                       "FROM documents d JOIN pages p USING (doc_id) JOIN words w "
                       "ON w.doc_id = d.doc_id AND w.page_no = p.page_no "
                       "GROUP BY d.doc_id, d.page_count ORDER BY d.page_count")
    words_per_page = per_doc[0][2]
    assert per_doc == [(n, n, n * words_per_page) for n in range(1, 6)]
    assert rows(db, "SELECT count(*) FROM runs WHERE finished_at IS NULL") == [(1,)]
