from docai.extract.headings import heading_role, is_heading_word
from docai.geometry import Box
from docai.model import Word


def test_heading_words_are_recognised_in_any_case_with_their_punctuation():
    assert all(is_heading_word(w) for w in ("Bill", "TO:", "Kunde", "Facturé", "à",
                                            "Käufer/Leistungsempfänger", "Z.Hd."))
    assert not any(is_heading_word(w) for w in ("Acme", "Kunden", "GmbH", "12", "", "Bill/Acme"))


def test_a_heading_names_the_customer_or_the_vendor_or_no_role():
    def run(text):
        return [Word(t, Box(0, 0, 1, 1)) for t in text.split()]
    assert heading_role(run("Facturé à")) == heading_role(run("Adresse de facturation")) == "customer"
    assert heading_role(run("De")) == heading_role(run("Lieferant:")) == "vendor"
    assert heading_role(run("Details")) is None and heading_role(run("De Acme")) is None
