from docai.extract.headings import is_heading_word


def test_heading_words_are_recognised_in_any_case_with_their_punctuation():
    assert all(is_heading_word(w) for w in ("Bill", "TO:", "Kunde", "Facturé", "à",
                                            "Käufer/Leistungsempfänger", "Z.Hd."))
    assert not any(is_heading_word(w) for w in ("Acme", "Kunden", "GmbH", "12", "", "Bill/Acme"))
