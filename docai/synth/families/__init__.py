"""The registry of layout families and the fixed list kept out of training."""
from __future__ import annotations

from docai.synth.families import business, forms, heldout, letterhead, mosaic, receipts
from docai.synth.families.common import Family

ALL_FAMILIES: dict[str, Family] = {
    family.name: family
    for family in (*letterhead.FAMILIES, *business.FAMILIES, *mosaic.FAMILIES, *forms.FAMILIES, *heldout.FAMILIES,
                   *receipts.FAMILIES)
}
# Never generated for training: the test split measures generalisation to these unseen layouts.
HELD_OUT_FAMILIES = frozenset(f.name for f in heldout.FAMILIES) | {"receipt_two_line"}


def split_of(family: str) -> str:
    return "test" if family in HELD_OUT_FAMILIES else "train"


def families_for_split(split: str) -> list[str]:
    """Family names generated for a split: 'train' excludes held-out families, 'test' uses all."""
    if split == "train":
        return [name for name in ALL_FAMILIES if name not in HELD_OUT_FAMILIES]
    return list(ALL_FAMILIES)
