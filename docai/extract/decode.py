"""From per-word tag probabilities to grounded fields and line-item rows."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import numpy as np

from docai.extract.address_blocks import one_block, without_label
from docai.extract.fields import field_kind
from docai.extract.headings import heading_role, is_heading_word, without_role_heading
from docai.extract.item_starts import item_name_starts
from docai.extract.normalize import normalize_currency, normalize_field
from docai.extract.tags import LINE_ITEM_PREFIX, OUTSIDE, is_line_item
from docai.geometry import Box, union_all
from docai.layout.regions import lines_of, residual_blocks, same_line
from docai.model import ExtractedField, Page, Word

# A word joins a field's candidate when that field is its most likely tag other than "outside"
# and has at least this probability: a field is usually printed once, so a value the model is
# unsure about is worth proposing (with its low confidence) rather than dropping.
MIN_FIELD_PROBABILITY = 0.3


# Names and addresses run over several lines; every other value is printed on one, so a block
# of such words is split into lines: a total printed twice on nearby lines is two candidates
# ("55.10" and "55.10"), not one value "55.10 55.10". A word printed between two words of
# such a value on their line belongs to it, whatever the model tagged it ("138, [allée] des
# Begax" where "allée" read as a tax id): see bridged().
MULTI_LINE_KINDS = ("name", "address")
# The widest gap between two words of one run of text, in word heights: wider is a column gutter.
WORD_GAP = 1.5
# The widest space between two words of one name, in word heights (a space is about a third):
# two boxes side by side ("vendor | customer") can sit closer than a gutter.
WORD_SPACE = 0.8
# A tag the model gives this probability is not overruled by its neighbours'
# (see one_party_per_run and whole_tax_id).
SURE = 0.9

# A party's name and address are printed in the document's header, on its first page: a later
# page's candidate (a section heading "Bemerkungen" read as the customer) ranks after page 1's.
PARTY_KINDS = ("name", "address")
# A heading that names a party's role ("Facturé à", "De") stands above its block, its last line
# at most this many of its heights above the name: the block is that party's, whatever the model
# read it as. The roles are the prefixes of the party fields ("vendor_name", "customer_address").
HEADING_REACH = 2.5
PARTY_ROLES = ("vendor", "customer")

# A date whose tagged words do not parse is usually a word short: the model left out the year
# of "9. Januar 2022" or the day of "Sep 6, 2024". Such a span grows along its printed line, by
# these many words (left, right), fewest first; gaps inside it are filled in first. (Amounts do
# not grow: a tagged "Frankfurt" would grow into "69876 Frankfurt", a postcode read as a tax.)
GROWTH = ((0, 0), (1, 0), (0, 1), (1, 1), (2, 0), (0, 2))
GROWING_KINDS = ("date",)

# What every value of a kind has: ids (invoice numbers, tax ids) hold a digit, names and
# addresses a letter. "Frankfurt" is no tax id and "05.03.2018" no company name.
PLAUSIBLE = {"id": re.compile(r"\d"), "name": re.compile(r"[^\W\d_]"),
             "address": re.compile(r"[^\W\d_]")}

# A tax id is printed as one run, often in groups ("FR93 908 717 089", "GB 349 1906 25"), and the
# model may leave a group out or read it as another id or a date: a piece is uppercase letters and
# digits (with . / -) holding a digit, or a two-letter country code.
TAX_ID_FIELDS = ("vendor_tax_id",)
ID_PIECE = re.compile(r"(?=.*\d)[A-Z\d][A-Z\d./-]*|[A-Z]{2}")

# A word that is wholly a date ("10-05-17") is no id's, whatever the model read it as (0.9.9): a
# receipt's date printed beside its invoice or terminal number was read as part of that number.
NUMERIC_DATE = re.compile(r"\d{1,2}([./-])\d{1,2}\1(?:\d{4}|\d{2})")

# What no amount of a document's sums looks like: a time ("11:33"), a percentage, a code that
# ends in digits ("WELCOME20", "GB06": letters glued before an amount name its currency, as in
# "RM4.65"), a measure or a time of day (0.9.7: "120*90CM", "4PM": letters glued after it name
# its currency too, as in "45.00EUR"), or four decimals and more (a unit price or a rate:
# "67,2244").
NO_SUM = re.compile(r"\d:\d\d|%|[.,]\d{4}")
GLUED_LETTERS = re.compile(r"(?<!\w)[^\W\d_]+(?=\d)|(?<=\d)[^\W\d_]+(?!\w)")

# Every invoice and receipt carries its date. When the model tags none, the printed date it
# finds likeliest to be that one is proposed, with that (low) confidence; a word of another
# field's candidate is not taken (a due date stays a due date).
DATED_FIELD = "invoice_date"
# A due date is printed beside the document's date, never alone: when it is the only date the
# model found and no other is printed, it is the document's date. And a document has one date:
# when the model reads a second, later one as its date and finds no due date, that is the due date.
DUE_FIELD = "due_date"

# A trading name or logo printed above the company's name is this many times its height or more;
# a name printed in one size varies less (capitals and descenders move OCR's boxes by some percent).
WORDMARK_SIZE = 1.1

# A company's registration number printed after its name: "(169199-V)", "(779763-K)"; a short
# code in parentheses is part of a name ("CHEE WENG BAKERIES (SS2) BERHAD", SS2 a district).
REGISTRATION_NUMBER = re.compile(r"\(\d{4,}[-\w]*\)")
# Or the register's label before its number ("HRA 1832", "RCS Nîmes B 171913", "CO. REG:
# 1720262-K", "(CO REG : 860871-D)"): matched against a word and the one after it.
REGISTRATION_LABEL = re.compile(
    r"\(?(?:HR[AB]|Amtsgericht|Handelsregister|Registergericht|RCS|SIRE[NT]|ABN|Company No"
    r"|Co\.? ?Reg|ROC No|Reg\. ?No)\b[.:]?", re.IGNORECASE)

# An e-mail or web address, printed under a postal address and no line of it.
ONLINE_ADDRESS = re.compile(r".+@.+|(?:www\.|https?:).+", re.IGNORECASE)

# A phone line under an address, which ends the address ("TEL:03-3271 9872 FAX:...", "Mobile
# /Whatsapps : +6012-918"): a contact label, then a number or a colon ("Mobile, AL" is a town).
CONTACT_LINE = re.compile(
    r"(?:Tel(?:ephone|efon|efax)?|Tél(?:éphone)?|Phone|Ph|Fax|Mob(?:ile)?|H/P|Whats ?apps?)"
    r"\.?\s*[:/+(\d]", re.IGNORECASE)

# A time printed under a receipt's name ("8:09 PM"), which is no line of its address.
TIME_PIECE = re.compile(r"\d{1,2}[:.]\d{2}(?::\d{2})?|[AP]\.?M\.?", re.IGNORECASE)

# An amount printed with its thousands grouped by a space ("€6 367,78") is two words: a leading
# group, then three digits with the decimals. The model may tag the two as different sums.
LEADING_GROUP = re.compile(r"\D{0,3}\d{1,3}")
THOUSANDS_GROUP = re.compile(r"\d{3}(?:[.,]\d{1,2})?\D{0,3}")

# Two letters in a row: what a line of an address holds besides numbers and codes.
LETTER_PAIR = re.compile(r"[^\W\d_]{2}")

# A label that text extraction fused with the value after it: "USt-ID:DE123", "Name:ACME".
GLUED_LABEL = re.compile(r"^[^\W\d_]+(?:[-.][^\W\d_]+)*\.?:(?=\S)")


@dataclass(frozen=True)
class Calibration:
    """Platt scaling of a candidate's mean word probability into the stored confidence, fitted
    on validation documents so that confidence tracks how often values are right."""

    scale: float = 1.0
    shift: float = 0.0

    def __call__(self, probability: float) -> float:
        p = min(max(probability, 1e-6), 1 - 1e-6)
        return float(1 / (1 + np.exp(-(self.scale * np.log(p / (1 - p)) + self.shift))))


@dataclass
class TaggedPage:
    page: Page
    probs: np.ndarray   # [W, tags], softmax over the tag vocabulary
    starts: np.ndarray  # [W], probability that a word begins a new line item


@dataclass
class Candidate:
    """One printed occurrence of a field: nearby words that share its tag."""

    field: str
    words: list[Word]
    page_no: int
    confidence: float
    value: str | None

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    def grounded(self, extractor: str) -> ExtractedField:
        region = max(set(w.region_id for w in self.words),
                     key=[w.region_id for w in self.words].count)
        return ExtractedField(self.field, self.value, self.text, self.page_no,
                              union_all([w.box for w in self.words]), self.confidence, region,
                              extractor)


def field_candidates(tagged: list[TaggedPage], tags: list[str],
                     calibration: Calibration = Calibration()) -> dict[str, list[Candidate]]:
    """Candidates per field, best first. Words are grouped by proximity rather than strict
    reading order, so a value split by an interleaved neighbouring column stays whole."""
    field_tags = np.array([t != OUTSIDE and not is_line_item(t) for t in tags])
    item_name = tags.index(f"{LINE_ITEM_PREFIX}description")
    found: dict[str, list[Candidate]] = {}
    headings: dict[int, list[tuple[Box, str]]] = {}  # per page: role headings
    for item in tagged:
        if not len(item.page.words):
            continue
        lines = lines_of(item.page.words)
        headings[item.page.page_no] = role_headings(lines)
        best = item.probs.argmax(axis=1)
        best_field = np.where(field_tags, item.probs, -1.0).argmax(axis=1)
        promoted = item.probs[np.arange(len(best)), best_field] >= MIN_FIELD_PROBABILITY
        best = np.where(promoted & ~field_tags[best], best_field, best)
        best[item_name_starts(item.page.words, item.probs, item.starts, tags)] = item_name
        index_of = {id(w): i for i, w in enumerate(item.page.words)}  # reading order
        best = bridged(item.page.words, best, tags)
        best = without_dates_as_ids(item.page.words, best, tags)
        best = with_address_line_starts(lines, best, tags, index_of)
        pairs = party_tag_pairs(tags)
        best = one_party_per_run(item.page.words, item.probs, best, pairs, index_of)
        best = one_part_per_line(item.page.words, item.probs, best, pairs, index_of)
        best = one_tag_per_grouped_amount(lines, item.probs, best, tags, index_of)
        for tag in TAX_ID_FIELDS:
            if tag in tags:
                best = whole_tax_id(item.page.words, item.probs, best, tags.index(tag), tags,
                                    index_of)
        untagged = {id(w) for w, tag in zip(item.page.words, best) if tags[tag] == OUTSIDE}
        for tag_index, tag in enumerate(tags):
            if tag == OUTSIDE or is_line_item(tag):
                continue
            chosen = np.flatnonzero(best == tag_index)
            if not len(chosen):
                continue
            blocks = residual_blocks([item.page.words[i] for i in chosen])
            if field_kind(tag) in MULTI_LINE_KINDS:  # line by line, less lines no such value has
                blocks = [without_role_heading(party_lines(tag, block, item.page.words))
                          for block in blocks]
            else:  # one candidate per line, in reading order
                blocks = [sorted(line, key=lambda w: index_of[id(w)])
                          for block in blocks for line in lines_of(block)]
            if field_kind(tag) == "name":
                blocks = [before_registration(without_label_lines(
                    along_runs(block, item.page.words, untagged))) for block in blocks]
            spans: set[frozenset[int]] = set()  # two pieces of one value grow into one span
            for block in filter(None, blocks):
                value = value_of(tag, block)
                if value is None and field_kind(tag) in GROWING_KINDS:
                    block, value = completed_span(tag, block, item.page.words)
                span = frozenset(map(id, block))
                if value is None or span in spans:
                    continue
                spans.add(span)
                confidence = calibration(mean_probability(item, block, tag_index, index_of))
                found.setdefault(tag, []).append(
                    Candidate(tag, block, item.page.page_no, confidence, value))
    if DATED_FIELD in tags and DATED_FIELD not in found:
        date = likeliest_printed_date(tagged, tags.index(DATED_FIELD), found, calibration)
        if date is None and only_due_date(found):  # the one date printed was taken for the due date
            date = retagged(found.pop(DUE_FIELD)[0], DATED_FIELD, tagged, tags, calibration)
        elif date is None and DUE_FIELD in found:  # two dates read as the due date: the earlier
            earliest = min(found[DUE_FIELD], key=lambda c: c.value)  # ISO dates sort as text
            found[DUE_FIELD] = [c for c in found[DUE_FIELD] if c.value != earliest.value]
            date = retagged(earliest, DATED_FIELD, tagged, tags, calibration)
        if date:
            found[DATED_FIELD] = [date]
    first_page = min((item.page.page_no for item in tagged), default=1)
    for tag, candidates in found.items():
        of_party = field_kind(tag) in PARTY_KINDS
        candidates.sort(key=lambda c: (of_party and c.page_no != first_page, -c.confidence))
    found = with_roles_under_headings(found, headings, tagged, tags, calibration)
    if DUE_FIELD in tags and DUE_FIELD not in found and DATED_FIELD in found:
        dated = found[DATED_FIELD]
        order = reading_order(tagged)
        earlier = sorted((c for c in dated[1:] if c.value < dated[0].value  # ISO dates sort as text
                          and order(c) < order(dated[0])), key=lambda c: c.value)
        if earlier:  # the due date read as the likelier date; the document's is printed first
            dated.remove(earlier[0])
            dated.insert(0, earlier[0])
        later = [c for c in dated[1:] if c.value > dated[0].value]
        if later:  # the due date read as a second invoice date
            dated.remove(later[0])
            found[DUE_FIELD] = [retagged(later[0], DUE_FIELD, tagged, tags, calibration)]
    return found


def role_headings(lines: list[list[Word]]) -> list[tuple[Box, str]]:
    """The runs of a page's lines that are role headings: each one's box and the role it names."""
    return [(union_all([w.box for w in run]), role)
            for line in lines if any(is_heading_word(w.text) for w in line)
            for run in _runs(line) if (role := heading_role(run))]


def with_roles_under_headings(found: dict[str, list[Candidate]],
                              headings: dict[int, list[tuple[Box, str]]],
                              tagged: list[TaggedPage], tags: list[str], calibration: Calibration
                              ) -> dict[str, list[Candidate]]:
    """The candidates with vendor and customer swapped (names and addresses) when a likeliest
    name stands under the other role's heading (role_headings, per page) and neither under its
    own (see HEADING_REACH)."""
    under = {role: heading_over(found[f"{role}_name"][0], headings)
             for role in PARTY_ROLES if f"{role}_name" in found}
    contradicted = any(heading not in (None, role) for role, heading in under.items())
    confirmed = any(heading == role for role, heading in under.items())
    if not contradicted or confirmed:
        return found
    swapped = {}
    for tag, candidates in found.items():
        role, _, kind = tag.partition("_")
        if role in PARTY_ROLES and kind in PARTY_KINDS:
            other = f"{PARTY_ROLES[1 - PARTY_ROLES.index(role)]}_{kind}"
            tag, candidates = other, [retagged(c, other, tagged, tags, calibration)
                                      for c in candidates]
        swapped[tag] = candidates
    return swapped


def heading_over(candidate: Candidate, headings: dict[int, list[tuple[Box, str]]]
                 ) -> str | None:
    """The role named by the nearest heading just above the candidate, if any."""
    top = min(w.box.y0 for w in candidate.words)
    left, right = min(w.box.x0 for w in candidate.words), max(w.box.x1 for w in candidate.words)
    over = [(box, role) for box, role in headings.get(candidate.page_no, [])
            if box.y1 <= top + 1 and top - box.y1 <= HEADING_REACH * box.height
            and box.x0 < right and left < box.x1]
    return max(over, key=lambda heading: heading[0].y1)[1] if over else None


def reading_order(tagged: list[TaggedPage]) -> Callable[[Candidate], tuple[int, int]]:
    """Where a candidate is printed: its page, then its first word's place in reading order."""
    index_of = {id(w): i for item in tagged for i, w in enumerate(item.page.words)}
    return lambda c: (c.page_no, min(index_of[id(w)] for w in c.words))


def likeliest_printed_date(tagged: list[TaggedPage], tag_index: int,
                           found: dict[str, list[Candidate]],
                           calibration: Calibration) -> Candidate | None:
    """The printed date outside every candidate that holds the word with the highest probability
    of the dated field (see DATED_FIELD), as its candidate with that probability; None when no
    date is printed. A date printed as words ("21 MAR 2018") is found from any of its words with
    a digit, grown along its line as a tagged date is."""
    taken = {id(w) for candidates in found.values() for c in candidates for w in c.words}
    seeds = sorted(((float(item.probs[i, tag_index]), n, i)
                    for n, item in enumerate(tagged) for i, word in enumerate(item.page.words)
                    if id(word) not in taken and any(ch.isdigit() for ch in word.text)),
                   reverse=True)
    for probability, n, i in seeds:
        page = tagged[n].page
        span, value = [page.words[i]], value_of(DATED_FIELD, [page.words[i]])
        if value is None:
            span, value = completed_span(DATED_FIELD, span, page.words)
            if any(value_of(DATED_FIELD, [w]) for w in span):
                continue  # a time beside a one-word date ("27/07/17 10:32"): the date seeds it
        if value is not None and not any(id(w) in taken for w in span):
            return Candidate(DATED_FIELD, span, page.page_no, calibration(probability), value)
    return None


def only_due_date(found: dict[str, list[Candidate]]) -> bool:
    """Whether the due date's candidates are one date (perhaps printed twice)."""
    return len({c.value for c in found.get(DUE_FIELD, [])}) == 1


def retagged(candidate: Candidate, field: str, tagged: list[TaggedPage], tags: list[str],
             calibration: Calibration) -> Candidate:
    """The candidate's words as a candidate of another field, with that field's (calibrated)
    mean probability as its confidence."""
    page = next(item for item in tagged if item.page.page_no == candidate.page_no)
    index_of = {id(w): i for i, w in enumerate(page.page.words)}
    probability = mean_probability(page, candidate.words, tags.index(field), index_of)
    return Candidate(field, candidate.words, candidate.page_no, calibration(probability),
                     candidate.value)


def mean_probability(item: TaggedPage, words: list[Word], tag_index: int,
                     index_of: dict[int, int]) -> float:
    """The mean probability of one tag over words of the page (index_of: id -> word index)."""
    return float(np.mean([item.probs[index_of[id(w)], tag_index] for w in words]))


def value_of(tag: str, words: list[Word]) -> str | None:
    """The normalised value of words printed as one field, without a label glued to them; None
    when it does not parse or is implausible for the field's kind."""
    text = GLUED_LABEL.sub("", " ".join(w.text for w in words), count=1)
    if field_kind(tag) == "amount" and not is_line_item(tag) and not printed_as_sum(text):
        return None
    value = normalize_field(tag, text)
    required = PLAUSIBLE.get(field_kind(tag))
    if value is None or (required and not required.search(value)):
        return None
    return None if field_kind(tag) == "id" and is_iban(value) else value


def is_iban(text: str) -> bool:
    """Whether text is a valid IBAN (a bank account: no invoice number, no tax id)."""
    compact = re.sub(r"[\s-]", "", text).upper()
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z\d]{11,30}", compact):
        return False
    digits = "".join(str(int(ch, 36)) for ch in compact[4:] + compact[:4])
    return int(digits) % 97 == 1


def printed_as_sum(text: str) -> bool:
    """Whether printed text may be one of a document's sums (see NO_SUM)."""
    return NO_SUM.search(text) is None and all(
        normalize_currency(letters) or normalize_currency(letters.upper())
        for letters in GLUED_LETTERS.findall(text))


def party_lines(tag: str, block: list[Word], page_words: list[Word]) -> list[list[Word]]:
    """A name's or an address's block of words as lines, less the lines and words no such
    value has (see address_lines and docai.extract.address_blocks)."""
    lines = address_lines(tag, lines_of(block))
    if field_kind(tag) != "address":
        return lines
    return without_label(one_block(lines, page_words, block))


def address_lines(tag: str, lines: list[list[Word]]) -> list[list[Word]]:
    """A candidate's lines, less those no address has: a date printed beside it ("21 Mar 2018
    17:59" over a receipt's letterhead; taken into the address the date is lost to the date
    fields), a time ("8:09 PM") or an e-mail or web address, lines down to a registration number
    ("(867388-U)", printed under the company's name), before its first line, lines without a
    word, and from a phone line on (CONTACT_LINE, 0.9.10). Other fields' lines are returned as
    they are."""
    if field_kind(tag) != "address":
        return lines
    lines = [line for line in lines if value_of(DATED_FIELD, line) is None
             and not all(TIME_PIECE.fullmatch(w.text) or ONLINE_ADDRESS.fullmatch(w.text)
                         for w in line)]
    phoned = [i for i, line in enumerate(lines) if i and CONTACT_LINE.match(
        " ".join(w.text for w in line))]
    lines = lines[:phoned[0]] if phoned else lines
    registered = [i for i, line in enumerate(lines[:-1])
                  if any(REGISTRATION_NUMBER.fullmatch(w.text) for w in line)]
    if registered:  # printed under the company's name, above its address
        lines = lines[registered[-1] + 1:]
    while lines and not any(LETTER_PAIR.search(w.text) for w in lines[0]):
        lines = lines[1:]
    return lines


def bridged(words: list[Word], best: np.ndarray, tags: list[str]) -> np.ndarray:
    """Tags per word where the words printed between two words of one name or address on their
    line, close enough to read as one run of text, take that field's tag; unless one of them
    reads as a value of the field it was tagged with ("Nr. 471102" between two words taken as a
    name keeps its invoice number)."""
    multi_line = {t for t in tags
                  if t != OUTSIDE and not is_line_item(t) and field_kind(t) in MULTI_LINE_KINDS}
    tag_indices = [i for i, t in enumerate(tags) if t in multi_line]

    def free(i: int) -> bool:
        tag = tags[best[i]]
        return tag == OUTSIDE or tag in multi_line or (
            not is_line_item(tag) and value_of(tag, [words[i]]) is None)

    boxes = np.array([(w.box.x0, w.box.y0, w.box.x1, w.box.y1) for w in words])
    center_x, center_y = (boxes[:, 0] + boxes[:, 2]) / 2, (boxes[:, 1] + boxes[:, 3]) / 2
    heights = boxes[:, 3] - boxes[:, 1]
    best = best.copy()
    for tag_index in tag_indices:
        for line in lines_of([words[i] for i in np.flatnonzero(best == tag_index)]):
            for left, right in zip(line, line[1:]):
                height = max(left.box.height, right.box.height)
                between = np.flatnonzero((center_x > left.box.x1) & (center_x < right.box.x0)
                                         & (np.abs(center_y - left.box.center_y)
                                            <= 0.5 * np.maximum(heights, height)))
                if (len(between) and _tight(boxes, between, left, right, height)
                        and all(free(i) for i in between)):
                    best[between] = tag_index
    return best


def with_address_line_starts(lines: list[list[Word]], best: np.ndarray, tags: list[str],
                             index_of: dict[int, int]) -> np.ndarray:
    """Tags per word where a line's first word, read as no field and printed a word space left
    of an address's first word on that line, takes the address's tag if it holds a digit or is
    an abbreviation (0.9.6: "No." of "No. 343, Jalan Kurau", "1362-JLN" of "1362-JLN
    DEVELOPMENT"); a register's label ("ABN 22 ...", "Reg. No") stays out."""
    addresses = [i for i, t in enumerate(tags)
                 if t != OUTSIDE and not is_line_item(t) and field_kind(t) == "address"]
    outside = tags.index(OUTSIDE)
    best = best.copy()
    for line in lines:
        if len(line) < 2:
            continue
        first, second = index_of[id(line[0])], index_of[id(line[1])]
        text, gap = line[0].text, line[1].box.x0 - line[0].box.x1
        # lines_of chains words whose centres step down little by little (a sidebar beside a
        # header): the two must be printed on one line, side by side.
        if (best[first] == outside and best[second] in addresses and same_line(line[0], line[1])
                and 0 <= gap <= WORD_SPACE * line[0].box.height
                and (text.endswith(".") or any(ch.isdigit() for ch in text))
                and not REGISTRATION_LABEL.match(f"{text} {line[1].text}")):
            best[first] = best[second]
    return best


def party_tag_pairs(tags: list[str]) -> list[tuple[int, int]]:
    """(name, address) tag indices of each party: vendor_name with vendor_address, and so on."""
    return [(tags.index(f"{party}_name"), tags.index(f"{party}_address"))
            for party in ("vendor", "customer")
            if f"{party}_name" in tags and f"{party}_address" in tags]


def one_party_per_run(words: list[Word], probs: np.ndarray, best: np.ndarray,
                      pairs: list[tuple[int, int]], index_of: dict[int, int]) -> np.ndarray:
    """Tags per word where a run of words on one line tagged partly with one party's name or
    address and partly with the other's takes the party the model gives more probability over
    the run, each word keeping its part ("MUSTER-KUNDE" read as the customer, "GMBH" as the
    vendor): two parties are never printed in one run of text."""
    best = best.copy()
    party_of = {tag: n for n, pair in enumerate(pairs) for tag in pair}
    chosen = np.flatnonzero(np.isin(best, list(party_of)))
    for line in lines_of([words[i] for i in chosen]):
        for run in _runs(line, WORD_SPACE):
            members = [index_of[id(w)] for w in run]
            if len({party_of[best[m]] for m in members}) < 2:
                continue
            party = max(pairs, key=lambda pair: probs[np.ix_(members, pair)].sum())
            moved = [m for m in members if best[m] not in party]
            if probs[moved, best[moved]].max() >= SURE:
                continue  # the model is sure of both parties: two boxes printed close together
            for m in moved:
                best[m] = party[pairs[party_of[best[m]]].index(best[m])]
    return best


def without_dates_as_ids(words: list[Word], best: np.ndarray, tags: list[str]) -> np.ndarray:
    """Tags per word with the words that are wholly a date (NUMERIC_DATE) untagged where they were
    read as an id."""
    ids = [i for i, tag in enumerate(tags) if tag != OUTSIDE and field_kind(tag) == "id"]
    best = best.copy()
    for i in np.flatnonzero(np.isin(best, ids)):
        if NUMERIC_DATE.fullmatch(words[i].text) and value_of(DATED_FIELD, [words[i]]):
            best[i] = tags.index(OUTSIDE)
    return best


def whole_tax_id(words: list[Word], probs: np.ndarray, best: np.ndarray, tag_index: int,
                 tags: list[str], index_of: dict[int, int]) -> np.ndarray:
    """Tags per word where a tax id's pieces take the pieces beside them on their printed run (see
    ID_PIECE; a date is none), whatever the model tagged them unless it is sure of that tag."""
    best = best.copy()

    def joins(word: Word) -> bool:
        i = index_of[id(word)]
        return (ID_PIECE.fullmatch(word.text) is not None and value_of(DATED_FIELD, [word]) is None
                and (tags[best[i]] == OUTSIDE or best[i] == tag_index or probs[i, best[i]] < SURE))

    for member in [words[i] for i in np.flatnonzero(best == tag_index)
                   if ID_PIECE.fullmatch(words[i].text)]:
        # Words of the member's size on its line: a tall word beside it (a callout's amount)
        # would make printed_line() span two lines of the id's size.
        line = sorted((w for w in words
                       if abs(w.box.center_y - member.box.center_y) <= member.box.height / 3
                       and 2 / 3 <= w.box.height / member.box.height <= 3 / 2),
                      key=lambda w: w.box.x0)
        run = next(run for run in _runs(line, WORD_SPACE) if member in run)
        first, last = widened(run, run.index(member), run.index(member), joins)
        best[[index_of[id(w)] for w in run[first:last + 1]]] = tag_index
    return best


def widened(run: list[Word], first: int, last: int,
            joins: Callable[[Word], bool]) -> tuple[int, int]:
    """The span ``first..last`` of a run grown word by word to each side while ``joins``
    accepts the next word."""
    while first > 0 and joins(run[first - 1]):
        first -= 1
    while last + 1 < len(run) and joins(run[last + 1]):
        last += 1
    return first, last


def one_part_per_line(words: list[Word], probs: np.ndarray, best: np.ndarray,
                      pairs: list[tuple[int, int]], index_of: dict[int, int]) -> np.ndarray:
    """Tags per word where a run of words on one line tagged partly as a party's name and partly
    as its address takes the one of the two the model gives more probability over the run: a
    name and an address are printed on lines of their own ("Marie Groß" read as address + name)."""
    best = best.copy()
    for pair in pairs:
        for line in lines_of([words[i] for i in np.flatnonzero(np.isin(best, pair))]):
            for run in _runs(line):
                members = [index_of[id(w)] for w in run]
                if len(set(best[members])) == 2:
                    best[members] = max(pair, key=lambda t: probs[members, t].sum())
    return best


def one_tag_per_grouped_amount(lines: list[list[Word]], probs: np.ndarray, best: np.ndarray,
                               tags: list[str], index_of: dict[int, int]) -> np.ndarray:
    """Tags per word where an amount printed in space-separated groups (LEADING_GROUP and
    THOUSANDS_GROUP, a word space apart), tagged as two different things one of which is a
    document's sum, takes the one of the two tags the model gives more probability over both."""
    sums = [i for i, t in enumerate(tags)
            if t != OUTSIDE and not is_line_item(t) and field_kind(t) == "amount"]
    best = best.copy()
    for line in lines:
        for left, right in zip(line, line[1:]):
            if not grouped_amount(left, right):
                continue
            pair = [index_of[id(left)], index_of[id(right)]]
            if best[pair[0]] != best[pair[1]] and np.isin(best[pair], sums).any():
                best[pair] = max(best[pair], key=lambda t: probs[pair, t].sum())
    return best


def grouped_amount(left: Word, right: Word) -> bool:
    """Whether two neighbours on a line are one amount printed in space-separated groups."""
    return (LEADING_GROUP.fullmatch(left.text) is not None
            and THOUSANDS_GROUP.fullmatch(right.text) is not None
            and right.box.x0 - left.box.x1 <= WORD_SPACE * left.box.height)


def _runs(line: list[Word], gap: float = WORD_GAP) -> list[list[Word]]:
    """A line's words split wherever the gap between neighbours is wider than ``gap`` word
    heights."""
    runs = [[line[0]]]
    for left, right in zip(line, line[1:]):
        if right.box.x0 - left.box.x1 > gap * max(left.box.height, right.box.height):
            runs.append([])
        runs[-1].append(right)
    return runs


def _tight(boxes: np.ndarray, between: np.ndarray, left: Word, right: Word, height: float) -> bool:
    """Whether the words between ``left`` and ``right`` fill the space between them with no gap
    wider than a word space (so a column gutter is never bridged)."""
    order = between[np.argsort(boxes[between, 0])]
    edges_left = np.concatenate([[left.box.x1], boxes[order, 2]])
    edges_right = np.concatenate([boxes[order, 0], [right.box.x0]])
    return bool(np.all(edges_right - edges_left <= WORD_GAP * height))


def along_runs(name: list[Word], page_words: list[Word], untagged: set[int]) -> list[Word]:
    """A name's words, each of its lines grown to the whole run of text it is part of ("Kunden"
    of "Kunden AG Mitte", "SDN BHD" of "IKANO HANDEL SDN BHD"): a name is printed as one run,
    and the model often leaves its legal form or first word untagged. A run grows only by
    untagged words of the name's size that hold a letter and no digit and are no role heading,
    so a registration number, a phone number or a label beside the name stays out."""
    grown: list[Word] = []
    for line in lines_of(name):
        height = max(w.box.height for w in line)
        members = {id(w) for w in line}
        printed = sorted({id(w): w for w in printed_line(line, page_words) + line}.values(),
                         key=lambda w: w.box.x0)
        joins = partial(_joins_name, height=height, untagged=untagged)
        for run in _runs(printed):
            places = [i for i, w in enumerate(run) if id(w) in members]
            if not places:
                continue
            first, last = widened(run, places[0], places[-1], joins)
            grown += [w for w in run[first:last + 1] if id(w) in members or joins(w)]
            grown += registration_after(run[last + 1:])
    return grown


def registration_after(rest: list[Word]) -> list[Word]:
    """The company's registration number that starts the rest of a name's run, if it does: kept
    with the name's words so that its line is no wordmark (see is_wordmark) and cut off by
    before_registration (0.9.9)."""
    return rest[:registration_size(rest)]


def registration_size(words: list[Word]) -> int:
    """How many of the first words print a company's registration number, one or two
    ("(169199-V)", "(139386 X)"); 0 when they print none."""
    return next((size for size in (1, 2) if len(words) >= size
                 and REGISTRATION_NUMBER.fullmatch("".join(w.text for w in words[:size]))), 0)


def without_label_lines(name: list[Word]) -> list[Word]:
    """A name's words less its lines after the first that end in a label ("CO. REG:", "ROC No:"
    under a receipt's company name: the label's value follows it)."""
    lines = lines_of(name)
    kept = lines[:1] + [line for line in lines[1:] if not line[-1].text.endswith(":")]
    if len(kept) > 1 and is_wordmark(kept[0], kept[1]):
        kept = kept[1:]
    return [w for line in kept for w in line]


def is_wordmark(line: list[Word], below: list[Word]) -> bool:
    """Whether a name's first line is the brand's wordmark above the company's name: one word
    that starts the line below ("BROHAM" / "BROHAM GARDEN CENTRE INC"), or printed larger
    (WORDMARK_SIZE: "CHEE KIM" over "SUNRISE HARDWARE (PJ) SDN. BHD."), unless it carries the
    company's registration number ("HAI-O RAYA BHD (169199-V)" over "KEPONG OUTLET")."""
    if len(line) == 1 and line[0].text.casefold() == below[0].text.casefold():
        return True
    if carries_registration(line):
        return False
    return np.median([w.box.height for w in line]) >= WORDMARK_SIZE * np.median(
        [w.box.height for w in below])


def carries_registration(line: list[Word]) -> bool:
    """Whether a name's line holds the company's registration number (see registration_after)."""
    return any(REGISTRATION_NUMBER.search(w.text) or registration_size(line[i:])
               for i, w in enumerate(line))


def before_registration(name: list[Word]) -> list[Word]:
    """A name's words before its registration number or the register's label ("HAI-O RAYA BHD"
    of "HAI-O RAYA BHD (169199-V) KEPONG OUTLET", "Stergfeld OHG" of "Stergfeld OHG HRA 1832";
    see REGISTRATION_NUMBER and REGISTRATION_LABEL)."""
    cut = next((i for i in range(1, len(name)) if registration_size(name[i:])
                or REGISTRATION_LABEL.match(" ".join(w.text for w in name[i:i + 2]))), len(name))
    return name[:cut]


def _joins_name(word: Word, height: float, untagged: set[int]) -> bool:
    """Whether a word beside a name's line of this height may grow the name (see along_runs)."""
    return (id(word) in untagged and 2 / 3 <= word.box.height / height <= 3 / 2
            and PLAUSIBLE["name"].search(word.text) is not None
            and not any(ch.isdigit() for ch in word.text)
            and not is_heading_word(word.text))


def printed_line(words: list[Word], page_words: list[Word]) -> list[Word]:
    """The page's words printed on the line of ``words`` (centred within half a word height of
    theirs), left to right."""
    middle = float(np.mean([w.box.center_y for w in words]))
    height = max(w.box.height for w in words)
    return sorted((w for w in page_words
                   if abs(w.box.center_y - middle) <= 0.5 * max(height, w.box.height)),
                  key=lambda w: w.box.x0)


def completed_span(tag: str, block: list[Word],
                   page_words: list[Word]) -> tuple[list[Word], str | None]:
    """The shortest span of the block's printed line that covers the block and parses as the
    field's value (see GROWTH); the block and None when there is none."""
    line = printed_line(block, page_words)
    members = {id(w) for w in block}
    places = [i for i, w in enumerate(line) if id(w) in members]
    if len(places) != len(block):
        return block, None
    for left, right in GROWTH:
        first, last = places[0] - left, places[-1] + right
        if first < 0 or last >= len(line):
            continue
        span = line[first:last + 1]
        value = value_of(tag, span)
        if value is not None:
            return span, value
    return block, None
