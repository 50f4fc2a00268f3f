"""Turn raw detections into a page's regions: no duplicates, every word placed, reading order."""

from __future__ import annotations

from docai.geometry import Box, union_all
from docai.model import Region, Word
from docai.options import LayoutOptions

RESIDUAL_LABEL = "text"  # words outside every detected region are grouped into text blocks


def suppress_duplicates(regions: list[Region], options: LayoutOptions) -> list[Region]:
    """Across classes: of two near-identical boxes keep the higher score; fold nested boxes
    into the larger one, so each word has one semantic home."""
    kept: list[Region] = []
    for region in sorted(regions, key=lambda r: r.score, reverse=True):
        if any(region.box.iou(k.box) > options.duplicate_iou for k in kept):
            continue
        kept = [k for k in kept if not (k.box.share_inside(region.box) >= options.nested_share
                                        and k.box.area < region.box.area)]
        if any(region.box.share_inside(k.box) >= options.nested_share for k in kept):
            continue
        kept.append(region)
    return kept


def reading_order(boxes: list[Box]) -> list[int]:
    """Indices of boxes in reading order by recursive XY-cut: bands top to bottom, columns
    left to right within a band."""
    return _xy_cut(boxes, list(range(len(boxes))), cut_rows_first=True)


def _xy_cut(boxes: list[Box], indices: list[int], cut_rows_first: bool) -> list[int]:
    if len(indices) <= 1:
        return indices
    for rows in (cut_rows_first, not cut_rows_first):
        groups = _split_on_gaps(boxes, indices, rows)
        if len(groups) > 1:
            return [i for group in groups for i in _xy_cut(boxes, group, not rows)]
    return sorted(indices, key=lambda i: (boxes[i].y0, boxes[i].x0))


def _split_on_gaps(boxes: list[Box], indices: list[int], rows: bool) -> list[list[int]]:
    def span(i: int) -> tuple[float, float]:
        b = boxes[i]
        return (b.y0, b.y1) if rows else (b.x0, b.x1)

    groups: list[list[int]] = []
    reach = float("-inf")
    for i in sorted(indices, key=lambda i: span(i)[0]):
        start, end = span(i)
        if groups and start < reach:
            groups[-1].append(i)
        else:
            groups.append([i])
        reach = max(reach, end)
    return groups


def lines_of(words: list[Word]) -> list[list[Word]]:
    """Group words into text lines (by vertical centre), each sorted left to right."""
    lines: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (w.box.center_y, w.box.x0)):
        if lines:
            last = lines[-1]
            height = max(w.box.height for w in last)
            if abs(word.box.center_y - last[-1].box.center_y) <= 0.5 * max(height, word.box.height):
                last.append(word)
                continue
        lines.append([word])
    return [sorted(line, key=lambda w: w.box.x0) for line in lines]


def same_line(word: Word, other: Word) -> bool:
    """Whether two words are printed on one line: centres within half the taller one's height."""
    return abs(word.box.center_y - other.box.center_y) <= 0.5 * max(word.box.height,
                                                                      other.box.height)


def residual_blocks(words: list[Word]) -> list[list[Word]]:
    """Cluster words no region took into blocks of nearby lines."""
    parent = list(range(len(words)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    order = sorted(range(len(words)), key=lambda i: words[i].box.y0)
    for position, i in enumerate(order):
        a = words[i].box
        reach_x, reach_y = 1.5 * a.height, 1.0 * a.height
        for j in order[position + 1:]:
            b = words[j].box
            if b.y0 > a.y1 + reach_y:
                break
            if b.x0 <= a.x1 + reach_x and a.x0 <= b.x1 + reach_x:
                parent[find(i)] = find(j)
    blocks: dict[int, list[Word]] = {}
    for i, word in enumerate(words):
        blocks.setdefault(find(i), []).append(word)
    return list(blocks.values())


def organise_page(detected: list[Region], words: list[Word],
                  options: LayoutOptions) -> tuple[list[Region], list[Word]]:
    """Final regions (ids 1.. in reading order) and words (in reading order, region set)."""
    regions = suppress_duplicates([r for r in detected if r.score >= options.min_score], options)
    members: list[list[Word]] = [[] for _ in regions]
    leftovers = []
    for word in words:
        box = word.box
        best, best_share = None, options.word_in_region_share
        for index, region in enumerate(regions):
            other = region.box
            if (other.x0 >= box.x1 or other.x1 <= box.x0 or other.y0 >= box.y1
                    or other.y1 <= box.y0):
                continue  # no overlap: a share of 0 never beats or ties a chosen region
            share = box.share_inside(other)
            if share > best_share or (share == best_share and best is not None
                                      and region.box.area < regions[best].box.area):
                best, best_share = index, share
        if best is None:
            leftovers.append(word)
        else:
            members[best].append(word)
    for block in residual_blocks(leftovers):
        regions.append(Region(0, RESIDUAL_LABEL, 0.0, union_all([w.box for w in block])))
        members.append(block)

    ordered_regions, ordered_words = [], []
    for region_id, index in enumerate(reading_order([r.box for r in regions]), start=1):
        region = regions[index]
        ordered_regions.append(Region(region_id, region.label, round(region.score, 4), region.box))
        for line in lines_of(members[index]):
            for word in line:
                word.region_id = region_id
                ordered_words.append(word)
    return ordered_regions, ordered_words
