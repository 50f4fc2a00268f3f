"""A night with dozens of hostile files: every good file is processed, every bad one recorded
once with its reason, counts exact; failed files are not retried unless asked or changed."""

from collections import Counter

import pytest

from docai.pipeline import run_paths
from tests.ops.conftest import rows
from tests.ops.hostile import build_inbox

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def night(tmp_path_factory):
    inbox = tmp_path_factory.mktemp("inbox")
    expected = build_inbox(inbox)
    db = tmp_path_factory.mktemp("db") / "docai.duckdb"
    summary = run_paths([inbox], db, workers=1)
    return inbox, db, expected, summary


def test_every_file_gets_its_status_and_reason(night):
    inbox, db, expected, summary = night

    got = {o.path.relative_to(inbox).as_posix(): (o.status, o.error) for o in summary.outcomes}
    assert got.keys() == expected.keys()  # .txt and .docx are not picked up
    for name, (status, reason) in expected.items():
        assert got[name][0] == status, (name, got[name])
        if reason is None:
            assert got[name][1] is None, (name, got[name])
        else:
            assert reason in got[name][1], (name, got[name])


def test_counts_are_exact_in_the_summary_the_documents_and_the_run(night):
    _, db, expected, summary = night
    want = Counter(status for status, _ in expected.values())
    assert want["failed"] >= 24 and want["ok"] == 7 and want["partial"] == 1

    assert summary.counts == want
    stored = Counter(status for (status,) in rows(db, "SELECT status FROM documents"))
    assert stored == {k: v for k, v in want.items() if k != "skipped"}
    assert rows(db, "SELECT docs_ok, docs_failed FROM runs WHERE finished_at IS NOT NULL") == [
        (want["ok"] + want["partial"], want["failed"])]
    # Pages of good documents are all there; the active content never ran, it was read.
    pages = dict(rows(db, "SELECT file_name, count(p.page_no) FROM documents d "
                          "LEFT JOIN pages p USING (doc_id) GROUP BY file_name"))
    assert pages["javascript.pdf"] == pages["attachment.pdf"] == pages["huge-page.pdf"] == 1
    assert pages["half-bad.pdf"] == 1  # its bomb page is refused, its good page kept


def test_failed_files_are_not_retried_unless_asked_or_changed(night):
    inbox, db, expected, _ = night
    total = len(expected)
    failed = sum(status == "failed" for status, _ in expected.values())

    again = run_paths([inbox], db, workers=1)
    assert again.counts == {"skipped": total}

    retried = run_paths([inbox], db, workers=1, retry_failed=True)
    assert retried.counts == {"skipped": total - failed, "failed": failed}

    changed = inbox / "bad" / "noise-0.pdf"
    changed.write_bytes(changed.read_bytes() + b"more noise")
    after_change = run_paths([inbox], db, workers=1)
    assert after_change.counts == {"skipped": total - 1, "failed": 1}
    # Documents are keyed by content: the old bytes keep their row, the new bytes get one.
    assert len(rows(db, "SELECT * FROM documents WHERE file_name = 'noise-0.pdf'")) == 2
    stored = total - 1 + 1  # less the duplicate copy, plus the changed file's new version
    assert rows(db, "SELECT count(*), count(DISTINCT doc_id) FROM documents") == [
        (stored, stored)]
