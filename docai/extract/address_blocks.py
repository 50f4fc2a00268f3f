"""What an address is not, seen from how addresses are printed: one block of lines, without a
label before it."""

from __future__ import annotations

from docai.model import Word

LABEL_WORDS = 3  # "HQ ADD:", "Postal address:": a label before an address is a few words


def one_block(lines: list[list[Word]], page_words: list[Word],
              block: list[Word]) -> list[list[Word]]:
    """An address's lines (top to bottom) as one block: where a word of the page that is none of
    the block's is printed between two of its lines and across it ("(GST ID No : 0003060)"
    between a receipt's address and the branch "(IOI PUCHONG)" under it), the lines on the side
    with more words are kept (the upper on a tie)."""
    if len(lines) < 2:
        return lines
    members = {id(w) for w in block}
    left = min(w.box.x0 for line in lines for w in line)
    right = max(w.box.x1 for line in lines for w in line)
    outside = [w for w in page_words
               if id(w) not in members and w.box.x0 < right and w.box.x1 > left]
    parts = [[lines[0]]]
    for above, below in zip(lines, lines[1:]):
        top, bottom = max(w.box.y1 for w in above), min(w.box.y0 for w in below)
        if any(top < w.box.center_y < bottom for w in outside):
            parts.append([])
        parts[-1].append(below)
    return max(parts, key=lambda part: sum(map(len, part)))  # max keeps the first of a tie


def without_label(lines: list[list[Word]]) -> list[list[Word]]:
    """An address's lines less a label opening its first line ("HQ ADD: LOT 11995, ..."): up to
    LABEL_WORDS words without a digit, the last ending in a colon, with more words after them."""
    if not lines:
        return lines
    first = lines[0]
    for end, word in enumerate(first[:LABEL_WORDS]):
        if any(ch.isdigit() for ch in word.text):
            break
        if word.text.endswith(":") and end + 1 < len(first):
            return [first[end + 1:]] + lines[1:]
    return lines
