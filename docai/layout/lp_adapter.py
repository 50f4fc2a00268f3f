"""Regions and words as layoutparser `Layout`s, for users of its tooling.

layoutparser is imported here only (about a second of import time), never on the hot path.
Its `draw_box` with labels breaks on Pillow 10+, so nothing in docai draws through it.
"""

from __future__ import annotations

from pathlib import Path

from docai.model import Page


def regions_layout(page: Page):
    """One TextBlock per region: type is the label, id the region_id, text the region's words."""
    import layoutparser as lp

    texts: dict[int, list[str]] = {}
    for word in page.words:
        texts.setdefault(word.region_id, []).append(word.text)
    return lp.Layout([
        lp.TextBlock(lp.Rectangle(r.box.x0, r.box.y0, r.box.x1, r.box.y1),
                     text=" ".join(texts.get(r.region_id, [])), id=r.region_id, type=r.label,
                     score=r.score)
        for r in page.regions])


def words_layout(page: Page):
    """One TextBlock per word in reading order; parent is the region_id."""
    import layoutparser as lp

    return lp.Layout([
        lp.TextBlock(lp.Rectangle(w.box.x0, w.box.y0, w.box.x1, w.box.y1), text=w.text,
                     id=word_id, type="word", parent=w.region_id, score=w.confidence)
        for word_id, w in enumerate(page.words, start=1)])


def page_from_db(db: Path, doc_id: str, page_no: int) -> Page:
    """A stored page (size, regions, words), ready for the two functions above."""
    from docai.store import Store

    with Store(db, read_only=True) as store:
        return store.load_page(doc_id, page_no)
