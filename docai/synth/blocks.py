"""Reusable page blocks: letterheads, party blocks, key/value headers, totals and footers.

Families compose these with their own positions, styles and options. Every block takes the
baseline ``y`` of its first line and returns the next free baseline.
"""
from __future__ import annotations

from decimal import Decimal

import pymupdf

from docai.synth.canvas import text_width
from docai.synth.context import Ctx
from docai.synth.graphics import logo_png

Pieces = list[tuple[str, str | None]]


def initials(name: str) -> str:
    letters = [w[0] for w in name.split() if w[0].isalpha()]
    return "".join(letters[:2]).upper() or "X"


def logo(ctx: Ctx, x: float, y: float, size: float) -> None:
    png = logo_png(ctx.rng, ctx.accent, initials(ctx.content.vendor.name))
    ctx.canvas.image(pymupdf.Rect(x, y, x + size, y + size), png)


def vendor_lines(ctx: Ctx, one_line: bool = False) -> list[str]:
    lines = ctx.content.vendor.address_lines
    return [", ".join(lines)] if one_line else lines


def letterhead(ctx: Ctx, x: float, y: float, align: str = "left", name_size: float = 16, upper: bool = False,
               contact: bool = True, tax_line: bool = True, one_line_address: bool = False,
               max_width: float | None = None) -> float:
    """Vendor name, address, contact and tax id; ``max_width`` bounds the tax-id line (e.g. a sidebar)."""
    vendor = ctx.content.vendor
    name = vendor.name.upper() if upper else vendor.name
    ctx.text(x, y + name_size * 0.4, ctx.plain("vendor_name", name), "vendor_name", bold=True, size=name_size,
             color=ctx.accent if ctx.rng.random() < 0.5 else ctx.ink, align=align)
    y += name_size * 0.4 + ctx.size * 1.8
    lines = vendor_lines(ctx, one_line_address)
    ctx.plain("vendor_address", ", ".join(vendor.address_lines))
    y = ctx.lines(x, y, lines, "vendor_address", align=align)
    if contact:
        extras = ctx.content.extras
        y = ctx.lines(x, y, [f"Tel. {extras['phone']}", extras["email"]], None, size=ctx.size * 0.9, align=align)
    if tax_line and vendor.tax_id:
        y = tax_id_line(ctx, x, y, align, max_width=max_width)
    return y


def tax_id_rows(ctx: Ctx) -> list[tuple[str, Pieces]]:
    """The vendor's tax id as (label, value pieces) rows. A vendor that also prints a domestic tax number gets its VAT
    id labelled as one and the number, which is not the field, on a row of its own before or after it."""
    vendor = ctx.content.vendor
    tax_id = [(ctx.plain("vendor_tax_id", vendor.tax_id or ""), "vendor_tax_id")]
    if not vendor.tax_number:
        return [(ctx.label("vendor_tax_id"), tax_id)]
    rows = [(ctx.label("vat_id"), tax_id), (ctx.label("tax_number"), [(vendor.tax_number, None)])]
    return rows if ctx.rng.random() < 0.5 else rows[::-1]


def tax_id_line(ctx: Ctx, x: float, y: float, align: str = "left", size: float | None = None,
                max_width: float | None = None) -> float:
    size = size or ctx.size
    room = x if align == "right" else ctx.width - x if align == "left" else 2 * min(x, ctx.width - x)
    room = min(room - ctx.margin, max_width or room)
    for label, pieces in tax_id_rows(ctx):
        label += ":"
        value, tag = pieces[0]
        if text_width(ctx.fonts.regular, f"{label} {value}", size) > room:  # narrow page or column: value below
            ctx.text(x, y, label, size=size, align=align)
            y += size * 1.3
            ctx.text(x, y, value, tag, size=size, align=align)
        else:
            ctx.draw(x, y, [(label, None), (value, tag)], size=size, align=align)
        y += size * 1.4
    return y


def party(ctx: Ctx, x: float, y: float, heading: str | None, who: str = "customer", align: str = "left",
          shade: bool = False, width: float = 200) -> float:
    """A name and address block, e.g. Bill To; ``who`` is 'customer' or 'vendor'."""
    person = ctx.content.customer if who == "customer" else ctx.content.vendor
    if shade:
        ctx.canvas.fill(pymupdf.Rect(x - 6, y - ctx.size - 4, x + width, y + ctx.size * 1.35 * (len(person.address_lines) + 2)),
                        color=(0.94, 0.94, 0.94))
    if heading:
        ctx.text(x, y, heading, bold=True, size=ctx.size * 0.95, color=ctx.accent, align=align)
        y += ctx.size * 1.5
    ctx.text(x, y, ctx.plain(f"{who}_name", person.name), f"{who}_name", bold=True, align=align)
    ctx.plain(f"{who}_address", ", ".join(person.address_lines))
    return ctx.lines(x, y + ctx.size * 1.35, person.address_lines, f"{who}_address", align=align)


def labelled_party(ctx: Ctx, x: float, y: float, who: str = "customer", label_width: float = 70,
                   heading: bool = True, tax_id: bool = True) -> float:
    """A party as labelled rows under its role (Seller / Buyer): Name, Address (continuation lines
    under the value), the vendor's tax id and sometimes a contact."""
    person = ctx.content.customer if who == "customer" else ctx.content.vendor
    if heading:
        ctx.text(x, y, ctx.label("buyer_role" if who == "customer" else "seller_role"), bold=True,
                 size=ctx.size * 1.05, color=ctx.accent if ctx.rng.random() < 0.5 else ctx.ink)
        y += ctx.size * 1.6
    colon = ctx.rng.random() < 0.7
    small = ctx.rng.random() < 0.4

    def label(text: str) -> None:
        text = text if text.endswith(":") or not colon else text + ":"
        ctx.text(x, y, text, size=ctx.size * (0.85 if small else 1.0), color=(0.35, 0.35, 0.35) if small else None)

    label(ctx.label("party_name"))
    ctx.text(x + label_width, y, ctx.plain(f"{who}_name", person.name), f"{who}_name", bold=ctx.rng.random() < 0.3)
    y += ctx.size * 1.4
    label(ctx.label("party_address"))
    ctx.plain(f"{who}_address", ", ".join(person.address_lines))
    lines = [", ".join(person.address_lines)] if ctx.rng.random() < 0.25 else person.address_lines
    y = ctx.lines(x + label_width, y, lines, f"{who}_address", leading=ctx.size * 1.3)
    y += ctx.size * 0.1
    if who == "vendor" and tax_id and person.tax_id:
        for text, pieces in tax_id_rows(ctx):
            label(text)
            ctx.draw(x + label_width, y, pieces)
            y += ctx.size * 1.4
    if ctx.rng.random() < 0.4:
        label(ctx.label("party_contact"))
        ctx.text(x + label_width, y, ctx.content.extras["email" if who == "vendor" else "customer_no"])
        y += ctx.size * 1.4
    return y


def amount_callout(ctx: Ctx, x: float, y: float, width: float, with_due_date: bool = True) -> float:
    """A box that states what to pay, large, and by when; for statements and reminders."""
    content = ctx.content
    tag = "amount_due" if content.paid > 0 or ctx.rng.random() < 0.6 else "total_amount"
    height = ctx.size * (6.4 if with_due_date and content.due_date else 4.6)
    fill = ctx.rng.choice([(0.95, 0.95, 0.95), (0.93, 0.95, 0.98), None])
    ctx.canvas.fill(pymupdf.Rect(x, y, x + width, y + height), color=fill, stroke=ctx.accent, width=1.0)
    ctx.text(x + 8, y + ctx.size * 1.6, ctx.label(tag), bold=True)
    ctx.draw(x + width - 8, y + ctx.size * 3.6, ctx.money_pieces(ctx.amount(tag), tag), font=ctx.fonts.bold,
             size=ctx.size * ctx.rng.uniform(1.4, 2.0), align="right")
    if with_due_date and content.due_date:
        ctx.draw(x + 8, y + ctx.size * 5.4, [(ctx.label("due_date") + ":", None), (ctx.date_text("due_date"), "due_date")])
    return y + height + ctx.size * 1.5


def meta_rows(ctx: Ctx, receipt: bool = False, currency_row: bool | None = None) -> list[tuple[str, Pieces]]:
    """The document's reference data as (label, tagged pieces) rows, in a family-independent order."""
    content = ctx.content
    number_label = ctx.label("receipt_number" if receipt else "invoice_number")
    rows: list[tuple[str, Pieces]] = [
        (number_label, [(ctx.plain("invoice_number", content.invoice_number), "invoice_number")]),
        (ctx.label("invoice_date"), [(ctx.date_text("invoice_date"), "invoice_date")]),
    ]
    if content.due_date:
        rows.append((ctx.label("due_date"), [(ctx.date_text("due_date"), "due_date")]))
    if content.purchase_order:
        rows.append((ctx.label("purchase_order"), [(ctx.plain("purchase_order", content.purchase_order), "purchase_order")]))
    if not receipt and ctx.rng.random() < 0.4:
        rows.append(({"en": "Customer No.", "de": "Kundennummer", "fr": "N° client"}[ctx.lang],
                     [(content.extras["customer_no"], None)]))
    if currency_row if currency_row is not None else ctx.money_style.currency_mode in ("none", "symbol_glued"):
        ctx.values["currency"] = content.currency
        rows.append((ctx.label("currency"), [(content.currency, "currency")]))
    if ctx.rng.random() < 0.3:
        ctx.rng.shuffle(rows)
    return rows


def meta_label_left(ctx: Ctx, x: float, y: float, rows: list[tuple[str, Pieces]], label_width: float,
                    value_align: str = "left", value_right: float | None = None, colon: bool = True) -> float:
    for label, pieces in rows:
        ctx.text(x, y, label + (":" if colon and not label.endswith(":") else ""), bold=ctx.rng.random() < 0.5)
        if value_align == "right":
            ctx.draw(value_right or ctx.right, y, pieces, align="right")
        else:
            ctx.draw(x + label_width, y, pieces)
        y += ctx.size * 1.45
    return y


def meta_label_above(ctx: Ctx, x: float, y: float, rows: list[tuple[str, Pieces]], column_width: float,
                     columns: int, shade: bool = False) -> float:
    """Grid of cells, a small grey label above each value."""
    for index, (label, pieces) in enumerate(rows):
        col, row = index % columns, index // columns
        cx, cy = x + col * column_width, y + row * ctx.size * 3.2
        if shade:
            ctx.canvas.fill(pymupdf.Rect(cx - 4, cy - ctx.size - 2, cx + column_width - 8, cy + ctx.size * 1.9),
                            color=(0.93, 0.95, 0.97))
        ctx.text(cx, cy, label.upper() if ctx.rng.random() < 0.3 else label, size=ctx.size * 0.8, color=(0.4, 0.4, 0.45))
        ctx.draw(cx, cy + ctx.size * 1.3, pieces, font=ctx.fonts.bold)
    return y + ((len(rows) + columns - 1) // columns) * ctx.size * 3.2


def meta_kv_table(ctx: Ctx, x: float, y: float, rows: list[tuple[str, Pieces]], width: float, label_width: float,
                  header_fill: tuple[float, float, float] | None = (0.9, 0.9, 0.9)) -> float:
    """Bordered two-column key/value table."""
    row_height = ctx.size * 1.9
    top = y - ctx.size * 1.25
    for index, (label, pieces) in enumerate(rows):
        cell = pymupdf.Rect(x, top + index * row_height, x + width, top + (index + 1) * row_height)
        ctx.canvas.fill(pymupdf.Rect(cell.x0, cell.y0, cell.x0 + label_width, cell.y1), color=header_fill, stroke=(0.5, 0.5, 0.5))
        ctx.canvas.fill(pymupdf.Rect(cell.x0 + label_width, cell.y0, cell.x1, cell.y1), stroke=(0.5, 0.5, 0.5))
        baseline = cell.y1 - row_height * 0.32
        ctx.text(x + 4, baseline, label, size=ctx.size * 0.9)
        ctx.draw(x + label_width + 5, baseline, pieces)
    return top + len(rows) * row_height + ctx.size * 2


def meta_inline(ctx: Ctx, x: float, y: float, rows: list[tuple[str, Pieces]], max_width: float) -> float:
    """Rows run on as 'Label: value | Label: value', wrapping when the line is full."""
    cursor = x
    for label, pieces in rows:
        entry = [(label + ":", None), *pieces]
        width = sum(text_width(ctx.fonts.regular, t + "  ", ctx.size) for t, _ in entry) + 12
        if cursor > x and cursor + width > x + max_width:
            cursor, y = x, y + ctx.size * 1.5
        cursor = ctx.draw(cursor, y, entry) + 14
    return y + ctx.size * 1.6


def rate_text(ctx: Ctx, rate: Decimal, spaced: bool | None = None) -> str:
    """A VAT rate as the document prints it: '20%', '19 %', '5,5 %' (spaced by default but in English)."""
    text = f"{rate:f}"
    text = text.rstrip("0").rstrip(".") if "." in text else text
    spaced = ctx.lang != "en" if spaced is None else spaced
    return f"{text.replace('.', ctx.money_style.decimal)}{' ' if spaced else ''}%"


def tax_rows(ctx: Ctx) -> list[tuple[str, Decimal, str | None]]:
    """(label, amount, tag) of the tax in the totals: one row, or with several rates an untagged row per rate
    ('USt. 7 % auf 120,00') and their sum, which is the field."""
    content = ctx.content
    breakdown = content.vat_breakdown
    if len(breakdown) == 1:
        return [(f"{ctx.label('tax_amount')} {rate_text(ctx, content.tax_rate)}", ctx.amount("tax_amount"), "tax_amount")]
    tax, on = ctx.label("tax_amount"), ctx.label("rate_base")
    rows: list[tuple[str, Decimal, str | None]] = [
        (f"{tax} {rate_text(ctx, rate)} {on} {ctx.money_style.number(base)}", part, None)
        for rate, base, part in breakdown]
    return rows + [(ctx.label("tax_total"), ctx.amount("tax_amount"), "tax_amount")]


def totals(ctx: Ctx, label_x: float, right: float, y: float, boxed: bool = False, rule: bool = True,
           due_row: bool | None = None, total_size: float | None = None) -> float:
    """Subtotal, tax, total and, when something was paid or by choice, the amount due."""
    content = ctx.content
    rows = [(ctx.label("subtotal"), ctx.amount("subtotal"), "subtotal"), *tax_rows(ctx),
            (ctx.label("total_amount"), ctx.amount("total_amount"), "total_amount")]
    show_due = content.paid > 0 or (due_row if due_row is not None else ctx.rng.random() < 0.35)
    top = y - ctx.size * 1.3
    for label, amount, tag in rows:
        is_total = tag == "total_amount"
        if is_total and rule:
            ctx.canvas.rule(label_x, y - ctx.size * 1.1, right, y - ctx.size * 1.1, ctx.ink, 0.8)
        size = (total_size or ctx.size * 1.15) if is_total else ctx.size
        ctx.text(label_x, y, label, bold=is_total, size=size)
        ctx.draw(right, y, ctx.money_pieces(amount, tag), font=ctx.fonts.bold if is_total else None,
                 size=size, align="right")
        y += size * 1.6
    if show_due:
        if content.paid > 0:
            ctx.text(label_x, y, ctx.label("paid"))
            ctx.draw(right, y, ctx.money_pieces(-content.paid, None), align="right")
            y += ctx.size * 1.6
        ctx.text(label_x, y, ctx.label("amount_due"), bold=True)
        ctx.draw(right, y, ctx.money_pieces(ctx.amount("amount_due"), "amount_due"), font=ctx.fonts.bold, align="right")
        y += ctx.size * 1.6
    if boxed:
        ctx.canvas.fill(pymupdf.Rect(label_x - 8, top, right + 6, y - ctx.size * 0.6), stroke=ctx.accent, width=0.8)
    return y


def footer(ctx: Ctx, page_count: int, columns: bool = True, page_numbers: bool = True, tax_id: bool = True,
           bottom: float | None = None) -> None:
    """Bank and company details at the bottom of every page, and 'Page n of m'."""
    content, extras = ctx.content, ctx.content.extras
    base = bottom or ctx.height - 45
    small = ctx.size * 0.78
    page_format = ctx.label("page")
    for page_index in range(page_count):
        ctx.canvas.select(page_index)
        ctx.canvas.rule(ctx.margin, base - small * 2.2, ctx.right, base - small * 2.2, (0.6, 0.6, 0.6), 0.4)
        bank = [ctx.label("bank"), f"IBAN {extras['iban']}", f"BIC {extras['bic']}"]
        company = [content.vendor.name, *content.vendor.address_lines[-1:]]
        if columns:
            ctx.lines(ctx.margin, base, company, None, size=small, color=(0.35, 0.35, 0.35))
            ctx.lines(ctx.margin + (ctx.right - ctx.margin) / 3, base, bank, None, size=small, color=(0.35, 0.35, 0.35))
        else:
            ctx.text(ctx.margin, base, " · ".join(bank), size=small, color=(0.35, 0.35, 0.35))
        if tax_id and content.vendor.tax_id:
            x = ctx.margin + 2 * (ctx.right - ctx.margin) / 3 if columns else ctx.margin
            y = base if columns else base + small * 1.4
            for label, pieces in tax_id_rows(ctx):
                ctx.draw(x, y, [(label + ":", None), *pieces], size=small)
                y += small * 1.3
        if page_numbers:
            ctx.text(ctx.right, base + small * 3.2, page_format.format(n=page_index + 1, m=page_count), size=small,
                     align="right")
    ctx.canvas.select(page_count - 1)
