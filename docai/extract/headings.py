"""Role headings printed with a party's block ("Bill to", "Kunde:", "Facturé à"), which are no
part of the party's name or address even when the model tags them with it."""

from __future__ import annotations

from docai.model import Word

# Words that make up the headings of a party's block on invoices in English, German and French:
# the party's role, what is sent to it, and the labels of its rows. A line made only of these
# words is a heading; a name or address line always holds a word outside them.
ROLE_HEADING_WORDS = frozenset("""
    bill billed billing sold ship shipped shipping invoice invoiced deliver delivered delivery
    to from by for customer client buyer purchaser recipient consignee seller vendor supplier
    issuer payee payer remit attn attention address postal details name company party
    an von kunde kundin käufer verkäufer lieferant empfänger rechnungsempfänger
    leistungsempfänger warenempfänger rechnungsadresse lieferadresse anschrift postanschrift
    adresse rechnung rechnungssteller auftraggeber absender firma z.hd zhd
    cliente facturé facturée facturer à destinataire facturation livraison livré acheteur
    vendeur fournisseur émetteur expéditeur nom raison sociale postale de pour l'attention
""".split())

# Of those, the words that name whose block it is: the customer's ("Bill to", "Facturé à",
# "Rechnungsempfänger") or, failing that, the vendor's ("From", "De", "Lieferant").
CUSTOMER_HEADING_WORDS = frozenset("""
    bill billed billing sold ship shipped to customer client buyer purchaser recipient consignee
    an kunde kundin käufer empfänger rechnungsempfänger leistungsempfänger warenempfänger
    rechnungsadresse lieferadresse auftraggeber cliente facturé facturée destinataire facturation
    livraison livré acheteur
""".split())
VENDOR_HEADING_WORDS = frozenset("""
    from von de seller vendor supplier lieferant verkäufer fournisseur vendeur émetteur
    expéditeur absender rechnungssteller issuer
""".split())


def _heading_parts(text: str) -> list[str]:
    return [p.strip(":.") for p in text.lower().split("/")]


def is_heading_word(text: str) -> bool:
    """Whether a printed word is a role-heading word, ignoring case, a ':' or '.' at either end, and
    headings joined by '/' ("Käufer/Leistungsempfänger")."""
    return all(p in ROLE_HEADING_WORDS for p in _heading_parts(text))


def heading_role(run: list[Word]) -> str | None:
    """"customer" or "vendor" for a run of words that is a heading naming that party's role,
    else None."""
    if not run or not all(is_heading_word(w.text) for w in run):
        return None
    parts = {p for w in run for p in _heading_parts(w.text)}
    if parts & CUSTOMER_HEADING_WORDS:
        return "customer"
    return "vendor" if parts & VENDOR_HEADING_WORDS else None


def without_role_heading(lines: list[list[Word]]) -> list[Word]:
    """A name's or address's words, line by line, without the heading printed before it: leading
    lines made only of heading words, and on the first line left, a leading run of heading words
    that ends in a colon ("Bill to: Acme Ltd")."""
    while lines and all(is_heading_word(w.text) for w in lines[0]):
        lines = lines[1:]
    if not lines:
        return []
    first = lines[0]
    for end, word in enumerate(first[:-1]):
        if not is_heading_word(word.text):
            break
        if word.text.endswith(":"):
            first = first[end + 1:]
            break
    return first + [w for line in lines[1:] for w in line]
