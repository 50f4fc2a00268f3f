"""A procedural family: every document draws its own arrangement of the shared blocks.

Fixed families teach fixed places; real invoices put the same parts anywhere. Here the vendor,
the customer and the reference data each take one of several styles (letterhead, heading block,
labelled rows; label-left rows, label-above grid or stack, key/value table, inline run) and land
in one of two columns or across the page, in a random order. Totals, an amount-due callout (a
part of the header or below it) and the footer vary the same way, so training sees combinations
no fixed family shows.
"""
from __future__ import annotations

import random
from collections.abc import Callable

from docai.synth import blocks
from docai.synth.context import Ctx
from docai.synth.families.common import COLUMN_SETS, GREYS, Family, continuation_page, start, terms_line
from docai.synth.tables import TableStyle, items_table

# A block draws at (x, top baseline) within a width and returns the next free baseline.
Block = Callable[[Ctx, float, float, float], float]


def vendor_block(rng: random.Random) -> Block:
    style = rng.choice(["letterhead", "heading", "labelled", "labelled"])

    def draw(ctx: Ctx, x: float, y: float, width: float) -> float:
        if style == "letterhead":
            return blocks.letterhead(ctx, x, y, name_size=rng.uniform(11, 17), contact=rng.random() < 0.5,
                                     upper=rng.random() < 0.2, max_width=width)
        if style == "heading":
            y = blocks.party(ctx, x, y, ctx.label("vendor"), who="vendor", shade=rng.random() < 0.2,
                             width=width - 10)
            return blocks.tax_id_line(ctx, x, y, max_width=width) if ctx.content.vendor.tax_id else y
        return blocks.labelled_party(ctx, x, y, "vendor", label_width=min(90, width * 0.35))

    return draw


def customer_block(rng: random.Random) -> Block:
    style = rng.choice(["heading", "bare", "labelled", "labelled"])

    def draw(ctx: Ctx, x: float, y: float, width: float) -> float:
        if style == "labelled":
            return blocks.labelled_party(ctx, x, y, "customer", label_width=min(90, width * 0.35))
        heading = ctx.label("customer") if style == "heading" else None
        return blocks.party(ctx, x, y, heading, shade=rng.random() < 0.25, width=width - 10)

    return draw


def meta_block(rng: random.Random) -> Block:
    style = rng.choice(["label_left", "label_left", "grid", "stack", "kv_table", "inline"])

    def draw(ctx: Ctx, x: float, y: float, width: float) -> float:
        rows = blocks.meta_rows(ctx)
        if style == "label_left":
            right = rng.random() < 0.4
            return blocks.meta_label_left(ctx, x, y, rows, min(110, width * 0.45), value_align="right" if right else "left",
                                          value_right=x + width, colon=rng.random() < 0.7)
        if style == "grid":
            columns = max(1, min(len(rows), int(width // 110)))
            return blocks.meta_label_above(ctx, x, y, rows, width / columns, columns, shade=rng.random() < 0.3)
        if style == "stack":
            return blocks.meta_label_above(ctx, x, y, rows, width, 1)
        if style == "kv_table":
            return blocks.meta_kv_table(ctx, x, y, rows, min(width, 260), min(120, width * 0.45),
                                        header_fill=rng.choice([(0.9, 0.9, 0.9), None]))
        return blocks.meta_inline(ctx, x, y, rows, width)

    return draw


def title(ctx: Ctx, rng: random.Random, y: float) -> float:
    where = rng.choice(["left", "right", "center"])
    x = {"left": ctx.margin, "right": ctx.right, "center": ctx.width / 2}[where]
    ctx.text(x, y, ctx.label("title"), bold=True, size=rng.uniform(14, 24), align=where,
             color=ctx.accent if rng.random() < 0.5 else ctx.ink)
    return y + ctx.size * 3


def callout_block(rng: random.Random) -> Block:
    """The amount-due callout, at the left or right of its width: a statement's "pay this by
    then" box, a part of the header (often at the top beside the letterhead) or below it."""
    box_width = rng.uniform(170, 230)

    def draw(ctx: Ctx, x: float, y: float, width: float) -> float:
        w = min(box_width, width)
        return blocks.amount_callout(ctx, x if rng.random() < 0.5 else x + width - w, y, w)

    return draw


def header(ctx: Ctx, rng: random.Random, y: float, callout: bool = False) -> float:
    """Vendor, customer and reference data (and the callout) in two columns or stacked; returns
    the next baseline."""
    m, gap = ctx.margin, 20
    parts = [vendor_block(rng), customer_block(rng), meta_block(rng)]
    if callout:
        parts.append(callout_block(rng))
    rng.shuffle(parts)
    if rng.random() < 0.3:  # stacked across the page
        for part in parts:
            y = part(ctx, m, y, ctx.right - m) + ctx.size * 2
        return y
    split = rng.uniform(0.45, 0.58) * (ctx.right - m)
    columns = [(m, split - gap), (m + split, ctx.right - m - split)]
    ends = [y, y]
    for part in parts:
        column = min((0, 1), key=lambda c: ends[c]) if rng.random() < 0.7 else rng.randrange(2)
        x, width = columns[column]
        ends[column] = part(ctx, x, ends[column], width) + ctx.size * 2
    return max(ends)


def mosaic(rng: random.Random, lang: str) -> Ctx:
    ctx = start(rng, lang, fonts=["helv", "tiro", "cour"], size=(7.5, 10.0))
    m = ctx.margin
    y = title(ctx, rng, rng.uniform(45, 70)) if rng.random() < 0.8 else rng.uniform(50, 70)
    callout = rng.choice(["header", "below"]) if rng.random() < 0.3 else None
    y = header(ctx, rng, y + ctx.size, callout=callout == "header")
    if callout == "below":
        y = callout_block(rng)(ctx, m, y, ctx.right - m)
    style = TableStyle(rng.choice(COLUMN_SETS), header_fill=rng.choice(GREYS), grid=rng.choice(["rules", "full", "none"]),
                       zebra=(0.96, 0.96, 0.97) if rng.random() < 0.2 else None)
    y = items_table(ctx, style, m, y + 20, ctx.right - m, ctx.height - 120, continuation_page(ctx))
    totals_width = rng.uniform(180, 240)
    totals_x = ctx.right - totals_width if rng.random() < 0.8 else m
    y = blocks.totals(ctx, totals_x, totals_x + totals_width, y + 14, boxed=rng.random() < 0.3,
                      rule=rng.random() < 0.6, due_row=False if callout else None)
    if rng.random() < 0.6:
        terms_line(ctx, m, y + 10)
    blocks.footer(ctx, len(ctx.canvas.doc), columns=rng.random() < 0.5, tax_id=rng.random() < 0.5)
    return ctx


FAMILIES = [Family("mosaic", "invoice", mosaic)]
