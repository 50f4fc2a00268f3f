"""Per-document drawing context: content, chosen styles, fonts, and the helpers blocks print with."""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

import pymupdf

from docai.synth.canvas import BLACK, Canvas, Color, text_width
from docai.synth.content import InvoiceContent
from docai.synth.formats import (CURRENCY_SYMBOLS, DATE_STYLES_BY_LANGUAGE, MoneyStyle, format_date,
                                 format_quantity, pick_label, pick_money_style)

FONT_FAMILIES = {"helv": ("helv", "hebo", "heit"), "tiro": ("tiro", "tibo", "tiit"), "cour": ("cour", "cobo", "coit")}


@lru_cache(maxsize=None)
def font(name: str) -> pymupdf.Font:
    return pymupdf.Font(name)


@dataclass
class Fonts:
    regular: pymupdf.Font
    bold: pymupdf.Font
    italic: pymupdf.Font

    @classmethod
    def family(cls, name: str) -> "Fonts":
        return cls(*(font(n) for n in FONT_FAMILIES[name]))


@dataclass
class Ctx:
    """Everything a block needs to print part of one document."""

    rng: random.Random
    content: InvoiceContent
    canvas: Canvas
    fonts: Fonts
    money_style: MoneyStyle
    date_style: str
    size: float = 9.0
    ink: Color = BLACK
    accent: Color = (0.1, 0.2, 0.5)
    width: float = 595.0
    height: float = 842.0
    margin: float = 50.0
    values: dict[str, str | float] = field(default_factory=dict)  # ground truth of the fields printed so far

    @property
    def lang(self) -> str:
        return self.content.lang

    @property
    def right(self) -> float:
        return self.width - self.margin

    def label(self, key: str) -> str:
        return pick_label(self.rng, key, self.lang)

    def date_text(self, field_name: str) -> str:
        date = getattr(self.content, field_name)
        self.values[field_name] = date.isoformat()
        return format_date(self.rng, date, self.lang, self.date_style)

    def plain(self, field_name: str, text: str) -> str:
        """Record a text field's truth as printed (first printing wins) and return the text."""
        self.values.setdefault(field_name, " ".join(text.split()))
        return text

    def amount(self, field_name: str) -> Decimal:
        value = getattr(self.content, field_name)
        self.values[field_name] = float(value)
        return value

    def money_pieces(self, value: Decimal, tag: str | None, with_currency: bool = True) -> list[tuple[str, str | None]]:
        """The printed pieces of an amount, each with its tag; a currency shown apart is tagged ``currency``."""
        style = self.money_style
        number = style.number(value)
        code = self.content.currency
        symbol = CURRENCY_SYMBOLS.get(code, code)
        mode = style.currency_mode if with_currency else "none"
        if mode != "none" and tag and not tag.startswith("line_item"):
            self.values["currency"] = code
        if mode == "symbol_glued":
            return [(f"{symbol}{number}" if len(symbol) == 1 else f"{symbol} {number}", tag)]
        if mode == "none" or tag and tag.startswith("line_item"):
            return [(number, tag)]
        shown = code if mode.startswith("code") else symbol
        before = mode in ("code_before", "symbol_before")
        return [(shown, "currency"), (number, tag)] if before else [(number, tag), (shown, "currency")]

    def quantity_text(self, quantity: Decimal) -> str:
        return format_quantity(self.rng, quantity, self.money_style.decimal)

    def draw(self, x: float, y: float, pieces: list[tuple[str, str | None]], font: pymupdf.Font | None = None,
             size: float | None = None, color: Color | None = None, align: str = "left", item: int | None = None) -> float:
        """Print tagged pieces on one line separated by spaces; returns the right edge."""
        font, size, color = font or self.fonts.regular, size or self.size, color or self.ink
        gap = text_width(font, " ", size)
        widths = [text_width(font, text, size) for text, _ in pieces]
        total = sum(widths) + gap * (len(pieces) - 1)
        left = x - total if align == "right" else x - total / 2 if align == "center" else x
        for (text, tag), width in zip(pieces, widths):
            self.canvas.text(left, y, text, font, size, color, tag, item if tag and tag.startswith("line_item") else None)
            left += width + gap
        return left - gap

    def text(self, x: float, y: float, text: str, tag: str | None = None, bold: bool = False, size: float | None = None,
             color: Color | None = None, align: str = "left", italic: bool = False, item: int | None = None) -> pymupdf.Rect:
        chosen = self.fonts.bold if bold else self.fonts.italic if italic else self.fonts.regular
        return self.canvas.text(x, y, text, chosen, size or self.size, color or self.ink, tag, item, align)

    def lines(self, x: float, y: float, lines: list[str], tag: str | None, leading: float | None = None,
              bold_first: bool = False, size: float | None = None, align: str = "left", color: Color | None = None) -> float:
        """Print several lines as one occurrence of ``tag``; returns the baseline after the last line."""
        group = self.canvas.new_group()
        size = size or self.size
        leading = leading or size * 1.3
        for i, line in enumerate(lines):
            chosen = self.fonts.bold if bold_first and i == 0 else self.fonts.regular
            self.canvas.text(x, y, line, chosen, size, color or self.ink, tag, None, align, group=group)
            y += leading
        return y


def make_ctx(rng: random.Random, content: InvoiceContent, font_family: str, receipt: bool = False,
             size: float = 9.0, width: float = 595.0, height: float = 842.0, margin: float = 50.0) -> Ctx:
    return Ctx(rng=rng, content=content, canvas=Canvas(), fonts=Fonts.family(font_family),
               money_style=pick_money_style(rng, content.lang, receipt),
               date_style=rng.choice(DATE_STYLES_BY_LANGUAGE[content.lang]), size=size, width=width,
               height=height, margin=margin,
               accent=rng.choice([(0.1, 0.2, 0.5), (0.55, 0.1, 0.1), (0.1, 0.4, 0.25), (0.3, 0.3, 0.3), (0.0, 0.35, 0.55)]),
               ink=rng.choice([BLACK, BLACK, (0.15, 0.15, 0.2), (0.2, 0.2, 0.2)]))
