"""Two runs on one database: the second exits with a clear message, or with --wait waits for
the first and then skips what it stored. Nothing is duplicated or lost."""

import subprocess
import sys

import pytest

from tests import documents
from tests.ops.conftest import docai, offline_env, rows, running

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


@pytest.fixture
def inbox(tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    documents.text_pdf(folder / "one.pdf", pages=1)
    documents.text_pdf(folder / "two.pdf", pages=2)
    return folder


def test_a_second_run_exits_with_a_clear_message(inbox, tmp_path):
    db = tmp_path / "docai.duckdb"
    env = offline_env(tmp_path / "prefect")
    holder = [sys.executable, "-c", "import sys, time; from docai.store import Store; "
              "s = Store(__import__('pathlib').Path(sys.argv[1])); print('held', flush=True); "
              "time.sleep(120)", str(db)]
    with running(holder, env, stdout=subprocess.PIPE, text=True) as held:
        assert held.stdout.readline().strip() == "held"

        result = docai("run", str(inbox), "--db", str(db), env=env)

    assert result.returncode == 1
    assert f"database {db} is in use by another process" in result.stderr
    assert "--wait" in result.stderr


def test_overlapping_runs_with_wait_store_each_document_once(inbox, tmp_path):
    db = tmp_path / "docai.duckdb"
    env = offline_env(tmp_path / "prefect")
    args = [sys.executable, "-m", "docai", "run", str(inbox), "--db", str(db), "--workers", "1",
            "--wait", "120"]
    with (running(args, env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as a,
          running(args, env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as b):
        outputs = [p.communicate(timeout=240) for p in (a, b)]
        codes = [a.returncode, b.returncode]

    assert codes == [0, 0], outputs
    summaries = sorted(out.splitlines()[1].strip() for out, _ in outputs)
    assert summaries == ["ok 0, partial 0, failed 0, skipped 2 (already stored)",
                         "ok 2, partial 0, failed 0, skipped 0 (already stored)"]
    assert rows(db, "SELECT count(*), count(DISTINCT doc_id) FROM documents") == [(2, 2)]
    assert rows(db, "SELECT count(*) FROM runs WHERE finished_at IS NOT NULL") == [(2,)]
