"""Lines real till receipts print besides their fields: the shop's trading name apart from the legal name
(the name that is the field), the date and time under the name instead of in the body, opening hours and
branch under the address, a rounding line, an item count, a per-rate tax summary whose 'Total' row repeats
the net and the tax, and footer notes. None of them is a field; the summary's amounts are traps for the total. Tills also name
the total their own way: with the tax it includes ('Total Incl. GST 6%'), or rounded to the coin after
a rounding line, the total above it then printed again untagged; and half print the total like every other
line, not large and bold (on real scans a bold total taught the model to look for bold).

Each receipt draws its lines from a side stream, so receipts that draw none stay as earlier versions
generated them.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field

from docai.synth.content import side_stream, trading_name

HEADER_NOTES = {
    "en": ["SHOPPING HOURS", "MON-SUN: 1000 HRS - 2200 HRS", "Open daily 8am - 10pm", "OUTLET: {town}",
           "BRANCH: {town}", "www.{domain}.example", "SIMPLIFIED TAX INVOICE", "TAX INVOICE"],
    "de": ["Öffnungszeiten Mo-Sa 8-20 Uhr", "Filiale {town}", "www.{domain}.example", "Markt {number}"],
    "fr": ["Ouvert du lundi au samedi", "Magasin de {town}", "www.{domain}.example", "Boutique n° {number}"],
}
ROUNDING = {"en": ["Rounding Adj", "Rounding", "Rounding Adjustment"],
            "de": ["Rundung", "Rundungsdifferenz"], "fr": ["Arrondi", "Écart d'arrondi"]}
ITEM_COUNT = {"en": ["Item Count {n}", "Total Qty: {n}", "No. of Items: {n}"],
              "de": ["Anzahl Artikel: {n}", "Positionen: {n}"], "fr": ["Nombre d'articles : {n}", "Articles : {n}"]}
# Header row (title, net, tax) and the code printed before the rate on the rate's row.
TAX_SUMMARY = {"en": [("GST Summary", "Amount", "Tax", "SR @"), ("Tax Summary", "Net", "Tax", "S"),
                      ("VAT Summary", "Net", "VAT", "A")],
               "de": [("MwSt-Übersicht", "Netto", "MwSt", "A"), ("Steuer", "Netto", "Steuer", "B")],
               "fr": [("Récap. TVA", "HT", "TVA", "T1"), ("Détail TVA", "Base", "TVA", "A")]}
# {tax}: the tax's name, {rate}: its rate.
TOTAL_LABELS = {"en": ["Total Incl. {tax}", "TOTAL (INCL {tax})", "Total Sales (Inclusive {tax})",
                       "Total Including {tax} {rate}", "Total Incl. of {tax}", "Total Amount Payable", "NETT TOTAL",
                       "GRAND TOTAL", "Total Payable"],
                "de": ["Summe inkl. {tax}", "SUMME", "Gesamtsumme", "Zu zahlen", "Endbetrag"],
                "fr": ["Total TTC", "TOTAL À PAYER", "Net à payer", "Montant TTC"]}
TAX_NAMES = {"en": ["GST", "GST", "VAT", "Tax"], "de": ["MwSt.", "MwSt"], "fr": ["TVA"]}
ROUNDED_TOTALS = {"en": ["Total Rounded", "Rounded Total", "GRAND TOTAL", "TOTAL PAYABLE", "Amount Payable"],
                  "de": ["Gerundeter Betrag", "Zu zahlen", "Endbetrag"], "fr": ["Total arrondi", "Net à payer"]}
SUMMARY_TOTAL = {"en": "Total", "de": "Summe", "fr": "Total"}
FOOTER_NOTES = {
    "en": ["Goods sold are not returnable", "Thank you for shopping with us", "Exchange within 7 days with receipt",
           "Please keep this receipt", "Prices include GST where applicable"],
    "de": ["Umtausch nur mit Kassenbon", "Vielen Dank und auf Wiedersehen", "Bitte Bon aufbewahren"],
    "fr": ["Ni repris ni échangé", "Conservez votre ticket", "À bientôt"],
}


@dataclass
class TillLines:
    """Which of the extra lines one receipt prints."""

    rng: random.Random
    inline_registration: bool = False  # the registration number after the name, on its last line
    plain_name: bool = False  # the name in the body font and size instead of larger bold
    header_notes: list[str] = field(default_factory=list)
    rounding: bool = False
    item_count: bool = False
    tax_summary: tuple[str, str, str, str] | None = None
    footer_notes: list[str] = field(default_factory=list)
    total_label: str | None = None  # the total's own label, with {rate} still to fill
    rounded_total: str | None = None  # after the rounding line, the total again under this label (the one tagged)
    # The trading name: the legal name's first word, or a brand of its own; above the legal name, large, or
    # under it in the body font, then sometimes with the branch's town ('IKEA Cheras').
    brand: str | None = None
    brand_below: bool = False
    brand_town: bool = False
    header_date: bool = False  # the date and time under the name, not in the receipt's body
    plain_total: bool = False  # the total in the body font and size, like the lines around it

    @property
    def line_count(self) -> int:
        """Lines these add to the receipt (the page is made this much taller)."""
        return (len(self.header_notes) + self.rounding + self.item_count + 3 * bool(self.tax_summary)
                + len(self.footer_notes) + bool(self.rounded_total) + bool(self.brand))


def draw_till_lines(rng: random.Random, lang: str) -> TillLines:
    """The extra lines of the receipt ``rng`` is about to draw, from a side stream of it."""
    side = side_stream(rng, "till")
    lines = TillLines(side)
    lines.inline_registration = side.random() < 0.3
    lines.plain_name = side.random() < 0.3
    if side.random() < 0.4:
        lines.header_notes = side.sample(HEADER_NOTES[lang], side.choice([1, 1, 2]))
    lines.rounding = side.random() < 0.3
    lines.item_count = side.random() < 0.25
    if side.random() < 0.35:
        lines.tax_summary = side.choice(TAX_SUMMARY[lang])
    if side.random() < 0.4:
        lines.footer_notes = side.sample(FOOTER_NOTES[lang], side.choice([1, 2]))
    if side.random() < 0.5:
        lines.total_label = side.choice(TOTAL_LABELS[lang]).replace("{tax}", side.choice(TAX_NAMES[lang]))
    if lines.rounding and side.random() < 0.6:
        lines.rounded_total = side.choice(ROUNDED_TOTALS[lang])
    if side.random() < 0.35:
        lines.brand = "" if side.random() < 0.4 else trading_name(side, lang)  # "": the name's first word
        lines.brand_below = side.random() < 0.3
        lines.brand_town = side.random() < 0.3
    lines.header_date = side.random() < 0.2
    lines.plain_total = side.random() < 0.5
    return lines

