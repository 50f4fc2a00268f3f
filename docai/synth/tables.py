"""Line-item tables with configurable columns, rules and shading, continuing across pages."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Callable

import pymupdf

from docai.synth.canvas import Color, text_width
from docai.synth.content import LineItem, random_digits
from docai.synth.context import Ctx

COLUMN_WEIGHTS = {"position": 0.6, "sku": 1.1, "description": 4.2, "quantity": 0.9, "unit": 0.7, "unit_price": 1.5,
                  "tax_rate": 0.8, "amount": 1.6}
HEADER_KEYS = {"position": "position", "sku": "sku", "description": "description", "quantity": "quantity",
               "unit_price": "unit_price", "amount": "amount"}
UNIT_WORDS = {"en": ["pcs", "ea", "h", "unit"], "de": ["Stk.", "Std.", "St", "Pkt."], "fr": ["pce", "u", "h", "lot"]}
TAX_WORDS = {"en": "Tax", "de": "USt.", "fr": "TVA"}
UNIT_HEADER = {"en": "Unit", "de": "Einheit", "fr": "Unité"}


@dataclass
class TableStyle:
    columns: list[str]
    header_fill: Color | None = (0.88, 0.88, 0.88)
    header_color: Color | None = None
    grid: str = "rules"  # 'full', 'rules' (horizontal lines) or 'none'
    zebra: Color | None = None
    row_gap: float = 1.7  # row height in multiples of the font size
    wrap: bool = True
    carry_forward: bool = False  # print a running net total at a page break
    detail_line: bool = False  # an untagged line under each description (article code, net price)


def _widths(columns: list[str], width: float) -> list[float]:
    total = sum(COLUMN_WEIGHTS[c] for c in columns)
    return [width * COLUMN_WEIGHTS[c] / total for c in columns]


def _header(ctx: Ctx, style: TableStyle, x: float, y: float, widths: list[float]) -> float:
    row_h = ctx.size * 2
    top = y - ctx.size * 1.35
    if style.header_fill:
        ctx.canvas.fill(pymupdf.Rect(x, top, x + sum(widths), top + row_h), color=style.header_fill)
    cursor = x
    for key, width in zip(style.columns, widths):
        label = ctx.label(HEADER_KEYS[key]) if key in HEADER_KEYS else UNIT_HEADER[ctx.lang] if key == "unit" else TAX_WORDS[ctx.lang]
        right_aligned = key in ("quantity", "unit_price", "amount", "tax_rate")
        ctx.text(cursor + width - 3 if right_aligned else cursor + 3, y, label, bold=True, size=ctx.size * 0.92,
                 color=style.header_color, align="right" if right_aligned else "left")
        cursor += width
    if style.grid != "none":
        ctx.canvas.rule(x, top + row_h, x + sum(widths), top + row_h, ctx.ink, 0.7)
    return top + row_h + ctx.size * 1.35


def _description_lines(ctx: Ctx, text: str, width: float, wrap: bool) -> list[str]:
    if not wrap:
        return [text]
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if line and text_width(ctx.fonts.regular, candidate, ctx.size) > width - 6:
            lines.append(line)
            candidate = word
        line = candidate
    return [*lines, line]


def _row(ctx: Ctx, style: TableStyle, index: int, x: float, y: float, widths: list[float]) -> None:
    item = ctx.content.items[index]
    cursor = x
    for key, width in zip(style.columns, widths):
        left, right = cursor + 3, cursor + width - 3
        tag = f"line_item.{key}"
        if key == "description":
            group = ctx.canvas.new_group()
            lines = _description_lines(ctx, item.description, width, style.wrap)
            for n, line in enumerate(lines):
                ctx.canvas.text(left, y + n * ctx.size * 1.2, line, ctx.fonts.regular, ctx.size, ctx.ink, tag, index, group=group)
            if style.detail_line:
                ctx.text(left, y + len(lines) * ctx.size * 1.2, _detail(ctx, item), size=ctx.size * 0.85,
                         color=(0.35, 0.35, 0.35))
        elif key == "position":
            ctx.text(left, y, str(index + 1))
        elif key == "sku":
            ctx.text(left, y, item.sku, size=ctx.size * 0.9)
        elif key == "unit":
            ctx.text(left, y, ctx.content.extras.setdefault("unit", ctx.rng.choice(UNIT_WORDS[ctx.lang])))
        elif key == "tax_rate":
            ctx.text(right, y, f"{ctx.content.rate_of(item)}%", align="right")
        elif key == "quantity":
            ctx.text(right, y, ctx.quantity_text(item.quantity), tag, align="right", item=index)
        else:
            value = item.unit_price if key == "unit_price" else item.amount
            ctx.draw(right, y, ctx.money_pieces(value, tag), align="right", item=index)
        cursor += width


def _detail(ctx: Ctx, item: LineItem) -> str:
    """A second line about the item that is not a cell of its own: a code or the net unit price."""
    code = random_digits(ctx.rng, 13)
    choices = {"en": [f"Item code {item.sku}", f"EAN {code}", f"Net unit price {ctx.money_style.number(item.unit_price)}"],
               "de": [f"Art.-Nr. {item.sku}", f"EAN {code}", f"Nettopreis {ctx.money_style.number(item.unit_price)}"],
               "fr": [f"Réf. {item.sku}", f"EAN {code}", f"Prix net {ctx.money_style.number(item.unit_price)}"]}
    return ctx.rng.choice(choices[ctx.lang])


def items_table(ctx: Ctx, style: TableStyle, x: float, y: float, width: float, bottom: float,
                new_page: Callable[[], float]) -> float:
    """Draw every line item from baseline ``y``; past ``bottom`` continue on a page from ``new_page()``."""
    widths = _widths(style.columns, width)
    description_width = widths[style.columns.index("description")] if "description" in style.columns else width
    y = _header(ctx, style, x, y, widths)
    running = Decimal(0)
    for index, item in enumerate(ctx.content.items):
        lines = len(_description_lines(ctx, item.description, description_width, style.wrap)) + style.detail_line
        row_h = ctx.size * (style.row_gap + 1.2 * (lines - 1))
        if y + row_h > bottom:
            continuation = ctx.label("continued")
            if style.carry_forward:
                ctx.draw(x + width - 3, y, [(continuation + ":", None),
                                            *ctx.money_pieces(running, None)],
                         size=ctx.size * 0.9, align="right")
            else:
                ctx.text(x + width, y, continuation, italic=True, size=ctx.size * 0.85, align="right")
            y = _header(ctx, style, x, new_page(), widths)
        top = y - ctx.size * 1.15
        if style.zebra and index % 2:
            ctx.canvas.fill(pymupdf.Rect(x, top, x + width, top + row_h), color=style.zebra)
        _row(ctx, style, index, x, y, widths)
        if style.grid == "full":
            ctx.canvas.fill(pymupdf.Rect(x, top, x + width, top + row_h), stroke=(0.55, 0.55, 0.55), width=0.4)
            cursor = x
            for w in widths[:-1]:
                cursor += w
                ctx.canvas.rule(cursor, top, cursor, top + row_h, (0.55, 0.55, 0.55), 0.4)
        elif style.grid == "rules":
            ctx.canvas.rule(x, top + row_h, x + width, top + row_h, (0.75, 0.75, 0.75), 0.3)
        running += item.amount
        y += row_h
    return y + ctx.size * 1.2
