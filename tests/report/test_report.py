"""The report's files, without a browser: structure, escaping, incremental images."""

import argparse
import re
from html.parser import HTMLParser
from pathlib import Path

import duckdb
import pytest

from docai.report import summary_markdown, write_report
from docai.report.command import add_parser
from docai.report.images import TARGET_WIDTH_PX, render_scale, safe_name
from docai.report.markup import anchor_id, decimal_text, esc
from tests.report.corpus import HOSTILE, HOSTILE_NAME


class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def parse(path: Path) -> Tags:
    parser = Tags()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def doc_page(index: Path, doc_id: str) -> Path:
    return index.parent / "docs" / f"{safe_name(doc_id)}.html"


def test_report_has_an_index_a_page_per_document_and_page_images(report, corpus):
    site = report.parent
    assert report.name == "index.html"
    assert len(list((site / "docs").glob("*.html"))) == 4
    # invoice.pdf has 2 pages, the hostile PDF 1; gone.pdf's source is missing; failed has none.
    assert len(list((site / "pages").glob("*.jpg"))) == 3
    assert {p.name for p in (site / "assets").iterdir()} == {"report.css", "index.js", "doc.js"}
    index = report.read_text()
    assert "<img" not in index and "<image" not in index  # the index stays light
    for doc_id in (corpus.good_id, corpus.hostile_id, corpus.failed_id):
        assert f'href="docs/{safe_name(doc_id)}.html"' in index


def test_no_page_has_inline_script_or_event_handlers(report):
    for page in [report, *(report.parent / "docs").glob("*.html")]:
        parsed = parse(page)
        csp = [a["content"] for t, a in parsed.tags if t == "meta"
               and a.get("http-equiv") == "Content-Security-Policy"]
        assert csp and "script-src 'self'" in csp[0] and "unsafe-inline" not in csp[0]
        for tag, attrs in parsed.tags:
            assert not [a for a in attrs if a.lower().startswith("on")], (page, tag, attrs)
            assert tag != "script" or attrs.get("src", "").endswith(".js"), page
            assert tag not in ("iframe", "object", "embed", "base", "form"), page


def test_hostile_text_appears_only_escaped(report, corpus):
    for page in (report, doc_page(report, corpus.hostile_id), doc_page(report, corpus.failed_id)):
        source = page.read_text()
        for text in HOSTILE:
            assert text not in source, (page, text)
        assert "&lt;script&gt;document.title=&#x27;pwned&#x27;&lt;/script&gt;" in source
        tags = [(t, a) for t, a in parse(page).tags]
        assert not [t for t, _ in tags if t in ("img", "b")]
        assert not [a for t, a in tags if t == "svg" and "onload" in a]
    hostile = doc_page(report, corpus.hostile_id).read_text()
    assert esc(HOSTILE_NAME) in hostile and esc(HOSTILE[2]) in hostile  # a field *name*


def test_document_page_draws_each_grounded_field_on_its_page(report, corpus):
    html = doc_page(report, corpus.good_id).read_text()
    pages = html.split('<figure class="page-wrap"')[1:]
    assert len(pages) == 2
    box = corpus.boxes["1234.56"]
    total = re.search(r'<g class="field c\d+" data-anchor="field=total_amount"[^>]*>'
                      r'<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"/>',
                      pages[0])
    assert total, "total_amount box missing on page 1"
    x, y, w, h = map(float, total.groups())
    assert (x, y, x + w, y + h) == pytest.approx((box.x0, box.y0, box.x1, box.y1), abs=0.01)
    assert 'data-anchor="field=vendor_name"' in pages[1] and "vendor_name" not in pages[0]
    assert 'class="field c' in pages[0] and ' low" data-anchor="field=currency"' in pages[0]
    assert '<tr class="fail">' in html and "subtotal missing" in html  # failed validation
    assert "Consulting" in html and ">617.28<" in html and ">2<" in html  # line item decimals


def test_missing_source_draws_boxes_on_a_blank_page(report):
    html = next(p.read_text() for p in (report.parent / "docs").glob("*.html")
                if "gone.pdf" in p.read_text())
    assert "source file not found" in html and "<image" not in html
    assert html.count('<g class="word') == 12 and 'viewBox="0 0 595.00 842.00"' in html


def test_failed_document_shows_its_error(report, corpus):
    html = doc_page(report, corpus.failed_id).read_text()
    assert 'class="error-banner"' in html and "corrupt or unreadable PDF" in html
    assert "No page of this document was stored" in html
    row = re.search(r"<tr data-status=\"failed\".*?</tr>", report.read_text()).group(0)
    assert "corrupt or unreadable PDF" in row and "broken.pdf" in row


def test_rerun_renders_only_missing_images(corpus, tmp_path):
    site = tmp_path / "site"
    write_report(corpus.db, site)
    images = sorted((site / "pages").glob("*.jpg"))
    stamps = {p: p.stat().st_mtime_ns for p in images}
    images[0].unlink()
    write_report(corpus.db, site)
    assert images[0].exists()
    assert all(p.stat().st_mtime_ns == stamps[p] for p in images[1:])


def test_database_without_fields_or_documents(tmp_path):
    empty = tmp_path / "empty.duckdb"
    duckdb.connect(str(empty)).close()  # no tables at all
    index = write_report(empty, tmp_path / "a")
    assert "No documents in the database yet" in index.read_text()
    with pytest.raises(FileNotFoundError):
        write_report(tmp_path / "missing.duckdb", tmp_path / "b")


def test_index_of_a_thousand_documents_stays_light(tmp_path):
    from docai.store import Store

    db = tmp_path / "many.duckdb"
    with Store(db) as store:  # bulk rows straight in: the report is under test, not the store
        store.con.execute(
            "INSERT INTO documents SELECT 'doc' || i, '/nowhere/' || i || '.pdf', i || '.pdf', "
            "'application/pdf', 1, 'ok', NULL, '0', now(), 'r' FROM range(1000) t(i)")
        store.con.execute("INSERT INTO pages SELECT 'doc' || i, 1, 595, 842, 'native' "
                          "FROM range(1000) t(i)")
        store.con.execute(
            "INSERT INTO fields SELECT 'doc' || i, 'total_amount', (i * 1.5)::VARCHAR, '', 1, "
            "10, 10, 50, 20, 0.9, NULL, 'x', 'r' FROM range(1000) t(i)")
    index = write_report(db, tmp_path / "site")
    assert index.stat().st_size < 1_000_000
    assert index.read_text().count("<tr data-status=") == 1000
    assert len(list((tmp_path / "site" / "docs").iterdir())) == 1000


def test_command_writes_the_report(corpus, tmp_path, capsys):
    parser = argparse.ArgumentParser(prog="docai")
    add_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["report", "--db", str(corpus.db), "--out", str(tmp_path / "r")])
    assert args.handler(args) == 0
    assert str(tmp_path / "r" / "index.html") in capsys.readouterr().out
    missing = parser.parse_args(["report", "--db", str(tmp_path / "x.duckdb"), "--out", "r"])
    assert missing.handler(missing) == 2


def test_summary_names_counts_and_escapes_failures(corpus, report):
    text = summary_markdown(corpus.db, report)
    assert report.resolve().as_uri() in text
    assert "| 4 | 3 | 0 | 1 | 2 | 2 |" in text
    assert "broken.pdf" in text and "<script>" not in text


def test_helpers():
    assert render_scale(595, 842) * 595 == pytest.approx(TARGET_WIDTH_PX)
    receipt = render_scale(226, 3000)
    assert 226 * receipt * 3000 * receipt <= 2_400_001 and 226 * receipt > 400
    assert safe_name("a" * 64) == "a" * 64 and safe_name("../x").startswith("id-")
    assert anchor_id("field", "total_amount", 3) == "field=total_amount"
    assert anchor_id("field", "<b>", 3) == "field=n3"
    assert decimal_text("2.0000") == "2" and decimal_text("617.2800", 2) == "617.28"
    assert decimal_text("12.5", 2) == "12.50" and decimal_text("7", 2) == "7.00"


def test_ungrounded_field_is_listed_without_a_box(tmp_path):
    from docai.store import Store

    db = tmp_path / "loose.duckdb"
    with Store(db) as store:
        store.con.execute("INSERT INTO documents VALUES ('d', '/x.pdf', 'x.pdf', NULL, 0, 'ok', "
                          "NULL, '0', now(), 'r')")
        store.con.execute("INSERT INTO fields (doc_id, field, value, extractor, run_id) "
                          "VALUES ('d', 'purchase_order', 'PO-7', 'x', 'r')")
    html = (tmp_path / "site" / "docs" / "d.html")
    write_report(db, tmp_path / "site")
    text = html.read_text()
    assert "PO-7" in text and "no box" in text and "data-anchor" not in text
