"""A form-style invoice: the document laid out as titled sections of labelled rows.

E-invoices (EN 16931: ZUGFeRD, XRechnung, Factur-X) often reach people as such renderings:
a section per party with Name / Address / VAT id rows, reference data as rows, the items,
a VAT breakdown table and the totals as a long list of labelled amounts. Labels sit in one
column and values in another, far from each other; a party's role is named only by its
section's title, several lines above its name.
"""
from __future__ import annotations

import datetime as dt
import random

import pymupdf

from docai.synth import blocks
from docai.synth.content import random_digits
from docai.synth.context import Ctx
from docai.synth.families.common import COLUMN_SETS, Family, continuation_page, start, terms_line
from docai.synth.formats import format_date
from docai.synth.tables import TableStyle, items_table

VAT_HEADINGS = {"en": ["Category", "Base", "Rate", "Tax"], "de": ["Kategorie", "Basisbetrag", "Satz", "Steuer"],
                "fr": ["Catégorie", "Base HT", "Taux", "TVA"]}
ORDER_NOTE = {"en": "Delivered according to your order of {date}.", "de": "Lieferung gemäß Ihrer Bestellung vom {date}.",
              "fr": "Livraison selon votre commande du {date}."}


class Form:
    """Sections and labelled rows across the page; rows may be shaded alternately."""

    def __init__(self, ctx: Ctx) -> None:
        rng = ctx.rng
        self.ctx = ctx
        self.value_x = ctx.margin + (ctx.right - ctx.margin) * rng.uniform(0.3, 0.45)
        self.bar = rng.choice([(0.85, 0.92, 0.97), (0.9, 0.9, 0.9), (0.95, 0.93, 0.85), None])
        self.zebra = rng.choice([(0.96, 0.96, 0.96), None])
        self.colon = rng.random() < 0.6
        self.row_gap = ctx.size * rng.uniform(1.6, 2.2)
        self.rows_drawn = 0
        self.new_page = continuation_page(ctx)

    def room(self, y: float, needed: float) -> float:
        """The baseline to go on at: ``y``, or the top of a new page when ``needed`` does not fit."""
        return self.new_page() if y + needed > self.ctx.height - 90 else y

    def section(self, y: float, title: str) -> float:
        ctx = self.ctx
        y = self.room(y + ctx.size, ctx.size * 8)
        if self.bar:
            ctx.canvas.fill(pymupdf.Rect(ctx.margin, y - ctx.size * 1.3, ctx.right, y + ctx.size * 0.6), color=self.bar)
        else:
            ctx.canvas.rule(ctx.margin, y + ctx.size * 0.5, ctx.right, y + ctx.size * 0.5, ctx.accent, 0.8)
        ctx.text(ctx.margin + 4, y, title, bold=True, size=ctx.size * 1.1)
        self.rows_drawn = 0
        return y + ctx.size * 2.4

    def row(self, y: float, label: str, pieces: blocks.Pieces, bold: bool = False, align: str = "left") -> float:
        ctx = self.ctx
        y = self.room(y, self.row_gap)
        if self.zebra and self.rows_drawn % 2:
            ctx.canvas.fill(pymupdf.Rect(ctx.margin, y - ctx.size * 1.1, ctx.right, y + self.row_gap - ctx.size * 1.1),
                            color=self.zebra)
        if label:
            ctx.text(ctx.margin + 4, y, label + (":" if self.colon and not label.endswith(":") else ""))
        font = ctx.fonts.bold if bold else None
        if align == "right":
            ctx.draw(ctx.right - 4, y, pieces, font=font, align="right")
        else:
            ctx.draw(self.value_x, y, pieces, font=font)
        self.rows_drawn += 1
        return y + self.row_gap

    def lines_row(self, y: float, label: str, lines: list[str], tag: str) -> float:
        """A value printed over several lines (an address) under one label."""
        ctx = self.ctx
        y = self.room(y, self.row_gap * len(lines))
        ctx.text(ctx.margin + 4, y, label + (":" if self.colon and not label.endswith(":") else ""))
        ctx.lines(self.value_x, y, lines, tag, leading=self.row_gap)
        self.rows_drawn += len(lines)
        return y + self.row_gap * len(lines)


def party_section(form: Form, y: float, who: str) -> float:
    ctx, rng = form.ctx, form.ctx.rng
    person = ctx.content.vendor if who == "vendor" else ctx.content.customer
    y = form.section(y, ctx.label("seller_role" if who == "vendor" else "buyer_role"))
    if rng.random() < 0.6:
        number = ctx.content.extras["customer_no"] if who == "customer" else str(rng.randint(10000, 999999))
        y = form.row(y, ctx.label("party_number"), [(number, None)])
    if rng.random() < 0.3:
        y = form.row(y, ctx.label("global_id"),
                     [(random_digits(rng, 13), None)])
    y = form.row(y, ctx.label("party_name"), [(ctx.plain(f"{who}_name", person.name), f"{who}_name")], bold=rng.random() < 0.5)
    ctx.plain(f"{who}_address", ", ".join(person.address_lines))
    y = form.lines_row(y, ctx.label("party_address"), person.address_lines, f"{who}_address")
    extra: list[tuple[str, blocks.Pieces]] = []
    if who == "vendor" and person.tax_id:
        extra += blocks.tax_id_rows(ctx)
    if person.registration and rng.random() < 0.5:
        extra.append((ctx.label("registration"), [(person.registration, None)]))
    if rng.random() < 0.4:
        key = "email" if who == "vendor" else "customer_no"
        extra.append((ctx.label("party_contact"), [(ctx.content.extras[key], None)]))
    rng.shuffle(extra)  # what follows the address varies; a tax id is known by its label
    for label, pieces in extra:
        y = form.row(y, label, pieces)
    return y


def title_line(ctx: Ctx, y: float) -> tuple[float, bool]:
    """The title, sometimes followed on its line by the number and date; says whether they were."""
    size = ctx.rng.uniform(13, 18)
    if ctx.rng.random() < 0.5:
        ctx.text(ctx.margin, y, ctx.label("title"), bold=True, size=size)
        return y + size * 1.8, False
    of = {"en": "of", "de": "vom", "fr": "du"}[ctx.lang]
    number = {"en": "No.", "de": "Nr.", "fr": "n°"}[ctx.lang]
    ctx.draw(ctx.margin, y, [(ctx.label("title"), None), (number, None),
                             (ctx.plain("invoice_number", ctx.content.invoice_number), "invoice_number"),
                             (of, None), (ctx.date_text("invoice_date"), "invoice_date")],
             font=ctx.fonts.bold, size=size)
    return y + size * 1.8, True


def vat_table(form: Form, y: float) -> float:
    """One row per tax rate: category, taxable base, rate, tax. Its amounts are not tagged: with several rates they
    are parts of the subtotal and the tax, and the fields are the totals section's."""
    ctx = form.ctx
    y = form.section(y, ctx.label("section_vat"))
    heads = VAT_HEADINGS[ctx.lang]
    width = ctx.right - ctx.margin
    rights = [ctx.margin + width * share for share in (0.55, 0.75, 1.0)]
    ctx.text(ctx.margin + 4, y, heads[0], bold=True, size=ctx.size * 0.9)
    for head, right in zip(heads[1:], rights):
        ctx.text(right - 4, y, head, bold=True, size=ctx.size * 0.9, align="right")
    for index, (rate, base, tax) in enumerate(ctx.content.vat_breakdown):  # the standard rate first
        y += form.row_gap
        ctx.text(ctx.margin + 4, y, ctx.label("vat_reduced" if index else "vat_category"))
        ctx.draw(rights[0] - 4, y, ctx.money_pieces(base, None, with_currency=False), align="right")
        ctx.text(rights[1] - 4, y, blocks.rate_text(ctx, rate, spaced=True), align="right")
        ctx.draw(rights[2] - 4, y, ctx.money_pieces(tax, None, with_currency=False), align="right")
    return y + form.row_gap


def totals_section(form: Form, y: float) -> float:
    """Totals as a list of labelled amounts, zero charges and allowances among them."""
    ctx, rng = form.ctx, form.ctx.rng
    content = ctx.content
    y = form.section(y, ctx.label("section_totals"))
    zero = ctx.money_pieces(content.subtotal * 0, None)
    rows: list[tuple[str, blocks.Pieces, bool]] = []
    if rng.random() < 0.6:
        rows.append((ctx.label("line_sum"), ctx.money_pieces(ctx.amount("subtotal"), "subtotal"), False))
        if rng.random() < 0.7:
            rows += [(ctx.label("charges"), zero, False),
                     (ctx.label("allowances"), zero, False)]
    rows += [(ctx.label("subtotal"), ctx.money_pieces(ctx.amount("subtotal"), "subtotal"), True),
             (ctx.label("tax_amount"), ctx.money_pieces(ctx.amount("tax_amount"), "tax_amount"), False),
             (ctx.label("total_amount"), ctx.money_pieces(ctx.amount("total_amount"), "total_amount"), True)]
    if content.paid > 0 or rng.random() < 0.6:
        rows.append((ctx.label("paid"), ctx.money_pieces(-content.paid, None), False))
        rows.append((ctx.label("amount_due"), ctx.money_pieces(ctx.amount("amount_due"), "amount_due"), True))
    for label, pieces, bold in rows:
        y = form.row(y, label, pieces, bold=bold, align="right")
    return y


def sectioned_form(rng: random.Random, lang: str) -> Ctx:
    ctx = start(rng, lang, fonts=["helv", "tiro", "helv"], size=(7.5, 9.5))
    y, numbered = title_line(ctx, rng.uniform(60, 75))
    form = Form(ctx)
    rows = [row for row in blocks.meta_rows(ctx, currency_row=rng.random() < 0.7)
            if not numbered or row[1][0][1] not in ("invoice_number", "invoice_date")]
    y = form.section(y, ctx.label("section_details")) if rng.random() < 0.5 else y
    for label, pieces in rows:
        y = form.row(y, label, pieces)
    for who in ("vendor", "customer") if rng.random() < 0.8 else ("customer", "vendor"):
        y = party_section(form, y + ctx.size, who)
    if rng.random() < 0.5:
        y = form.section(y + ctx.size, ctx.label("section_notes"))
        ordered = ctx.content.invoice_date - dt.timedelta(days=rng.randint(2, 30))
        note = ORDER_NOTE[lang].format(date=format_date(rng, ordered, lang, ctx.date_style))
        y = form.row(y, "", [(note, None)])
    y = form.section(y + ctx.size, ctx.label("section_items"))
    style = TableStyle(rng.choice(COLUMN_SETS), header_fill=form.bar, grid=rng.choice(["rules", "none"]),
                       detail_line=rng.random() < 0.6, row_gap=rng.uniform(1.7, 2.6))
    y = items_table(ctx, style, ctx.margin, y + ctx.size, ctx.right - ctx.margin, ctx.height - 100, form.new_page)
    if rng.random() < 0.7:
        y = vat_table(form, y + ctx.size)
    y = totals_section(form, y + ctx.size)
    if rng.random() < 0.7:
        y = form.section(y + ctx.size, ctx.label("section_payment"))
        terms_line(ctx, ctx.margin + 4, form.room(y, ctx.size * 2))
    blocks.footer(ctx, len(ctx.canvas.doc), columns=rng.random() < 0.5, tax_id=rng.random() < 0.3)
    return ctx


FAMILIES = [Family("sectioned_form", "invoice", sectioned_form)]
