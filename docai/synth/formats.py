"""How values are printed: labels and their synonyms, date, number and currency styles per language."""
from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

LANGUAGES = ("en", "de", "fr")

LABELS: dict[str, dict[str, list[str]]] = {
    "title": {"en": ["INVOICE", "Invoice", "TAX INVOICE", "Bill"], "de": ["RECHNUNG", "Rechnung"],
              "fr": ["FACTURE", "Facture"]},
    "receipt_title": {"en": ["RECEIPT", "SALES RECEIPT", "Cash Sale", "TAX INVOICE", "CASH BILL",
                             "OFFICIAL RECEIPT"], "de": ["KASSENBON", "Beleg", "Quittung"],
                      "fr": ["TICKET DE CAISSE", "REÇU", "Ticket"]},
    "invoice_number": {"en": ["Invoice No.", "Invoice #", "Inv #", "Invoice Number", "Invoice no:", "Number"],
                       "de": ["Rechnungsnummer", "Rechnungs-Nr.", "Rechnung Nr.", "Re.-Nr.", "Belegnummer"],
                       "fr": ["Facture n°", "N° de facture", "Numéro", "Facture N°", "Réf. facture"]},
    "receipt_number": {"en": ["Receipt No", "Receipt #", "Bill No", "Trans #", "Doc No", "Invoice No"],
                       "de": ["Bon-Nr.", "Beleg-Nr.", "Bon"],
                       "fr": ["Ticket n°", "N° ticket", "Transaction"]},
    "invoice_date": {"en": ["Invoice Date", "Date", "Date of issue", "Issued", "Dated"],
                     "de": ["Rechnungsdatum", "Datum", "Belegdatum", "Ausstellungsdatum"],
                     "fr": ["Date de facture", "Date", "Date d'émission", "Émise le"]},
    "due_date": {"en": ["Due Date", "Payment due", "Due", "Pay by"], "de": ["Fällig am", "Fälligkeitsdatum", "Zahlbar bis"],
                 "fr": ["Date d'échéance", "Échéance", "À payer avant le"]},
    "purchase_order": {"en": ["PO Number", "P.O. #", "Purchase Order", "Your order", "Order ref."],
                       "de": ["Bestellnummer", "Ihre Bestellung", "Bestell-Nr.", "Auftragsnr."],
                       "fr": ["Bon de commande", "Votre commande", "N° commande", "Réf. commande"]},
    "vendor_tax_id": {"en": ["VAT No.", "VAT Reg. No.", "Tax ID", "GST Reg No", "EIN", "GST ID", "GST ID No.",
                             "SST Reg. No."],
                      "de": ["USt-IdNr.", "USt-ID", "Steuernummer", "UID"],
                      "fr": ["N° TVA", "TVA intracom.", "N° TVA intracommunautaire", "TVA"]},
    "customer": {"en": ["Bill To", "Billed to", "Invoice to", "Customer", "Sold to"],
                 "de": ["Rechnungsempfänger", "Kunde", "An", "Rechnungsadresse"],
                 "fr": ["Facturé à", "Client", "Adresse de facturation", "Destinataire"]},
    "vendor": {"en": ["From", "Seller", "Supplier"], "de": ["Von", "Lieferant", "Absender"],
               "fr": ["De", "Fournisseur", "Émetteur"]},
    # The roles as e-invoicing standards (EN 16931) name them, for parties printed as labelled rows.
    "buyer_role": {"en": ["Buyer", "Customer", "Invoice recipient"], "de": ["Käufer", "Rechnungsempfänger", "Kunde"],
                   "fr": ["Acheteur", "Client", "Destinataire"]},
    "seller_role": {"en": ["Seller", "Supplier", "Invoice issuer"], "de": ["Verkäufer", "Rechnungssteller", "Lieferant"],
                    "fr": ["Vendeur", "Fournisseur", "Émetteur"]},
    "party_name": {"en": ["Name", "Company", "Name:"], "de": ["Name", "Firma", "Name:"], "fr": ["Nom", "Raison sociale", "Nom :"]},
    "party_address": {"en": ["Address", "Postal address"], "de": ["Anschrift", "Adresse", "Postanschrift"],
                      "fr": ["Adresse", "Adresse postale"]},
    "party_contact": {"en": ["Contact", "Email", "Phone"], "de": ["Kontakt", "E-Mail", "Telefon"],
                      "fr": ["Contact", "E-mail", "Téléphone"]},
    "subtotal": {"en": ["Subtotal", "Sub-total", "Net amount", "Total excl. VAT", "Net", "Total net",
                        "Sum of line amounts", "Invoice total excl. tax"],
                 "de": ["Zwischensumme", "Nettobetrag", "Summe netto", "Netto", "Nettosumme", "Positionssumme",
                        "Summe Positionen", "Rechnungssumme ohne USt.", "Gesamtbetrag netto", "Warenwert"],
                 "fr": ["Total HT", "Sous-total", "Montant HT", "Total hors taxes", "Montant net HT",
                        "Total net HT"]},
    "tax_amount": {"en": ["VAT", "Tax", "Sales tax", "GST", "VAT amount", "Tax amount", "Total tax"],
                   "de": ["MwSt.", "USt.", "Umsatzsteuer", "zzgl. MwSt.", "Steuerbetrag", "MwSt.-Betrag",
                          "Umsatzsteuerbetrag", "USt.-Betrag"],
                   "fr": ["TVA", "Montant TVA", "Total TVA", "Montant de la TVA"]},
    "total_amount": {"en": ["Total", "TOTAL", "Grand total", "Total incl. VAT", "Invoice total", "Total Amount",
                            "Nett Total", "Gross total", "Total incl. tax", "Invoice amount"],
                     "de": ["Gesamtbetrag", "Summe", "Gesamt", "Rechnungsbetrag", "Bruttobetrag", "Bruttosumme",
                            "Gesamtsumme", "Endbetrag", "Gesamtbetrag brutto", "Rechnungssumme"],
                     "fr": ["Total TTC", "Montant TTC", "Total", "Net à payer TTC", "Montant total TTC"]},
    "amount_due": {"en": ["Amount due", "Balance due", "Amount payable", "Total due", "Amount to pay"],
                   "de": ["Zahlbetrag", "Offener Betrag", "Zu zahlen", "Restbetrag", "Fälliger Betrag",
                          "Zu zahlender Betrag"],
                   "fr": ["Net à payer", "Reste à payer", "Montant dû", "Solde dû"]},
    "paid": {"en": ["Paid", "Less payment", "Deposit received"], "de": ["Bereits bezahlt", "Anzahlung"],
             "fr": ["Acompte versé", "Déjà payé"]},
    "currency": {"en": ["Currency", "All amounts in"], "de": ["Währung", "Beträge in"], "fr": ["Devise", "Montants en"]},
    "description": {"en": ["Description", "Item", "Product", "Service"], "de": ["Bezeichnung", "Beschreibung", "Artikel", "Leistung"],
                    "fr": ["Désignation", "Description", "Article", "Libellé"]},
    "quantity": {"en": ["Qty", "Quantity", "Units", "Hours"], "de": ["Menge", "Anz.", "Anzahl", "Stunden"],
                 "fr": ["Qté", "Quantité", "Qté.", "Heures"]},
    "unit_price": {"en": ["Unit price", "Price", "Rate", "Unit cost"], "de": ["Einzelpreis", "Preis", "E-Preis", "Stundensatz"],
                   "fr": ["Prix unitaire", "P.U. HT", "Prix", "Taux"]},
    "amount": {"en": ["Amount", "Total", "Line total", "Net"], "de": ["Betrag", "Gesamtpreis", "Summe", "G-Preis"],
               "fr": ["Montant", "Total HT", "Montant HT", "Total"]},
    "position": {"en": ["#", "No.", "Line"], "de": ["Pos.", "Pos", "Nr."], "fr": ["N°", "Ligne", "#"]},
    "sku": {"en": ["SKU", "Item code", "Part no."], "de": ["Art.-Nr.", "Artikelnr."], "fr": ["Réf.", "Code article"]},
    "page": {"en": ["Page {n} of {m}", "Page {n}/{m}"], "de": ["Seite {n} von {m}", "Seite {n}/{m}"],
             "fr": ["Page {n} sur {m}", "Page {n}/{m}"]},
    "continued": {"en": ["continued on next page", "Continued"], "de": ["Fortsetzung auf der nächsten Seite", "Übertrag"],
                  "fr": ["Suite page suivante", "À reporter"]},
    "thanks": {"en": ["Thank you for your business!", "Thank you!", "Please come again"],
               "de": ["Vielen Dank für Ihren Einkauf!", "Vielen Dank für Ihren Auftrag.", "Danke!"],
               "fr": ["Merci de votre confiance.", "Merci et à bientôt !", "Merci !"]},
    "terms": {"en": ["Payment terms: {n} days net", "Please pay within {n} days."],
              "de": ["Zahlbar innerhalb von {n} Tagen ohne Abzug.", "Zahlungsziel: {n} Tage netto"],
              "fr": ["Paiement à {n} jours.", "Conditions de paiement : {n} jours net"]},
    "bank": {"en": ["Bank", "Bank details"], "de": ["Bankverbindung", "Bank"], "fr": ["Coordonnées bancaires", "Banque"]},
    # Sections and rows of form-style e-invoice renderings (families/forms.py).
    "section_details": {"en": ["Invoice details", "Document", "General information"],
                        "de": ["Rechnungsdaten", "Belegdaten", "Allgemeine Angaben"],
                        "fr": ["Informations facture", "Document", "Données générales"]},
    "section_items": {"en": ["Line items", "Items", "Invoice lines"], "de": ["Positionen", "Rechnungspositionen", "Leistungen"],
                      "fr": ["Lignes de facture", "Articles", "Détail"]},
    "section_vat": {"en": ["VAT breakdown", "Tax summary", "VAT summary"],
                    "de": ["Umsatzsteuer", "Steuerübersicht", "MwSt.-Aufstellung"],
                    "fr": ["Récapitulatif TVA", "Détail TVA", "Ventilation TVA"]},
    "section_totals": {"en": ["Totals", "Document totals", "Summary"], "de": ["Summen", "Rechnungssummen", "Gesamtbeträge"],
                       "fr": ["Totaux", "Récapitulatif", "Montants"]},
    "section_notes": {"en": ["Notes", "Remarks"], "de": ["Hinweise", "Bemerkungen"], "fr": ["Remarques", "Notes"]},
    "section_payment": {"en": ["Payment", "Payment terms"], "de": ["Zahlung", "Zahlungsbedingungen"],
                        "fr": ["Paiement", "Conditions de paiement"]},
    "party_number": {"en": ["Number", "Customer no.", "ID"], "de": ["Nummer", "Kundennummer", "Kennung"],
                     "fr": ["Numéro", "N° client", "Identifiant"]},
    "global_id": {"en": ["Global ID", "GLN"], "de": ["Globale ID", "GLN"], "fr": ["Identifiant global", "GLN"]},
    "registration": {"en": ["Company no.", "Registration"], "de": ["Handelsregister", "Registergericht"],
                     "fr": ["RCS", "SIRET"]},
    "line_sum": {"en": ["Sum of line items", "Items total"], "de": ["Summe Positionen", "Warenwert"],
                 "fr": ["Total lignes", "Somme des lignes"]},
    "charges": {"en": ["Charges", "Surcharges"], "de": ["Zuschläge", "Summe Zuschläge"], "fr": ["Frais", "Majorations"]},
    "allowances": {"en": ["Allowances", "Discounts"], "de": ["Abschläge", "Rabatte"], "fr": ["Remises", "Rabais"]},
    "vat_category": {"en": ["Standard rate", "VAT (S)"], "de": ["Normalsatz", "Umsatzsteuer (S)"],
                     "fr": ["Taux normal", "TVA (S)"]},
    "vat_reduced": {"en": ["Reduced rate", "VAT (AA)"], "de": ["Ermäßigter Satz", "Umsatzsteuer (AA)"],
                    "fr": ["Taux réduit", "TVA (AA)"]},
    # With two VAT rates: the sum of the per-rate taxes.
    "tax_total": {"en": ["Total VAT", "Total tax", "VAT total"], "de": ["Summe MwSt.", "Umsatzsteuer gesamt", "MwSt. gesamt"],
                  "fr": ["Total TVA", "Montant total TVA", "TVA totale"]},
    "rate_base": {"en": ["on", "of"], "de": ["auf", "von"], "fr": ["sur", "de"]},
    # Receipts with prices including tax: the tax as the part of the total, and the net amount.
    "tax_included": {"en": ["incl. VAT", "GST included", "Incl. GST", "Tax included"],
                     "de": ["inkl. MwSt.", "davon MwSt.", "enth. MwSt."], "fr": ["dont TVA", "TVA incluse", "Dont TVA"]},
    "net_amount": {"en": ["Net", "Total excl. GST", "Amount excl. VAT"], "de": ["Netto", "Nettobetrag", "Summe netto"],
                   "fr": ["Total HT", "Montant HT"]},
    # A vendor printing both: the VAT id is the field, the domestic tax number is not.
    "vat_id": {"en": ["VAT No.", "VAT Reg. No."], "de": ["USt-IdNr.", "USt-ID", "USt.-Id.-Nr.", "UID"],
               "fr": ["N° TVA", "TVA intracom."]},
    "tax_number": {"en": ["Tax No.", "Tax reference"], "de": ["Steuernummer", "St.-Nr.", "Steuer-Nr."],
                   "fr": ["N° fiscal", "Numéro fiscal"]},
}

MONTH_NAMES = {
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"],
    "de": ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
           "Oktober", "November", "Dezember"],
    "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
           "octobre", "novembre", "décembre"],
}
MONTH_ABBREVIATIONS = {
    "en": [month[:3] for month in MONTH_NAMES["en"]],
    "de": ["Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sep.", "Okt.", "Nov.", "Dez."],
    "fr": ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."],
}
CURRENCY_SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£", "CHF": "CHF", "CAD": "C$", "AUD": "A$", "MYR": "RM"}
CURRENCIES_BY_LOCALE = {"en": ["USD", "GBP", "EUR", "CAD", "AUD"], "de": ["EUR", "EUR", "CHF"],
                        "fr": ["EUR", "EUR", "CHF"], "apac": ["MYR", "MYR", "SGD"]}


def format_date(rng: random.Random, date: dt.date, lang: str, style: str) -> str:
    """Print a date; ``style`` is one of DATE_STYLES, chosen once per document."""
    d, m, y = date.day, date.month, date.year
    month, short = MONTH_NAMES[lang][m - 1], MONTH_ABBREVIATIONS[lang][m - 1]
    numeric = {"dotted": f"{d:02d}.{m:02d}.{y}", "slash": f"{d:02d}/{m:02d}/{y}", "dash": f"{d:02d}-{m:02d}-{y}",
               "slash_short": f"{d:02d}/{m:02d}/{y % 100:02d}", "dash_short": f"{d:02d}-{m:02d}-{y % 100:02d}",
               "iso": date.isoformat()}
    if style in numeric:
        return numeric[style]
    if style == "us" and d > 12:  # month-first only where it cannot be misread day-first
        return f"{m:02d}/{d:02d}/{y}"
    if style == "abbrev":
        return f"{d:02d}-{short}-{y}" if lang == "en" else f"{d}. {short} {y}"
    if style == "abbrev_space":
        return f"{d:02d} {short} {y}"
    if style == "abbrev_us":
        return f"{short} {d}, {y}"
    if style == "long" or style == "us":
        if lang == "en" and rng.random() < 0.4:
            return f"{month} {d}, {y}"
        if lang == "fr" and d == 1:
            return f"1er {month} {y}"
        return f"{d}. {month} {y}" if lang == "de" else f"{d} {month} {y}"
    raise ValueError(style)


DATE_STYLES = ("dotted", "slash", "slash_short", "dash", "dash_short", "iso", "us", "abbrev", "abbrev_space",
               "abbrev_us", "long")
DATE_STYLES_BY_LANGUAGE = {
    "en": ("slash", "slash", "slash_short", "dash", "dash_short", "dotted", "iso", "us", "abbrev", "abbrev_space",
           "abbrev_us", "long", "long"),
    "de": ("dotted", "dotted", "dotted", "long", "iso", "abbrev", "slash"),
    "fr": ("slash", "slash", "long", "long", "dotted", "iso", "dash", "abbrev_space", "slash_short"),
}


@dataclass(frozen=True)
class MoneyStyle:
    """Number grouping and currency placement for one document."""

    group: str  # thousands separator ('' for none)
    decimal: str
    currency_mode: str  # 'none', 'code_after', 'code_before', 'symbol_before', 'symbol_after', 'symbol_glued'
    negative: str = "leading"  # 'leading' (-12.00) or 'trailing' (12.00-)

    def number(self, value: Decimal) -> str:
        quantized = abs(value).quantize(Decimal("0.01"))
        whole, frac = f"{quantized:.2f}".split(".")
        groups = []
        while len(whole) > 3:
            groups.insert(0, whole[-3:])
            whole = whole[:-3]
        text = self.group.join([whole, *groups]) + self.decimal + frac
        if value < 0:
            return text + "-" if self.negative == "trailing" else "-" + text
        return text


NUMBER_STYLES_BY_LANGUAGE = {
    "en": [(",", "."), (",", "."), ("", ".")],
    "de": [(".", ","), (".", ","), ("", ","), ("'", ".")],
    "fr": [(" ", ","), (" ", ","), (".", ","), ("", ",")],
}


def pick_money_style(rng: random.Random, lang: str, receipt: bool) -> MoneyStyle:
    group, decimal = rng.choice(NUMBER_STYLES_BY_LANGUAGE[lang])
    modes = ["none", "code_after", "code_before", "symbol_before", "symbol_after", "symbol_glued"]
    mode = rng.choice(modes[:1] * 3 + modes[1:] if receipt else modes)
    return MoneyStyle(group, decimal, mode, rng.choice(["leading", "leading", "trailing"]))


def format_quantity(rng: random.Random, quantity: Decimal, decimal: str) -> str:
    if quantity == quantity.to_integral_value() and rng.random() < 0.8:
        return str(int(quantity))
    return f"{quantity:.2f}".replace(".", decimal)


def pick_label(rng: random.Random, key: str, lang: str) -> str:
    return rng.choice(LABELS[key][lang])
