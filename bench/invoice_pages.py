"""Benchmark input: invoice-like PDF pages (~300 words: letterhead, address blocks, a line-item
table, totals, terms, footer), and scanned copies of them as image-only PDFs."""

from __future__ import annotations

import random
from pathlib import Path

import pymupdf

_ITEMS = ["Printer paper A4 80g", "Ballpoint pens blue box of 50", "Consulting services senior",
          "Software licence annual plan", "USB-C cable 2 m braided", "Office chair ergonomic mesh",
          "Toner cartridge black high yield", "Network switch 24 port managed",
          "Desk lamp LED dimmable", "Shipping and handling standard", "Whiteboard markers assorted",
          "Monitor stand adjustable aluminium", "Cloud storage 1 TB monthly",
          "On-site support hourly rate", "Filing cabinet three drawers steel"]
_COMPANIES = ["Acme Supplies Ltd", "Northwind Trading Inc.", "Bluebird Logistics LLC",
              "Summit Office Co.", "Harbor Systems Limited", "Redwood Consulting Corp."]
_STREETS = ["High Street", "Main Street", "Park Avenue", "Church Road", "Station Road"]
_CITIES = ["London EC1A 1BB", "Leeds LS1 4DY", "Boston MA 02108", "Toronto ON M5V 2T6"]
_TERMS = ("Payment is due within 30 days of the invoice date. Please quote the invoice number "
          "with your payment. Late payments may incur interest at 2% per month on the "
          "outstanding balance. Goods remain our property until paid in full. Questions about "
          "this invoice should be sent to our accounts team within 14 days of receipt. Thank you "
          "for your business and we look forward to working with you again.")


def _address(rng: random.Random) -> list[str]:
    return [f"{rng.randint(1, 250)} {rng.choice(_STREETS)}", f"Suite {rng.randint(1, 900)}",
            rng.choice(_CITIES)]


def draw_invoice_page(page: pymupdf.Page, rng: random.Random, invoice_no: str, page_no: int,
                      page_count: int) -> None:
    vendor, customer = rng.sample(_COMPANIES, 2)

    def text(x: float, y: float, s: str, size: float = 9, bold: bool = False) -> None:
        page.insert_text((x, y), s, fontsize=size, fontname="hebo" if bold else "helv")

    # Letterhead and invoice meta.
    text(50, 60, vendor, 16, bold=True)
    for i, line in enumerate(_address(rng) + [f"Tel. +44 20 {rng.randint(1000, 9999)} "
                                              f"{rng.randint(1000, 9999)}",
                                              f"accounts@{vendor.split()[0].lower()}.example",
                                              f"VAT No. GB{rng.randint(10**8, 10**9 - 1)}"]):
        text(50, 80 + 12 * i, line)
    text(400, 60, "INVOICE", 18, bold=True)
    for i, (label, value) in enumerate([
            ("Invoice No.", invoice_no), ("Invoice date", f"2024-{rng.randint(1, 12):02d}-"
                                                          f"{rng.randint(1, 28):02d}"),
            ("Due date", f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"),
            ("PO number", f"PO-{rng.randint(10000, 99999)}"), ("Customer ID",
                                                             f"C{rng.randint(1000, 9999)}")]):
        text(400, 85 + 12 * i, label)
        text(480, 85 + 12 * i, value)
    # Bill to / ship to.
    for x, heading in ((50, "Bill to"), (300, "Ship to")):
        text(x, 180, heading, 10, bold=True)
        for i, line in enumerate([customer, "Attn: Accounts Payable", *_address(rng)]):
            text(x, 195 + 12 * i, line)
    # Line-item table.
    top = 270
    page.draw_rect(pymupdf.Rect(50, top - 12, 562, top + 4), color=(0, 0, 0), fill=(0.9, 0.9, 0.9))
    for x, head in ((55, "Item"), (80, "Description"), (360, "Qty"), (410, "Unit price"),
                    (500, "Amount")):
        text(x, top, head, 9, bold=True)
    subtotal = 0.0
    rows = rng.randint(12, 16)
    for r in range(rows):
        y = top + 16 + 14 * r
        qty, price = rng.randint(1, 40), rng.randint(100, 50000) / 100
        subtotal += qty * price
        text(55, y, str(r + 1))
        text(80, y, rng.choice(_ITEMS) + f" ref {rng.randint(100, 999)}")
        text(360, y, str(qty))
        text(410, y, f"{price:,.2f}")
        text(500, y, f"{qty * price:,.2f}")
        page.draw_line((50, y + 4), (562, y + 4), color=(0.7, 0.7, 0.7), width=0.5)
    # Totals.
    y = top + 16 + 14 * rows + 20
    tax = subtotal * 0.2
    for i, (label, value) in enumerate([("Subtotal", subtotal), ("VAT 20%", tax),
                                        ("Total", subtotal + tax), ("Amount due EUR",
                                                                    subtotal + tax)]):
        text(400, y + 14 * i, label, 9, bold=i >= 2)
        text(500, y + 14 * i, f"{value:,.2f}", 9, bold=i >= 2)
    # Terms paragraph and footer.
    page.insert_textbox(pymupdf.Rect(50, y + 70, 562, y + 150), _TERMS, fontsize=9,
                        fontname="helv")
    page.draw_line((50, 740), (562, 740), color=(0, 0, 0), width=0.5)
    text(50, 755, f"{vendor} - Registered in England No. {rng.randint(10**6, 10**7 - 1)} - "
                  f"Bank: IBAN GB{rng.randint(10, 99)} NWBK {rng.randint(1000, 9999)} "
                  f"{rng.randint(1000, 9999)} {rng.randint(1000, 9999)}", 7)
    text(500, 770, f"Page {page_no} of {page_count}", 7)


def make_digital(folder: Path, pages: int, pages_per_doc: int, seed: int) -> list[Path]:
    """PDFs of `pages_per_doc` invoice pages each (the last may be shorter), all distinct."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    paths = []
    for doc_index, start in enumerate(range(0, pages, pages_per_doc)):
        count = min(pages_per_doc, pages - start)
        invoice_no = f"INV-{seed}-{doc_index:05d}"
        pdf = pymupdf.open()
        for page_no in range(1, count + 1):
            draw_invoice_page(pdf.new_page(width=612, height=792), rng, invoice_no, page_no,
                              count)
        path = folder / f"invoice-{doc_index:05d}.pdf"
        pdf.save(path, garbage=3, deflate=True)
        pdf.close()
        paths.append(path)
    return paths


def make_scanned(digital: list[Path], folder: Path, dpi: int = 200) -> list[Path]:
    """Image-only copies: each page rendered at `dpi`, grey, stored as a JPEG."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for source in digital:
        scan = pymupdf.open()
        with pymupdf.open(source) as pdf:
            for page in pdf:
                pix = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY)
                target = scan.new_page(width=page.rect.width, height=page.rect.height)
                target.insert_image(target.rect, stream=pix.tobytes("jpeg", jpg_quality=85))
        path = folder / source.name
        scan.save(path, garbage=3, deflate=True)
        scan.close()
        paths.append(path)
    return paths
