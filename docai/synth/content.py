"""Random but consistent invoice content: parties, dates, items and totals computed exactly.

Names and addresses mix small pools of real words with pseudo-words built from syllables, so the
vocabulary is open and a model has to read position and labels rather than memorise names. A
document's locale is its language, or 'apac' (Malaysian/Singaporean style) for some English ones.
"""
from __future__ import annotations

import datetime as dt
import random
import re
import string
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from docai.synth.formats import CURRENCIES_BY_LOCALE

CENT = Decimal("0.01")
# Longest party name and address line in characters: layouts are sized for about this much.
NAME_LIMIT, LINE_LIMIT = 36, 28
APAC_SHARE = {True: 0.5, False: 0.2}  # share of English receipts (True) and invoices with Asia-Pacific parties


def _pools(**pools: str) -> dict[str, list[str]]:
    return {key: text.split("|") for key, text in pools.items()}


# Pseudo-words: onsets, vowels and codas per locale; inner syllables take only the first three codas.
_SOUNDS = {
    "en": ("b br c cl d dr f g gr h k l m n p r s st t tr v w", "a e i o u a e o ea", "n r l s t nd rn ck ll m x"),
    "de": ("b br d f g gr h k kl l m n p r s sch st t w z", "a e i o u a e i o au ei ie ä ü",
           "n r l s t nd rg ck ll m tz ng"),
    "fr": ("b br c ch d f g gr l m n p r s t tr v", "a e i o ou au é a e", "n r l s t ss rt nt x"),
    "apac": ("b k s t m p j r l g ng h d c w y", "a i u e o a ai au", "n ng h k r t m"),
}
_BRANDS = _pools(
    en="Acme|Northwind|Bluebird|Summit|Harbor|Redwood|Brightline|Oakridge|Kestrel|Silverleaf|Granite|Lakeside|"
       "Pioneer|Cobalt|Maple|Evergreen|Sterling|Crescent|Falcon|Meridian",
    de="Müller|Schröder|Bäcker|Weiß|Nordlicht|Alpen|Rheintal|Hansa|Brückner|Grünwald|Sonnenhof|Fuchs|Isar|"
       "Elbe|Schwarzwald|Ostsee|Spree|Harz",
    fr="Dupont|Lefèvre|Côte|Étoile|Provençale|Garçon|Boulanger|Lumière|Mercier|Château|Beaulieu|Bretagne|Azur|"
       "Vendôme|Loire",
    apac="GOLDEN KEY|SUNRISE|PRIMA|MAJU|JAYA|SINAR|CAHAYA|MEGAH|BINTANG|MUTIARA|EVERRISE|"
         "POPULAR|GIANT|HAPPY|LUCKY|NEW WAVE|ORIENTAL",
)
_TRADES = _pools(
    en="Supplies|Logistics|Consulting|Trading|Systems|Design|Electric|Foods|Print|Software|Hardware|Office|Services|"
       "Solutions|Group|Partners|Industries|Engineering|Studio|Media|Motors|Bakery|Pharmacy|Catering|Builders|"
       "Auto Parts|Garden Centre",
    de="Bürobedarf|Elektrotechnik|Logistik|Druckerei|Handel|Softwarehaus|Metallbau|Feinkost|Getränke|Werkzeuge|"
       "Dienstleistungen|Bautechnik|Vertrieb|Elektro|Sanitär|Bäckerei|Autohaus|Reisen|Medien|Immobilien|"
       "Maschinenbau|Haustechnik|Gartenbau|Optik",
    fr="Fournitures|Transports|Conseil|Imprimerie|Électricité|Négoce|Informatique|Épicerie|Matériaux|Services|"
       "Distribution|Bâtiment|Boulangerie|Pharmacie|Menuiserie|Plomberie|Garage|Traiteur|Librairie|Optique",
    apac="MOTOR|HARDWARE|TRADING|RESTAURANT|BAKERY|BAKERIES|STATIONERY|MARKETING|FOOD INDUSTRIES|HOLDINGS|"
         "ELECTRICAL|PHARMACY|MINI MARKET|SUPERMARKET|BOOK STORE|AUTO PARTS|CAFE|PRINTING|OPTICAL|TYRE SERVICE|"
         "FURNITURE|ENGINEERING|TRAVEL & TOURS|CONFECTIONERY|ENTERPRISE",
)
_LEGAL_FORMS = _pools(
    en="Ltd|Ltd.|Limited|Inc.|Inc|LLC|Co.|Corp.|PLC|LLP|Pty Ltd|& Co.",
    de="GmbH|AG|KG|GmbH & Co. KG|e.K.|UG|OHG|GbR|mbH|SE|AG & Co. KG",
    fr="SARL|SAS|SA|EURL|SASU|SNC|S.A.R.L.|& Cie",
    apac="SDN BHD|SDN. BHD.|SDN BHD|(M) SDN BHD|BHD|BERHAD|PTE LTD|PTE. LTD.|PLT|ENTERPRISE|TRADING",
)
_APAC = _pools(
    prefixes="KEDAI|KEDAI RUNCIT|RESTORAN|SYARIKAT|PERNIAGAAN|PASARAYA|KEDAI UBAT|BENGKEL",
    branches="M|KL|PJ|JB|SS2|MIDVALLEY|TAMAN DAYA|BANGSAR|PUCHONG|KEPONG",
    surnames="TAN|LIM|LEE|NG|WONG|CHONG|TEO|ONG|GOH|CHAN|YAP|KOH|LOH|CHEW|SIM|TEH|LAU|HO",
    syllables="AH|BOON|CHEE|CHONG|FATT|FOOK|GIN|HENG|HOCK|HUAT|HUI|KEE|KENG|KIM|LEONG|LIAN|MENG|SENG|SHENG|SOON|"
              "TAT|TECK|WAH|WENG|YEW|YONG|CHUAN|WAN|ZHENG|HONG|YANN|WOON",
)
_FAMILY_FIRMS = {"en": ["& Sons", "Bros."], "de": ["& Söhne", "Gebr."], "fr": ["et Fils", "Frères"]}
_DE_BRANCHES = ["Mitte", "Nord", "Süd", "West", "Ost"]  # after the legal form: 'Alpen AG Nord'

_PEOPLE = {
    "en": ["John Carter", "Emily Stone", "Grace Miller", "Oliver Brown", "Sophia Reed"],
    "de": ["Jürgen Weiß", "Anna Schäfer", "Lukas Köhler", "Marie Groß", "Stefan Hübner"],
    "fr": ["Hélène Marchand", "François Lemaître", "Zoé Durand", "Benoît Giraud", "Chloé Fabre"],
}
_FIRST_NAMES = _pools(
    en="James|Mary|Robert|Linda|Michael|Sarah|David|Laura|Daniel|Emma|Thomas|Olivia|Henry|Chloe|Samuel|Ruth|Peter",
    de="Jürgen|Anna|Lukas|Marie|Stefan|Sabine|Klaus|Ute|Tobias|Katrin|Jörg|Birgit|Matthias|Heike|Florian|Lena|Uwe",
    fr="Hélène|François|Zoé|Benoît|Chloé|Jean|Marie|Pierre|Camille|Luc|Sophie|Théo|Élodie|Antoine|Céline|Rémi|Inès",
    malay="Ahmad|Siti|Muhammad|Nur Aisyah|Farid|Hafiz|Aminah|Azman|Faridah|Zulkifli|Noraini|Ismail|Rahman",
    indian="Suresh|Kavitha|Rajesh|Priya|Ramesh|Muthu|Ganesan|Lakshmi|Arumugam|Devi|Kumar|Selvam",
)
_SURNAMES = _pools(
    en="Carter|Stone|Miller|Brown|Reed|Walker|Hughes|Turner|Baker|Fletcher|Harris|Patel",
    de="Müller|Schröder|Weiß|Fuchs|Brückner|Schäfer|Köhler|Groß|Hübner|Wagner|Becker|Lehmann",
    fr="Dupont|Lefèvre|Mercier|Marchand|Lemaître|Durand|Giraud|Fabre|Moreau|Roux|Garnier|Bonnet",
)
_SURNAME_ENDS = _pools(en="son|ton|ley|ford|er|well|wood|by|ham", de="mann|er|ner|berg|feld|hardt|meier|bauer|inger",
                       fr="ard|et|ier|eau|in|ot|and|el|on")

_STREETS = _pools(
    en="High Street|Main Street|Park Avenue|Church Road|Station Road|Elm Street|Mill Lane|King Street|Victoria Road",
    de="Hauptstraße|Bahnhofstr.|Gartenweg|Lindenallee|Schloßplatz|Mühlenweg|Königstraße|Marktstraße",
    fr="rue de la Paix|avenue Victor Hugo|boulevard Saint-Michel|rue des Écoles|place du Marché|chemin des Prés",
    apac="Jalan Ampang|Jalan Tun Razak|Jalan Sultan Ismail|Jalan Klang Lama|Jalan Meru|Jalan Tebrau",
)
_STREET_TYPES = _pools(
    en="Street|Road|Avenue|Lane|Drive|Way|Close|Crescent|Court|Place|Terrace|Hill|Gardens|St|Rd|Ave",
    de="straße|str.|weg|allee|platz|ring|gasse|damm",
    fr="rue|rue|avenue|boulevard|allée|impasse|chemin|place|quai|route",
    apac="Jalan|Jalan|Jalan|Lorong|Persiaran|Lebuh",
)
_CITY_ENDS = _pools(en="ton|ford|field|bury|ham|ville|wood|port|ley|bridge", fr="ville|court|mont|ac|y|ières",
                    de="heim|hausen|dorf|burg|stadt|feld|bach|ingen|berg|hofen")
_BUILDINGS = _pools(en="Unit 4|Building B|2nd Floor|Suite 210|Floor 3|Unit 12B",
                    de="Hinterhaus|2. OG|Gebäude C|Haus 4", fr="Bâtiment C|2e étage|Zone Artisanale|Résidence Les Pins",
                    apac="Level 3|Wisma Perdana|Ground Floor|Menara Jaya|Block B")
# Real towns per country; about half of all towns are generated instead.
_CITIES = {
    "uk": ["London", "Leeds", "Bristol", "Manchester", "Glasgow"], "us": ["Springfield", "Boston", "Austin", "Denver"],
    "ca": ["Toronto", "Ottawa", "Calgary"], "au": ["Sydney", "Melbourne", "Brisbane"],
    "de": ["Berlin", "München", "Köln", "Düsseldorf", "Nürnberg", "Hamburg"], "at": ["Wien", "Graz", "Linz"],
    "ch": ["Zürich", "Genève", "Bern", "Basel"], "fr": ["Paris", "Lyon", "Marseille", "Nîmes", "Besançon", "Toulouse"],
    "be": ["Bruxelles", "Liège", "Namur"],
    "my": ["Kuala Lumpur", "Petaling Jaya", "Shah Alam", "Johor Bahru", "Ipoh", "Klang", "Kajang",
           "Subang Jaya", "Seremban", "Kota Kinabalu", "Kuching", "Cheras", "Puchong", "Batu Pahat", "Skudai"],
}
_REGIONS = _pools(
    us="CA|NY|TX|IL|MA|WA|OR|FL|GA|OH|PA|CO", ca="ON|QC|BC|AB|MB", au="NSW|VIC|QLD|WA|SA",
    my="Johor|Selangor|Kuala Lumpur|Pulau Pinang|Perak|Kedah|Melaka|Negeri Sembilan|Pahang|Sabah|Sarawak|"
       "W.P. Kuala Lumpur|Selangor Darul Ehsan|Johor Darul Takzim",
)
_COUNTRY_LINES = {
    "uk": ["United Kingdom", "UK"], "us": ["USA", "United States"], "ca": ["Canada"], "au": ["Australia"],
    "de": ["DE", "Deutschland", "Germany"], "at": ["Österreich", "AT", "Austria"], "ch": ["Schweiz", "CH", "Suisse"],
    "fr": ["France", "FR"], "be": ["Belgique", "BE"], "my": ["Malaysia"], "sg": ["Singapore"],
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
_TAX_RATES = {"en": ["20", "10", "5", "8.25", "6"], "de": ["19", "7", "19", "8.1"], "fr": ["20", "10", "5.5", "20"],
              "apac": ["6", "6", "10", "7", "8"]}
# Invoices with items at two VAT rates (food and books at a reduced one): the subtotal and the tax are then sums over
# a per-rate breakdown whose parts are not the fields.
# By locale and the document's rate; rates with no entry (US sales tax) stay single.
_SECOND_RATES = {"en": {"20": ["5", "0"]}, "de": {"19": ["7"], "7": ["19"], "8.1": ["2.6"]},
                 "fr": {"20": ["5.5", "10"], "10": ["20"], "5.5": ["20"]}}
MIXED_RATE_SHARE = 0.25
DOMESTIC_TAX_NUMBER_SHARE = 0.5  # German vendors with a VAT id that also print their Steuernummer
TAX_INCLUDED_RECEIPT_SHARE = 0.5  # receipts whose prices include the tax (the total is the items' sum)


@dataclass
class Party:
    name: str
    address_lines: list[str]
    tax_id: str | None = None
    contact: str | None = None
    registration: str | None = None  # company registration number, printed apart from the name
    tax_number: str | None = None  # a domestic tax number printed beside the VAT id (tax_id), not the field


@dataclass
class LineItem:
    description: str
    quantity: Decimal
    unit_price: Decimal
    amount: Decimal
    sku: str = ""
    tax_rate: Decimal | None = None  # None: the document's rate


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
    prices_include_tax: bool = False  # receipts: amounts are gross, the tax is the part included

    def rate_of(self, item: LineItem) -> Decimal:
        return self.tax_rate if item.tax_rate is None else item.tax_rate

    @property
    def vat_breakdown(self) -> list[tuple[Decimal, Decimal, Decimal]]:
        """(rate, taxable base, tax) per rate, highest rate first; tax is rounded per rate. With
        prices including tax the items' amounts per rate are gross: the tax is the part of them
        the rate implies, and the base what is left."""
        sums: dict[Decimal, Decimal] = {}
        for item in self.items:
            sums[self.rate_of(item)] = sums.get(self.rate_of(item), Decimal("0")) + item.amount
        rows = []
        for rate, amount in sorted(sums.items(), reverse=True):
            share = rate / (100 + rate) if self.prices_include_tax else rate / 100
            tax = (amount * share).quantize(CENT, rounding=ROUND_HALF_UP)
            rows.append((rate, amount - tax if self.prices_include_tax else amount, tax))
        return rows

    @property
    def subtotal(self) -> Decimal:
        return sum((base for _, base, _ in self.vat_breakdown), Decimal("0"))

    @property
    def tax_amount(self) -> Decimal:
        return sum((tax for _, _, tax in self.vat_breakdown), Decimal("0"))

    @property
    def total_amount(self) -> Decimal:
        return self.subtotal + self.tax_amount

    @property
    def amount_due(self) -> Decimal:
        return self.total_amount - self.paid


def side_stream(rng: random.Random, purpose: str) -> random.Random:
    """A generator of its own, seeded from rng's state without advancing rng: variation added
    later leaves every document an earlier version generated from the same seed as it was,
    unless the new variation is drawn for it."""
    copy = random.Random()
    copy.setstate(rng.getstate())
    return random.Random(f"{purpose}:{copy.getrandbits(64)}")


def _vary_taxes(side: random.Random, content: InvoiceContent, locale: str, receipt: bool) -> None:
    """Some invoices charge two VAT rates; some receipts price items with the tax included; some German vendors
    print a Steuernummer beside their VAT id."""
    seconds = _SECOND_RATES.get(locale, {}).get(str(content.tax_rate))
    if not receipt and seconds and len(content.items) >= 2 and side.random() < MIXED_RATE_SHARE:
        second = Decimal(side.choice(seconds))
        reduced = side.sample(range(len(content.items)), side.randint(1, len(content.items) - 1))
        for index in reduced:
            content.items[index].tax_rate = second
    if receipt and side.random() < TAX_INCLUDED_RECEIPT_SHARE:
        content.prices_include_tax = True
    vendor = content.vendor
    if locale == "de" and vendor.tax_id and _is_vat_id(vendor.tax_id) and side.random() < DOMESTIC_TAX_NUMBER_SHARE:
        d = random_digits(side, 11)
        vendor.tax_number = f"{d[:3]}/{d[3:6]}/{d[6:]}" if side.random() < 0.7 else f"{d[:2]}/{d[2:5]}/{d[5:10]}"


# --- small random pieces ---------------------------------------------------------------------------

def random_digits(rng: random.Random, count: int) -> str:
    return "".join(rng.choice(string.digits) for _ in range(count))


def _letters(rng: random.Random, count: int) -> str:
    return "".join(rng.choice("ABCDEFGHJKLMNPRSTUVWXY") for _ in range(count))


def _maybe(rng: random.Random, chance: float, options: list[str]) -> list[str]:
    """One of ``options`` as a one-element list with probability ``chance``, else nothing."""
    return [rng.choice(options)] if rng.random() < chance else []


def _word(rng: random.Random, locale: str, syllables: int | None = None) -> str:
    """A pronounceable pseudo-word; the last syllable closes with a consonant more often than inner ones."""
    onsets, vowels, codas = (part.split() for part in _SOUNDS[locale])
    count = syllables or rng.choice((1, 2, 2, 2, 3))
    text = ""
    for index in range(count):
        last = index == count - 1
        coda = rng.choice(codas if last else codas[:3]) if rng.random() < (0.6 if last else 0.2) else ""
        text += rng.choice(onsets) + rng.choice(vowels) + coda
    return text.capitalize()


def _title(text: str) -> str:
    """Title-case the plain words of an all-caps name, keeping initials, codes and short words as they are."""
    return " ".join(w.capitalize() if w.isalpha() and len(w) > 2 else w for w in text.split())


# --- people ----------------------------------------------------------------------------------------

def _surname(rng: random.Random, locale: str) -> str:
    if locale == "apac":
        return rng.choice(_APAC["surnames"]).capitalize()
    if rng.random() < 0.3:
        return rng.choice(_SURNAMES[locale])
    return _word(rng, locale, rng.choice((1, 2))) + rng.choice(_SURNAME_ENDS[locale])


def _first_name(rng: random.Random, locale: str) -> str:
    return rng.choice(_FIRST_NAMES[locale]) if rng.random() < 0.6 else _word(rng, locale, 2)


def _apac_person(rng: random.Random) -> str:
    """Chinese ('Tan Woon Yann'), Malay ('Ahmad bin Ismail') or Indian ('Suresh a/l Muthu') Malaysian names."""
    roll = rng.random()
    if roll < 0.5:
        given = " ".join(rng.choice(_APAC["syllables"]).capitalize() for _ in range(2))
        return f"{_surname(rng, 'apac')} {given}"
    pool, link = ("malay", rng.choice(["bin", "binti"])) if roll < 0.8 else ("indian", rng.choice(["a/l", "a/p"]))
    return f"{rng.choice(_FIRST_NAMES[pool])} {link} {rng.choice(_FIRST_NAMES[pool])}"


def _person(rng: random.Random, locale: str) -> str:
    if locale == "apac":
        return _apac_person(rng)
    roll = rng.random()
    if roll < 0.15:
        return rng.choice(_PEOPLE[locale])
    first, last = _first_name(rng, locale), _surname(rng, locale)
    return f"{first[0]}. {last}" if roll < 0.3 else f"{first} {last}"


# --- companies -------------------------------------------------------------------------------------

def _initials(rng: random.Random) -> str:
    letters = _letters(rng, rng.randint(2, 4))
    return ".".join(letters) + "." if rng.random() < 0.5 else letters


def _numbered(rng: random.Random, locale: str) -> str:
    """A brand with digits: 'Print24', 'A1', '99'."""
    return rng.choice([f"{_word(rng, locale, 1)}{rng.randint(1, 99)}", f"{_letters(rng, 1)}{rng.randint(1, 9)}",
                       str(rng.randint(2, 999))])


def _brand(rng: random.Random, locale: str) -> str:
    """The distinctive part of a company name (all capitals for Asia-Pacific names, like their pools)."""
    roll = rng.random()
    if roll < 0.35:
        brand = _word(rng, locale)
    elif roll < 0.55 and locale == "apac":
        brand = " ".join(rng.choice(_APAC["syllables"]) for _ in range(rng.choice((1, 2))))
    elif roll < 0.55:
        brand = _surname(rng, locale)
    elif roll < 0.75:
        brand = rng.choice(_BRANDS[locale])
    elif roll < 0.88:
        brand = _initials(rng)
    else:
        brand = _numbered(rng, locale)
    return brand.upper() if locale == "apac" else brand


def trading_name(rng: random.Random, lang: str) -> str:
    """A shop's own trading name, printed on a receipt apart from the legal name of the company that runs it."""
    return _brand(rng, "apac" if lang == "en" and rng.random() < 0.5 else lang).upper()


def _western_company(rng: random.Random, locale: str) -> str:
    brand, trade, legal = _brand(rng, locale), rng.choice(_TRADES[locale]), rng.choice(_LEGAL_FORMS[locale])
    roll = rng.random()
    if roll < 0.35:
        return f"{brand} {trade} {legal}"
    if roll < 0.55:
        return f"{brand} {legal}"
    if roll < 0.65:
        return f"{brand} & {_brand(rng, locale)} {legal}"
    if roll < 0.8:
        return f"{trade} {_surname(rng, locale)}" if locale != "en" else f"{brand} {trade}"
    if locale == "de" and rng.random() < 0.4:
        return f"{brand} {legal} {rng.choice(_DE_BRANCHES)}"
    return f"{_surname(rng, locale)} {rng.choice(_FAMILY_FIRMS[locale])} {legal}"


def _apac_company(rng: random.Random) -> str:
    """Malaysian/Singaporean shop and company names, e.g. 'K.L.M. MOTOR (BANGSAR) SDN. BHD.'."""
    brand, trade, legal = _brand(rng, "apac"), rng.choice(_TRADES["apac"]), rng.choice(_LEGAL_FORMS["apac"])
    roll = rng.random()
    if roll < 0.3:
        name = f"{brand} {trade} {legal}"
    elif roll < 0.5:
        branch = rng.choice(_APAC["branches"]) if rng.random() < 0.7 else f"TAMAN {_word(rng, 'apac').upper()}"
        name = f"{brand} {trade} ({branch}) {legal}"
    elif roll < 0.7:
        name = f"{rng.choice(_APAC['prefixes'])} {brand}"
    elif roll < 0.85:
        name = f"{brand} {trade}"
    else:
        name = f"{brand} {trade} & {rng.choice(_TRADES['apac'])}"
    return name if rng.random() < 0.6 else _title(name)


def _company(rng: random.Random, locale: str) -> str:
    """A company name of at most NAME_LIMIT characters."""
    while True:
        name = _apac_company(rng) if locale == "apac" else _western_company(rng, locale)
        if len(name) <= NAME_LIMIT:
            return name


# --- addresses -------------------------------------------------------------------------------------

def _town(rng: random.Random, country: str, lang: str) -> str:
    if rng.random() < 0.5:
        return rng.choice(_CITIES[country])
    root = _word(rng, lang, rng.choice((1, 2)))
    if lang == "fr" and rng.random() < 0.3:
        return f"Saint-{root}"
    return root + rng.choice(_CITY_ENDS[lang])


def _street(rng: random.Random, lang: str) -> str:
    if rng.random() < 0.3:
        return rng.choice(_STREETS[lang])
    kind = rng.choice(_STREET_TYPES[lang])
    root = _word(rng, lang, rng.choice((1, 2))) if rng.random() < 0.6 else _surname(rng, lang)
    if lang == "de":
        return f"{root}{kind}"
    if lang == "fr":
        article = rng.choice(["de la ", "du ", "des ", "de ", ""])
        return f"{kind} {article}{root}" if rng.random() < 0.7 else f"{kind} {_first_name(rng, 'fr')} {root}"
    return f"{root} {kind}"


def _uk(rng: random.Random) -> list[str]:
    postcode = f"{_letters(rng, rng.choice((1, 2)))}{rng.randint(1, 29)} {rng.randint(1, 9)}{_letters(rng, 2)}"
    return [f"{rng.randint(1, 220)} {_street(rng, 'en')}", f"{_town(rng, 'uk', 'en')} {postcode}",
            *_maybe(rng, 0.3, _COUNTRY_LINES["uk"])]


def _english(rng: random.Random, country: str) -> list[str]:
    """UK, US, Canadian or Australian address."""
    if country == "uk":
        return _uk(rng)
    region = rng.choice(_REGIONS[country])
    code = {"us": random_digits(rng, 5), "au": str(rng.randint(2000, 7999)),
            "ca": f"{_letters(rng, 1)}{rng.randint(1, 9)}{_letters(rng, 1)} {rng.randint(1, 9)}{_letters(rng, 1)}"
                  f"{rng.randint(1, 9)}"}[country]
    town = _town(rng, country, "en")
    return [f"{rng.randint(1, 9999)} {_street(rng, 'en')}", f"{town}, {region} {code}" if country == "us"
            else f"{town} {region} {code}", *_maybe(rng, 0.3, _COUNTRY_LINES[country])]


def _german_speaking(rng: random.Random, country: str) -> list[str]:
    number = f"{rng.randint(1, 180)}{rng.choice(['', '', '', 'a', 'b'])}"
    postcode = random_digits(rng, 5) if country == "de" else str(rng.randint(1010, 9999))
    prefix = {"de": "D-", "at": "A-", "ch": "CH-"}[country] if rng.random() < 0.2 else ""
    return [f"{_street(rng, 'de')} {number}", f"{prefix}{postcode} {_town(rng, country, 'de')}",
            *_maybe(rng, 0.35, _COUNTRY_LINES[country])]


def _french_speaking(rng: random.Random, country: str) -> list[str]:
    number = f"{rng.randint(1, 150)}{rng.choice(['', '', '', ' bis', ' ter'])}"
    postcode = f"{rng.randint(1, 95):02d}{random_digits(rng, 3)}" if country == "fr" else str(rng.randint(1000, 9999))
    town = _town(rng, country, "fr")
    street = f"{number}, {_street(rng, 'fr')}" if country == "fr" else f"{_street(rng, 'fr')} {number}"
    return [street, f"{postcode} {town.upper() if rng.random() < 0.3 else town}",
            *_maybe(rng, 0.3, _COUNTRY_LINES[country])]


def _asia_pacific(rng: random.Random, country: str) -> list[str]:
    return _singapore(rng) if country == "sg" else _malaysia(rng)


def _malaysia(rng: random.Random) -> list[str]:
    """'No. 12, Jalan Meru', an optional area, '41050 Klang, Selangor' (state on its own line or not)."""
    house = rng.choice([f"No. {rng.randint(1, 400)}", f"No. {rng.randint(1, 60)}-{rng.randint(1, 3)}",
                        f"Lot {rng.randint(1, 9999)}", f"Lot PT {rng.randint(100, 9999)}", f"{rng.randint(1, 99)}-G"])
    if rng.random() < 0.3:
        street = rng.choice(_STREETS["apac"])
    else:
        number = f" {rng.randint(1, 30)}" if rng.random() < 0.3 else ""
        street = f"{rng.choice(_STREET_TYPES['apac'])} {_word(rng, 'apac')}{number}"
    area = _maybe(rng, 0.5, [f"{rng.choice(['Taman', 'Bandar', 'Sungai', 'Bukit', 'Kampung'])} {_word(rng, 'apac')}"])
    town = rng.choice(_CITIES["my"]) if rng.random() < 0.6 else _word(rng, "apac")
    postcode, state = f"{rng.randint(10, 98)}{random_digits(rng, 3)}", rng.choice(_REGIONS["my"])
    city_line = f"{postcode} {town}, {state}"
    tail = [city_line] if len(city_line) <= LINE_LIMIT and rng.random() < 0.6 else [f"{postcode} {town}", state]
    return [f"{house}, {street}", *area, *tail, *_maybe(rng, 0.2, _COUNTRY_LINES["my"])]


def _singapore(rng: random.Random) -> list[str]:
    unit = f"#{rng.randint(1, 25):02d}-{rng.randint(1, 999):02d}"
    return [f"{rng.randint(1, 999)} {_word(rng, 'apac')} {rng.choice(['Road', 'Avenue', 'Street'])}",
            f"{unit} {_word(rng, 'apac')} {rng.choice(['Building', 'Centre', 'Plaza'])}",
            f"Singapore {random_digits(rng, 6)}"]


_COUNTRIES = {"en": ["uk", "uk", "us", "ca", "au"], "de": ["de", "de", "de", "de", "at", "ch"],
              "fr": ["fr", "fr", "fr", "fr", "be", "ch"], "apac": ["my", "my", "my", "sg"]}
_ADDRESS_WRITERS = {"en": _english, "de": _german_speaking, "fr": _french_speaking, "apac": _asia_pacific}


def _address(rng: random.Random, locale: str) -> list[str]:
    """Address lines of at most LINE_LIMIT characters each."""
    while True:
        lines = _ADDRESS_WRITERS[locale](rng, rng.choice(_COUNTRIES[locale]))
        if max(map(len, lines)) <= LINE_LIMIT:
            return _maybe(rng, 0.2, _BUILDINGS[locale]) + lines


# --- identifiers -----------------------------------------------------------------------------------

def _tax_id(rng: random.Random, locale: str) -> str:
    d = random_digits(rng, 12)
    formats = {
        "de": [f"DE{d[:9]}", f"DE {d[:3]} {d[3:6]} {d[6:9]}", f"{d[:3]}/{d[3:6]}/{d[6:11]}",
               f"{d[:2]}/{d[2:5]}/{d[5:10]}", f"CHE-{d[:3]}.{d[3:6]}.{d[6:9]}", f"ATU{d[:8]}"],
        "fr": [f"FR{d[:11]}", f"FR {d[:2]} {d[2:11]}", f"FR{d[:2]} {d[2:5]} {d[5:8]} {d[8:11]}"],
        "en": [f"GB{d[:9]}", f"GB {d[:3]} {d[3:7]} {d[7:9]}", f"{d[:2]}-{d[2:9]}",
               f"{d[:2]} {d[2:5]} {d[5:8]} {d[8:11]}", f"{d[:9]} RT0001"],
        "apac": [f"000{d[:9]}", f"00{d[:10]}", f"W10-{d[:4]}-{d[4:12]}", f"M2-{d[:7]}-{d[7]}",
                 f"20{d[:7]}{_letters(rng, 1)}"],
    }[locale]
    return rng.choice(formats)


def _is_vat_id(tax_id: str) -> bool:
    """EU-style VAT ids start with their country's letters (DE, ATU, CHE); domestic numbers do not."""
    return tax_id[:2].isalpha()


def _registration(rng: random.Random, locale: str) -> str:
    """A company registration number as printed under a receipt's name: '(81109-A)', 'HRB 12345'."""
    n, d, suffix = str(rng.randint(1000, 1999999)), random_digits(rng, 14), _letters(rng, 1)
    formats = {
        "apac": [f"({n}-{suffix})", f"CO. REG: {n}-{suffix}", f"Co. Reg. No. {n}-{suffix}", f"ROC No: {n}-{suffix}",
                 f"({rng.randint(2000, 2023)}{d[:8]})"],
        "en": [f"Company No. {int(n):08d}", f"Reg. No. {n}", f"ABN {d[:2]} {d[2:5]} {d[5:8]} {d[8:11]}"],
        "de": [f"HRB {n[:5]}", f"HRA {n[:4]}", f"Amtsgericht {rng.choice(_CITIES['de'])} HRB {n[:6]}"],
        "fr": [f"SIRET {d[:3]} {d[3:6]} {d[6:9]} {d[9:14]}", f"SIREN {d[:3]} {d[3:6]} {d[6:9]}",
               f"RCS {rng.choice(_CITIES['fr'])} B {n}"],
    }[locale]
    return rng.choice(formats)


_NUMBER_PREFIXES = ["INV", "RE", "TX", "CS", "OR", "F", "FA", "R", "SI", "BILL", "DOC", "T"]


def _invoice_number(rng: random.Random, year: int) -> str:
    """Plain digits of varying length, prefixed ('TX-58213'), year-based ('RE-2021-0412') or legacy styles."""
    digits = random_digits(rng, rng.randint(3, 10))
    prefix, sep = rng.choice(_NUMBER_PREFIXES), rng.choice(["-", "-", "", "/"])
    n = rng.randint(1, 99999)
    return rng.choice([
        digits, digits, f"{prefix}{sep}{digits}", f"{prefix}{sep}{digits}", f"{prefix}{sep}{year}{sep}{digits[:4]}",
        f"{year}/{n:04d}", f"INV-{year}-{n:05d}", f"{year}{n:05d}", f"F{year % 100:02d}-{n:04d}",
        f"A{rng.randint(10, 99)}/{n}", f"{rng.choice('ABCDEFGHJK')}{n:07d}",
    ])


def _phone(rng: random.Random, locale: str) -> str:
    if locale == "apac" and rng.random() < 0.6:
        return f"0{rng.randint(3, 9)}-{random_digits(rng, 3)} {random_digits(rng, 4)}"
    return f"+{rng.randint(1, 49)} {rng.randint(10, 999)} {rng.randint(100000, 9999999)}"


def _time(rng: random.Random) -> str:
    hour, minute = rng.randint(7, 21), rng.randint(0, 59)
    return rng.choice([f"{hour:02d}:{minute:02d}", f"{hour:02d}:{minute:02d}:{rng.randint(0, 59):02d}",
                       f"{(hour - 1) % 12 + 1}:{minute:02d} {'AM' if hour < 12 else 'PM'}"])


# --- documents -------------------------------------------------------------------------------------

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


def _party(rng: random.Random, locale: str, company: bool) -> Party:
    """A company or a person with an address; Asia-Pacific parties are often printed all in capitals."""
    party = Party(_company(rng, locale) if company else _person(rng, locale), _address(rng, locale))
    if locale == "apac" and rng.random() < 0.5:
        party.name, party.address_lines = party.name.upper(), [line.upper() for line in party.address_lines]
    return party


def make_content(rng: random.Random, lang: str, receipt: bool, item_range: tuple[int, int]) -> InvoiceContent:
    """Draw one document's content. Receipts have no customer, due date or order reference."""
    locale = "apac" if lang == "en" and rng.random() < APAC_SHARE[receipt] else lang
    invoice_date = dt.date(2019, 1, 1) + dt.timedelta(days=rng.randint(0, 2555))
    has_due = not receipt and rng.random() < 0.7
    vendor = _party(rng, locale, company=True)
    vendor.tax_id = _tax_id(rng, locale) if rng.random() < 0.85 else None
    vendor.registration = _registration(rng, locale) if rng.random() < (0.7 if locale == "apac" else 0.3) else None
    vendor.contact = _person(rng, locale)
    customer = _party(rng, locale, company=rng.random() < 0.7)
    items = make_items(rng, lang, rng.randint(*item_range), receipt)
    content = InvoiceContent(
        lang=lang, currency=rng.choice(CURRENCIES_BY_LOCALE[locale]), vendor=vendor, customer=customer,
        invoice_number=_invoice_number(rng, invoice_date.year), invoice_date=invoice_date,
        due_date=invoice_date + dt.timedelta(days=rng.choice([7, 14, 30, 60])) if has_due else None,
        purchase_order=f"PO-{rng.randint(1000, 999999)}" if not receipt and rng.random() < 0.4 else None,
        items=items, tax_rate=Decimal(rng.choice(_TAX_RATES[locale])), paid=Decimal("0"),
    )
    _vary_taxes(side_stream(rng, "taxes"), content, locale, receipt)
    if not receipt and rng.random() < 0.15:
        content.paid = (content.total_amount * Decimal(rng.choice(["0.3", "0.5"]))).quantize(CENT)
    domain = re.sub(r"[^a-z0-9]", "", vendor.name.split()[0].lower()) or "shop"
    content.extras = {
        "phone": _phone(rng, locale),
        "email": f"{rng.choice(['info', 'billing', 'contact', 'rechnung', 'compta'])}@{domain}.example",
        "iban": f"{rng.choice(['DE', 'FR', 'GB', 'CH'])}{rng.randint(10, 99)} " + " ".join(
            f"{rng.randint(0, 9999):04d}" for _ in range(4)) + f" {rng.randint(10, 99)}",
        "bic": "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(6)) + rng.choice(["XX", "2X", "MM"]),
        "customer_no": str(rng.randint(10000, 99999)),
        "time": _time(rng),
    }
    return content
