"""Narrow till receipts: monospace thermal, two-line items (held out), and a narrow key/value receipt."""
from __future__ import annotations

import random
from decimal import Decimal

import pymupdf

from docai.synth import blocks
from docai.synth.canvas import text_width
from docai.synth.context import Ctx
from docai.synth.families.common import Family, start
from docai.synth.families.till_lines import ITEM_COUNT, ROUNDING, SUMMARY_TOTAL, TillLines, draw_till_lines


def _receipt(rng: random.Random, lang: str, fonts: list[str], width: float, lines_per_item: int) -> tuple[Ctx, TillLines]:
    """Open a receipt page tall enough for its content (paper is cut after the last line)."""
    till = draw_till_lines(rng, lang)
    probe = random.Random(rng.random())
    count = probe.randint(1, 9)
    size = round(probe.uniform(7.0, 8.5), 1)
    height = (26 + count * lines_per_item + till.line_count) * size * 1.45 + 60
    ctx = start(rng, lang, fonts=fonts, items=(count, count), receipt=True, size=(size, size), width=width,
                height=height, margin=12)
    return ctx, till


def _wrap(font: pymupdf.Font, text: str, size: float, width: float) -> list[str]:
    """``text`` broken at spaces into lines no wider than ``width`` (a single longer word stays whole)."""
    lines = [""]
    for word in text.split():
        candidate = f"{lines[-1]} {word}".strip()
        if lines[-1] and text_width(font, candidate, size) > width:
            lines.append(word)
        else:
            lines[-1] = candidate
    return lines


def _header(ctx: Ctx, y: float, align: str, till: TillLines) -> float:
    """Vendor name and address wrapped to the paper, registration number, phone and tax id."""
    x = ctx.width / 2 if align == "center" else ctx.margin
    room = ctx.width - 2 * ctx.margin
    vendor = ctx.content.vendor
    upper = ctx.rng.random() < 0.6
    name = ctx.plain("vendor_name", vendor.name.upper() if upper else vendor.name)
    brand = _brand(ctx, till)
    if brand and not till.brand_below:
        ctx.text(x, y, brand, bold=True, size=ctx.size * 1.5, align=align)
        y += ctx.size * 1.8
    y = _name(ctx, x, y, name, align, till)
    if brand and till.brand_below:
        ctx.text(x, y, brand, align=align)
        y += ctx.size * 1.3
    if till.header_date:
        ctx.draw(x, y, _date_time(ctx), align=align)
        y += ctx.size * 1.3
    if vendor.registration and not till.inline_registration:
        ctx.text(x, y, vendor.registration, size=ctx.size * 0.9, align=align)
        y += ctx.size * 1.2
    lines = [line.upper() if upper else line for line in vendor.address_lines]
    ctx.plain("vendor_address", ", ".join(lines))
    wrapped = [part for line in lines for part in _wrap(ctx.fonts.regular, line, ctx.size, room)]
    y = ctx.lines(x, y + ctx.size * 0.15, wrapped, "vendor_address", leading=ctx.size * 1.3, align=align)
    ctx.text(x, y, f"Tel {ctx.content.extras['phone']}", align=align)
    y += ctx.size * 1.3
    if vendor.tax_id:
        y = blocks.tax_id_line(ctx, x, y, align=align)
    town = _town(ctx)
    domain = ctx.content.extras["email"].split("@")[1].split(".")[0]
    for note in till.header_notes:
        ctx.text(x, y, note.format(town=town, domain=domain, number=till.rng.randint(2, 999)), align=align)
        y += ctx.size * 1.3
    return y + ctx.size * 0.6


def _brand(ctx: Ctx, till: TillLines) -> str | None:
    """The trading name the receipt prints apart from the vendor's legal name, if it does."""
    if till.brand is None:
        return None
    words = ctx.content.vendor.name.split()
    brand = till.brand or (words[0].upper() if len(words) > 1 else None)
    return f"{brand} {_town(ctx)}" if brand and till.brand_town else brand


def _date_time(ctx: Ctx) -> list[tuple[str, str | None]]:
    return [(ctx.date_text("invoice_date"), "invoice_date"), (ctx.content.extras["time"], None)]


def _town(ctx: Ctx) -> str:
    """The first word of letters on the address's last line: the town, not its postcode."""
    words = [word.strip(",.") for word in ctx.content.vendor.address_lines[-1].split()]
    return next((word for word in words if word.isalpha()), words[-1])


def _name(ctx: Ctx, x: float, y: float, name: str, align: str, till: TillLines) -> float:
    """The vendor name wrapped to the paper, large and bold or in the body font; the registration number may
    follow it on its last line."""
    font, size = (ctx.fonts.regular, ctx.size) if till.plain_name else (ctx.fonts.bold, ctx.size * 1.25)
    registration = ctx.content.vendor.registration if till.inline_registration else None
    room = ctx.width - 2 * ctx.margin
    lines = _wrap(font, name, size, room)
    if registration and text_width(font, f"{lines[-1]} {registration}", size) > room:
        lines.append("")
    group = ctx.canvas.new_group()
    for index, line in enumerate(lines):
        tail = f" {registration}" if registration and index == len(lines) - 1 else ""
        left = x - text_width(font, line + tail, size) * {"center": 0.5, "left": 0.0}[align]
        if line:
            ctx.canvas.text(left, y, line, font, size, ctx.ink, "vendor_name", group=group)
        if tail:
            ctx.canvas.text(left + text_width(font, line + " ", size) if line else left, y, tail.strip(), font, size,
                            ctx.ink)
        y += size * 1.15
    return y


def _dashes(ctx: Ctx, y: float) -> float:
    char_w = text_width(ctx.fonts.regular, "-", ctx.size)
    ctx.text(ctx.margin, y, "-" * int((ctx.width - 2 * ctx.margin) / char_w))
    return y + ctx.size * 1.4


def _left_right(ctx: Ctx, y: float, label: str, pieces, bold: bool = False, size: float | None = None) -> float:
    ctx.text(ctx.margin, y, label, bold=bold, size=size)
    ctx.draw(ctx.width - ctx.margin, y, pieces, font=ctx.fonts.bold if bold else None, size=size, align="right")
    return y + (size or ctx.size) * 1.45


def _totals(ctx: Ctx, y: float, with_subtotal: bool, till: TillLines) -> float:
    rate = blocks.rate_text(ctx, ctx.content.tax_rate, spaced=False)
    if ctx.content.prices_include_tax:
        y = _tax_included_totals(ctx, y, with_subtotal, rate, till)
    else:
        if with_subtotal:
            y = _left_right(ctx, y, ctx.label("subtotal"), ctx.money_pieces(ctx.amount("subtotal"), "subtotal"))
        y = _left_right(ctx, y, f"{ctx.label('tax_amount')} {rate}",
                        ctx.money_pieces(ctx.amount("tax_amount"), "tax_amount"))
        y = _total_lines(ctx, y, rate, till)
    return _after_payment(ctx, _cash(ctx, y), rate, till)


def _tax_included_totals(ctx: Ctx, y: float, with_net: bool, rate: str, till: TillLines) -> float:
    """The total (the items' sum), the tax it includes and sometimes the net amount under it."""
    y = _total_lines(ctx, y, rate, till)
    y = _left_right(ctx, y, f"{ctx.label('tax_included')} {rate}", ctx.money_pieces(ctx.amount("tax_amount"), "tax_amount"))
    if with_net:
        y = _left_right(ctx, y, ctx.label("net_amount"), ctx.money_pieces(ctx.amount("subtotal"), "subtotal"))
    return y


def _total_lines(ctx: Ctx, y: float, rate: str, till: TillLines) -> float:
    """The total, large and bold or plain, with the rounding line above it; or, on tills that round to the coin,
    the total, the rounding line and the rounded total, which is the one that counts."""
    label = till.total_label.replace("{rate}", rate) if till.total_label else ctx.label("total_amount").upper()
    if till.rounded_total:
        y = _left_right(ctx, y, label, ctx.money_pieces(ctx.content.total_amount, None))
        label = till.rounded_total
    y = _rounding(ctx, y, till)
    pieces = ctx.money_pieces(ctx.amount("total_amount"), "total_amount")
    return _left_right(ctx, y, label, pieces, bold=not till.plain_total, size=_total_size(ctx, label, pieces, till))


def _total_size(ctx: Ctx, label: str, pieces, till: TillLines) -> float:
    """Larger than the body where the label and the amount still fit on the paper's width, unless the till prints
    its total like every other line."""
    if till.plain_total:
        return ctx.size
    text = f"{label}  {' '.join(piece for piece, _ in pieces)}"
    fits = text_width(ctx.fonts.bold, text, ctx.size * 1.3) < ctx.width - 2 * ctx.margin
    return ctx.size * 1.3 if fits else ctx.size


def _cash(ctx: Ctx, y: float) -> float:
    """The cash handed over and the change: amounts that are neither total."""
    cash = (ctx.content.total_amount / 5).to_integral_value(rounding="ROUND_CEILING") * 5
    paid_label = {"en": "Cash", "de": "Bar", "fr": "Espèces"}[ctx.lang]
    change_label = {"en": "Change", "de": "Rückgeld", "fr": "Rendu"}[ctx.lang]
    y = _left_right(ctx, y, paid_label, [(ctx.money_style.number(cash), None)])
    return _left_right(ctx, y, change_label, [(ctx.money_style.number(cash - ctx.content.total_amount), None)])


def _rounding(ctx: Ctx, y: float, till: TillLines) -> float:
    """A zero cash-rounding line just above the total."""
    if not till.rounding:
        return y
    return _left_right(ctx, y, till.rng.choice(ROUNDING[ctx.lang]), [(ctx.money_style.number(Decimal("0.00")), None)])


def _after_payment(ctx: Ctx, y: float, rate: str, till: TillLines) -> float:
    """Item count, the per-rate tax summary (its 'Total' row holds the net and the tax again) and footer notes."""
    if till.item_count:
        ctx.text(ctx.margin, y, till.rng.choice(ITEM_COUNT[ctx.lang]).format(n=len(ctx.content.items)))
        y += ctx.size * 1.45
    if till.tax_summary:
        title, net_label, tax_label, code = till.tax_summary
        net, tax = (ctx.money_style.number(value) for value in (ctx.content.subtotal, ctx.content.tax_amount))
        columns = (ctx.width * 0.62, ctx.width - ctx.margin)
        for label, cells in ((title, (net_label, tax_label)), (f"{code} {rate}", (net, tax)),
                             (SUMMARY_TOTAL[ctx.lang], (net, tax))):
            ctx.text(ctx.margin, y, label)
            for column, cell in zip(columns, cells):
                ctx.text(column, y, cell, align="right")
            y += ctx.size * 1.45
    for note in till.footer_notes:
        ctx.text(ctx.margin, y, note, size=ctx.size * 0.9)
        y += ctx.size * 1.3
    return y


def thermal(rng: random.Random, lang: str) -> Ctx:
    """Monospace till receipt: centred header, one line per item with qty x price before the amount."""
    ctx, till = _receipt(rng, lang, ["cour"], rng.choice([164.0, 204.0, 226.0]), 1)
    y = _header(ctx, 30, "center", till)
    ctx.text(ctx.width / 2, y, ctx.label("receipt_title"), bold=True, align="center")
    y += ctx.size * 1.6
    ctx.draw(ctx.margin, y, [(ctx.label("receipt_number") + ":", None), (ctx.plain("invoice_number", ctx.content.invoice_number), "invoice_number")])
    y += ctx.size * 1.4
    if not till.header_date:
        ctx.draw(ctx.margin, y, _date_time(ctx))
        y += ctx.size * 1.4
    y = _dashes(ctx, y)
    for index, item in enumerate(ctx.content.items):
        pieces = [(ctx.quantity_text(item.quantity), "line_item.quantity"), ("x", None),
                  (item.description[:14], "line_item.description")]
        ctx.draw(ctx.margin, y, pieces, item=index)
        ctx.draw(ctx.width - ctx.margin, y, ctx.money_pieces(item.amount, "line_item.amount"), align="right", item=index)
        y += ctx.size * 1.45
    y = _dashes(ctx, y)
    y = _totals(ctx, y, rng.random() < 0.6, till)
    ctx.text(ctx.width / 2, y + ctx.size, ctx.label("thanks"), align="center")
    return ctx


def two_line_items(rng: random.Random, lang: str) -> Ctx:
    """Proportional-font receipt: description on one line, 'qty x unit price' and the amount on the next."""
    ctx, till = _receipt(rng, lang, ["helv", "tiro"], rng.choice([204.0, 226.0, 250.0]), 2)
    y = _header(ctx, 30, rng.choice(["left", "center"]), till)
    if not till.header_date:
        ctx.draw(ctx.margin, y, _date_time(ctx))
    ctx.draw(ctx.width - ctx.margin, y, [(ctx.label("receipt_number"), None),
                                         (ctx.plain("invoice_number", ctx.content.invoice_number), "invoice_number")], align="right")
    y = _dashes(ctx, y + ctx.size * 1.6)
    for index, item in enumerate(ctx.content.items):
        ctx.text(ctx.margin, y, item.description, "line_item.description", item=index)
        y += ctx.size * 1.3
        ctx.draw(ctx.margin + 10, y, [(ctx.quantity_text(item.quantity), "line_item.quantity"), ("x", None),
                                      *ctx.money_pieces(item.unit_price, "line_item.unit_price")], item=index,
                 size=ctx.size * 0.9)
        ctx.draw(ctx.width - ctx.margin, y, ctx.money_pieces(item.amount, "line_item.amount"), align="right", item=index)
        y += ctx.size * 1.5
    y = _dashes(ctx, y)
    y = _totals(ctx, y, True, till)
    ctx.text(ctx.margin, y + ctx.size, ctx.label("thanks"), italic=True)
    return ctx


def narrow_kv(rng: random.Random, lang: str) -> Ctx:
    """Narrow receipt with key: value header lines and an item grid of qty, description and amount."""
    ctx, till = _receipt(rng, lang, ["cour", "helv"], rng.choice([164.0, 190.0]), 1)
    y = _header(ctx, 28, "left", till)
    rows = blocks.meta_rows(ctx, receipt=True, currency_row=rng.random() < 0.4)
    for label, pieces in rows:
        if till.header_date and pieces[0][1] == "invoice_date":
            continue  # printed under the name
        y = _left_right(ctx, y, label + ":", pieces)
    cashier = {"en": "Cashier", "de": "Kassierer", "fr": "Caissier"}[lang]
    y = _left_right(ctx, y, cashier + ":", [(ctx.content.vendor.contact.split()[0], None)])
    y = _dashes(ctx, y)
    qty_w = text_width(ctx.fonts.regular, "000 ", ctx.size)
    for index, item in enumerate(ctx.content.items):
        ctx.text(ctx.margin + qty_w - 4, y, ctx.quantity_text(item.quantity), "line_item.quantity", align="right", item=index)
        ctx.text(ctx.margin + qty_w + 2, y, item.description[:12], "line_item.description", item=index)
        ctx.draw(ctx.width - ctx.margin, y, [(ctx.money_style.number(item.amount), "line_item.amount")], align="right",
                 item=index)
        y += ctx.size * 1.45
    y = _dashes(ctx, y)
    y = _totals(ctx, y, rng.random() < 0.5, till)
    ctx.text(ctx.margin, y + ctx.size, ctx.label("thanks"))
    return ctx


FAMILIES = [
    Family("thermal_receipt", "receipt", thermal),
    Family("receipt_two_line", "receipt", two_line_items),
    Family("narrow_kv_receipt", "receipt", narrow_kv),
]
