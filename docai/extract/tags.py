"""The tag vocabulary of the fusion model: one tag per invoice field and line-item column."""

from __future__ import annotations

from functools import lru_cache

from docai.extract.fields import field_names, line_item_columns

OUTSIDE = "O"
LINE_ITEM_PREFIX = "line_item."

# Layout labels the region embedding knows (pp_layout_cdla's, which residual blocks reuse).
REGION_LABELS = ("text", "title", "figure", "figure_caption", "table", "table_caption",
                 "header", "footer", "reference", "equation")


@lru_cache(maxsize=1)
def tag_names() -> tuple[str, ...]:
    return (OUTSIDE, *field_names(), *(LINE_ITEM_PREFIX + c for c in line_item_columns()))


def is_line_item(tag: str) -> bool:
    return tag.startswith(LINE_ITEM_PREFIX)
