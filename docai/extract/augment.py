"""Training-time augmentation of a collated batch: page breaks, other page proportions and OCR
misreadings.

Synthetic pages are A4 or Letter with a handful of layouts; real paper is also narrow receipts,
wide forms and misread characters, and its page breaks fall anywhere: a first page may end
after the parties, the items following overleaf. Some pages are cut short (the words and regions
below a cut leave the page), each page's layout is stretched and moved as a whole (word and
region boxes together, so every relation between them holds), and a few words get one byte
changed. Labels never change: a misread total is still the total.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch

PRINTABLE = (33, 127)  # ASCII bytes a misreading may produce
CUT_AT = (0.2, 0.9)  # where a cut falls, as a share of the page's content from its top word


@dataclass(frozen=True)
class Augmentation:  # the defaults are training's (TrainSettings)
    page_cut: float  # share of pages cut short
    stretch: float  # each axis scaled by a factor in [1 - stretch, 1 + stretch]; 0: no move
    misread: float  # share of words with one byte replaced


def augment(inputs: dict[str, torch.Tensor], augmentation: Augmentation,
            generator: torch.Generator) -> None:
    """Change a collated CPU batch in place (see the module's docstring)."""
    if augmentation.page_cut:
        _cut_pages(inputs, augmentation.page_cut, generator)
    if augmentation.stretch:
        _stretch_layout(inputs, augmentation.stretch, generator)
    if augmentation.misread:
        _misread_words(inputs, augmentation.misread, generator)


def _cut_pages(inputs: dict[str, torch.Tensor], share: float, generator: torch.Generator) -> None:
    """Mask out the words whose top lies below a cut, and the regions that start below it; they
    leave attention and the loss. A page keeps at least its top word and its first region slot."""
    word_mask, region_mask = inputs["word_mask"], inputs["region_mask"]
    tops = inputs["word_boxes"][..., 1]
    batch = tops.shape[0]
    first = torch.where(word_mask, tops, torch.inf).amin(dim=1)
    last = torch.where(word_mask, tops, -torch.inf).amax(dim=1)
    at = CUT_AT[0] + (CUT_AT[1] - CUT_AT[0]) * torch.rand(batch, generator=generator)
    cut = torch.where(torch.rand(batch, generator=generator) < share,
                      first + at * (last - first), torch.inf)[:, None]
    kept = word_mask & ((tops < cut) | (tops <= first[:, None]))
    regions_kept = region_mask & (inputs["region_boxes"][..., 1] < cut)
    regions_kept[:, 0] |= region_mask[:, 0]
    neighbours = inputs["neighbours"]
    pointing = neighbours >= 0
    to_kept = torch.gather(kept, 1, neighbours.clamp(min=0).flatten(1)).view_as(neighbours)
    inputs["neighbours"] = torch.where(pointing & ~to_kept, -1, neighbours)
    inputs["word_mask"], inputs["region_mask"] = kept, regions_kept


def _stretch_layout(inputs: dict[str, torch.Tensor], stretch: float,
                    generator: torch.Generator) -> None:
    word_boxes, region_boxes = inputs["word_boxes"], inputs["region_boxes"]
    batch = word_boxes.shape[0]
    # The extent of each page's content per axis (x from columns 0 and 2, y from 1 and 3).
    boxes = torch.cat([word_boxes, region_boxes], dim=1)
    mask = torch.cat([inputs["word_mask"], inputs["region_mask"]], dim=1)[..., None]
    low = torch.where(mask, boxes, torch.inf).amin(dim=1).view(batch, 2, 2).amin(dim=1)
    high = torch.where(mask, boxes, -torch.inf).amax(dim=1).view(batch, 2, 2).amax(dim=1)
    low, high = low.clamp(0, 1), high.clamp(0, 1)
    scale = 1 + stretch * (2 * torch.rand(batch, 2, generator=generator) - 1)
    scale = torch.minimum(scale, 1 / (high - low).clamp(min=1e-6))  # content must still fit
    # Place the scaled content anywhere on the page: its new start lies in [0, 1 - new extent].
    room = (1 - (high - low) * scale).clamp(min=0)
    start = room * torch.rand(batch, 2, generator=generator)
    scale4, shift4 = scale.repeat(1, 2)[:, None], (start - low * scale).repeat(1, 2)[:, None]
    for name, boxes_of, mask_of in (("word_boxes", word_boxes, "word_mask"),
                                    ("region_boxes", region_boxes, "region_mask")):
        moved = (boxes_of * scale4 + shift4).clamp(0, 1)
        inputs[name] = torch.where(inputs[mask_of][..., None], moved, boxes_of)


def _misread_words(inputs: dict[str, torch.Tensor], share: float,
                   generator: torch.Generator) -> None:
    char_ids = inputs["char_ids"]
    lengths = (char_ids > 0).sum(-1)
    chosen = inputs["word_mask"] & (lengths > 0) & (
        torch.rand(lengths.shape, generator=generator) < share)
    rows = chosen.nonzero(as_tuple=True)
    if not rows[0].numel():
        return
    positions = (torch.rand(rows[0].shape, generator=generator) * lengths[rows]).long()
    replacement = torch.randint(*PRINTABLE, rows[0].shape, generator=generator) + 1
    char_ids[rows + (positions,)] = replacement
