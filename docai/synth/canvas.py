"""A PDF builder that remembers which field every printed span belongs to.

Text is queued per page and colour in PyMuPDF TextWriters and written on ``finish``, so shapes drawn
earlier (shading, rules) stay underneath. After writing, words are extracted with
``page.get_text("words")`` (exactly how the pipeline reads native text) and each word takes the tag
of the span whose rectangle holds its centre.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import pymupdf

Color = tuple[float, float, float]
BLACK: Color = (0.0, 0.0, 0.0)
_ADVANCES: dict[tuple[int, str], float] = {}


def text_width(font: pymupdf.Font, text: str, size: float) -> float:
    """Same as ``font.text_length`` (no kerning in Base-14), with glyph advances cached: much faster."""
    total = 0.0
    for char in text:
        key = (id(font), char)  # fonts are cached for the process, so their ids are stable
        advance = _ADVANCES.get(key)
        if advance is None:
            advance = _ADVANCES[key] = font.glyph_advance(ord(char))
        total += advance
    return total * size


@dataclass(frozen=True)
class Span:
    page: int  # 0-based while building
    rect: pymupdf.Rect
    tag: str | None  # field name, 'line_item.<column>', or None
    item: int | None  # line-item index for line-item tags
    group: int  # spans of one printed occurrence (e.g. the lines of an address) share a group


@dataclass(frozen=True)
class Word:
    page: int
    box: tuple[float, float, float, float]
    text: str
    tag: str | None
    item: int | None
    group: int | None


@dataclass
class Canvas:
    """Pages plus the tagged spans printed on them."""

    doc: pymupdf.Document = field(default_factory=pymupdf.open)
    spans: list[Span] = field(default_factory=list)
    _writers: list[dict[Color, pymupdf.TextWriter]] = field(default_factory=list)
    _groups: itertools.count = field(default_factory=itertools.count)
    _pages: dict[int, pymupdf.Page] = field(default_factory=dict)  # loaded pages; adding a page invalidates them
    _shapes: dict[int, pymupdf.Shape] = field(default_factory=dict)  # pending vector drawing per page
    page_index: int = -1  # the page that drawing goes to

    def new_page(self, width: float, height: float) -> pymupdf.Page:
        for index in list(self._shapes):
            self._commit_shapes(index)
        self._pages.clear()
        page = self.doc.new_page(width=width, height=height)
        self._writers.append({})
        self.page_index = len(self.doc) - 1
        return page

    def select(self, page_index: int) -> None:
        """Draw on an earlier page (e.g. footers once the page count is known)."""
        self.page_index = page_index

    @property
    def page(self) -> pymupdf.Page:
        page = self._pages.get(self.page_index)
        if page is None:
            page = self._pages[self.page_index] = self.doc[self.page_index]
        return page

    def _shape(self) -> pymupdf.Shape:
        """One Shape per page collects rules and fills; committing once per page is much faster."""
        shape = self._shapes.get(self.page_index)
        if shape is None:
            shape = self._shapes[self.page_index] = self.page.new_shape()
        return shape

    def _commit_shapes(self, page_index: int) -> None:
        shape = self._shapes.pop(page_index, None)
        if shape is not None:
            shape.commit()

    def new_group(self) -> int:
        return next(self._groups)

    def text(self, x: float, y: float, text: str, font: pymupdf.Font, size: float, color: Color = BLACK,
             tag: str | None = None, item: int | None = None, align: str = "left", group: int | None = None) -> pymupdf.Rect:
        """Queue ``text`` with its baseline at ``y``; ``x`` is the left, right or centre edge per ``align``."""
        width = text_width(font, text, size)
        if align == "right":
            x -= width
        elif align == "center":
            x -= width / 2
        writers = self._writers[self.page_index]
        writer = writers.get(color)
        if writer is None:
            writer = writers[color] = pymupdf.TextWriter(self.page.rect, color=color)
        writer.append((x, y), text, font=font, fontsize=size)
        rect = pymupdf.Rect(x, y - font.ascender * size, x + width, y - font.descender * size)
        self.spans.append(Span(self.page_index, rect, tag, item, self.new_group() if group is None else group))
        return rect

    def wrap(self, x: float, y: float, width: float, text: str, font: pymupdf.Font, size: float, leading: float,
             color: Color = BLACK, tag: str | None = None, item: int | None = None) -> float:
        """Queue ``text`` wrapped to ``width``; returns the baseline of the last line."""
        group = self.new_group()
        line = ""
        for word in text.split():
            candidate = f"{line} {word}".strip()
            if line and text_width(font, candidate, size) > width:
                self.text(x, y, line, font, size, color, tag, item, group=group)
                y += leading
                candidate = word
            line = candidate
        self.text(x, y, line, font, size, color, tag, item, group=group)
        return y

    def fill(self, rect: pymupdf.Rect, color: Color | None = None, stroke: Color | None = None,
             width: float = 0.5, radius: float | None = None) -> None:
        shape = self._shape()
        shape.draw_rect(rect, radius=radius)
        shape.finish(color=stroke, fill=color, width=width)

    def rule(self, x0: float, y0: float, x1: float, y1: float, color: Color = BLACK, width: float = 0.5) -> None:
        shape = self._shape()
        shape.draw_line((x0, y0), (x1, y1))
        shape.finish(color=color, width=width)

    def image(self, rect: pymupdf.Rect, png: bytes) -> None:
        self._commit_shapes(self.page_index)  # keep earlier fills underneath the image
        self.page.insert_image(rect, stream=png)

    def finish(self) -> list[Word]:
        """Write queued text and return every extracted word with its tag."""
        for page_index, writers in enumerate(self._writers):
            self._commit_shapes(page_index)
            for writer in writers.values():
                writer.write_text(self.doc[page_index])
        by_page: dict[int, list[Span]] = {}
        for span in self.spans:
            by_page.setdefault(span.page, []).append(span)
        words = []
        for page_index, page in enumerate(self.doc):
            rows = _by_row(by_page.get(page_index, []))
            for x0, y0, x1, y1, text, *_ in page.get_text("words", sort=False):
                cy = (y0 + y1) / 2
                span = _span_at(rows.get(int(cy // _ROW), []), (x0 + x1) / 2, cy)
                words.append(Word(page_index, (x0, y0, x1, y1), text, span and span.tag, span and span.item,
                                  span and span.group))
        return words


_ROW = 8.0  # points per bucket of the span index


def _by_row(spans: list[Span]) -> dict[int, list[Span]]:
    """Spans indexed by the vertical buckets they touch, so a word is matched against a few spans only."""
    rows: dict[int, list[Span]] = {}
    for span in spans:
        for row in range(int(span.rect.y0 // _ROW), int(span.rect.y1 // _ROW) + 1):
            rows.setdefault(row, []).append(span)
    return rows


def _span_at(spans: list[Span], x: float, y: float) -> Span | None:
    """The smallest span whose rectangle holds the point."""
    hits = [s for s in spans if s.rect.x0 - 0.5 <= x <= s.rect.x1 + 0.5 and s.rect.y0 <= y <= s.rect.y1]
    return min(hits, key=lambda s: s.rect.width * s.rect.height) if hits else None
