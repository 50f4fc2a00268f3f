"""Business-form invoice families: banded header, two-column header, key/value header table, minimal,
hourly services and long multi-page invoices."""
from __future__ import annotations

import random

import pymupdf

from docai.synth import blocks
from docai.synth.context import Ctx
from docai.synth.families.common import COLUMN_SETS, GREYS, Family, continuation_page, start, terms_line
from docai.synth.tables import TableStyle, items_table

WHITE = (1.0, 1.0, 1.0)


def modern_band(rng: random.Random, lang: str) -> Ctx:
    """Coloured band across the top with the title and number in white; shaded zebra table."""
    ctx = start(rng, lang, fonts=["helv"])
    m = ctx.margin
    band_h = rng.uniform(70, 95)
    ctx.canvas.fill(pymupdf.Rect(0, 0, ctx.width, band_h), color=ctx.accent)
    ctx.text(m, band_h / 2 + 8, ctx.label("title"), bold=True, size=24, color=WHITE)
    ctx.draw(ctx.right, band_h / 2 + 6, [("#", None), (ctx.plain("invoice_number", ctx.content.invoice_number),
                                                        "invoice_number")], font=ctx.fonts.bold, size=13, color=WHITE, align="right")
    y = blocks.letterhead(ctx, m, band_h + 35, name_size=12, contact=False)
    blocks.party(ctx, ctx.width / 2, band_h + 35, ctx.label("customer"))
    rows = [row for row in blocks.meta_rows(ctx) if row[1][0][1] != "invoice_number" or rng.random() < 0.3]
    y = blocks.meta_label_above(ctx, m, max(y, band_h + 120) + 20, rows, (ctx.right - m) / 4, 4)
    style = TableStyle(rng.choice(COLUMN_SETS), header_fill=ctx.accent, header_color=WHITE, grid="none",
                       zebra=(0.95, 0.96, 0.98))
    y = items_table(ctx, style, m, y + 20, ctx.right - m, ctx.height - 120, continuation_page(ctx))
    y = blocks.totals(ctx, ctx.right - 190, ctx.right, y + 14, rule=False, total_size=13)
    terms_line(ctx, m, y + 10)
    blocks.footer(ctx, len(ctx.canvas.doc), columns=False)
    return ctx


def two_column_header(rng: random.Random, lang: str) -> Ctx:
    """Vendor and meta side by side at the top, customer under a heading, boxed totals."""
    ctx = start(rng, lang)
    m = ctx.margin
    mid = ctx.width / 2 + rng.uniform(-20, 30)
    y_left = blocks.letterhead(ctx, m, 55, name_size=rng.uniform(12, 16))
    ctx.text(mid, 58, ctx.label("title"), bold=True, size=16, color=ctx.accent)
    y_right = blocks.meta_label_left(ctx, mid, 85, blocks.meta_rows(ctx), 95)
    y = max(y_left, y_right) + 20
    ctx.canvas.rule(m, y - 12, ctx.right, y - 12, (0.7, 0.7, 0.7), 0.5)
    y = blocks.party(ctx, m, y + 5, ctx.label("customer"))
    style = TableStyle(rng.choice(COLUMN_SETS), header_fill=rng.choice(GREYS), grid=rng.choice(["rules", "full"]))
    y = items_table(ctx, style, m, y + 25, ctx.right - m, ctx.height - 120, continuation_page(ctx))
    blocks.totals(ctx, ctx.right - 200, ctx.right - 6, y + 14, boxed=True, rule=False)
    blocks.footer(ctx, len(ctx.canvas.doc))
    return ctx


def kv_header_table(rng: random.Random, lang: str) -> Ctx:
    """Bordered key/value table top right, vendor and customer stacked left, full-grid items."""
    ctx = start(rng, lang, fonts=["helv", "tiro", "cour"])
    m = ctx.margin
    ctx.text(m, 55, ctx.label("title"), bold=True, size=20)
    blocks.meta_kv_table(ctx, ctx.right - 240, 50, blocks.meta_rows(ctx, currency_row=rng.random() < 0.5), 240, 115)
    y = blocks.party(ctx, m, 95, ctx.label("vendor"), who="vendor")
    if ctx.content.vendor.tax_id:
        y = blocks.tax_id_line(ctx, m, y)
    y = blocks.party(ctx, m, y + 15, ctx.label("customer"))
    style = TableStyle(rng.choice(COLUMN_SETS), header_fill=rng.choice(GREYS[:4]), grid="full")
    y = items_table(ctx, style, m, max(y, 230) + 20, ctx.right - m, ctx.height - 120, continuation_page(ctx))
    blocks.totals(ctx, ctx.right - 220, ctx.right - 4, y + 14)
    blocks.footer(ctx, len(ctx.canvas.doc), columns=rng.random() < 0.5)
    return ctx


def minimal(rng: random.Random, lang: str) -> Ctx:
    """Sparse page: small type, meta run inline, no rules, totals as plain lines."""
    ctx = start(rng, lang, size=(7.5, 9.0))
    m = ctx.margin
    y = blocks.letterhead(ctx, m, 50, name_size=11, contact=rng.random() < 0.3, one_line_address=True)
    ctx.text(m, y + 20, ctx.label("title"), size=14, bold=rng.random() < 0.5)
    y = blocks.meta_inline(ctx, m, y + 40, blocks.meta_rows(ctx), ctx.right - m)
    y = blocks.party(ctx, m, y + 10, ctx.label("customer"))
    style = TableStyle(rng.choice(COLUMN_SETS), header_fill=None, grid="none", row_gap=1.5)
    y = items_table(ctx, style, m, y + 20, ctx.right - m, ctx.height - 90, continuation_page(ctx))
    blocks.totals(ctx, ctx.right - 170, ctx.right, y + 10, rule=False, total_size=ctx.size * 1.1)
    return ctx


def service_hours(rng: random.Random, lang: str) -> Ctx:
    """Time-and-materials invoice: long wrapped descriptions, hours x rate, terms with the due date."""
    ctx = start(rng, lang, items=(2, 6))
    for item in ctx.content.items:
        extra = {"en": " – project work incl. meetings, documentation and review",
                 "de": " – Projektarbeit inkl. Abstimmung, Dokumentation und Review",
                 "fr": " – travaux projet, réunions, documentation et relecture"}[lang]
        item.description += extra[: rng.randint(15, len(extra))].rsplit(" ", 1)[0].rstrip(",")
    m = ctx.margin
    y = blocks.letterhead(ctx, m, 55, name_size=14)
    ctx.text(ctx.right, 60, ctx.label("title"), bold=True, size=18, align="right")
    blocks.meta_label_left(ctx, ctx.right - 200, 90, blocks.meta_rows(ctx), 95, value_align="right")
    y = blocks.party(ctx, m, max(y, 170) + 15, ctx.label("customer"))
    period = {"en": "Service period", "de": "Leistungszeitraum", "fr": "Période de prestation"}[lang]
    ctx.text(m, y + 12, f"{period}: {ctx.content.invoice_date:%m/%Y}", italic=True)
    style = TableStyle(["description", "quantity", "unit_price", "amount"], header_fill=rng.choice(GREYS),
                       grid="rules", row_gap=1.9)
    y = items_table(ctx, style, m, y + 40, ctx.right - m, ctx.height - 120, continuation_page(ctx))
    y = blocks.totals(ctx, ctx.right - 200, ctx.right, y + 10)
    terms_line(ctx, m, y + 12)
    blocks.footer(ctx, len(ctx.canvas.doc))
    return ctx


def multipage(rng: random.Random, lang: str) -> Ctx:
    """Long invoice whose items continue over two to four pages, with page numbers on every page."""
    ctx = start(rng, lang, items=(28, 70), size=(8.5, 9.5))
    m = ctx.margin
    y = blocks.letterhead(ctx, m, 55, name_size=14)
    ctx.text(ctx.right, 60, ctx.label("title"), bold=True, size=18, align="right")
    blocks.meta_label_left(ctx, ctx.right - 210, 90, blocks.meta_rows(ctx), 100)
    y = blocks.party(ctx, m, max(y, 170) + 15, ctx.label("customer"))
    style = TableStyle(rng.choice(COLUMN_SETS), header_fill=rng.choice(GREYS), grid=rng.choice(["rules", "full", "none"]),
                       carry_forward=rng.random() < 0.5)
    y = items_table(ctx, style, m, y + 25, ctx.right - m, ctx.height - 110, continuation_page(ctx))
    if y > ctx.height - 200:
        continuation_page(ctx)()
        y = 140
    blocks.totals(ctx, ctx.right - 200, ctx.right, y + 10)
    blocks.footer(ctx, len(ctx.canvas.doc), columns=rng.random() < 0.5)
    return ctx


FAMILIES = [
    Family("modern_band", "invoice", modern_band),
    Family("two_column_header", "invoice", two_column_header),
    Family("kv_header_table", "invoice", kv_header_table),
    Family("minimal_inline", "invoice", minimal),
    Family("service_hours", "invoice", service_hours),
    Family("multipage_items", "invoice", multipage),
]
