"""Invoice families kept out of training: sidebar, boxed sections and utility-style statement."""
from __future__ import annotations

import datetime as dt
import random

import pymupdf

from docai.synth import blocks
from docai.synth.context import Ctx
from docai.synth.families.common import COLUMN_SETS, GREYS, Family, continuation_page, start, terms_line
from docai.synth.tables import TableStyle, items_table


def sidebar(rng: random.Random, lang: str) -> Ctx:
    """Shaded left sidebar holding vendor details and the reference data; items and totals on the right."""
    ctx = start(rng, lang, size=(8, 9.5))
    bar_w = rng.uniform(150, 180)
    ctx.canvas.fill(pymupdf.Rect(0, 0, bar_w, ctx.height), color=rng.choice([(0.93, 0.94, 0.96), (0.96, 0.94, 0.9)]))
    pad = 18
    blocks.logo(ctx, pad, 30, 36)
    y = blocks.letterhead(ctx, pad, 95, name_size=11, contact=True, max_width=bar_w - 2 * pad)
    y += 20
    for label, pieces in blocks.meta_rows(ctx):
        ctx.text(pad, y, label, size=ctx.size * 0.8, color=(0.4, 0.4, 0.4))
        ctx.draw(pad, y + ctx.size * 1.25, pieces, font=ctx.fonts.bold)
        y += ctx.size * 3
    x = bar_w + 25
    ctx.text(x, 60, ctx.label("title"), bold=True, size=26, color=ctx.accent)
    y = blocks.party(ctx, x, 105, ctx.label("customer"))
    width = ctx.width - x - 30
    style = TableStyle(rng.choice([COLUMN_SETS[0], COLUMN_SETS[2], COLUMN_SETS[5]]), header_fill=rng.choice(GREYS),
                       grid="rules")
    ctx.margin = x  # continuation pages and footers align with the content column
    y = items_table(ctx, style, x, max(y, 190) + 25, width, ctx.height - 110, continuation_page(ctx))
    blocks.totals(ctx, ctx.width - 30 - 190, ctx.width - 30, y + 12)
    blocks.footer(ctx, len(ctx.canvas.doc), columns=False, tax_id=False)
    return ctx


def boxed_sections(rng: random.Random, lang: str) -> Ctx:
    """Rounded boxes with shaded titles for From, To and Details; totals in a summary box."""
    ctx = start(rng, lang, fonts=["helv", "tiro"])
    m = ctx.margin
    ctx.text(ctx.width / 2, 55, ctx.label("title"), bold=True, size=22, align="center", color=ctx.accent)
    box_w = (ctx.right - m - 20) / 3
    titles = [ctx.label("vendor"), ctx.label("customer"), {"en": "Details", "de": "Angaben", "fr": "Détails"}[lang]]
    tops = 80
    for i, title in enumerate(titles):
        x = m + i * (box_w + 10)
        ctx.canvas.fill(pymupdf.Rect(x, tops, x + box_w, tops + 125), stroke=ctx.accent, width=0.8, radius=0.08)
        ctx.canvas.fill(pymupdf.Rect(x, tops, x + box_w, tops + 18), color=ctx.accent)
        ctx.text(x + 6, tops + 13, title, bold=True, color=(1, 1, 1))
    blocks.party(ctx, m + 6, tops + 34, None, who="vendor")
    blocks.party(ctx, m + box_w + 16, tops + 34, None)
    x3 = m + 2 * (box_w + 10) + 6
    y = tops + 34
    for label, pieces in blocks.meta_rows(ctx)[:5]:
        ctx.text(x3, y, label, size=ctx.size * 0.8, color=(0.4, 0.4, 0.4))
        ctx.draw(x3 + box_w - 12, y, pieces, align="right", size=ctx.size * 0.95)
        y += ctx.size * 1.7
    style = TableStyle(rng.choice(COLUMN_SETS), header_fill=rng.choice(GREYS[:4]), grid=rng.choice(["full", "rules"]))
    y = items_table(ctx, style, m, tops + 160, ctx.right - m, ctx.height - 120, continuation_page(ctx))
    y = blocks.totals(ctx, ctx.right - 210, ctx.right - 8, y + 16, boxed=True, rule=False)
    if ctx.content.vendor.tax_id:
        blocks.tax_id_line(ctx, m, y + 10)
    blocks.footer(ctx, len(ctx.canvas.doc), columns=False, tax_id=False)
    return ctx


def utility_statement(rng: random.Random, lang: str) -> Ctx:
    """Statement with a prominent 'amount due by date' box, account summary and a charges list."""
    ctx = start(rng, lang, items=(2, 6))
    if not ctx.content.due_date:
        ctx.content.due_date = ctx.content.invoice_date + dt.timedelta(days=21)
    m = ctx.margin
    y = blocks.letterhead(ctx, m, 55, name_size=14, contact=False)
    box = pymupdf.Rect(ctx.right - 200, 45, ctx.right, 125)
    ctx.canvas.fill(box, color=(0.95, 0.95, 0.95), stroke=ctx.accent, width=1.2)
    ctx.text(box.x0 + 10, box.y0 + 18, ctx.label("amount_due"), bold=True)
    ctx.draw(box.x1 - 10, box.y0 + 45, ctx.money_pieces(ctx.amount("amount_due"), "amount_due"), font=ctx.fonts.bold,
             size=18, align="right")
    ctx.draw(box.x0 + 10, box.y1 - 10, [(ctx.label("due_date") + ":", None), (ctx.date_text("due_date"), "due_date")])
    y = blocks.party(ctx, m, max(y, 150) + 15, ctx.label("customer"))
    summary = {"en": "Statement", "de": "Abrechnung", "fr": "Relevé"}[lang]
    ctx.text(m, y + 20, summary, bold=True, size=13)
    rows = [row for row in blocks.meta_rows(ctx) if row[1][0][1] != "due_date"]
    y = blocks.meta_inline(ctx, m, y + 40, rows, ctx.right - m)
    style = TableStyle(["description", "amount"] if rng.random() < 0.5 else ["description", "quantity", "amount"],
                       header_fill=None, grid="rules")
    y = items_table(ctx, style, m, y + 20, ctx.right - m, ctx.height - 120, continuation_page(ctx))
    y = blocks.totals(ctx, ctx.right - 220, ctx.right, y + 10, due_row=False)
    terms_line(ctx, m, y + 12)
    blocks.footer(ctx, len(ctx.canvas.doc))
    return ctx


FAMILIES = [
    Family("sidebar", "invoice", sidebar),
    Family("boxed_sections", "invoice", boxed_sections),
    Family("utility_statement", "invoice", utility_statement),
]
