"""The flow on a local Dask cluster of two worker processes: documents are processed on the
workers, results come back as spool files and the flow alone writes DuckDB."""

import subprocess
import sys

import pytest

from tests import documents
from tests.ops.conftest import REPO, rows

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def test_dask_task_runner_processes_the_batch_on_two_workers(prefect_api, tmp_path):
    _, env = prefect_api
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for pages in (1, 2, 3, 4):
        documents.text_pdf(inbox / f"invoice-{pages}.pdf", pages=pages)
    documents.encrypted_pdf(inbox / "encrypted.pdf")
    db = tmp_path / "docai.duckdb"
    spool = tmp_path / "spool"

    result = subprocess.run(
        [sys.executable, "-m", "flows.extract", str(inbox), "--db", str(db), "--spool-dir",
         str(spool), "--task-runner", "dask", "--dask-workers", "2"],
        env=env, cwd=REPO, capture_output=True, text=True, timeout=240)

    assert result.returncode == 0, result.stderr[-4000:]
    assert "ok 4, partial 0, failed 1, skipped 0" in result.stdout
    assert "LocalCluster" in result.stderr + result.stdout
    stored = rows(db, "SELECT file_name, status, page_count FROM documents ORDER BY file_name")
    assert stored == [("encrypted.pdf", "failed", 0),
                      *((f"invoice-{n}.pdf", "ok", n) for n in (1, 2, 3, 4))]
    assert rows(db, "SELECT count(*) FROM pages") == [(10,)]
    assert list(spool.iterdir()) == []
