"""Canonical ground truth for a generated document, built from the tagged words on its pages."""
from __future__ import annotations

from collections import defaultdict

from docai.extract.fields import field_names, line_item_columns
from docai.synth.canvas import Word
from docai.synth.context import Ctx

Box = list[float]


def _union(words: list[Word]) -> Box:
    return [round(min(w.box[0] for w in words), 2), round(min(w.box[1] for w in words), 2),
            round(max(w.box[2] for w in words), 2), round(max(w.box[3] for w in words), 2)]


def _reading_order(words: list[Word]) -> list[Word]:
    return sorted(words, key=lambda w: (round(w.box[3]), w.box[0]))


def _occurrence(words: list[Word]) -> dict:
    ordered = _reading_order(words)
    return {"page": ordered[0].page + 1, "box": _union(ordered), "text": " ".join(w.text for w in ordered)}


def _groups(words: list[Word]) -> dict[tuple, list[Word]]:
    """Tagged words grouped by (tag, item, printed occurrence), in first-printed order."""
    groups: dict[tuple, list[Word]] = defaultdict(list)
    for word in sorted((w for w in words if w.tag), key=lambda w: w.group):
        groups[(word.tag, word.item, word.group)].append(word)
    return groups


def field_boxes(words: list[Word]) -> dict[str, dict]:
    """Per field: page, box and printed text of the first occurrence; later occurrences under ``also``."""
    boxes: dict[str, dict] = {}
    for (tag, _item, _group), members in _groups(words).items():
        if tag.startswith("line_item."):
            continue
        pages = {w.page for w in members}
        occurrences = [_occurrence([w for w in members if w.page == page]) for page in sorted(pages)]
        for occurrence in occurrences:
            if tag not in boxes:
                boxes[tag] = {**occurrence, "also": []}
            else:
                boxes[tag]["also"].append(occurrence)
    for entry in boxes.values():
        if not entry["also"]:
            del entry["also"]
    return boxes


def line_items(ctx: Ctx, words: list[Word]) -> tuple[list[dict], list[list[dict]]]:
    """Line-item truth (only printed columns; others null) and each item's cell boxes."""
    cells: dict[int, dict[str, list[Word]]] = defaultdict(lambda: defaultdict(list))
    for word in words:
        if word.tag and word.tag.startswith("line_item."):
            cells[word.item][word.tag.removeprefix("line_item.")].append(word)
    truths, boxes = [], []
    for index in sorted(cells):
        item = ctx.content.items[index]
        printed = cells[index]
        truth: dict[str, str | float | None] = {column: None for column in line_item_columns()}
        if "description" in printed:
            truth["description"] = " ".join(w.text for w in _reading_order(printed["description"]))
        for column in ("quantity", "unit_price", "amount"):
            if column in printed:
                truth[column] = float(getattr(item, column))
        truths.append(truth)
        boxes.append([{"column": column, **_occurrence(printed[column])} for column in line_item_columns()
                      if column in printed])
    return truths, boxes


def build(ctx: Ctx, words: list[Word], doc: str, file: str, family: str, split: str, variant: str) -> dict:
    """The ground-truth JSON object for one document (DESIGN.md canonical keys plus training extras)."""
    boxes = field_boxes(words)
    fields = {name: ctx.values[name] for name in field_names() if name in boxes and name in ctx.values}
    items, item_boxes = line_items(ctx, words)
    pages = [{"page_no": i + 1, "width": round(p.rect.width, 2), "height": round(p.rect.height, 2)}
             for i, p in enumerate(ctx.canvas.doc)]
    word_rows = []
    for word in words:
        row = {"page": word.page + 1, "text": word.text, "box": [round(v, 2) for v in word.box], "tag": word.tag}
        if word.item is not None:
            row["item"] = word.item
        word_rows.append(row)
    return {
        "doc": doc, "file": file, "source": f"synthetic:{family}", "fields": fields, "line_items": items,
        "family": family, "split": split, "language": ctx.lang, "variant": variant,
        "field_boxes": {name: boxes[name] for name in fields}, "line_item_boxes": item_boxes,
        "pages": pages, "words": word_rows,
    }
