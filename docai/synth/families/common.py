"""Shared helpers for layout families."""
from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Callable

from docai.synth.content import make_content
from docai.synth.context import Ctx, make_ctx

COLUMN_SETS = [
    ["description", "quantity", "unit_price", "amount"],
    ["position", "description", "quantity", "unit", "unit_price", "amount"],
    ["quantity", "description", "unit_price", "amount"],
    ["sku", "description", "quantity", "unit_price", "tax_rate", "amount"],
    ["position", "sku", "description", "quantity", "unit_price", "amount"],
    ["description", "unit_price", "quantity", "amount"],
    ["position", "description", "unit_price", "quantity", "unit", "amount"],
]
GREYS = [(0.88, 0.88, 0.88), (0.92, 0.92, 0.95), (0.85, 0.9, 0.95), (0.95, 0.93, 0.85), None]


@dataclass(frozen=True)
class Family:
    """A layout family: a distinct page structure with its own random variation."""

    name: str
    kind: str  # 'invoice' or 'receipt'
    draw: Callable[[random.Random, str], Ctx]
    languages: tuple[str, ...] = ("en", "de", "fr")


def start(rng: random.Random, lang: str, fonts: list[str] | None = None, items: tuple[int, int] = (2, 8),
          receipt: bool = False, size: tuple[float, float] = (8.5, 10.0), width: float | None = None,
          height: float | None = None, margin: float | None = None) -> Ctx:
    """Draw content and styles for a family and open its first page (A4 or US Letter by default)."""
    content = make_content(rng, lang, receipt, items)
    page_w, page_h = (width, height) if width else rng.choice([(595.0, 842.0), (595.0, 842.0), (612.0, 792.0)])
    ctx = make_ctx(rng, content, rng.choice(fonts or ["helv", "tiro", "helv"]), receipt,
                   size=round(rng.uniform(*size), 1), width=page_w, height=page_h or 842.0,
                   margin=margin or rng.uniform(40, 60))
    ctx.canvas.new_page(ctx.width, ctx.height)
    return ctx


def continuation_page(ctx: Ctx, top: float = 70) -> Callable[[], float]:
    """A new-page callback that repeats a small header with the vendor and invoice number."""

    def new_page() -> float:
        ctx.canvas.new_page(ctx.width, ctx.height)
        ctx.text(ctx.margin, top, ctx.content.vendor.name, bold=True)
        ctx.draw(ctx.right, top, [(ctx.label("invoice_number"), None),
                                  (ctx.content.invoice_number, "invoice_number")], align="right")
        return top + ctx.size * 4

    return new_page


def terms_line(ctx: Ctx, x: float, y: float) -> float:
    """Payment terms; sometimes names the due date in a sentence."""
    content = ctx.content
    if content.due_date and ctx.rng.random() < 0.5:
        lead = {"en": "Please pay by", "de": "Bitte überweisen Sie bis zum", "fr": "À régler avant le"}[ctx.lang]
        ctx.draw(x, y, [(lead, None), (ctx.date_text("due_date"), "due_date")])
    else:
        days = (content.due_date - content.invoice_date).days if content.due_date else 30
        ctx.text(x, y, ctx.label("terms").format(n=days), size=ctx.size * 0.95)
    return y + ctx.size * 1.6
