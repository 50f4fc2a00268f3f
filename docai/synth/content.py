"""Random but consistent invoice content: parties, dates, items and totals computed exactly."""
from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from docai.synth.formats import CURRENCIES_BY_LANGUAGE

CENT = Decimal("0.01")

_NAME_PARTS = {
    "en": (["Acme", "Northwind", "Bluebird", "Summit", "Harbor", "Redwood", "Brightline", "Oakridge", "Kestrel",
            "Silverleaf", "Granite", "Lakeside", "Pioneer", "Cobalt", "Maple"],
           ["Supplies", "Logistics", "Consulting", "Trading", "Systems", "Design", "Electric", "Foods", "Print",
            "Software", "Hardware", "Office"],
           ["Ltd", "Inc.", "LLC", "Co.", "Limited", "Corp."]),
    "de": (["Müller", "Schröder", "Bäcker", "Weiß", "Nordlicht", "Alpen", "Rheintal", "Hansa", "Brückner",
            "Grünwald", "Sonnenhof", "Fuchs"],
           ["Bürobedarf", "Elektrotechnik", "Logistik", "Druckerei", "Handel", "Softwarehaus", "Metallbau",
            "Feinkost", "Getränke", "Werkzeuge"],
           ["GmbH", "AG", "KG", "GmbH & Co. KG", "e.K.", "UG"]),
    "fr": (["Dupont", "Lefèvre", "Côte", "Étoile", "Provençale", "Garçon", "Boulanger", "Lumière", "Mercier",
            "Château", "Beaulieu"],
           ["Fournitures", "Transports", "Conseil", "Imprimerie", "Électricité", "Négoce", "Informatique",
            "Épicerie", "Matériaux"],
           ["SARL", "SAS", "SA", "EURL"]),
}
_PEOPLE = {
    "en": ["John Carter", "Emily Stone", "Grace Miller", "Oliver Brown", "Sophia Reed"],
    "de": ["Jürgen Weiß", "Anna Schäfer", "Lukas Köhler", "Marie Groß", "Stefan Hübner"],
    "fr": ["Hélène Marchand", "François Lemaître", "Zoé Durand", "Benoît Giraud", "Chloé Fabre"],
}
_STREETS = {
    "en": ["High Street", "Main Street", "Park Avenue", "Church Road", "Station Road", "Elm Street", "Mill Lane"],
    "de": ["Hauptstraße", "Bahnhofstr.", "Gartenweg", "Lindenallee", "Schloßplatz", "Mühlenweg", "Königstraße"],
    "fr": ["rue de la Paix", "avenue Victor Hugo", "boulevard Saint-Michel", "rue des Écoles", "place du Marché",
           "chemin des Prés"],
}
_CITIES = {
    "en": [("London", "EC1A 1BB"), ("Leeds", "LS1 4DY"), ("Springfield", "IL 62704"), ("Boston", "MA 02108"),
           ("Toronto", "ON M5V 2T6"), ("Sydney", "NSW 2000")],
    "de": [("Berlin", "10115"), ("München", "80331"), ("Köln", "50667"), ("Düsseldorf", "40213"),
           ("Nürnberg", "90402"), ("Zürich", "8001")],
    "fr": [("Paris", "75002"), ("Lyon", "69002"), ("Marseille", "13001"), ("Genève", "1204"), ("Nîmes", "30000"),
           ("Besançon", "25000")],
}
_PRODUCTS = {
    "en": ["Printer paper A4", "Ballpoint pens (box)", "Consulting services", "Software licence", "USB-C cable",
           "Desk lamp", "Coffee beans 1kg", "Installation labour", "Monthly maintenance", "Toner cartridge",
           "Shipping and handling", "Web hosting (annual)", "Office chair", "Design review", "Safety gloves"],
    "de": ["Kopierpapier A4", "Kugelschreiber (Packung)", "Beratungsleistung", "Softwarelizenz", "Schrauben M6",
           "Montage vor Ort", "Kaffeebohnen 1kg", "Wartungspauschale", "Tonerkartusche", "Versandkosten",
           "Bürostuhl ergonomisch", "Arbeitsstunden Geselle", "Gewürzgurken", "Brötchen", "Fahrtkosten"],
    "fr": ["Papier A4 ramette", "Stylos à bille", "Prestation de conseil", "Licence logiciel", "Câble réseau",
           "Lampe de bureau", "Café en grains 1kg", "Main-d'œuvre", "Forfait maintenance", "Cartouche de toner",
           "Frais de port", "Chaise de bureau", "Crème fraîche", "Pain de campagne", "Déplacement"],
}
_TAX_RATES = {"en": ["20", "10", "5", "8.25", "6"], "de": ["19", "7", "19", "8.1"], "fr": ["20", "10", "5.5", "20"]}


@dataclass
class Party:
    name: str
    address_lines: list[str]
    tax_id: str | None = None
    contact: str | None = None


@dataclass
class LineItem:
    description: str
    quantity: Decimal
    unit_price: Decimal
    amount: Decimal
    sku: str = ""


@dataclass
class InvoiceContent:
    """What a document states; layouts decide how and whether each part is printed."""

    lang: str
    currency: str
    vendor: Party
    customer: Party
    invoice_number: str
    invoice_date: dt.date
    due_date: dt.date | None
    purchase_order: str | None
    items: list[LineItem]
    tax_rate: Decimal
    paid: Decimal
    extras: dict[str, str] = field(default_factory=dict)

    @property
    def subtotal(self) -> Decimal:
        return sum((item.amount for item in self.items), Decimal("0"))

    @property
    def tax_amount(self) -> Decimal:
        return (self.subtotal * self.tax_rate / 100).quantize(CENT, rounding=ROUND_HALF_UP)

    @property
    def total_amount(self) -> Decimal:
        return self.subtotal + self.tax_amount

    @property
    def amount_due(self) -> Decimal:
        return self.total_amount - self.paid


def _company(rng: random.Random, lang: str) -> str:
    first, middle, legal = _NAME_PARTS[lang]
    style = rng.random()
    if style < 0.5:
        return f"{rng.choice(first)} {rng.choice(middle)} {rng.choice(legal)}"
    if style < 0.8:
        return f"{rng.choice(first)} {rng.choice(legal)}"
    return f"{rng.choice(first)} & {rng.choice(first)} {rng.choice(legal)}"


def _address(rng: random.Random, lang: str) -> list[str]:
    city, postcode = rng.choice(_CITIES[lang])
    street = rng.choice(_STREETS[lang])
    number = rng.randint(1, 220)
    if lang == "en":
        lines = [f"{number} {street}", f"{city} {postcode}" if postcode[0].isalpha() else f"{city}, {postcode}"]
    elif lang == "de":
        lines = [f"{street} {number}", f"{postcode} {city}"]
    else:
        lines = [f"{number}, {street}", f"{postcode} {city}"]
    if rng.random() < 0.25:
        lines.insert(0, rng.choice(["Unit 4", "Building B", "2nd Floor", "Hinterhaus", "Bâtiment C", "Suite 210"]))
    return lines


def _tax_id(rng: random.Random, lang: str) -> str:
    digits = "".join(rng.choice("0123456789") for _ in range(11))
    if lang == "de":
        return rng.choice([f"DE{digits[:9]}", f"{digits[:3]}/{digits[3:6]}/{digits[6:11]}", f"CHE-{digits[:3]}.{digits[3:6]}.{digits[6:9]}"])
    if lang == "fr":
        return rng.choice([f"FR{digits}", f"FR {digits[:2]} {digits[2:11]}"])
    return rng.choice([f"GB{digits[:9]}", f"GB {digits[:3]} {digits[3:7]} {digits[7:9]}", f"{digits[:2]}-{digits[2:9]}"])


def _invoice_number(rng: random.Random, year: int) -> str:
    n = rng.randint(1, 99999)
    return rng.choice([f"INV-{year}-{n:05d}", f"{year}{n:05d}", f"RE-{n}", f"F{year % 100:02d}-{n:04d}",
                       f"{n:06d}", f"A{rng.randint(10, 99)}/{n}", f"{rng.choice('ABCDEFGHJK')}{n:07d}"])


def _money(rng: random.Random, low: float, high: float) -> Decimal:
    return Decimal(str(round(rng.uniform(low, high), 2))).quantize(CENT)


def make_items(rng: random.Random, lang: str, count: int, receipt: bool) -> list[LineItem]:
    items = []
    for _ in range(count):
        quantity = Decimal(rng.choice([1, 1, 1, 2, 3, 4, 5, 10, 12, 25])) if rng.random() < 0.85 else Decimal(
            rng.choice(["0.5", "1.5", "2.25", "7.5"]))
        price = _money(rng, 0.5, 25) if receipt else _money(rng, 1, rng.choice([50, 300, 2500]))
        amount = (quantity * price).quantize(CENT, rounding=ROUND_HALF_UP)
        description = rng.choice(_PRODUCTS[lang])
        items.append(LineItem(description, quantity, price, amount, sku=f"{rng.randint(100, 99999):05d}"))
    return items


def make_content(rng: random.Random, lang: str, receipt: bool, item_range: tuple[int, int]) -> InvoiceContent:
    """Draw one document's content. Receipts have no customer, due date or order reference."""
    invoice_date = dt.date(2019, 1, 1) + dt.timedelta(days=rng.randint(0, 2555))
    has_due = not receipt and rng.random() < 0.7
    vendor = Party(_company(rng, lang), _address(rng, lang), _tax_id(rng, lang) if rng.random() < 0.85 else None,
                   rng.choice(_PEOPLE[lang]))
    customer = Party(_company(rng, lang) if rng.random() < 0.7 else rng.choice(_PEOPLE[lang]), _address(rng, lang))
    total_paid = Decimal("0")
    items = make_items(rng, lang, rng.randint(*item_range), receipt)
    content = InvoiceContent(
        lang=lang, currency=rng.choice(CURRENCIES_BY_LANGUAGE[lang]), vendor=vendor, customer=customer,
        invoice_number=_invoice_number(rng, invoice_date.year), invoice_date=invoice_date,
        due_date=invoice_date + dt.timedelta(days=rng.choice([7, 14, 30, 60])) if has_due else None,
        purchase_order=f"PO-{rng.randint(1000, 999999)}" if not receipt and rng.random() < 0.4 else None,
        items=items, tax_rate=Decimal(rng.choice(_TAX_RATES[lang])), paid=total_paid,
    )
    if not receipt and rng.random() < 0.15:
        content.paid = (content.total_amount * Decimal(rng.choice(["0.3", "0.5"]))).quantize(CENT)
    content.extras = {
        "phone": f"+{rng.randint(1, 49)} {rng.randint(10, 999)} {rng.randint(100000, 9999999)}",
        "email": f"{rng.choice(['info', 'billing', 'contact', 'rechnung', 'compta'])}@"
                 f"{vendor.name.split()[0].lower().encode('ascii', 'ignore').decode() or 'shop'}.example",
        "iban": f"{rng.choice(['DE', 'FR', 'GB', 'CH'])}{rng.randint(10, 99)} " + " ".join(
            f"{rng.randint(0, 9999):04d}" for _ in range(4)) + f" {rng.randint(10, 99)}",
        "bic": "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(6)) + rng.choice(["XX", "2X", "MM"]),
        "customer_no": str(rng.randint(10000, 99999)),
        "time": f"{rng.randint(7, 21):02d}:{rng.randint(0, 59):02d}",
    }
    return content
