from pathlib import Path

import pytest

from docai.report import write_report
from tests.report import corpus as report_corpus


@pytest.fixture(scope="session")
def corpus(tmp_path_factory) -> report_corpus.Corpus:
    return report_corpus.build(tmp_path_factory.mktemp("report-corpus"))


@pytest.fixture(scope="session")
def report(corpus, tmp_path_factory) -> Path:
    """The corpus's report, written once; returns index.html."""
    return write_report(corpus.db, tmp_path_factory.mktemp("report") / "site")
