"""Letter-style invoice families: classic letterhead, centred letterhead, DIN 5008 letter, French facture."""
from __future__ import annotations

import random

import pymupdf

from docai.synth import blocks
from docai.synth.context import Ctx
from docai.synth.graphics import signature_png, stamp_png
from docai.synth.families.common import COLUMN_SETS, GREYS, Family, continuation_page, start, terms_line
from docai.synth.tables import TableStyle, items_table


def classic(rng: random.Random, lang: str) -> Ctx:
    """Logo and letterhead left, title and label-left meta block right, Bill To, ruled table, totals right."""
    ctx = start(rng, lang)
    m = ctx.margin
    x = m
    if rng.random() < 0.6:
        blocks.logo(ctx, m, 40, 46)
        x = m + 56
    y = blocks.letterhead(ctx, x, 52, name_size=rng.uniform(13, 18))
    ctx.text(ctx.right, 70, ctx.label("title"), bold=True, size=rng.uniform(18, 26), color=ctx.accent, align="right")
    meta_x = ctx.right - 215
    blocks.meta_label_left(ctx, meta_x, 105, blocks.meta_rows(ctx), 100, value_align=rng.choice(["left", "right"]))
    y = blocks.party(ctx, m, max(y, 175) + 15, ctx.label("customer"))
    style = TableStyle(rng.choice(COLUMN_SETS), header_fill=rng.choice(GREYS), grid=rng.choice(["rules", "none"]))
    y = items_table(ctx, style, m, y + 25, ctx.right - m, ctx.height - 120, continuation_page(ctx))
    y = blocks.totals(ctx, ctx.right - 200, ctx.right, y + 10)
    terms_line(ctx, m, y + 15)
    blocks.footer(ctx, len(ctx.canvas.doc), columns=rng.random() < 0.6)
    return ctx


def centered(rng: random.Random, lang: str) -> Ctx:
    """Centred letterhead and title, label-above meta grid, full-grid table, boxed totals."""
    ctx = start(rng, lang, fonts=["tiro", "helv"])
    mid = ctx.width / 2
    if rng.random() < 0.5:
        blocks.logo(ctx, mid - 20, 30, 40)
        top = 88
    else:
        top = 55
    y = blocks.letterhead(ctx, mid, top, align="center", one_line_address=True, contact=rng.random() < 0.5,
                          upper=rng.random() < 0.4)
    ctx.canvas.rule(ctx.margin, y, ctx.right, y, ctx.accent, 1.2)
    ctx.text(mid, y + 30, ctx.label("title"), bold=True, size=20, align="center")
    rows = blocks.meta_rows(ctx)
    y = blocks.meta_label_above(ctx, ctx.margin, y + 62, rows, (ctx.right - ctx.margin) / 4, 4, shade=rng.random() < 0.5)
    y = blocks.party(ctx, ctx.margin, y + 15, ctx.label("customer"))
    style = TableStyle(rng.choice(COLUMN_SETS), header_fill=rng.choice(GREYS[:4]), grid="full")
    y = items_table(ctx, style, ctx.margin, y + 25, ctx.right - ctx.margin, ctx.height - 120, continuation_page(ctx))
    y = blocks.totals(ctx, ctx.right - 210, ctx.right - 8, y + 14, boxed=True, rule=False)
    blocks.footer(ctx, len(ctx.canvas.doc), columns=False)
    return ctx


def din5008(rng: random.Random, lang: str) -> Ctx:
    """German business letter: sender line over the address window, info block right, subject line, Pos. table."""
    ctx = start(rng, lang, fonts=["helv"], size=(9, 10), width=595.0, height=842.0, margin=57)
    m = ctx.margin
    blocks.letterhead(ctx, ctx.right, 50, align="right", name_size=14, contact=False, tax_line=False)
    vendor = ctx.content.vendor
    sender = f"{vendor.name} · {' · '.join(vendor.address_lines)}"
    ctx.text(m, 140, sender, size=6.5, color=(0.3, 0.3, 0.3))
    ctx.canvas.rule(m, 143, m + 240, 143, (0.5, 0.5, 0.5), 0.3)
    blocks.party(ctx, m, 165, None)
    rows = blocks.meta_rows(ctx)
    blocks.meta_label_left(ctx, ctx.right - 190, 160, rows, 95, colon=False)
    subject = ctx.label("title").capitalize()
    y = 290
    ctx.draw(m, y, [(subject, None), (ctx.content.invoice_number, "invoice_number")], font=ctx.fonts.bold, size=12)
    greeting = {"en": "Dear Sir or Madam,", "de": "Sehr geehrte Damen und Herren,", "fr": "Madame, Monsieur,"}[lang]
    ctx.text(m, y + 28, greeting)
    body = {"en": "we hereby invoice the following goods and services:", "de": "wir berechnen Ihnen folgende Leistungen:",
            "fr": "veuillez trouver ci-dessous le détail de notre facture :"}[lang]
    ctx.text(m, y + 42, body)
    columns = rng.choice([["position", "description", "quantity", "unit", "unit_price", "amount"],
                          ["position", "sku", "description", "quantity", "unit_price", "amount"]])
    style = TableStyle(columns, header_fill=None, grid="rules", carry_forward=True)
    y = items_table(ctx, style, m, y + 70, ctx.right - m, ctx.height - 130, continuation_page(ctx))
    y = blocks.totals(ctx, ctx.right - 220, ctx.right, y + 10)
    y = terms_line(ctx, m, y + 20)
    closing = {"en": "Kind regards", "de": "Mit freundlichen Grüßen", "fr": "Cordialement"}[lang]
    ctx.text(m, y + 12, closing)
    blocks.footer(ctx, len(ctx.canvas.doc), columns=True)
    return ctx


def facture(rng: random.Random, lang: str) -> Ctx:
    """Vendor block left, customer block right under a heading, key/value table, TVA-style totals, legal footer."""
    ctx = start(rng, lang, fonts=["helv", "tiro"])
    m = ctx.margin
    blocks.letterhead(ctx, m, 55, name_size=15, tax_line=False)
    blocks.party(ctx, ctx.width / 2 + 20, 150, ctx.label("customer"), shade=rng.random() < 0.6, width=ctx.right - ctx.width / 2 - 20)
    ctx.text(m, 175, ctx.label("title"), bold=True, size=22, color=ctx.accent)
    y = blocks.meta_kv_table(ctx, m, 215, blocks.meta_rows(ctx), 220, 110, header_fill=rng.choice(GREYS[:4]))
    style = TableStyle(rng.choice(COLUMN_SETS[2:]), header_fill=ctx.accent, header_color=(1, 1, 1),
                       grid=rng.choice(["full", "rules"]))
    y = items_table(ctx, style, m, max(y, 300) + 10, ctx.right - m, ctx.height - 125, continuation_page(ctx))
    y = blocks.totals(ctx, ctx.right - 210, ctx.right, y + 10, boxed=rng.random() < 0.5)
    terms_line(ctx, m, y + 15)
    legal = {"en": "Registered in England No. {n}", "de": "Amtsgericht Köln HRB {n}", "fr": "SIRET {n} · RCS Paris"}[lang]
    ctx.text(m, ctx.height - 95, legal.format(n=ctx.content.extras["customer_no"] + "0012"), size=7, color=(0.4, 0.4, 0.4))
    blocks.footer(ctx, len(ctx.canvas.doc), columns=rng.random() < 0.5)
    return ctx


def stamped(rng: random.Random, lang: str) -> Ctx:
    """Invoice marked with a rubber stamp and a signature, label-left meta under the title."""
    ctx = start(rng, lang, fonts=["tiro", "helv", "cour"])
    m = ctx.margin
    ctx.text(m, 60, ctx.label("title"), bold=True, size=24)
    y = blocks.meta_label_left(ctx, m, 90, blocks.meta_rows(ctx), 110)
    blocks.letterhead(ctx, ctx.right, 60, align="right", name_size=13)
    y = blocks.party(ctx, m, max(y, 170) + 15, ctx.label("customer"))
    style = TableStyle(rng.choice(COLUMN_SETS), header_fill=rng.choice(GREYS), grid=rng.choice(["rules", "full"]))
    y = items_table(ctx, style, m, y + 25, ctx.right - m, ctx.height - 160, continuation_page(ctx))
    y = blocks.totals(ctx, ctx.right - 200, ctx.right, y + 10)
    word = {"en": rng.choice(["PAID", "RECEIVED", "APPROVED"]), "de": rng.choice(["BEZAHLT", "GEPRÜFT"]),
            "fr": rng.choice(["PAYÉ", "REÇU"])}[lang]
    stamp_x = rng.uniform(m + 40, ctx.width / 2 - 60)
    ctx.canvas.image(pymupdf.Rect(stamp_x, y - 40, stamp_x + 130, y + 40), stamp_png(rng, word))
    ctx.canvas.image(pymupdf.Rect(m, y + 50, m + 120, y + 86), signature_png(rng))
    ctx.canvas.rule(m, y + 88, m + 150, y + 88, ctx.ink, 0.4)
    blocks.footer(ctx, len(ctx.canvas.doc), columns=rng.random() < 0.5, page_numbers=False)
    return ctx


FAMILIES = [
    Family("classic_letterhead", "invoice", classic),
    Family("centered_letterhead", "invoice", centered),
    Family("din5008_letter", "invoice", din5008),
    Family("facture_blocks", "invoice", facture),
    Family("stamped_signed", "invoice", stamped),
]
