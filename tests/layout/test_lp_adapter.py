from pathlib import Path

from docai.geometry import Box
from docai.layout.lp_adapter import page_from_db, regions_layout, words_layout
from docai.model import Document, Page, Region, TextSource, Word
from docai.store import Store


def stored_page(tmp_path: Path) -> Path:
    page = Page(1, 595, 842, TextSource.OCR,
                words=[Word("Total", Box(300, 700, 340, 712), 0.98, 2),
                       Word("INVOICE", Box(72, 50, 160, 72), 0.99, 1)],
                regions=[Region(1, "title", 0.9, Box(70, 45, 200, 75)),
                         Region(2, "text", 0.8, Box(290, 690, 500, 720))])
    db = tmp_path / "db.duckdb"
    with Store(db) as store:
        store.write_document(Document("d", Path("a.pdf"), "application/pdf", 1, [page]),
                             store.start_run({}))
    return db


def test_stored_page_becomes_layoutparser_layouts(tmp_path):
    page = page_from_db(stored_page(tmp_path), "d", 1)
    regions = regions_layout(page)
    assert [(b.id, b.type, b.text) for b in regions] == [(1, "title", "INVOICE"), (2, "text", "Total")]
    assert regions[0].coordinates == (70, 45, 200, 75)
    words = words_layout(page)
    assert [(b.text, b.parent) for b in words] == [("Total", 2), ("INVOICE", 1)]
    # layoutparser's own geometry works on them: the title region holds the INVOICE word.
    assert [b.text for b in words.filter_by(regions[0], center=True)] == ["INVOICE"]
